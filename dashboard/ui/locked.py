"""The page a dashboard shows when it cannot open its database: another process holds the file (one program per
file), or the shared PostgreSQL store cannot be used by this installation or reached; and what any page shows
instead of an unexpected error."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from dashboard.config import database_path
from dashboard.i18n import t
from dashboard.locking import database_holder
from dashboard.pgstore import StoreInterruptedError, StoreUnavailableError, interrupted_message_key, without_password

_LOGGER = logging.getLogger(__name__)


def _locked_page() -> None:
    """Never run: the app stops after the message."""


@contextmanager
def unexpected_errors_explained(*, before_navigation: bool = False) -> Iterator[None]:
    """An exception of the block (a bug, the shared store gone from under a running worker) is logged with its
    traceback and a short reference, and the page shows a French message with that reference, then stops.

    With `client.showErrorDetails = "none"` (docs/deployment.md §2) Streamlit would show its own generic text
    instead, in English and pointing at "Streamlit Cloud". `before_navigation`: the block runs before the app's
    navigation is declared; a hidden one keeps Streamlit from listing the pages/ files by their raw names.
    Streamlit's own st.stop and st.rerun are not exceptions (BaseException) and pass through."""
    try:
        yield
    except StoreInterruptedError as interrupted:  # not a bug: the store restarted under a write (dashboard.db)
        _LOGGER.warning("Write interrupted by the shared store: %s", without_password(str(interrupted)))
        st.error(t(interrupted_message_key(interrupted)))
        st.stop()
    except Exception:
        reference = secrets.token_hex(3)
        _LOGGER.exception("Unexpected error shown to the user as reference %s", reference)
        if before_navigation:
            st.navigation([st.Page(_locked_page, title=t("app.title"), default=True)], position="hidden")
        st.error(t("app.unexpected_error", reference=reference))
        st.stop()


def show_database_locked() -> None:
    """The French explanation, naming the holding process, without the raw pages/ list in the sidebar."""
    # A hidden one-page navigation keeps Streamlit from listing the pages/ files by their raw names.
    st.navigation([st.Page(_locked_page, title=t("app.title"), default=True)], position="hidden")
    path = database_path()
    pid = database_holder(path)  # this process does not hold the file, so the OS names the one that does
    st.error(t("app.db_locked", path=str(path), holder=t("lock.holder_pid", pid=pid) if pid is not None else ""))


def show_store_unavailable(unavailable: StoreUnavailableError) -> None:
    """The French explanation when the shared store (OBSERVATOIRE_DB=postgresql://…) cannot be used: what to
    install or check; the technical reason below it, for the administrator."""
    st.navigation([st.Page(_locked_page, title=t("app.title"), default=True)], position="hidden")
    st.error(t("app.store_missing_install" if unavailable.missing_install else "app.store_unreachable"))
    st.caption(t("app.store_reason", reason=str(unavailable)))
