"""Entreprises et diagnostics: registers of the territory's companies, diagnostics and flows with search and
filters, the Sankey of flows by category, a company sheet, and the flow nomenclature with its substitution
compatibility table (editable by import)."""

from __future__ import annotations

import streamlit as st

from dashboard.codes import Direction
from dashboard.eit import registers
from dashboard.eit.registers import RegisterFilters
from dashboard.i18n import fmt_date, fmt_int, t, t_count
from dashboard.ui.auth import current_actor
from dashboard.ui.cache import cached, get_database, memo
from dashboard.ui.lazy import is_open, lazy_tabs
from dashboard.ui.page import open_page
from dashboard.ui.record_sections import registers_entry
from dashboard.ui.registers import (
    SHOW_COMPANY_NAMES,
    companies_table,
    diagnostics_table,
    flows_table,
    show_filters,
    show_flows_and_sheet,
    show_reference,
)
from dashboard.ui.text import md_escape

page = open_page("registers.empty_db", show_build_command=False)

territory = page.territory
actor = current_actor()  # the core refuses company-level data outside the actor's territories
all_companies = cached(registers.companies, territory.territory_id, RegisterFilters(), SHOW_COMPANY_NAMES, actor)
if all_companies.empty:
    st.info(t("registers.none_here", territory=md_escape(territory.name)))
    with st.expander(t("registers.section.reference")):
        show_reference()
    registers_entry(get_database(), territory.territory_id)  # the territory's first company
    st.stop()

info = page.info
st.caption(t("registers.intro", date=fmt_date(info.data_as_of) if info.data_as_of else t("registers.date_unknown")))
per_year = cached(registers.diagnosed_per_year, territory.territory_id)
if not per_year.empty:
    first = per_year.iloc[0]
    st.markdown(
        t_count("registers.campaigns", first["companies"], year=int(first["year"]), count=fmt_int(first["companies"]))
        + " · "
        + " · ".join(
            t("registers.campaign", year=int(row.year), count=fmt_int(row.companies))
            for row in per_year.iloc[1:].itertuples()
        )
    )

nomenclature = cached(registers.nomenclature)
filters = show_filters(cached(registers.filter_options, territory.territory_id), nomenclature)
companies = cached(registers.companies, territory.territory_id, filters, SHOW_COMPANY_NAMES, actor)
diagnostics = cached(registers.diagnostics, territory.territory_id, filters, SHOW_COMPANY_NAMES, actor)
flows = cached(registers.flows, territory.territory_id, filters, SHOW_COMPANY_NAMES, actor)

columns = st.columns(4)
for column, (key, value) in zip(
    columns,
    [
        ("registers.kpi.companies", len(companies)),
        ("registers.kpi.diagnostics", len(diagnostics)),
        ("registers.kpi.flows_in", int((flows["direction"] == Direction.IN.value).sum())),
        ("registers.kpi.flows_out", int((flows["direction"] == Direction.OUT.value).sum())),
    ],
    strict=True,
):
    column.metric(t(key), fmt_int(value), border=True)  # the card's own border: no container around each one
st.caption(t("registers.kpi.caption", total=fmt_int(len(all_companies))))

# Only the open tab is drawn (dashboard.ui.lazy): the flows table alone was half of the page's payload. The counts
# are in the cards above, not in the labels (a label is the tab's identity).
tab_companies, tab_diagnostics, tab_flows, tab_reference = lazy_tabs(
    [t("registers.tab.companies"), t("registers.tab.diagnostics"), t("registers.tab.flows"),
     t("registers.section.reference")],
    key="registers.tab",
)  # fmt: skip
for tab, rows, table in ((tab_companies, companies, companies_table), (tab_diagnostics, diagnostics, diagnostics_table),
                         (tab_flows, flows, flows_table)):  # fmt: skip
    if is_open(tab):
        with tab:
            if rows.empty:
                st.info(t("registers.filter.none"))
            else:
                st.dataframe(memo(table, rows), hide_index=True, width="stretch")
if is_open(tab_reference):
    with tab_reference:
        show_reference()

context = page.chart_context(
    t("registers.source"),
    period_text=t("registers.sankey.period", date=fmt_date(info.data_as_of)) if info.data_as_of else t("registers.all"),
)
show_flows_and_sheet(territory.territory_id, flows, companies, context)
registers_entry(get_database(), territory.territory_id)
