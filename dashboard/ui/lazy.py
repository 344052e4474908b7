"""Tabs and expanders whose hidden content is not run (issue 16, fast pages).

`st.tabs` runs and sends every panel at each run, shown or not: on the artisan page four of five panels (three
charts, the commune map among them) cost the browser most of the page's drawing time for a panel nobody opened.
With `on_change="rerun"` Streamlit 1.67 reruns the page when another tab is chosen and tells which one is open
(`.open`), so a page draws only that one; the tab's label is its value in the session (`key`). Expanders
likewise (`lazy_expander`): closed, their content is neither run nor sent.

Widgets inside a panel that is not run lose their value (Streamlit forgets the state of widgets absent from a
run): a panel holding choices a user comes back to (criteria of a list) keeps them with `keep_choices` while it
is not drawn, and its widgets take them back as their default (`kept_choice`) when it is drawn again (the artisan
page's comparison choice and « Qui visiter ? »: drawing them hidden under every tab cost the browser a sixth of
the page's time). An entry section, once opened, is drawn closed too (`entry_section`): closing it must not forget
what was typed and not yet saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

T = TypeVar("T")
_KEPT_KEY = "lazy.kept_choices"  # {widget key: (scope, value)} of the widgets of panels that may not be drawn
_SCOPES_KEY = "lazy.kept_scopes"  # {widget key: the scope (`kept_choice`) its widget was last drawn for}
_NOTHING = object()


def lazy_tabs(labels: Sequence[str], *, key: str) -> Sequence[DeltaGenerator]:
    """`st.tabs` that reruns the page when another tab is chosen; each tab's `.open` says whether it is shown.

    The labels are the tab's identity: keep them stable (no counts that change with a filter), or a change
    would open the first tab again."""
    return st.tabs(list(labels), key=key, on_change="rerun")


def lazy_expander(label: str, *, key: str, icon: str | None = None) -> DeltaGenerator:
    """A closed `st.expander` whose content a page runs only when `is_open` (opening it reruns the page)."""
    return st.expander(label, icon=icon, key=key, on_change="rerun")


def is_open(tab: DeltaGenerator) -> bool:
    """Whether the tab (or expander) is shown; one of `st.tabs` or `st.expander` without state counts as shown."""
    return getattr(tab, "open", None) is not False


def entry_section(label: str, *, key: str, icon: str | None = None) -> DeltaGenerator | None:
    """A lazy entry section (`lazy_expander`), or None when the page should not draw its content: drawn while open,
    and closed too once it has been opened in this session, so that its fields keep what was typed and not yet
    saved (a page where it was never opened still sends nothing)."""
    section = lazy_expander(label, key=key, icon=icon)
    opened = f"{key}.opened_once"
    if is_open(section):
        st.session_state[opened] = True
    return section if st.session_state.get(opened) else None


def keep_choices(keys: Sequence[str], *, drawn: bool) -> bool:
    """`drawn`, after keeping the values of the widgets `keys` of a panel that is drawn only when `drawn` (shown).

    Call it at every run, before the panel: a widget drawn in the previous run still has its value in the session
    at the start of this one (Streamlit forgets it at the end of a run that does not draw it), and that value is
    what the widget gets back as its default (`kept_choice`) when the panel is drawn again."""
    kept = st.session_state.setdefault(_KEPT_KEY, {})
    scopes = st.session_state.get(_SCOPES_KEY, {})
    for key in keys:
        if key in st.session_state:
            kept[key] = (scopes.get(key), st.session_state[key])
    return drawn


def kept_choice(key: str, default: T, *, scope: str | None = None) -> T:
    """The default of a widget of a `keep_choices` panel: its value when the panel was last drawn for the same
    `scope`, else `default`. A choice that only makes sense for one territory (the territories compared with it)
    names that territory as its scope: kept for another one, it would be wrong there, so the default applies.

    Given as the widget's default rather than written into the session: a widget keyed by the user identifies by
    its key alone, so a changing default never resets it, and Streamlit warns when a widget has both."""
    st.session_state.setdefault(_SCOPES_KEY, {})[key] = scope
    kept_scope, value = st.session_state.get(_KEPT_KEY, {}).get(key, (None, _NOTHING))
    return default if value is _NOTHING or kept_scope != scope else value


def kept_selection(key: str, options: Sequence[T], default: Sequence[T], *, scope: str | None = None) -> list[T]:
    """`kept_choice` for a multiselect: the kept values still among its `options` (they may have changed since the
    panel was drawn, and Streamlit refuses a default outside its options)."""
    return [value for value in kept_choice(key, default, scope=scope) if value in options]
