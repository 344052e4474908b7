"""Détection de synergies: the engine's proposals for the territory, with a map preview; accept or dismiss.

Accepting creates an identified synergy with its participants (dashboard.detection.accept_proposal);
dismissing remembers the proposal (never proposed again). Both write in one transaction, then the data cache
is forgotten so that every page re-reads. The sections live in dashboard.ui.detection.
"""

from __future__ import annotations

import streamlit as st

from dashboard.detection.preview import detection_preview, filter_proposals, proposal_for_key
from dashboard.i18n import t
from dashboard.ui.auth import current_actor
from dashboard.ui.cache import cached
from dashboard.ui.detection import (
    choose_proposal,
    company_names,
    decision,
    proposal_tabs,
    proposals_table,
    settings,
    show_counts,
    show_flash,
    show_maps,
    type_and_family_filters,
)
from dashboard.ui.lazy import is_open
from dashboard.ui.navigation import page_link
from dashboard.ui.page import open_page
from dashboard.ui.text import md_escape

page = open_page("detect.empty_db")
territory = page.territory
if show_flash():
    page_link("pages/synergies.py", t("detect.link.synergies"), ":material/hub:")

chosen = settings()
preview = cached(
    detection_preview, territory.territory_id, float(chosen.radius_km), chosen.min_companies, current_actor()
)
if preview.flow_count == 0:
    st.info(t("detect.no_flow", territory=md_escape(territory.name)))
    st.stop()

types, families = type_and_family_filters(preview)
shown = filter_proposals(preview.proposals, types=types, families=families, min_score=chosen.min_score_percent / 100)
show_counts(preview, shown, territory)
if shown.empty:
    st.info(t("detect.none"))
    st.stop()

st.caption(t("detection.outside_caption"))
names = company_names(preview)
list_tab, map_tab = proposal_tabs()
if is_open(list_tab):
    with list_tab:
        proposals_table(page, shown, names)
selected_key = choose_proposal(shown, names)
decide_col, zoom_col = st.columns(2)
with decide_col:
    decision(preview, proposal_for_key(preview, selected_key), names, territory)
show_maps(page, preview, shown, selected_key, chosen.radius_km, overview_slot=map_tab, zoom_slot=zoom_col)
