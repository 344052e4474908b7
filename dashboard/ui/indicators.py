"""Streamlit pieces shared by the "Objectifs et réalisations" page and the COPIL mode: cards, badges, charts
with a PNG download of the chart and its caption."""

from __future__ import annotations

import datetime as dt
import html

import plotly.graph_objects as go
import streamlit as st

from dashboard.charts import ChartContext
from dashboard.charts.indicators import fmt_value
from dashboard.eit import metrics
from dashboard.geography import territories
from dashboard.i18n import t
from dashboard.indicators.values import IndicatorReport, IndicatorResult, ProgressStatus
from dashboard.indicators.wording import card_lines, milestones_text, provenance_text  # noqa: F401 (page API)
from dashboard.scope import Period
from dashboard.ui.cache import cached
from dashboard.ui.charts import chart

# Streamlit badge colour and icon per status; the word is always written, colour is never the only cue.
_BADGES: dict[ProgressStatus, tuple[str, str]] = {
    ProgressStatus.MET: ("green", ":material/check_circle:"),
    ProgressStatus.ON_TRACK: ("blue", ":material/trending_up:"),
    ProgressStatus.LATE: ("orange", ":material/schedule:"),
    ProgressStatus.NO_TARGET: ("gray", ":material/remove:"),
    ProgressStatus.NO_VALUE: ("gray", ":material/help:"),
}


def status_badge(status: ProgressStatus) -> str:
    colour, icon = _BADGES[status]
    return f":{colour}-badge[{icon} {t(f'ind.status.{status.value}')}]"


def status_heading(status: ProgressStatus) -> str:
    """The status as a coloured heading, legible from the back of a room (COPIL mode)."""
    colour, icon = _BADGES[status]
    return f"#### :{colour}[{icon} {t(f'ind.status.{status.value}')}]"


def indicator_card(
    result: IndicatorResult, as_of: dt.date, *, compact: bool = False, label_class: str = "indicator-label"
) -> None:
    """A bordered card: label (wrapping, never cut), big value, status badge, progress, milestones, provenance."""
    with st.container(border=True):
        value = None if result.value is None else result.value.value
        label_html = f'<div class="{label_class}"><b>{html.escape(result.definition.label)}</b></div>'
        st.markdown(label_html, unsafe_allow_html=True, help=result.definition.definition)  # the "?" says what it is
        # No help on the metric: its label is collapsed, so its "?" was never shown, yet each card's browser built it.
        st.metric(result.definition.label, fmt_value(value, result.definition), label_visibility="collapsed")
        st.markdown(status_heading(result.status) if compact else status_badge(result.status))
        if result.achievement is not None:
            st.progress(max(0.0, min(result.achievement, 1.0)))
        st.caption("  \n".join(card_lines(result, as_of, compact=compact)))


def chart_with_png(fig: go.Figure, key: str, what: str, *, place: str | None = None) -> None:
    """The chart and its PNG download with its caption (`dashboard.ui.charts.chart`)."""
    chart(fig, key, what, place=place)


def report_chart_context(report: IndicatorReport, period: Period) -> tuple[metrics.DatasetInfo, ChartContext]:
    """The dataset facts and the chart caption (scope, period, source, data date, demo) of an indicator report."""
    info = cached(metrics.dataset_info)
    is_demo = info.is_demo_dataset or cached(metrics.demo_rows_in_scope, report.scope.key)
    context = ChartContext(
        territory=report.scope.name,
        period=territories.period_label(period),
        source=t("obj.chart_source"),
        data_as_of=info.data_as_of,
        is_demo=is_demo,
    )
    return info, context
