"""Page time in Chromium, warm: every page against a trivial Streamlit page (issue 16, "every page ≤ 1,5× the
trivial page's time warm").

Two servers run side by side, as in `bench_serving`: the app on a copy of the demo database, and a trivial
two-page app whose first page is `bench_serving.TRIVIAL_PAGE` (a plotly chart and a 50-row table) and whose second
page is a line of text to navigate from. One Chromium tab per server, signed in once (the app), then every load is
what a user does after the first page: a click on the page's sidebar link from another page (the app's light
« Rapport trimestriel » page, the trivial app's text page), timed in the page from the click until the script run
has finished and every visible chart is drawn (Plotly's SVG, an SVG map's shapes, a MapLibre map loaded and
drawn). The server's caches are warmed by a first visit of every page; loads of the app and of the trivial page
alternate so that the load of other jobs on the shared machine weighs on both alike: the ratio is the figure that
counts. « fin script » is when the run's last message (script_finished) was handled by the page: the server's work, the
transfer and the browser's processing of the messages before it (a busy page handles it late); the rest, up to
« temps », is drawing.
« CPU nav. » is the CPU every browser process used during the load (Chromium's own count, `SystemInfo`): on a
loaded machine the wall times drift with other jobs, the browser's CPU per load much less.

Nothing leaves 127.0.0.1; every wait is bounded.

    python -m benches.bench_pages_browser                         # 12 pages × 5 loads: about 5 minutes
    python -m benches.bench_pages_browser --runs 3 --pages artisanat detection --screenshots /tmp/pages
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from benches.bench_serving import PAGES, TERRITORY, TRIVIAL_PAGE
from dashboard.config import database_path
from tests.browser.harness import (
    CHROMIUM_ARGS,
    CHROMIUM_PATH,
    RUN_TRACKER,
    start_server,
    stop_server,
    wait_until_rendered,
)

VIEWPORT = {"width": 1920, "height": 1080}  # a COPIL room's screen
LOAD_TIMEOUT_MS = 120_000
QUIET_MS = 600  # a page is done once it has stayed done this long (a rerun asked by the page would restart it)
ORIGIN = "rapport"  # the app page every load starts from: a button and a caption, no chart, no table
# The project's .streamlit/config.toml (the trivial server runs in the project folder) hides the sidebar
# navigation; app.py turns it back on before its own, and so does the trivial app, whose links the bench clicks.
TRIVIAL_NAVIGATION = """
import streamlit as st

