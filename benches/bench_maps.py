"""Data and figures behind the Carte and Détection de synergies pages, on a demo territory (warm, median of 5).

Baseline: the detection engine alone (`detect_for_territory`), which the detection page's data wraps.
Uses the demo database of `OBSERVATOIRE_DB` (default data/observatoire.duckdb; built if missing).

    python -m benches.bench_maps                       # CA Territoires Vendômois
    python -m benches.bench_maps --territory region:93 # a region (hundreds of communes)
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable

from dashboard.charts import ChartContext
from dashboard.charts.maps import commune_choropleth, companies_map, proposals_map
from dashboard.codes import SynergyType
from dashboard.config import database_path
from dashboard.db import Database
from dashboard.detection import detect_for_territory
from dashboard.detection.preview import detection_preview, filter_proposals, proposal_segments
from dashboard.eit import maps
from dashboard.eit.maps import CommuneMeasure
from dashboard.geography.shapes import commune_shapes
from dashboard.scope import Period

RUNS = 5  # warm runs per measure; the median is printed (the machine is shared)
RADIUS_KM = 10.0  # the detection page's default radius
MAP_PROPOSALS = 100  # the detection page draws its best 100 proposals
MIN_SCORE = 0.8  # the detection page's default minimum score


def median_s(func: Callable[[], object]) -> float:
    func()  # warm: DuckDB caches, Babel formats
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--territory", default="epci:200072072")
    parser.add_argument("--year", type=int, default=2026)
    args = parser.parse_args()
    path = database_path()
    if not path.exists():
        from dashboard.demo.build import build_demo_database

        build_demo_database(path)
    db = Database(path)
    territory, period = args.territory, Period(args.year)
    context = ChartContext(territory, str(args.year), "bench", None)
    print(f"database {path}, territory {territory}, load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

    engine = median_s(lambda: detect_for_territory(db, territory, radius_km=RADIUS_KM))
    preview_s = median_s(lambda: detection_preview(db, territory, RADIUS_KM))
    preview = detection_preview(db, territory, RADIUS_KM)
    shapes = commune_shapes(db, territory)

    def preview_figure() -> None:
        shown = filter_proposals(preview.proposals, min_score=MIN_SCORE).head(MAP_PROPOSALS)
        segments = proposal_segments(shown, preview.companies)
        proposals_map(segments, preview.companies, shapes, context, counts=dict.fromkeys(SynergyType, 1))

    companies = maps.map_companies(db, territory, period)
    links = maps.synergy_links(db, territory, period).segments
    figures = maps.commune_figures(db, territory, period)
    rows = [
        ("baseline: detection engine alone", engine),
        ("detection page data (engine + proposals table)", preview_s),
        ("detection preview figure (filter + segments + map)", median_s(preview_figure)),
        (f"commune GeoJSON ({shapes.drawn} communes)", median_s(lambda: commune_shapes(db, territory))),
        (f"companies ({len(companies)})", median_s(lambda: maps.map_companies(db, territory, period))),
        (f"synergy links ({len(links)} segments)", median_s(lambda: maps.synergy_links(db, territory, period))),
        ("commune figures", median_s(lambda: maps.commune_figures(db, territory, period))),
        ("companies map figure", median_s(lambda: companies_map(companies, shapes, links, context))),
        (
            "choropleth figure",
            median_s(lambda: commune_choropleth(figures, shapes, CommuneMeasure.COMPANIES_MOBILISED, context)),
        ),
    ]
    for name, seconds in rows:
        print(f"{name:55s} {seconds * 1000:8.1f} ms")
    print(f"ratio detection page data / engine alone: {preview_s / engine:.2f}x")


if __name__ == "__main__":
    main()
