"""Accueil: headline figures of the selected territory and period, against their targets, with provenance."""

from __future__ import annotations

import streamlit as st

from dashboard.charts.home import synergy_status_figure, targets_figure
from dashboard.eit import metrics
from dashboard.eit.metrics import Headline
from dashboard.geography import territories
from dashboard.i18n import fmt_date, t
from dashboard.ui.cache import cached, cached_drawn_figure
from dashboard.ui.charts import chart
from dashboard.ui.kpi import STEERING_KEY, kpi_card
from dashboard.ui.navigation import page_link
from dashboard.ui.page import open_page
from dashboard.ui.text import md_escape

CARDS_PER_ROW = 3  # six cards in two rows: numbers stay large on a projector


def show_links() -> None:
    links = [
        ("pages/objectifs.py", "home.link.objectives", ":material/flag:"),
        ("pages/programmes.py", "home.link.programmes", ":material/hub:"),
        ("pages/conventions.py", "home.link.conventions", ":material/handshake:"),
        ("pages/donnees.py", "home.link.data", ":material/upload_file:"),
    ]
    for path, key, icon in links:
        page_link(path, t(key), icon)


page = open_page("home.empty_db")

territory, period = page.territory, page.period
summary = cached(metrics.home_summary, territory.territory_id, period)
if not summary.has_records:
    suggestion = cached(territories.get_territory, cached(territories.default_territory_id))
    if suggestion is not None and suggestion.territory_id != territory.territory_id:
        st.info(t("home.no_records", territory=md_escape(territory.name), suggestion=md_escape(suggestion.name)))
    else:
        st.info(t("home.no_records_no_suggestion", territory=md_escape(territory.name)))
    show_links()
    st.stop()

info = page.info
as_of = page.as_of
if as_of < period.end:
    st.caption(t("home.period_in_progress", date=fmt_date(as_of)))

st.subheader(t("home.section.figures"))
cards = [(summary.figures[headline], headline.value) for headline in Headline]
cards.append((summary.steering_meetings, STEERING_KEY))
for start in range(0, len(cards), CARDS_PER_ROW):
    for column, (figure, key) in zip(st.columns(CARDS_PER_ROW), cards[start : start + CARDS_PER_ROW], strict=False):
        with column:
            kpi_card(figure, as_of, key=key)
with st.expander(t("home.rule.title")):
    st.markdown(t("home.rule.body", start=fmt_date(period.start), end=fmt_date(period.end)))

st.subheader(t("home.section.charts"))
context = page.chart_context(t("home.source"))
left, right = st.columns(2)
with left:
    chart(cached_drawn_figure(synergy_status_figure, summary.synergies_by_status, context), "accueil.synergies")
with right:
    if any(figure.target is not None for figure in summary.figures.values()):
        chart(cached_drawn_figure(targets_figure, list(summary.figures.values()), context), "accueil.targets")
    else:
        st.info(t("home.no_target_chart"))

st.subheader(t("home.section.more"))
show_links()
