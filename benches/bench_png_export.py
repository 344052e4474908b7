"""PNG export of the pages' charts ("Télécharger en PNG", the report's ZIP): `figure_png`, whose kaleido page is kept
loaded between figures, against kaleido's own server (plotly's `to_image` after `kaleido.start_sync_server`),
which reloads its page after every figure. Same figures, same run, alternating; wall time per figure (median) and
the CPU of kaleido's Chromium processes and of this process over all the figures.

    python -m benches.bench_png_export            # 10 rounds of 3 figures (bars, radar, commune map)
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import ChartContext
from dashboard.charts.indicators import PNG_SCALE, PNG_WIDTH, copil_style, figure_png, pillar_radar, stop_renderer
from dashboard.codes import Pillar

TICKS = os.sysconf("SC_CLK_TCK")
CONTEXT = ChartContext("CA Territoires Vendômois", "Année 2026", "bench", dt.date(2026, 10, 31), is_demo=True)


def figures() -> list[go.Figure]:
    bars = go.Figure(go.Bar(x=[f"Statut {i}" for i in range(6)], y=[4, 5, 5, 19, 5, 2], text=list("456789")))
    bars.update_layout(title={"text": "<b>Synergies par statut</b><br>CA Territoires Vendômois<br>Année 2026"})
    summary = pd.DataFrame({"pillar": [p.value for p in Pillar], "achievement": [0.5, None, 1.0],
                            "filled_share": [0.5, 0.2, 0.9], "with_target": [1, 0, 3], "indicators": [7, 5, 18]})  # fmt: skip
    radar = copil_style(pillar_radar(summary, CONTEXT))
    shapes = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": str(i), "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[
            [1.0 + 0.05 * i, 47.7], [1.04 + 0.05 * i, 47.7], [1.02 + 0.05 * i, 47.8], [1.0 + 0.05 * i, 47.7]]]}}
        for i in range(30)]}  # fmt: skip
    commune_map = go.Figure(go.Choroplethmap(geojson=shapes, locations=[str(i) for i in range(30)], z=list(range(30))))
    commune_map.update_layout(map={"style": "white-bg", "center": {"lon": 1.7, "lat": 47.75}, "zoom": 8}, height=700)
    return [bars, radar, commune_map]


def children_cpu() -> float:
    """CPU seconds of this process's living descendants (kaleido's Chromium and its helpers)."""
    parents: dict[int, int] = {}
    cpu: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        cpu[int(entry.name)] = (int(fields[11]) + int(fields[12])) / TICKS
    ours = {os.getpid()}
    for _ in range(2):  # children have larger pids, except after a wrap: a second pass catches them
        for pid in sorted(parents):
            if parents[pid] in ours:
                ours.add(pid)
    return sum(cpu[pid] for pid in ours - {os.getpid()})


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


KINDS = ("bars", "radar", "map")


def measure(render: Callable[[go.Figure], bytes], rounds: int) -> tuple[float, list[float], float, float]:
    """(first figure's seconds, browser start included; then, browser started: median seconds of each kind of
    figure, Chromium CPU and this process's CPU over `rounds` rounds of the figures)"""
    shown = figures()
    start = time.perf_counter()
    render(shown[0])
    first = time.perf_counter() - start
    chromium, own = children_cpu(), own_cpu()
    times: list[list[float]] = [[] for _ in shown]
    for _ in range(rounds):
        for kind, fig in enumerate(shown):
            start = time.perf_counter()
            assert render(fig)[:4] == b"\x89PNG"
            times[kind].append(time.perf_counter() - start)
    return first, [statistics.median(kind) for kind in times], children_cpu() - chromium, own_cpu() - own


def kaleido_server_png(fig: go.Figure) -> bytes:
    height = int(fig.layout.height or 500)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fig.to_image(format="png", width=PNG_WIDTH, height=max(height, 500), scale=PNG_SCALE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    import kaleido

    kaleido.start_sync_server(silence_warnings=True)
    baseline = measure(kaleido_server_png, args.rounds)
    kaleido.stop_sync_server(silence_warnings=True)
    kept = measure(figure_png, args.rounds)
    stop_renderer()
    figures_drawn = 3 * args.rounds
    for name, (first, later, chromium, own) in (("kaleido's server (reload)", baseline), ("figure_png (kept)", kept)):
        medians = ", ".join(f"{kind} {seconds:5.3f} s" for kind, seconds in zip(KINDS, later, strict=True))
        print(f"{name:26} first {first:5.2f} s, then median {medians}; CPU over {figures_drawn} figures: "
              f"Chromium {chromium:5.1f} s, this process {own:5.1f} s")  # fmt: skip
    ratios = ", ".join(f"{kind} {k / b:4.2f}×" for kind, k, b in zip(KINDS, kept[1], baseline[1], strict=True))
    print(f"ratio kept / reload: time a figure {ratios}; CPU {(kept[2] + kept[3]) / (baseline[2] + baseline[3]):4.2f}×")


if __name__ == "__main__":
    main()
