"""A second dashboard on a database another process holds: a French explanation naming that process, and no
raw list of page files in the sidebar."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.config import DB_PATH_ENV, PROJECT_ROOT
from dashboard.db import Database
from tests.world.postgres import server_install_importable
from tests.world.processes import database_held_elsewhere


def test_a_held_database_is_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "tenue.duckdb"
    Database(path).close()
    monkeypatch.setenv(DB_PATH_ENV, str(path))
    with database_held_elsewhere(path) as holder:
        at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    (error,) = at.error
    assert f"est déjà ouverte par un autre programme (processus {holder.pid})" in error.value
    assert "docs/deployment.md" in error.value


def test_a_shared_store_without_the_server_install_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    if server_install_importable():
        pytest.skip("the server install is present: the store would be reached, not refused")
    monkeypatch.setenv(DB_PATH_ENV, "postgresql://observatoire@/observatoire?host=/nonexistent")
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    (error,) = at.error
    assert "pip install -r requirements-server.txt" in error.value
    assert any("duckdb-extension-postgres" in caption.value for caption in at.caption)
