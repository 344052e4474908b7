"""Headline-figure cards: a big number, its share of the target, and where it comes from."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard.eit.metrics import HeadlineFigure
from dashboard.i18n import fmt_date, fmt_int, fmt_percent, t, t_count

# The card of COPIL/COTECH meetings reuses HeadlineFigure under its own message keys.
STEERING_KEY = "steering_meetings"


def caption_lines(figure: HeadlineFigure, as_of: dt.date, key: str | None = None) -> list[str]:
    """The French lines under a headline number: part in the period, target, reference, provenance."""
    key = key or figure.headline.value
    lines = [t("home.kpi.in_period", value=fmt_int(figure.in_period))]
    if figure.target is not None:
        share = figure.achievement
        if share is not None:
            lines.append(
                t(
                    "home.kpi.target",
                    year=figure.target.year,
                    value=fmt_int(figure.target.value),
                    scope=figure.target.scope_name,
                    share=fmt_percent(share),
                )
            )
        else:
            lines.append(
                t(
                    "home.kpi.target_no_share",
                    year=figure.target.year,
                    value=fmt_int(figure.target.value),
                    scope=figure.target.scope_name,
                )
            )
    elif key != STEERING_KEY:
        lines.append(t("home.kpi.no_target"))
    if figure.reference is not None:
        lines.append(t("home.kpi.reference", year=figure.reference.year, value=fmt_int(figure.reference.value)))
    lines.append(
        t_count(
            "home.kpi.source",
            figure.record_count,
            count=fmt_int(figure.record_count),
            records=t(f"home.records.{key}"),
            date=fmt_date(as_of),
        )
    )
    if figure.undated:
        lines.append(t("home.kpi.undated", count=fmt_int(figure.undated)))
    if figure.target is not None:
        lines.append(t("home.kpi.target_source", source=figure.target.source, date=fmt_date(figure.target.as_of)))
    return lines


def kpi_card(figure: HeadlineFigure, as_of: dt.date, key: str | None = None) -> None:
    """One bordered card: label, big cumulative number, progress towards the target, caption lines."""
    key = key or figure.headline.value
    with st.container(border=True):
        st.metric(t(f"home.kpi.{key}"), fmt_int(figure.cumulative), help=t(f"home.kpi.help.{key}"))
        if figure.achievement is not None:
            st.progress(min(figure.achievement, 1.0))
        st.caption("  \n".join(caption_lines(figure, as_of, key)))
