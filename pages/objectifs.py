"""Objectifs et réalisations: targets against live realisations for a territory or programme, with provenance,
trajectories, the full indicator table, drill-down, comparison, the pillars radar and data entry."""

from __future__ import annotations

import streamlit as st

from dashboard.codes import ScopeType
from dashboard.i18n import fmt_date, t
from dashboard.indicators import values as ind
from dashboard.ui.cache import cached
from dashboard.ui.indicators import report_chart_context
from dashboard.ui.navigation import page_link
from dashboard.ui.objectifs import (
    SCOPE_KEY,
    entry_section,
    scope_label,
    show_cards,
    show_comparison,
    show_drill,
    show_views,
)
from dashboard.ui.page import open_page
from dashboard.ui.text import md_escape

page = open_page("obj.empty_db")

territory, period = page.territory, page.period
programmes = cached(ind.programmes_of_territory, territory.territory_id)
names = {f"{ScopeType.TERRITORY.value}|{territory.territory_id}": territory.name}
names.update(
    {
        f"{ScopeType.PROGRAMME.value}|{pid}": str(n)
        for pid, n in zip(programmes["programme_id"], programmes["name"], strict=True)
    }
)
scope_options = list(names)
if st.session_state.get(SCOPE_KEY) not in scope_options:
    st.session_state[SCOPE_KEY] = scope_options[0]
choice = st.selectbox(
    t("obj.scope"), scope_options, format_func=lambda o: scope_label(o, names), key=SCOPE_KEY, help=t("obj.scope.help")
)
scope_type, _, scope_id = choice.partition("|")
report = cached(ind.indicator_report, scope_type, scope_id, period)
if report is None:
    st.info(t("obj.no_records", name=md_escape(territory.name)))
    st.stop()

info, context = report_chart_context(report, period)
if report.as_of < period.end:
    st.caption(t("obj.as_of", date=fmt_date(report.as_of)))
page_link("pages/copil.py", t("obj.copil_link"), ":material/co_present:")

with_target = [r for r in report.results if r.target is not None]
has_values = any(r.value is not None and r.value.value for r in report.results)
if not with_target and not has_values:
    st.info(t("obj.no_records", name=md_escape(report.scope.name)))
else:
    default_code = (with_target[0] if with_target else report.results[0]).definition.code
    show_cards(report, with_target)
    show_views(report, scope_type, scope_id, default_code, context)
    show_drill(report)
    show_comparison(report, territory.territory_id, default_code, context)

entry_section(report.scope, [r.definition for r in report.results], period.year)
