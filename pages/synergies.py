"""Synergies: pipeline funnel, substitution vs mutualisation per year, impacts rolled up with their basis, and
the list with each synergy's detail (participants, dated status history, impacts).

Status counts and impacts come from dashboard.eit.metrics (through dashboard.eit.synergies.overview): the home and
targets pages show the same numbers.
"""

from __future__ import annotations

import streamlit as st

from dashboard.eit import synergies
from dashboard.i18n import fmt_date, t
from dashboard.ui.cache import cached, get_database
from dashboard.ui.navigation import page_link
from dashboard.ui.page import open_page
from dashboard.ui.record_sections import synergies_entry
from dashboard.ui.synergies import show_kpis, show_sections
from dashboard.ui.text import md_escape

page = open_page("synergies.empty_db", show_build_command=False)

territory, period = page.territory, page.period
as_of = page.as_of
overview = cached(synergies.overview, territory.territory_id, period)
if overview.funnel.total == 0:
    st.info(t("synergies.none_here", territory=md_escape(territory.name), date=fmt_date(as_of)))
    page_link("pages/donnees.py", t("home.link.data"), ":material/upload_file:")
    synergies_entry(get_database(), territory.territory_id)
    st.stop()

context = page.chart_context(t("synergies.source"))
show_kpis(overview, as_of)
show_sections(overview, context, as_of)
synergies_entry(get_database(), territory.territory_id)
