"""Helpers to run pages through app.py with Streamlit's AppTest (used by tests/pages and tests/ui).

    from tests.pages import run_page

    def test_my_page(monkeypatch, demo_db_path):
        at = run_page(monkeypatch, demo_db_path, "pages/programmes.py", {"territoire": "epci:200072072"})
        assert not at.exception

`run_page` points OBSERVATOIRE_DB at a private copy of the database (the browser tests' Streamlit server may
hold the original open, and DuckDB allows one writer per file), signs in (an administrator unless `grants` says
otherwise; None: stay on the sign-in page) and runs app.py (sidebar + header) on `page_path` (the home page by
default). The returned AppTest can be driven further, e.g.
`at.selectbox(key="sidebar.year").set_value(2021).run()`.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import app_test as app_test_module

from dashboard.auth import Grant, Role
from dashboard.auth.audit import now
from dashboard.auth.sessions import SignInMethod, start
from dashboard.config import DB_PATH_ENV, PROJECT_ROOT
from dashboard.ui.auth import SESSION_KEY

APP_PATH = PROJECT_ROOT / "app.py"
HOME_PAGE = "pages/accueil.py"
DEFAULT_TIMEOUT_S = 30  # first runs import plotly/pandas and fill caches on a loaded 2-core machine

# One private copy per source database and test process: copies are cheap to share (read-mostly) and the
# cached connection of dashboard.ui.cache stays valid for the whole session.
_COPIES: dict[Path, Path] = {}


class _NavigationModePagesManager(PagesManager):
    """AppTest resets Streamlit's legacy "pages/ directory" flag before every run; as this project has a pages/
    folder, reruns would then execute the page script alone, without app.py. A real server leaves that mode
    at the first `st.navigation` call; this keeps AppTest in the same (navigation) mode."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        PagesManager.uses_pages_directory = False


def private_copy(db_path: Path) -> Path:
    """A copy of `db_path` (and of its write-ahead log, if any) that this test process alone opens."""
    source = Path(db_path).resolve()
    if source not in _COPIES:
        folder = Path(tempfile.mkdtemp(prefix="apptest-db-"))
        # Removed when the test process ends (its cached connection keeps the file open until then): a full
        # suite used to leave about a hundred 100 MB copies in /tmp, enough to fill the disk after a few runs.
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        target = folder / source.name
        if source.exists():
            shutil.copy2(source, target)
            wal = source.with_name(source.name + ".wal")
            if wal.exists():
                shutil.copy2(wal, target.with_name(target.name + ".wal"))
        _COPIES[source] = target
    return _COPIES[source]


ADMIN: tuple[Grant, ...] = (Grant(Role.ADMINISTRATOR),)


def account_with(db_path: Path, grants: tuple[Grant, ...]) -> str:
    """The id of a test account holding exactly `grants` in the database at `db_path` (created when missing)."""
    from dashboard.auth.store import NewAccount, create_user, ensure_tables, grants_by_user
    from dashboard.db import Database

    scopes = [g.scope_id.replace(":", ".").replace("*", "all") for g in grants]
    login = ("test." + "-".join(f"{g.role.value[:5]}.{scope}" for g, scope in zip(grants, scopes, strict=True)))[:64]
    db = Database(db_path)
    try:
        ensure_tables(db)
        user_id = db.query_value("SELECT user_id FROM app_user WHERE login = $login", {"login": login.lower()})
        if user_id is None:
            user_id = create_user(db, NewAccount(login, login, grants, password="not-used-in-tests-42"), None)
        assert set(grants_by_user(db)[user_id]) == set(grants)
        return user_id
    finally:
        db.close()


def sign_in(at: AppTest, db_path: Path, grants: tuple[Grant, ...] = ADMIN) -> None:
    """Make the AppTest's session signed in with a test account holding `grants` (server-side session state)."""
    at.session_state[SESSION_KEY] = start(account_with(db_path, grants), SignInMethod.LOCAL, now())


def run_page(
    monkeypatch: pytest.MonkeyPatch,
    db_path: Path,
    page_path: str = HOME_PAGE,
    query_params: Mapping[str, str] | None = None,
    *,
    copy: bool = True,
    grants: tuple[Grant, ...] | None = ADMIN,
) -> AppTest:
    """Run app.py on `db_path` (a private copy unless copy=False) signed in with `grants`, then switch to
    `page_path`."""
    path = private_copy(db_path) if copy else Path(db_path)
    monkeypatch.setenv(DB_PATH_ENV, str(path))
    monkeypatch.setattr(app_test_module, "PagesManager", _NavigationModePagesManager)
    at = AppTest.from_file(str(APP_PATH), default_timeout=DEFAULT_TIMEOUT_S)
    for key, value in (query_params or {}).items():
        at.query_params[key] = value
    existed = path.exists()
    if grants is not None and existed:
        sign_in(at, path, grants)
    if page_path != HOME_PAGE and existed:
        # Opened directly, as a shared link opens it: running the home page first cost a whole page run per call.
        # Before the first run AppTest names the page by its file name, which is how the navigation names ours.
        at.switch_page(page_path)
    at.run()
    if grants is not None and not existed and path.exists() and not at.exception:  # built by the first run
        sign_in(at, path, grants)
        at.run()
    if page_path != HOME_PAGE and not at.exception:
        # Resolved against the pages the run registered (an error if it is not one of them): the page is run again
        # only when the first run did not show it.
        at.switch_page(page_path)
        if at._page_hash != at._finished_page_script_hash:
            at.run()
    return at
