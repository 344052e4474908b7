"""Pages registered by app.py, and links that only point to pages that exist.

app.py declares each page with `page(...)`, which remembers its path; `page_link(...)` draws a link only to
a registered page, so a page can link to a sibling that another engineer has not shipped yet without
breaking (Streamlit raises on a link to an unknown page).
"""

from __future__ import annotations

import streamlit as st

from dashboard.ui.auth import page_allowed

# Paths of the pages declared by app.py; pages are static, so one set per process is enough.
_REGISTERED: set[str] = set()


def page(path: str, title: str, icon: str | None = None, *, default: bool = False) -> st.Page:
    """An `st.Page` for app.py's navigation, remembered for `page_link`; hidden from a role that may not open it."""
    _REGISTERED.add(path)
    visibility = "visible" if page_allowed(path) else "hidden"
    return st.Page(path, title=title, icon=icon, default=default, visibility=visibility)


def is_registered(path: str) -> bool:
    return path in _REGISTERED


def page_link(path: str, label: str, icon: str | None = None, help: str | None = None) -> bool:
    """A link to the page at `path` when app.py registered it; returns whether a link was drawn."""
    if path not in _REGISTERED or not page_allowed(path):
        return False
    st.page_link(path, label=label, icon=icon, help=help)
    return True
