"""Charts of funding plans (by funder and year) and of a convention's realisation (pro rata amount due)."""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.charts import NEUTRAL_GREY, OKABE_ITO, ChartContext, apply_layout
from dashboard.codes import FundingStatus
from dashboard.eit.conventions import ConventionStatus, RealisationBasis
from dashboard.eit.funding import FundingPlan, by_year_and_funder, totals_by_year
from dashboard.i18n import fmt_eur, fmt_number, fmt_percent, label, t

DONE_COLOUR = OKABE_ITO[2]  # bluish green: what was done / is due
COMMITTED_COLOUR = "#D9D9D9"  # light grey: the commitment, a backdrop the realisation is read against
UNALLOCATED_PATTERN = "/"  # hatched grey: money not yet split between funders is not a funder
LEGEND_MAX_CHARS = 40  # longer funder labels are cut in the legend (the full label is in the hover and table)
COMPLETION_TICKS = (0, 25, 50, 75, 100)  # percent of the commitment; no tick beyond 100 (over-realisation shows)
COMPLETION_AXIS_MAX = 200  # room right of the bars for their "3 / 5 entreprises · 1 500 € sur 2 500 €" labels
ACTION_LABEL_MAX_CHARS = 45  # action labels on the y axis stay on one line in a half-width column


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def funding_by_year_figure(plan: FundingPlan, context: ChartContext) -> go.Figure:
    """Stacked bars: amount of the period lines per year, one colour per funder (the source's order)."""
    long = by_year_and_funder(plan)
    years = sorted(long["year"].unique())
    fig = go.Figure()
    colour_index = 0
    for funder in dict.fromkeys(long["funder_label"]):
        own = long[long["funder_label"] == funder]
        status = FundingStatus(own["status"].iloc[0])
        by_year = own.groupby("year")["amount_eur"].sum()
        name = _cut(funder, LEGEND_MAX_CHARS)
        if status != FundingStatus.SECURED:
            name = f"{name} ({label(status).lower()})"
        if status == FundingStatus.TO_ALLOCATE:
            marker = {
                "color": NEUTRAL_GREY,
                "pattern": {"shape": UNALLOCATED_PATTERN, "fgcolor": "white", "fillmode": "overlay"},
            }
        else:
            marker = {"color": OKABE_ITO[colour_index % len(OKABE_ITO)]}
            colour_index += 1
        fig.add_bar(
            x=[str(year) for year in years],
            y=[float(by_year.get(year, 0.0)) for year in years],
            name=name,
            marker=marker,
            customdata=[funder] * len(years),
            hovertemplate="%{customdata}<br>%{x} : %{y:,.0f} €<extra></extra>",
        )
    totals = totals_by_year(plan).set_index("year")["amount_eur"]
    fig.add_scatter(
        x=[str(year) for year in years],
        y=[float(totals[year]) for year in years],
        mode="text",
        text=[fmt_eur(totals[year]) for year in years],
        textposition="top center",
        showlegend=False,
        hoverinfo="skip",
        cliponaxis=False,
    )
    fig.update_xaxes(type="category")
    fig.update_yaxes(tickformat=",.0f", ticksuffix="\u00a0€", gridcolor="#E5E5E5", rangemode="tozero", automargin=True)
    fig = apply_layout(fig, t("chart.funding.title"), context, height=560)
    # legend in the source's order (Plotly reverses it for stacked bars by default)
    fig.update_layout(barmode="stack", legend={"traceorder": "normal"})
    return fig


def convention_figure(status: ConventionStatus, context: ChartContext) -> go.Figure:
    """Top: per action, share of the commitment done (100 % = committed). Bottom: amount due vs the ceiling."""
    actions = status.actions
    labels = [_cut(action.label, ACTION_LABEL_MAX_CHARS) for action in actions]
    fig = make_subplots(
        rows=2,
        cols=1,
        row_heights=[0.7, 0.3],
        vertical_spacing=0.22,
        subplot_titles=(t("chart.convention.realisation"), t("chart.convention.amounts")),
    )
    fig.add_bar(
        y=labels,
        x=[100.0] * len(actions),
        orientation="h",
        marker_color=COMMITTED_COLOUR,
        name=t("chart.convention.committed"),
        customdata=[f"{fmt_number(a.committed)} {a.unit}" for a in actions],
        hovertemplate="%{y}<br>" + t("chart.convention.committed") + " : %{customdata}<extra></extra>",
        row=1,
        col=1,
    )
    fig.add_bar(
        y=labels,
        x=[0.0 if a.completion is None else a.completion * 100 for a in actions],
        orientation="h",
        marker_color=DONE_COLOUR,
        name=t("chart.convention.realised"),
        text=[
            t(
                "chart.convention.bar",
                done=t("chart.convention.to_declare")
                if a.basis == RealisationBasis.TO_DECLARE
                else fmt_number(a.realised, 0 if float(a.realised or 0).is_integer() else 1),
                committed=fmt_number(a.committed),
                unit=a.unit,
                due=fmt_eur(a.amount_due(status.payment_rule)),
                flat=fmt_eur(a.flat_amount),
            )
            for a in actions
        ],
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{y} : %{x:.0f} %<extra></extra>",
        row=1,
        col=1,
    )
    fig.update_xaxes(
        range=[0, COMPLETION_AXIS_MAX],
        tickvals=COMPLETION_TICKS,
        ticktext=[fmt_percent(tick / 100) for tick in COMPLETION_TICKS],
        gridcolor="#E5E5E5",
        row=1,
        col=1,
    )
    fig.update_yaxes(autorange="reversed", automargin=True, row=1, col=1)

    amounts_label = [t("chart.convention.due_label")]
    fig.add_bar(
        y=amounts_label,
        x=[status.amount_due],
        orientation="h",
        marker_color=DONE_COLOUR,
        text=[fmt_eur(status.amount_due)],
        textposition="inside",
        showlegend=False,
        hovertemplate=t("chart.convention.due_label") + " : %{x:,.0f} €<extra></extra>",
        row=2,
        col=1,
    )
    fig.add_vline(x=status.ceiling, line_dash="dot", line_color="#1A1A1A", row=2, col=1)
    fig.add_annotation(
        x=status.ceiling,
        y=1,
        xref="x2",
        yref="y2 domain",
        text=t("chart.convention.ceiling", ceiling=fmt_eur(status.ceiling)),
        showarrow=False,
        xanchor="right",
        yanchor="bottom",
        font={"size": 13},
    )
    fig.update_xaxes(
        range=[0, max(status.ceiling, status.committed_total) * 1.05],
        tickformat=",.0f",
        ticksuffix="\u00a0€",
        gridcolor="#E5E5E5",
        row=2,
        col=1,
    )
    fig.update_yaxes(automargin=True, row=2, col=1)
    fig.update_layout(barmode="overlay", bargap=0.35)
    title = t(
        "chart.convention.title",
        due=fmt_eur(status.amount_due),
        ceiling=fmt_eur(status.ceiling),
        share=fmt_percent(status.amount_due / status.ceiling if status.ceiling else None),
    )
    return apply_layout(fig, title, context, height=300 + 70 * len(actions) + 120)
