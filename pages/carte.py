"""Carte: the territory's companies and synergy links over its communes, and a commune choropleth (offline)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.auth import PermissionDenied
from dashboard.charts import ChartContext
from dashboard.charts.maps import ColourBy, commune_choropleth, companies_map
from dashboard.codes import FlowFamily
from dashboard.eit import maps
from dashboard.eit.maps import CommuneMeasure
from dashboard.geography.shapes import CommuneShapes, boundaries_source, commune_shapes
from dashboard.i18n import fmt_date, fmt_int, label, t
from dashboard.scope import Period
from dashboard.ui.auth import current_actor, may_read_companies, show_denied
from dashboard.ui.cache import cached, cached_figure
from dashboard.ui.charts import chart
from dashboard.ui.page import open_page
from dashboard.ui.plotly_config import MAP_PLOTLY_CONFIG
from dashboard.ui.text import md_escape

FRENCH_PLURAL_FROM = 2  # "1 entreprise", "2 entreprises"


def show_companies_map(
    companies: pd.DataFrame, shapes: CommuneShapes, context: ChartContext, territory_id: str, period: Period
) -> None:
    """The companies and synergy links (company-level: drawn only for an actor who may see them)."""
    colour_col, family_col, links_col, names_col = st.columns([2, 3, 1.3, 1.7], vertical_alignment="bottom")
    with colour_col:
        colour_by = st.radio(
            t("map.colour_by"),
            list(ColourBy),
            format_func=lambda code: t(f"map.colour_by.{ColourBy(code).value}"),
            horizontal=True,
            help=t("map.colour_by.help"),
            key="map.colour_by",
        )
    with family_col:
        recorded = {family for families in companies["flow_families"] for family in families}
        families = st.multiselect(
            t("map.family_filter"),
            [family for family in FlowFamily if family.value in recorded],
            format_func=label,
            placeholder=t("map.family_filter.placeholder"),
            key="map.families",
        )
    with links_col:
        show_links = st.toggle(t("map.show_links"), value=True, key="map.show_links")
    with names_col:
        show_names = st.toggle(t("map.show_names"), value=True, help=t("map.show_names.help"), key="map.show_names")

    if families:
        chosen = {family.value for family in families}
        shown = companies[[bool(chosen & set(recorded_families)) for recorded_families in companies["flow_families"]]]
    else:
        shown = companies
    links = cached(maps.synergy_links, territory_id, period, current_actor())

    count_key = "map.count.companies" if len(shown) >= FRENCH_PLURAL_FROM else "map.count.companies_one"
    parts = [t(count_key, count=fmt_int(len(shown)))]
    approximate = int(shown["approximate_location"].sum())
    if approximate:
        parts.append(t("map.count.approximate", count=fmt_int(approximate)))
    if show_links:
        parts.append(t("map.count.links", drawn=fmt_int(links.drawn)))
        if links.not_drawn:
            parts.append(t("map.count.links_not_drawn", count=fmt_int(links.not_drawn)))
    st.markdown(" · ".join(f"**{parts[0]}**" if i == 0 else part for i, part in enumerate(parts)))
    chart(
        cached_figure(
            companies_map,
            shown,
            shapes,
            links.segments,
            context,
            colour_by=ColourBy(colour_by),
            show_names=show_names,
            show_links=show_links,
        ),
        "map.companies",
        config=MAP_PLOTLY_CONFIG,
    )
    st.caption(t("map.companies.caption", date=fmt_date(period.end)))


page = open_page("map.empty_db")

territory, period = page.territory, page.period
info = page.info
shapes = cached(commune_shapes, territory.territory_id)
if shapes.bounds is None:
    st.warning(t("map.no_boundary"))

context = page.chart_context(
    t(
        "map.source",
        boundaries=cached(boundaries_source, territory.territory_id) or t("map.source.boundaries_unknown"),
    )
)

if not may_read_companies(territory.territory_id):
    show_denied(PermissionDenied(t("auth.denied.map")))  # a lecteur COPIL: the commune figures below only
else:
    companies = cached(maps.map_companies, territory.territory_id, period, current_actor())
    if companies.empty:
        st.info(t("map.no_company", territory=md_escape(territory.name)))
    else:
        show_companies_map(companies, shapes, context, territory.territory_id, period)

st.subheader(t("map.section.choropleth"))
measure = CommuneMeasure(
    st.selectbox(
        t("map.measure"),
        list(CommuneMeasure),
        format_func=lambda code: t(f"map.measure.{CommuneMeasure(code).value}"),
        key="map.measure",
    )
)
figures = cached(maps.commune_figures, territory.territory_id, period)
chart(cached_figure(commune_choropleth, figures, shapes, measure, context), "map.choropleth", config=MAP_PLOTLY_CONFIG)
measure_name = t(f"map.measure.{measure.value}")
total = fmt_int(int(figures[measure.value].sum()))
st.caption(t("map.choropleth.caption", date=fmt_date(period.end), total=total, measure=measure_name.lower()))
with st.expander(t("map.table")):
    table = pd.DataFrame(
        {
            t("map.col.commune"): figures["name"],
            **{t(f"map.measure.{m.value}"): figures[m.value].map(fmt_int) for m in CommuneMeasure},
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
