"""Charts of funding plans and conventions."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import NEUTRAL_GREY, OKABE_ITO, ChartContext, apply_layout
from dashboard.conventions import ConventionStatus
from dashboard.i18n import fmt_eur, fmt_int, t

DONE_COLOUR = OKABE_ITO[2]  # bluish green: what was done
COMMITTED_COLOUR = NEUTRAL_GREY  # the commitment, as a reference


def funding_by_year_figure(by_year: pd.DataFrame, context: ChartContext) -> go.Figure:
    """Stacked bars: amount per year, one colour per funder (in the source's order)."""
    fig = go.Figure()
    years = sorted(by_year["year"].unique())
    for index, funder in enumerate(dict.fromkeys(by_year["funder_label"])):
        own = by_year[by_year["funder_label"] == funder].set_index("year")["amount_eur"]
        values = [float(own.get(year, 0.0)) for year in years]
        fig.add_bar(
            x=[str(y) for y in years],
            y=values,
            name=funder if len(funder) <= 40 else funder[:38] + "…",
            marker_color=OKABE_ITO[index % len(OKABE_ITO)],
            hovertemplate=f"{funder}<br>%{{x}} : %{{y:,.0f}} €<extra></extra>",
        )
    totals = by_year.groupby("year")["amount_eur"].sum()
    fig.add_scatter(
        x=[str(y) for y in years],
        y=[float(totals[y]) for y in years],
        mode="text",
        text=[fmt_eur(totals[y]) for y in years],
        textposition="top center",
        showlegend=False,
        hoverinfo="skip",
    )
    fig.update_layout(barmode="stack", legend={"orientation": "h", "y": -0.2})
    fig.update_yaxes(tickformat=",.0f", ticksuffix=" €", gridcolor="#E5E5E5", rangemode="tozero")
    return apply_layout(fig, t("chart.funding.title"), context, height=520)


def convention_figure(status: ConventionStatus, context: ChartContext) -> go.Figure:
    """Per action: share of the commitment done (bars, 100 % line), the amount due written on each bar."""
    fig = go.Figure()
    labels = [f"{a.label[:45]}…" if len(a.label) > 46 else a.label for a in status.actions]
    shares = [a.share * 100 for a in status.actions]
    texts = [
        t(
            "chart.convention.bar",
            done="?" if a.realised is None else fmt_int(a.realised),
            committed=fmt_int(a.committed),
            unit=a.unit,
            due=fmt_eur(a.amount_due),
            flat=fmt_eur(a.flat_amount),
        )
        for a in status.actions
    ]
    fig.add_bar(
        y=labels,
        x=shares,
        orientation="h",
        marker_color=[DONE_COLOUR if a.realised is not None else COMMITTED_COLOUR for a in status.actions],
        text=texts,
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{y} : %{x:.0f} %<extra></extra>",
        showlegend=False,
    )
    fig.add_vline(x=100, line_dash="dot", line_color=NEUTRAL_GREY)
    fig.update_xaxes(range=[0, 160], ticksuffix=" %", gridcolor="#E5E5E5", tickvals=[0, 25, 50, 75, 100])
    fig.update_yaxes(autorange="reversed", automargin=True)  # room for the action labels
    title = t("chart.convention.title", due=fmt_eur(status.amount_due), ceiling=fmt_eur(status.ceiling))
    return apply_layout(fig, title, context, height=200 + 80 * len(status.actions))
