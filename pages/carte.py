"""Carte: the territory's companies and synergy links over its communes, and a commune choropleth (offline).

The sections live in dashboard.ui.carte (one map drawn at a time, in lazy tabs)."""

from __future__ import annotations

import streamlit as st

from dashboard.geography.shapes import boundaries_source, commune_shapes
from dashboard.i18n import t
from dashboard.ui.cache import cached
from dashboard.ui.carte import show_map_sections
from dashboard.ui.page import open_page

page = open_page("map.empty_db")

territory, period = page.territory, page.period
shapes = cached(commune_shapes, territory.territory_id)
if shapes.bounds is None:
    st.warning(t("map.no_boundary"))

context = page.chart_context(
    t(
        "map.source",
        boundaries=cached(boundaries_source, territory.territory_id) or t("map.source.boundaries_unknown"),
    )
)
show_map_sections(territory.name, shapes, context, territory.territory_id, period)
