"""Observatoire de l'artisanat: territory profile, sector breakdown, series, commune map, comparison, ranking, and
the "who to visit" list handed to the diagnostics register. Every figure is masked by statistical secrecy."""

from __future__ import annotations

import streamlit as st

from dashboard.artisanat import statistics as artisanat
from dashboard.artisanat.formatting import family_label, measure_label
from dashboard.artisanat.secrecy import SECRECY_THRESHOLD
from dashboard.artisanat.statistics import FAMILIES, MEASURES, TOTAL
from dashboard.charts import ChartContext
from dashboard.i18n import t
from dashboard.ui.artisanat import (
    THRESHOLD_MAX,
    ArtisanView,
    comparison_drawn,
    show_comparison,
    show_families,
    show_map,
    show_profile,
    show_ranking,
    show_series,
    show_targeting,
    targeting_drawn,
)
from dashboard.ui.auth import refused_shown
from dashboard.ui.cache import cached
from dashboard.ui.lazy import is_open, lazy_tabs
from dashboard.ui.navigation import page_link
from dashboard.ui.page import open_page
from dashboard.ui.text import md_escape

# ---------------------------------------------------------------------------------------------- selection
page = open_page("artisanat.page.empty_db")

territory, period = page.territory, page.period
territory_id = territory.territory_id
years = cached(artisanat.stat_years, territory_id)
if not years:
    st.info(t("artisanat.page.no_stats", territory=md_escape(territory.name)))
    page_link("pages/donnees.py", t("home.link.data"), ":material/upload_file:")
    st.stop()
earlier = [y for y in years if y <= period.year]
year = earlier[-1] if earlier else years[0]
info = page.info
sources = cached(artisanat.stat_sources, territory_id)
source = t("artisanat.page.source", sources=" ; ".join(sources))

st.caption(t("artisanat.page.intro", source=source))
if year != period.year:
    st.caption(t("artisanat.page.year_note" if earlier else "artisanat.page.year_note_after", wanted=period.year,
                 shown=year))  # fmt: skip

measure_col, family_col, threshold_col = st.columns([2, 2, 1])
with measure_col:
    measure = st.selectbox(
        t("artisanat.page.measure"), list(MEASURES), format_func=measure_label, key="artisanat.measure"
    )
with family_col:
    family = st.selectbox(
        t("artisanat.page.family"), [TOTAL, *FAMILIES], format_func=family_label, key="artisanat.family"
    )
with threshold_col:
    threshold = int(
        st.number_input(
            t("artisanat.page.threshold"),
            min_value=1,
            max_value=THRESHOLD_MAX,
            value=SECRECY_THRESHOLD,
            step=1,
            help=t("artisanat.page.threshold.help"),
            key="artisanat.threshold",
        )
    )
secret_note = (
    t("artisanat.page.secret.none")
    if threshold <= 1
    else t("artisanat.secret.note", last=threshold - 1)
    + " "
    + t("artisanat.page.secret.threshold", threshold=threshold)
)


def context(period_text: str) -> ChartContext:
    return page.chart_context(source, period_text=period_text)


key = cached(artisanat.key_figures_read, territory_id, year, threshold)
# Only the open tab is drawn (a rerun when another is chosen): the map and three charts cost the browser more than
# the rest of the page for tabs nobody opened.
profile_tab, families_tab, series_tab, map_tab, comparison_tab, ranking_tab, targeting_tab = lazy_tabs(
    [
        t("artisanat.page.tab.profile"),
        t("artisanat.page.tab.families"),
        t("artisanat.page.tab.series"),
        t("artisanat.page.tab.map"),
        t("artisanat.page.tab.comparison"),
        t("artisanat.page.tab.ranking"),
        t("artisanat.page.tab.targeting"),
    ],
    key="artisanat.tab",
)

# ---------------------------------------------------------------------------------------------- profile

commune_labels = {"code": t("artisanat.page.table.code"), "name": t("artisanat.page.table.commune"),
                  "population": t("artisanat.page.table.population")}  # fmt: skip
communes = cached(artisanat.commune_table_read, territory_id, year, family, threshold)
view = ArtisanView(
    territory=territory,
    year=year,
    years=years,
    measure=measure,
    family=family,
    threshold=threshold,
    secret_note=secret_note,
    key=key,
    communes=communes,
    info=info,
    context=context,
    commune_labels=commune_labels,
)
if is_open(profile_tab):
    with profile_tab:
        show_profile(view)
if is_open(families_tab):
    with families_tab:
        show_families(view)
if is_open(series_tab):
    with series_tab:
        show_series(view)
if is_open(map_tab):
    with map_tab:
        show_map(view)
if comparison_drawn(comparison_tab):  # its choice of territories is kept while another tab is open
    with comparison_tab:
        show_comparison(view)
if is_open(ranking_tab):
    with ranking_tab:
        show_ranking(view)
if targeting_drawn(targeting_tab):  # criteria kept while another tab is open; the list is drawn when asked
    with targeting_tab, refused_shown():
        show_targeting(view)