st.set_option("client.showSidebarNavigation", True)
st.navigation(
    [st.Page("temoin.py", title="Page témoin", default=True), st.Page("autre.py", title="Autre page")],
    expanded=True,
).run()
"""
TRIVIAL_ORIGIN = 'import streamlit as st\n\nst.write("Une autre page.")\n'
TRIVIAL_TARGET, TRIVIAL_FROM = "", "autre"

# Every tab counts the script runs from Streamlit's websocket messages (`RUN_TRACKER`, shared with the browser
# tests): the app's script-state attribute alone cannot tell a new run from the previous page's, since React may
# apply a whole run in one commit.
_CLICK = """(path) => {
    const links = [...document.querySelectorAll('[data-testid="stSidebarNavLink"]')];
    const link = links.find(a => new URL(a.href).pathname.replace(/^\\//, '') === path);
    if (!link) throw new Error('no sidebar link to /' + path);
    window.__finishedBefore = window.__streamlitRuns.finished;
    window.__doneAt = undefined;
    window.__clickedAt = performance.now();
    link.click();
}"""
# Done: a run finished since the click, the app says no script runs, no status widget or skeleton left, every
# visible Plotly chart drawn (SVG maps: their shapes; MapLibre maps: loaded and no frame pending), no message since,
# and all of it for QUIET_MS; the time is when it first became so. A MapLibre map's canvas appears before MapLibre
# has loaded its style and sources and drawn them (`loaded()` is still false then): timing to the canvas left most
# of a MapLibre map's drawing out of the page's time, so a page with one looked faster than it was.
_DONE = """([path, quiet]) => {
    const mapLibreDrawn = chart => {
        const layout = chart.querySelector('.js-plotly-plot')?._fullLayout;
        return !!layout && (layout._subplots.map || []).every(id => {
            const map = layout[id]?._subplot?.map;
            return !!map && map.loaded() && !map._frameRequest;
        });
    };
    const app = document.querySelector('[data-testid="stApp"]');
    const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
        .filter(chart => chart.offsetParent !== null);
    const runs = window.__streamlitRuns;
    const done = runs.finished > window.__finishedBefore
        && location.pathname.replace(/^\\//, '') === path
        && app.getAttribute('data-test-script-state') === 'notRunning'
        && !document.querySelector('[data-testid="stStatusWidget"]')
        && !document.querySelector('[data-testid="stSkeleton"]')
        && charts.every(chart => chart.querySelector('.main-svg')
            && (!chart.querySelector('.map, .mapboxgl-map, .maplibregl-map')
                || (chart.querySelector('canvas') && mapLibreDrawn(chart)))
            && (!chart.querySelector('.geo') || chart.querySelector('.geo .choroplethlocation, .geo .scatterlayer .trace')));
    if (!done || (window.__doneAt && runs.lastMessageAt > window.__doneAt)) {
        window.__doneAt = undefined;
        return false;
    }
    window.__doneAt = window.__doneAt || performance.now();
    return performance.now() - window.__doneAt >= quiet;
}"""


def navigate(tab: Page, path: str) -> tuple[float, float]:
    """Click the sidebar link to `path`; return the seconds until the page is drawn, and until its script run's
    end reached the browser (the server's work and the transfer; the rest is the browser drawing)."""
    tab.evaluate(_CLICK, path)
    tab.wait_for_function(_DONE, arg=[path, QUIET_MS], timeout=LOAD_TIMEOUT_MS, polling=20)
    if tab.locator('[data-testid="stException"]').count():
        raise RuntimeError(f"exception on /{path}: {tab.locator('[data-testid=stException]').first.inner_text()}")
    done, finished = tab.evaluate(
        "() => [(window.__doneAt - window.__clickedAt) / 1000,"
        " (window.__streamlitRuns.finishedAt - window.__clickedAt) / 1000]"
    )
    return done, finished


def browser_cpu(cdp) -> float:
    """Seconds of CPU used so far by every process of the browser (renderers, the GPU process that draws maps in
    software WebGL, the browser process), from Chromium itself: unlike the wall time, it barely moves with the
    load of other jobs on a shared machine."""
    return sum(process["cpuTime"] for process in cdp.send("SystemInfo.getProcessInfo")["processInfo"])


def load_average() -> str:
    return " ".join(f"{value:.1f}".replace(".", ",") for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=str(database_path()), help="demo database (copied; never written)")
    parser.add_argument("--runs", type=int, default=5, help="warm loads per page (median)")
    parser.add_argument("--pages", nargs="+", default=list(PAGES), help="url paths ('' for home), default all")
    parser.add_argument("--screenshots", type=Path, help="a folder: each page's full screenshot after its last load")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        tmp_dir = Path(tmp)
        db_copy = tmp_dir / "demo.duckdb"
        shutil.copyfile(args.db, db_copy)  # the server holds its copy: the original stays free
        (tmp_dir / "temoin.py").write_text(TRIVIAL_PAGE, encoding="utf-8")
        (tmp_dir / "autre.py").write_text(TRIVIAL_ORIGIN, encoding="utf-8")
        (tmp_dir / "temoin_app.py").write_text(TRIVIAL_NAVIGATION, encoding="utf-8")
        app = start_server(db_copy, tmp_dir / "app.log", script="app.py")
        trivial = start_server(db_copy, tmp_dir / "temoin.log", script=str(tmp_dir / "temoin_app.py"))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
                cdp = browser.new_browser_cdp_session()
                app_tab = browser.new_page(viewport=VIEWPORT)
                app_tab.add_init_script(RUN_TRACKER)
                app_tab.goto(f"{app.url}/{ORIGIN}?{TERRITORY}")
                wait_until_rendered(app_tab)  # signs in as the demo administrator, then shows the page
                trivial_tab = browser.new_page(viewport=VIEWPORT)
                trivial_tab.add_init_script(RUN_TRACKER)
                trivial_tab.goto(f"{trivial.url}/{TRIVIAL_FROM}")
                wait_until_rendered(trivial_tab, sign_in=False, landmark='[data-testid="stMain"] p')
                for page in args.pages:  # warm-up: first runs fill caches and import modules
                    navigate(app_tab, page)
                    navigate(app_tab, ORIGIN)
                navigate(trivial_tab, TRIVIAL_TARGET)
                navigate(trivial_tab, TRIVIAL_FROM)

                print(f"== Pages dans Chromium, à chaud, par un clic dans le menu (médiane de {args.runs}) ==")
                print(f"charge moyenne au début : {load_average()}")
                print(
                    f"{'page':<16}{'temps':>9}{'témoin':>9}{'ratio':>8}{'min':>9}{'max':>9}{'fin script':>12}"
                    f"{'témoin':>9}{'CPU nav.':>10}{'témoin':>9}{'ratio CPU':>11}"
                )
                ratios, cpu_ratios = {}, {}
                for page in args.pages:
                    times, baseline, scripts, trivial_scripts, cpu, trivial_cpu = [], [], [], [], [], []
                    for _ in range(args.runs):
                        before = browser_cpu(cdp)
                        done, finished = navigate(trivial_tab, TRIVIAL_TARGET)
                        trivial_cpu.append(browser_cpu(cdp) - before)
                        baseline.append(done)
                        trivial_scripts.append(finished)
                        navigate(trivial_tab, TRIVIAL_FROM)
                        before = browser_cpu(cdp)
                        done, finished = navigate(app_tab, page)
                        cpu.append(browser_cpu(cdp) - before)
                        times.append(done)
                        scripts.append(finished)
                        if args.screenshots and len(times) == args.runs:  # the page as timed, before leaving it
                            args.screenshots.mkdir(parents=True, exist_ok=True)
                            app_tab.screenshot(path=args.screenshots / f"{page or 'accueil'}.png", full_page=True)
                        navigate(app_tab, ORIGIN)
                    page_median, trivial_median = statistics.median(times), statistics.median(baseline)
                    page_cpu, page_trivial_cpu = statistics.median(cpu), statistics.median(trivial_cpu)
                    ratios[page or "accueil"] = page_median / trivial_median
                    cpu_ratios[page or "accueil"] = page_cpu / page_trivial_cpu
                    print(
                        f"{page or 'accueil':<16}{page_median * 1000:>7.0f}ms{trivial_median * 1000:>7.0f}ms"
                        f"{page_median / trivial_median:>7.2f}x{min(times) * 1000:>7.0f}ms{max(times) * 1000:>7.0f}ms"
                        f"{statistics.median(scripts) * 1000:>10.0f}ms{statistics.median(trivial_scripts) * 1000:>7.0f}ms"
                        f"{page_cpu * 1000:>8.0f}ms{page_trivial_cpu * 1000:>7.0f}ms{page_cpu / page_trivial_cpu:>10.2f}x"
                    )
                over = [page for page, ratio in ratios.items() if ratio > 1.5]
                print(f"pire ratio page / témoin : {max(ratios.values()):.2f}x (objectif ≤ 1,5x)")
                print(f"au-dessus de 1,5x : {', '.join(over) if over else 'aucune'}")
                print(f"pire ratio de CPU navigateur page / témoin : {max(cpu_ratios.values()):.2f}x")
                print(f"charge moyenne à la fin : {load_average()}")
                browser.close()
        finally:
            stop_server(app)
            stop_server(trivial)


if __name__ == "__main__":
    main()
