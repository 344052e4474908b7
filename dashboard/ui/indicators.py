"""Streamlit pieces shared by the "Objectifs et réalisations" page and the COPIL mode: cards, badges, charts
with a PNG download of the chart and its caption."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

import plotly.graph_objects as go
import streamlit as st

from dashboard.charts import ChartContext
from dashboard.charts.indicators import figure_png, fmt_value
from dashboard.codes import Provenance, ValueKind
from dashboard.eit import metrics
from dashboard.geography import territories
from dashboard.i18n import fmt_date, fmt_int, fmt_number, fmt_percent, label, t
from dashboard.indicators.values import IndicatorReport, IndicatorResult, ProgressStatus
from dashboard.scope import Period
from dashboard.ui.cache import cached
from dashboard.ui.plotly_config import PLOTLY_CONFIG

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


def milestones_text(result: IndicatorResult) -> str | None:
    """'Référence 2019 : 70 · Objectif 2020 : 80 · Objectif 2022 : 100', in the indicator's precision."""
    if not result.milestones:
        return None
    decimals = result.definition.decimals
    return " · ".join(
        t("ind.card.milestone", kind=t(f"ind.kind.{kind}"), year=year, value=fmt_number(value, decimals))
        for year, kind, value in result.milestones
        if kind in (ValueKind.REFERENCE.value, ValueKind.TARGET.value)
    )


def provenance_text(result: IndicatorResult) -> str:
    value = result.value
    if value is None:
        return t("ind.card.no_value")
    if value.provenance == Provenance.COMPUTED:
        key = "ind.card.computed_one" if value.record_count < 2 else "ind.card.computed"
        text = t(key, count=fmt_int(value.record_count), date=fmt_date(value.as_of))
        if value.basis_parts:
            parts = ", ".join(
                t("ind.card.part", value=fmt_number(v, result.definition.decimals), basis=label(Provenance(b)).lower())
                for b, v in value.basis_parts.items()
            )
            text += " " + t("ind.card.parts", parts=parts)
        return text
    return t(
        "ind.card.declared",
        provenance=label(value.provenance),
        source=value.source,
        date=fmt_date(value.as_of),
    )


def card_lines(result: IndicatorResult, as_of: dt.date, *, compact: bool = False) -> list[str]:
    """Milestones, share reached, expected value, target source (not in compact mode), provenance."""
    lines = []
    milestones = milestones_text(result)
    if milestones:
        lines.append(milestones)
    if result.target is not None:
        if result.achievement is not None:
            lines.append(
                t(
                    "ind.card.achievement",
                    share=fmt_percent(result.achievement),
                    year=result.target.year,
                    target=fmt_value(result.target.value, result.definition),
                )
            )
        if result.expected is not None and result.status != ProgressStatus.MET:
            lines.append(
                t(
                    "ind.card.expected",
                    date=fmt_date(as_of),
                    value=fmt_number(result.expected, result.definition.decimals),
                )
            )
        if not compact:
            lines.append(
                t(
                    "ind.card.target_source",
                    scope=result.target.scope_name,
                    source=result.target.source,
                    date=fmt_date(result.target.as_of),
                )
            )
    lines.append(provenance_text(result))
    return lines


def indicator_card(
    result: IndicatorResult, as_of: dt.date, *, compact: bool = False, label_class: str = "indicator-label"
) -> None:
    """A bordered card: label (wrapping, never cut), big value, status badge, progress, milestones, provenance."""
    with st.container(border=True):
        value = None if result.value is None else result.value.value
        label_html = f'<div class="{label_class}"><b>{html.escape(result.definition.label)}</b></div>'
        st.markdown(label_html, unsafe_allow_html=True, help=result.definition.definition)  # the "?" says what it is
        st.metric(
            result.definition.label,
            fmt_value(value, result.definition),
            help=result.definition.definition,
            label_visibility="collapsed",
        )
        st.markdown(status_heading(result.status) if compact else status_badge(result.status))
        if result.achievement is not None:
            st.progress(max(0.0, min(result.achievement, 1.0)))
        st.caption("  \n".join(card_lines(result, as_of, compact=compact)))


def chart_with_png(fig: go.Figure, key: str, file_name: str, render: Callable[[go.Figure], bytes] = figure_png) -> None:
    """The chart, then a button that downloads it as a PNG with its caption (rendered only when clicked)."""
    st.plotly_chart(fig, config=PLOTLY_CONFIG, theme=None, key=f"{key}.chart")
    st.download_button(
        t("ind.png.download"),
        data=lambda: render(fig),
        file_name=f"{file_name}.png",
        mime="image/png",
        key=f"{key}.png",
        on_click="ignore",
        icon=":material/download:",
    )


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
