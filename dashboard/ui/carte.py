"""Sections of the Carte page: the companies and synergy links, and the commune figures, one map drawn at a time.

Each map (an SVG map of the communes, dashboard.charts.maps) is most of the page's drawing time in the browser, so
the two maps sit in lazy tabs (dashboard.ui.lazy) and only the open one is run and sent. The maps' choices keep
their value while the other tab is open (`persist_state="page"`: Streamlit forgets an undrawn widget otherwise):
« Noms au survol » turned off before a COPIL must stay off.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.auth import PermissionDenied
from dashboard.charts import ChartContext
from dashboard.charts.maps import ColourBy, commune_choropleth, companies_map
from dashboard.eit import maps
from dashboard.eit.maps import CommuneMeasure
from dashboard.geography.shapes import CommuneShapes
from dashboard.i18n import fmt_date, fmt_int, t, t_count
from dashboard.scope import Period
from dashboard.ui.auth import current_actor, may_read_companies, show_denied
from dashboard.ui.cache import cached, cached_drawn_figure
from dashboard.ui.charts import chart
from dashboard.ui.lazy import is_open, lazy_expander, lazy_tabs
from dashboard.ui.plotly_config import MAP_PLOTLY_CONFIG
from dashboard.ui.text import md_escape
from dashboard.ui.widgets import flow_family_filter

SECTIONS_KEY = "map.sections"  # the open tab: the companies map or the commune figures
TABLE_KEY = "map.table.open"


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
            persist_state="page",
        )
    with family_col:
        recorded = {family for families in companies["flow_families"] for family in families}
        families = flow_family_filter("map.family_filter", recorded, key="map.families", persist_state="page")
    with links_col:
        show_links = st.toggle(t("map.show_links"), value=True, key="map.show_links", persist_state="page")
    with names_col:
        show_names = st.toggle(
            t("map.show_names"), value=True, help=t("map.show_names.help"), key="map.show_names", persist_state="page"
        )

    if families:
        chosen = {family.value for family in families}
        shown = companies[[bool(chosen & set(recorded_families)) for recorded_families in companies["flow_families"]]]
    else:
        shown = companies
    links = cached(maps.synergy_links, territory_id, period, current_actor())

    parts = [t_count("map.count.companies", len(shown), count=fmt_int(len(shown)))]
    approximate = int(shown["approximate_location"].sum())
    if approximate:
        parts.append(t("map.count.approximate", count=fmt_int(approximate)))
    if show_links:
        parts.append(t("map.count.links", drawn=fmt_int(links.drawn)))
        if links.not_drawn:
            parts.append(t("map.count.links_not_drawn", count=fmt_int(links.not_drawn)))
    st.markdown(" · ".join(f"**{parts[0]}**" if i == 0 else part for i, part in enumerate(parts)))
    chart(
        cached_drawn_figure(
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


def show_commune_figures(shapes: CommuneShapes, context: ChartContext, territory_id: str, period: Period) -> None:
    """One commune figure as a choropleth, its total, and the table of every figure by commune (on demand)."""
    measure = CommuneMeasure(
        st.selectbox(
            t("map.measure"),
            list(CommuneMeasure),
            format_func=lambda code: t(f"map.measure.{CommuneMeasure(code).value}"),
            key="map.measure",
            persist_state="page",
        )
    )
    figures = cached(maps.commune_figures, territory_id, period)
    chart(
        cached_drawn_figure(commune_choropleth, figures, shapes, measure, context),
        "map.choropleth",
        config=MAP_PLOTLY_CONFIG,
    )
    measure_name = t(f"map.measure.{measure.value}")
    total = fmt_int(int(figures[measure.value].sum()))
    st.caption(t("map.choropleth.caption", date=fmt_date(period.end), total=total, measure=measure_name.lower()))
    table = lazy_expander(t("map.table"), key=TABLE_KEY)  # a closed expander's table would still be drawn
    if is_open(table):
        with table:
            frame = pd.DataFrame(
                {
                    t("map.col.commune"): figures["name"],
                    **{t(f"map.measure.{m.value}"): figures[m.value].map(fmt_int) for m in CommuneMeasure},
                }
            )
            st.dataframe(frame, hide_index=True, width="stretch")


def show_map_sections(
    territory_name: str, shapes: CommuneShapes, context: ChartContext, territory_id: str, period: Period
) -> None:
    """The companies map and the commune figures in two lazy tabs; a reader without access to companies (a
    lecteur COPIL) gets the reason and the commune figures alone."""
    if not may_read_companies(territory_id):
        show_denied(PermissionDenied(t("auth.denied.map")))
        st.subheader(t("map.section.choropleth"))
        show_commune_figures(shapes, context, territory_id, period)
        return
    companies_tab, communes_tab = lazy_tabs([t("map.section.companies"), t("map.section.choropleth")], key=SECTIONS_KEY)
    if is_open(companies_tab):
        with companies_tab:
            companies = cached(maps.map_companies, territory_id, period, current_actor())
            if companies.empty:
                st.info(t("map.no_company", territory=md_escape(territory_name)))
            else:
                show_companies_map(companies, shapes, context, territory_id, period)
    if is_open(communes_tab):
        with communes_tab:
            show_commune_figures(shapes, context, territory_id, period)
