"""Sidebar filters shared by every page: territory (level then territory) and period (year, quarter).

The URL is the source of truth (`?territoire=epci:200072072&annee=2022&trimestre=0`), so a view can be shared
and restored. Each run resolves the selection from the URL, falling back on the session's last selection (the
URL parameters do not survive every page switch) and then on defaults; widgets are then drawn from it, and
their callbacks write the user's choice back into the URL. All decisions are in `dashboard.geography.territories`.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

import streamlit as st

from dashboard.codes import Level
from dashboard.db import Database
from dashboard.geography import territories as tr
from dashboard.i18n import label, t
from dashboard.ui.cache import cached

SESSION_KEY = "observatoire.selection"  # the last resolved Selection of this browser session
_LEVEL_KEY = "sidebar.level"
_DEPARTEMENT_KEY = "sidebar.departement"
_TERRITORY_KEY = "sidebar.territory"
_YEAR_KEY = "sidebar.year"
_QUARTER_KEY = "sidebar.quarter"
_SEARCH_KEY = "sidebar.commune_search"
_SEARCH_PICK_KEY = "sidebar.commune_search_pick"
# The URL parameters this module owns; other parameters in the URL are left alone.
_OWNED_PARAMS = (tr.PARAM_TERRITORY, tr.PARAM_YEAR, tr.PARAM_QUARTER, tr.PARAM_LEVEL)


def current_selection() -> tr.Selection:
    """The selection made by the sidebar in this run (app.py draws the sidebar before the page)."""
    selection = st.session_state.get(SESSION_KEY)
    if isinstance(selection, tr.Selection):
        return selection
    rerun_through_app_shell()
    return tr.Selection(None, None, None)


def rerun_through_app_shell() -> None:
    """Make a page that runs without app.py run again through it.

    Until the first `st.navigation` call of the process, Streamlit is in its legacy "pages/ directory" mode and
    runs a deep-linked page script (e.g. /accueil as the very first request) alone: no page config, sidebar or
    header. `st.navigation` ends that mode for the process; doing the same here and rerunning lets app.py run.
    """
    from streamlit.runtime.pages_manager import PagesManager  # internal: no public switch for this mode

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def _write_params(params: dict[str, str]) -> None:
    """Make the URL carry exactly `params` among the parameters this module owns (no write if unchanged).

    Changed values are written in one `update`: each write is a message, and the browser handles each one as a
    history entry (pushState), a redraw of the app and a message to itself. A click in the page menu sends no
    query string, so every page change rewrote territory, year and quarter one at a time (three of each)."""
    for key in _OWNED_PARAMS:
        if params.get(key) is None and key in st.query_params:
            del st.query_params[key]
    changed = {key: params[key] for key in _OWNED_PARAMS if key in params and st.query_params.get(key) != params[key]}
    if changed:
        st.query_params.update(changed)


def _select_territory(db: Database, territory_id: str | None, level: Level) -> None:
    territory = tr.get_territory(db, territory_id)
    if territory is None:
        return
    st.query_params[tr.PARAM_TERRITORY] = territory.territory_id
    if level != territory.level:
        st.query_params[tr.PARAM_LEVEL] = level.value
    elif tr.PARAM_LEVEL in st.query_params:
        del st.query_params[tr.PARAM_LEVEL]


def _on_level_change(db: Database, current_id: str) -> None:
    level = Level(st.session_state[_LEVEL_KEY])
    _select_territory(db, tr.default_territory_for_level(db, level, current_id), level)


def _on_departement_change(db: Database) -> None:
    _select_territory(db, tr.default_commune_of_departement(db, st.session_state[_DEPARTEMENT_KEY]), Level.COMMUNE)


def _on_territory_change(db: Database, level: Level) -> None:
    _select_territory(db, st.session_state[_TERRITORY_KEY], level)


def _on_search_pick(db: Database) -> None:
    picked = st.session_state.get(_SEARCH_PICK_KEY)
    if picked:
        _select_territory(db, picked, Level.COMMUNE)
        st.session_state[_SEARCH_KEY] = ""


def _commune_search(db: Database) -> None:
    """A search over the communes of all of France (the lists below go department by department)."""
    text = st.text_input(t("sidebar.commune_search"), key=_SEARCH_KEY, placeholder=t("sidebar.commune_search_hint"))
    if len(text.strip()) < 2:
        return
    found = cached(tr.search_communes, text.strip())
    if found.empty:
        st.caption(t("sidebar.commune_search_none"))
        return
    labels = dict(zip(found["territory_id"], found["label"], strict=True))
    st.selectbox(
        t("sidebar.commune_search_results"),
        list(labels),
        index=None,
        key=_SEARCH_PICK_KEY,
        format_func=labels.__getitem__,
        placeholder=t("sidebar.commune_search_pick"),
        on_change=_on_search_pick,
        args=(db,),
    )


def _on_period_change() -> None:
    st.query_params[tr.PARAM_YEAR] = str(st.session_state[_YEAR_KEY])
    st.query_params[tr.PARAM_QUARTER] = str(st.session_state[_QUARTER_KEY])


def render_sidebar(db: Database) -> tr.Selection:
    """Resolve the selection (URL, then session, then defaults), draw the filters, return the selection."""
    previous = st.session_state.get(SESSION_KEY)
    # Cached: the territory lookups it makes are the same at every click of a session (a query or two per load).
    selection = cached(
        tr.resolve_selection,
        st.query_params.to_dict(),
        previous if isinstance(previous, tr.Selection) else None,  # fallback
        dt.date.today(),  # the default year when the data have none (a key: tomorrow's may differ)
        cached(tr.year_options),
    )
    st.session_state[SESSION_KEY] = selection
    _write_params(selection.to_params())  # normalises the URL: bad values replaced, defaults made explicit

    with st.sidebar:
        if selection.territory is None or selection.period is None or selection.level is None:
            st.info(t("sidebar.no_territory"))
            return selection
        territory, period, level = selection.territory, selection.period, selection.level

        st.subheader(t("sidebar.territory"))
        levels = cached(tr.available_levels)
        st.session_state[_LEVEL_KEY] = level
        st.selectbox(
            t("sidebar.level"),
            levels,
            key=_LEVEL_KEY,
            format_func=partial(label, enum=Level),  # AppTest and the session may hand back plain strings
            on_change=_on_level_change,
            args=(db, territory.territory_id),
        )
        departement_id = None
        if level == Level.COMMUNE:
            _commune_search(db)
            # 35 000 communes are listed department by department
            departements = cached(tr.list_territories, Level.DEPARTEMENT)
            departement_labels = dict(zip(departements["territory_id"], departements["label"], strict=True))
            departement_id = tr.departement_of(db, territory.territory_id)
            if departement_id in departement_labels:
                st.session_state[_DEPARTEMENT_KEY] = departement_id
                st.selectbox(
                    t("sidebar.departement_filter"),
                    list(departement_labels),
                    key=_DEPARTEMENT_KEY,
                    format_func=departement_labels.__getitem__,
                    on_change=_on_departement_change,
                    args=(db,),
                )
            else:
                departement_id = None
        offered = cached(tr.list_territories, level, departement_id)
        # tolist(): one conversion of the Arrow-backed columns, not a Python object per element (1 253 EPCI per load)
        territory_labels = dict(zip(offered["territory_id"].tolist(), offered["label"].tolist(), strict=True))
        territory_labels.setdefault(territory.territory_id, territory.name)
        st.session_state[_TERRITORY_KEY] = territory.territory_id
        st.selectbox(
            t("sidebar.territory_select"),
            list(territory_labels),
            key=_TERRITORY_KEY,
            format_func=territory_labels.__getitem__,
            help=t("sidebar.territory_help"),
            on_change=_on_territory_change,
            args=(db, level),
        )

        st.subheader(t("sidebar.period"))
        years = cached(tr.year_options) or [period.year]
        if period.year not in years:
            years = sorted({*years, period.year}, reverse=True)
        st.session_state[_YEAR_KEY] = period.year
        st.selectbox(t("sidebar.year"), years, key=_YEAR_KEY, on_change=_on_period_change)
        st.session_state[_QUARTER_KEY] = period.quarter
        st.selectbox(
            t("sidebar.quarter"),
            list(tr.QUARTERS),
            key=_QUARTER_KEY,
            format_func=tr.quarter_option_label,
            on_change=_on_period_change,
        )
        st.caption(t("sidebar.share"))
    return selection
