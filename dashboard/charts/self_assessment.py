"""Charts of the self-assessment page: scores per theme (first vs latest), actors per level, scores per year."""

from __future__ import annotations

import math
import textwrap
from typing import Any

import plotly.graph_objects as go

from dashboard.charts import NEUTRAL_GREY, OKABE_ITO, ChartContext, apply_layout
from dashboard.eit.self_assessment import MIN_RESPONDENTS, SCORE_MAX, SelfAssessmentSummary
from dashboard.i18n import fmt_int, fmt_number, t

SCORE_DECIMALS = 1  # "2,5/5", as the ASSETT prototype shows scores
LATEST_COLOUR = OKABE_ITO[0]  # blue: where the actors are now
FIRST_COLOUR = NEUTRAL_GREY  # grey: where they started, present but in the background
# Levels are ordered: one sequential hue (ColorBrewer Blues), light to dark, readable with any colour vision.
LEVEL_COLOURS: tuple[str, ...] = ("#9ECAE1", "#4292C6", "#2171B5", "#08306B")
WRAP_WIDTH = 20  # characters per line of a radar's theme label


def _empty(fig: go.Figure, message: str) -> go.Figure:
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper", font={"size": 18})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def _wrapped(text: str, width: int = WRAP_WIDTH) -> str:
    """Long theme names on two lines: a radar's side labels otherwise overflow a half-width column."""
    return "<br>".join(textwrap.wrap(text, width)) or text


def _closed(values: list[Any]) -> list[Any]:
    """A radar polygon closes on its first point."""
    return [*values, values[0]] if values else values


def themes_radar_figure(summary: SelfAssessmentSummary, context: ChartContext) -> go.Figure:
    """Mean score per theme (out of 5) of the actors' latest responses, with their first responses when known."""
    fig = go.Figure()
    title = t("sa.chart.radar.title")
    themes = summary.themes
    if summary.masked or themes["latest"].isna().all():
        return apply_layout(_empty(fig, t("sa.masked", minimum=fmt_int(MIN_RESPONDENTS))), title, context)
    labels = _closed([_wrapped(str(name)) for name in themes["label"]])
    if not summary.progress_masked:
        first = [float(v) for v in themes["first"].fillna(0.0)]
        fig.add_scatterpolar(
            r=_closed(first),
            theta=labels,
            name=t("sa.chart.first", count=fmt_int(summary.repeat_respondents)),
            line={"color": FIRST_COLOUR, "dash": "dot", "width": 2},
            hovertemplate="%{theta} : %{r:.1f}/5<extra></extra>",
        )
    latest = [float(v) for v in themes["latest"].fillna(0.0)]
    fig.add_scatterpolar(
        r=_closed(latest),
        theta=labels,
        name=t("sa.chart.latest", count=fmt_int(summary.respondents)),
        fill="toself",
        line={"color": LATEST_COLOUR, "width": 3},
        text=_closed([f"{fmt_number(v, SCORE_DECIMALS)}/5" for v in latest]),
        hovertemplate="%{theta} : %{text}<extra></extra>",
    )
    fig.update_layout(
        polar={
            "radialaxis": {"range": [0, SCORE_MAX], "dtick": 1, "tickformat": ".0f", "angle": 90, "tickangle": 90},
            "angularaxis": {"rotation": 90, "direction": "clockwise"},
            "domain": {"y": [0.12, 1]},  # room below for the bottom theme's two-line label above the legend
        }
    )
    return apply_layout(fig, title, context, height=480)


def levels_figure(summary: SelfAssessmentSummary, context: ChartContext) -> go.Figure:
    """Actors per level, by the average of their latest response."""
    fig = go.Figure()
    title = t("sa.chart.levels.title")
    if summary.masked or summary.levels.empty:
        return apply_layout(_empty(fig, t("sa.masked", minimum=fmt_int(MIN_RESPONDENTS))), title, context)
    levels = summary.levels
    # horizontal bars: level names stay readable, lowest level on top as in a reading order
    fig.add_bar(
        y=list(levels["label"]),
        x=[int(v) for v in levels["actors"]],
        orientation="h",
        marker_color=[LEVEL_COLOURS[min(i, len(LEVEL_COLOURS) - 1)] for i in range(len(levels))],
        text=[fmt_int(v) for v in levels["actors"]],
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{y} : %{x:,d}<extra></extra>",
        showlegend=False,
    )
    most = int(levels["actors"].max()) if len(levels) else 0
    fig.update_xaxes(rangemode="tozero", gridcolor="#E5E5E5", tickformat=",d", dtick=1 if most <= 5 else None)
    fig.update_yaxes(autorange="reversed", automargin=True)
    return apply_layout(fig, title, context)


def yearly_figure(summary: SelfAssessmentSummary, context: ChartContext) -> go.Figure:
    """Mean score per theme of the responses submitted each year (years with too few actors left out)."""
    fig = go.Figure()
    title = t("sa.chart.yearly.title")
    yearly = summary.yearly
    if yearly.empty:
        return apply_layout(_empty(fig, t("sa.masked", minimum=fmt_int(MIN_RESPONDENTS))), title, context)
    for index, (theme_label, rows) in enumerate(yearly.groupby("label", sort=False)):
        fig.add_scatter(
            x=[str(year) for year in rows["year"]],
            y=list(rows["score"]),
            name=str(theme_label),
            mode="lines+markers",
            line={"color": OKABE_ITO[index % len(OKABE_ITO)], "width": 3},
            customdata=[fmt_int(n) for n in rows["respondents"]],
            hovertemplate=t("sa.chart.yearly.hover") + f"<extra>{theme_label}</extra>",
        )
    top = max(SCORE_MAX, math.ceil(float(yearly["score"].max())))
    fig.update_yaxes(range=[0, top], dtick=1, gridcolor="#E5E5E5", title=t("sa.chart.yearly.axis"), automargin=True)
    fig.update_xaxes(type="category")
    return apply_layout(fig, title, context)
