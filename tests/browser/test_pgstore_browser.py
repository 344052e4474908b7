"""Two dashboard processes on one shared PostgreSQL store (issue 16, item 4), in Chromium: a company imported by
the command line while both dashboards run is counted on the companies page of each, including the one that had
the page cached before the import; the command line is not refused by the running dashboards. Then a write
through a page: a synergy accepted on the first dashboard's detection page is no longer proposed on the
second's."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from dashboard.config import PROJECT_ROOT
from tests.browser.harness import (
    RENDER_TIMEOUT_MS,
    SCREENSHOT_DIR,
    StreamlitServer,
    normalise,
    start_server,
    stop_server,
    wait_until_rendered,
)
from tests.world.postgres import RECORDS_WORLD, run_on_store, server_env

pytestmark = [pytest.mark.browser, pytest.mark.postgres]

VENDOMOIS_COMPANIES = "/entreprises?territoire=epci:200072072"
VENDOMOIS_DETECTION = "/detection?territoire=epci:200072072"
PROPOSED = re.compile(r"pistes affichées sur ([\d ]+) proposées")
NEW_COMPANY = (
    "identifiant;nom;siret;code_naf;famille;effectif;code_commune;longitude;latitude;zone_activites\n"
    "Z-0001;Menuiserie Zêta;;16.23Z;fabrication;1-9;41269;1,0662;47,7930;\n"
)


@pytest.fixture
def two_dashboards(store_url: str, tmp_path: Path) -> Iterator[tuple[StreamlitServer, StreamlitServer]]:
    assert run_on_store(store_url, RECORDS_WORLD) == 1
    environment = server_env(store_url)
    with ThreadPoolExecutor(max_workers=2) as pool:  # both start at once (each waits for its health check)
        starting = [pool.submit(start_server, store_url, tmp_path / f"streamlit-{n}.log", "app.py", environment)
                    for n in ("a", "b")]  # fmt: skip
    servers = [future.result() for future in starting if future.exception() is None]
    try:
        assert len(servers) == 2, [str(future.exception()) for future in starting]
        yield servers[0], servers[1]
    finally:
        for server in servers:
            stop_server(server)


def _companies_shown(page, server: StreamlitServer, shot: str) -> int:
    page.goto(server.url + VENDOMOIS_COMPANIES)
    wait_until_rendered(page)
    metric = page.locator('[data-testid="stMetric"]', has_text="Entreprises").first
    value = normalise(metric.locator('[data-testid="stMetricValue"]').inner_text())
    page.screenshot(path=str(SCREENSHOT_DIR / shot))
    return int(value.replace(" ", ""))


def _proposals(page, server: StreamlitServer, shot: str) -> int:
    """The detection page's « N pistes affichées sur M proposées »: M."""
    page.goto(server.url + VENDOMOIS_DETECTION)
    wait_until_rendered(page)
    found = PROPOSED.search(normalise(page.locator('[data-testid="stMain"]').inner_text()))
    page.screenshot(path=str(SCREENSHOT_DIR / shot))
    assert found is not None, "no proposal count on the detection page"
    return int(found.group(1).replace(" ", ""))


def test_two_dashboards_and_the_command_line_share_the_store(browser, store_url, two_dashboards, tmp_path) -> None:
    first, second = two_dashboards
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    try:
        # Five companies of the Vendômois (tests/world/eit_records.py), on both workers; the second caches them.
        assert _companies_shown(page, first, "pgstore-worker-a-before.png") == 5
        assert _companies_shown(page, second, "pgstore-worker-b-before.png") == 5
        csv = tmp_path / "entreprises.csv"
        csv.write_text(NEW_COMPANY, encoding="utf-8")
        imported = subprocess.run(
            [sys.executable, "-m", "dashboard", "import", "companies", str(csv)], cwd=PROJECT_ROOT,
            env=server_env(store_url), capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert imported.returncode == 0, imported.stderr
        # Both workers count it at their next page load: the store's version changed under their caches.
        assert _companies_shown(page, second, "pgstore-worker-b-after.png") == 6
        assert _companies_shown(page, first, "pgstore-worker-a-after.png") == 6
        # A write through a page: a proposal accepted on the first worker's detection page is no longer proposed
        # on the second's (which had the page cached), and the first says the synergy was created.
        before = _proposals(page, second, "pgstore-detection-b-before.png")
        assert before > 0
        page.goto(first.url + VENDOMOIS_DETECTION)
        wait_until_rendered(page)
        page.get_by_role("button", name="Accepter : créer la synergie identifiée").click()
        page.get_by_text("Synergie créée").first.wait_for(timeout=RENDER_TIMEOUT_MS)
        page.screenshot(path=str(SCREENSHOT_DIR / "pgstore-detection-a-accepted.png"))
        assert _proposals(page, second, "pgstore-detection-b-after.png") == before - 1
    finally:
        context.close()
