"""With a real dashboard serving a browser, the commands that write or replace its database are refused and the
file is left as it was; the dashboard goes on serving (the data-loss case of issue 16)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.config import PROJECT_ROOT
from tests.browser.harness import StreamlitServer, start_server, stop_server, wait_until_rendered
from tests.world.files import IMPORT_FIXTURES as FIXTURES


@pytest.fixture
def small_server(world_db_file: Path, tmp_path: Path) -> Iterator[StreamlitServer]:
    server = start_server(world_db_file, tmp_path / "streamlit.log")  # a copy of the test world built once per run
    yield server
    stop_server(server)


def cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "dashboard", "--db", str(db), *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120)


@pytest.mark.browser
def test_a_running_dashboard_is_never_written_under(
    browser, small_server: StreamlitServer, world_db_file: Path, tmp_path: Path
):
    db = world_db_file
    page = browser.new_page()
    page.goto(small_server.url)
    wait_until_rendered(page)  # the dashboard has opened its database
    before = hashlib.sha256(db.read_bytes()).hexdigest()

    rebuilt = cli(db, "build-demo", "--force")
    assert rebuilt.returncode == 3
    assert "sans doute le tableau de bord. Rien n'a été écrit ni remplacé" in rebuilt.stderr
    imported = cli(db, "import", "companies", str(FIXTURES / "companies_valid.csv"))
    assert imported.returncode == 3
    shown = cli(db, "info")
    assert shown.returncode == 3 and "même en lecture" in shown.stderr
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert not list(tmp_path.glob("*.tmp-build*"))

    page.reload()
    wait_until_rendered(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()
