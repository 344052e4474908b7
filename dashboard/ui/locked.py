"""The page a dashboard shows when another process already holds its database file (one program per file)."""

from __future__ import annotations

import streamlit as st

from dashboard.config import database_path
from dashboard.i18n import t
from dashboard.locking import database_holder


def _locked_page() -> None:
    """Never run: the app stops after the message."""


def show_database_locked() -> None:
    """The French explanation, naming the holding process, without the raw pages/ list in the sidebar."""
    # A hidden one-page navigation keeps Streamlit from listing the pages/ files by their raw names.
    st.navigation([st.Page(_locked_page, title=t("app.title"), default=True)], position="hidden")
    path = database_path()
    pid = database_holder(path)  # this process does not hold the file, so the OS names the one that does
    st.error(t("app.db_locked", path=str(path), holder=t("lock.holder_pid", pid=pid) if pid is not None else ""))
