"""First start: build the demo database, with visible progress, when the database file does not exist.

An existing database is never rebuilt, even when empty: pages then explain there is no data and point to
the import page or to `python -m dashboard build-demo`.
"""

from __future__ import annotations

import logging
import threading

import streamlit as st

from dashboard.config import database_path
from dashboard.i18n import t
from dashboard.pgstore import store_url

_LOGGER = logging.getLogger(__name__)
# One build per process: a second browser session arriving during the build waits, then finds the file.
_BUILD_LOCK = threading.Lock()


def _building_page() -> None:
    """Never run: the build run ends with a rerun into the real navigation."""


def ensure_database() -> bool:
    """True when the database file exists (building the demo first if it did not); False after a failure."""
    path = database_path()
    # The shared PostgreSQL store is never built by a worker (others may be using it): `build-demo` loads it.
    if store_url(path) is not None or path.exists():
        return True
    # Declaring the app's navigation (hidden, one page) before anything else, in every session (one waiting for
    # another session's build too), keeps Streamlit from listing the raw pages/ files in the sidebar while the
    # build runs; the rerun after it shows the real one.
    st.navigation([st.Page(_building_page, title=t("app.title"), default=True)], position="hidden")
    with _BUILD_LOCK:
        if path.exists():  # built by another session while this one waited
            st.rerun()
        st.title(t("app.title"))
        st.info(t("first_start.intro", path=str(path)))
        bar = st.progress(0.0, text=t("first_start.starting"))

        def progress(fraction: float, message: str) -> None:
            bar.progress(min(max(fraction, 0.0), 1.0), text=message)

        try:
            from dashboard.demo.build import build_demo_database

            path.parent.mkdir(parents=True, exist_ok=True)
            build_demo_database(path, progress)
        except Exception as exc:  # shown to the user in French; the traceback stays in the server log
            _LOGGER.exception("demo database build failed")
            st.error(t("first_start.failed", error=str(exc)))
            return False
        bar.progress(1.0, text=t("first_start.done"))
    st.rerun()
    return True  # not reached: st.rerun() ends the run
