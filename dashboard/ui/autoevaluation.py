"""The self-assessment page's views (pages/autoevaluation.py lays out the page): the theme scores, the actors by
level, the yearly series and the table by theme, in lazy tabs of which only the open one is drawn (issue 16, fast
pages: the levels, the series and the table were two charts and a table drawn on every arrival)."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from dashboard.artisanat.secrecy import SECRET_MARK
from dashboard.charts import ChartContext
from dashboard.charts.self_assessment import SCORE_DECIMALS, levels_figure, themes_radar_figure, yearly_figure
from dashboard.eit.self_assessment import MIN_RESPONDENTS, SelfAssessmentSummary
from dashboard.i18n import fmt_int, fmt_number, fmt_signed, parse_number, t, t_count
from dashboard.ui.cache import cached_drawn_figure
from dashboard.ui.charts import chart
from dashboard.ui.lazy import is_open, lazy_tabs

VIEWS_KEY = "sa.views"  # the open view's label in the session (dashboard.ui.lazy)


def score_text(value: float | None) -> str:
    return SECRET_MARK if value is None or math.isnan(value) else fmt_number(value, SCORE_DECIMALS)


def change_text(value: float | None) -> str:
    return SECRET_MARK if value is None or math.isnan(value) else fmt_signed(value, SCORE_DECIMALS)


def progress_text(mean_change: float) -> str:
    """'+1,5 point' but '+2,0 points' (French: plural from two), decided on the figure as shown: 1,96 shows as
    « +2,0 points ». The shown figure is read back from its text, so the choice follows fmt_number's rounding."""
    shown = parse_number(fmt_number(abs(mean_change), SCORE_DECIMALS))
    return t_count("sa.kpi.progress.value", float(shown), change=change_text(mean_change))


def show_views(summary: SelfAssessmentSummary, context: ChartContext) -> None:
    """Four tabs: the scores by theme (first, as they followed the cards before), the actors by level, the yearly
    series, the table by theme. One chart on arrival: the levels' bars beside the radar cost the browser a quarter
    of the page's time (the average card already names the territory's level)."""
    themes_tab, levels_tab, yearly_tab, table_tab = lazy_tabs(
        [t("sa.section.charts"), t("sa.section.levels"), t("sa.section.yearly"), t("sa.section.table")],
        key=VIEWS_KEY,
    )
    if is_open(themes_tab):
        with themes_tab:
            chart(cached_drawn_figure(themes_radar_figure, summary, context), "autoeval.themes")
    if is_open(levels_tab):
        with levels_tab:
            show_levels(summary, context)
    if is_open(yearly_tab):
        with yearly_tab:
            chart(cached_drawn_figure(yearly_figure, summary, context), "autoeval.yearly")
    if is_open(table_tab):
        with table_tab:
            show_table(summary)


def show_levels(summary: SelfAssessmentSummary, context: ChartContext) -> None:
    """The actors by level reached, and the levels' thresholds."""
    chart(cached_drawn_figure(levels_figure, summary, context), "autoeval.levels")
    if not summary.levels.empty:
        bands = ", ".join(
            t("sa.level.band", label=label_text, min=fmt_number(minimum, SCORE_DECIMALS))
            for minimum, label_text in summary.levels[["min_score", "label"]].itertuples(index=False)
        )
        st.caption(t("sa.levels.caption", levels=bands))


def show_table(summary: SelfAssessmentSummary) -> None:
    """Each theme's average score, first and latest answer of the actors who answered twice, and the change."""
    themes = summary.themes
    table = pd.DataFrame(
        {
            t("sa.col.theme"): themes["label"],
            t("sa.col.latest"): themes["latest"].map(score_text),
            t("sa.col.first"): themes["first"].map(score_text),
            t("sa.col.latest_repeat"): themes["latest_repeat"].map(score_text),
            t("sa.col.change"): themes["change"].map(change_text),
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    st.caption(t("sa.table.caption", count=fmt_int(summary.repeat_respondents), minimum=fmt_int(MIN_RESPONDENTS)))
