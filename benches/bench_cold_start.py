"""Cold start of the first page: start the server, open the home page in Chromium, wait until rendered.

Baseline: the same for a one-line Streamlit script, so the ratio isolates what our app adds.
The demo database is built beforehand (its build is measured by bench_demo_build.py).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from dashboard.demo.build import build_demo_database
from tests.browser.harness import (
    CHROMIUM_ARGS,
    CHROMIUM_PATH,
    start_server,
    stop_server,
    wait_until_rendered,
)

RUNS = 3  # median of a few runs: one cold start is noisy on a shared 2-core machine


def time_first_page(db_path: Path, script: str, log: Path) -> float:
    start = time.perf_counter()
    server = start_server(db_path, log, script=script)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.goto(server.url)
            wait_until_rendered(page)
            elapsed = time.perf_counter() - start
            browser.close()
    finally:
        stop_server(server)
    return elapsed


def median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp_dir = Path(tmp)
        db_path = tmp_dir / "demo.duckdb"
        build_demo_database(db_path)
        hello = tmp_dir / "hello.py"
        hello.write_text('import streamlit as st\nst.title("Bonjour")\n', encoding="utf-8")
        baseline = median([time_first_page(db_path, str(hello), tmp_dir / "b.log") for _ in range(RUNS)])
        app = median([time_first_page(db_path, "app.py", tmp_dir / "a.log") for _ in range(RUNS)])
    # The 1 s quiet period of wait_until_rendered is included in both figures.
    print(f"baseline (one-line Streamlit page): {baseline:6.2f} s (median of {RUNS})")
    print(f"home page on the demo database:     {app:6.2f} s (median of {RUNS})")
    print(f"ratio app / baseline:               {app / baseline:6.2f}x")


if __name__ == "__main__":
    main()
