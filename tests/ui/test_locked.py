"""A second dashboard on a database another process holds: a French explanation naming that process, and no
raw list of page files in the sidebar. An unexpected error: a French message with a reference, its details in the
server log only."""

from __future__ import annotations

import logging
import re
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


SECRET = "SELECT password_hash FROM app_user -- /srv/observatoire/secret"


@pytest.mark.parametrize("where", ["dashboard.ui.auth.require_sign_in", "dashboard.ui.sidebar.render_sidebar"])
def test_an_unexpected_error_is_told_in_french_without_its_details(
    where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """An error nobody foresaw (here raised before and after the navigation is declared): the page says so in
    French with a reference, shows neither the error's text nor Streamlit's English generic text, and the server
    log has the traceback under the same reference."""
    path = tmp_path / "base.duckdb"
    Database(path).close()
    monkeypatch.setenv(DB_PATH_ENV, str(path))

    def fails(*_: object) -> None:
        raise RuntimeError(SECRET)

    monkeypatch.setattr("dashboard.ui.auth.require_sign_in", lambda db: None)  # signed in, as far as app.py knows
    monkeypatch.setattr(where, fails)
    with caplog.at_level(logging.ERROR, logger="dashboard.ui.locked"):
        at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception  # Streamlit's own error element (its English "This app has encountered an error")
    (error,) = at.error
    found = re.search(
        r"Une erreur inattendue a interrompu cette page\..* sous la référence ([0-9a-f]{6})\.", error.value
    )
    assert found is not None, error.value
    shown = " ".join(str(element.value) for element in (*at.error, *at.markdown, *at.caption))
    assert "password_hash" not in shown and "/srv" not in shown
    (logged,) = [record for record in caplog.records if found.group(1) in record.getMessage()]
    assert logged.exc_info is not None and SECRET in str(logged.exc_info[1])


@pytest.mark.parametrize(
    ("maybe_committed", "said"),
    [
        (False, "interrompue pendant l'enregistrement (serveur redémarré ou injoignable) et ne répond toujours pas : "
                "rien n'a été enregistré."),
        (True, "interrompue au moment même de valider l'enregistrement : il a pu être enregistré ou non"),
    ],
)  # fmt: skip
def test_a_write_cut_by_the_shared_store_says_whether_anything_was_written(
    maybe_committed: bool, said: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shared store restarted under a write that could not be run again (dashboard.db): not a bug, so no
    reference, but what happened to the write, without the connection's details (its password)."""
    from dashboard.pgstore import StoreInterruptedError

    path = tmp_path / "base.duckdb"
    Database(path).close()
    monkeypatch.setenv(DB_PATH_ENV, str(path))

    def cut(*_: object) -> None:
        raise StoreInterruptedError(
            "server closed the connection: postgresql://obs:secret@db", maybe_committed=maybe_committed
        )

    monkeypatch.setattr("dashboard.ui.auth.require_sign_in", lambda db: None)
    monkeypatch.setattr("dashboard.ui.sidebar.render_sidebar", cut)
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    (error,) = at.error
    assert said in error.value and "La base partagée PostgreSQL a été" in error.value
    assert "secret" not in " ".join(str(element.value) for element in (*at.error, *at.markdown, *at.caption))
