"""COPIL screen change (warm) and quarterly report generation on the demo territory, against a trivial
Streamlit page measured in the same run.

- trivial page (baseline): a one-button script; a click until the new text is drawn in Chromium.
- COPIL: CA Territoires Vendômois, 3rd quarter 2026, 1920×1080; after one pass over the five screens (warm
  caches), PageDown / PageUp until the next screen is drawn (target ≤ 1 s).
- report: `report_content` + `build_report` (PDF, ZIP of PNGs, XLSX) for the same scope (target ≤ 30 s), the
  first one (kaleido's Chromium started) and a second one.

    python -m benches.bench_copil_report [--db data/demo.duckdb]   # without --db a demo database is built
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from dashboard.db import Database
from dashboard.demo.build import build_demo_database
from dashboard.report.content import report_content
from dashboard.report.documents import build_report
from tests.browser.harness import CHROMIUM_ARGS, CHROMIUM_PATH, start_server, stop_server

CHANGES = 12  # screen changes measured (PageDown then PageUp, back and forth)
CLICKS = 12  # trivial page reruns measured
TIMEOUT_MS = 120_000
SCOPE = ("territory", "epci:200072072", 2026, 3)
TRIVIAL = """import streamlit as st
if st.button("Suivant", key="next"):
    st.session_state["n"] = st.session_state.get("n", 0) + 1
st.markdown(f"Compteur : {st.session_state.get('n', 0)}")
"""
WAIT_DRAWN = """() => ![...document.querySelectorAll('[data-stale="true"]')].length"""


def trivial_rerun(browser, url: str) -> list[float]:
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(url)
    page.get_by_text("Compteur : 0", exact=True).wait_for(timeout=TIMEOUT_MS)
    times = []
    for n in range(1, CLICKS + 1):
        start = time.perf_counter()
        page.get_by_role("button", name="Suivant").click()
        page.get_by_text(f"Compteur : {n}", exact=True).wait_for(timeout=TIMEOUT_MS)
        page.wait_for_function(WAIT_DRAWN, timeout=TIMEOUT_MS)
        times.append(time.perf_counter() - start)
    page.close()
    return times


def copil_changes(browser, url: str) -> tuple[float, list[float]]:
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    start = time.perf_counter()
    page.goto(f"{url}/copil?territoire=epci:200072072&annee=2026&trimestre=3&ecran=1")

    def shown(index: int) -> None:
        page.get_by_text(f"Écran {index} / 5", exact=True).wait_for(timeout=TIMEOUT_MS)
        page.wait_for_selector(".copil h2", timeout=TIMEOUT_MS)
        page.wait_for_function(WAIT_DRAWN, timeout=TIMEOUT_MS)

    shown(1)
    first = time.perf_counter() - start
    for index in range(2, 6):  # one pass: every screen drawn once
        page.locator("body").press("PageDown")
        shown(index)
    times, index = [], 5
    for n in range(CHANGES):
        key, index = ("PageUp", index - 1) if (n // 4) % 2 == 0 else ("PageDown", index + 1)
        start = time.perf_counter()
        page.locator("body").press(key)
        shown(index)
        times.append(time.perf_counter() - start)
    page.close()
    return first, times


def report_seconds(db_path: Path) -> list[float]:
    db = Database(db_path, read_only=True)
    try:
        runs = []
        for _ in range(2):
            start = time.perf_counter()
            content = report_content(db, *SCOPE)
            assert content is not None
            files = build_report(content)
            runs.append(time.perf_counter() - start)
        print(f"report files: PDF {len(files.pdf) / 1e6:.2f} MB, ZIP {len(files.png_zip) / 1e6:.2f} MB, "
              f"XLSX {len(files.xlsx) / 1e3:.0f} kB")  # fmt: skip
        return runs
    finally:
        db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="an existing demo database (copied); built when omitted")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db_path = folder / "demo.duckdb"
        if args.db:
            shutil.copy2(args.db, db_path)
        else:
            build_demo_database(db_path)
        report = report_seconds(db_path)
        script = folder / "trivial.py"
        script.write_text(TRIVIAL, encoding="utf-8")
        trivial_server = start_server(db_path, folder / "trivial.log", script=str(script))
        app_server = start_server(db_path, folder / "app.log")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
                baseline = trivial_rerun(browser, trivial_server.url)
                first, changes = copil_changes(browser, app_server.url)
                browser.close()
        finally:
            stop_server(trivial_server)
            stop_server(app_server)
    rerun = statistics.median(baseline)
    change = statistics.median(changes)
    print(f"trivial page rerun (baseline):       median {rerun:6.3f} s, max {max(baseline):6.3f} s ({CLICKS} clicks)")
    print(f"COPIL first screen (cold: app, content, renderer start, chart): {first:6.2f} s")
    print(f"COPIL screen change (warm):          median {change:6.3f} s, max {max(changes):6.3f} s "
          f"({CHANGES} changes) = {change / rerun:5.1f}x the trivial rerun (target ≤ 1 s)")  # fmt: skip
    print(f"quarterly report (content + PDF + ZIP + XLSX): first {report[0]:6.2f} s, second {report[1]:6.2f} s "
          f"= {report[1] / rerun:5.0f}x the trivial rerun (target ≤ 30 s)")  # fmt: skip


if __name__ == "__main__":
    main()
