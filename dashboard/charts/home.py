"""Charts of the home page: realisation against targets, synergies by status."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from dashboard.charts import NEUTRAL_GREY, OKABE_ITO, ChartContext, apply_layout
from dashboard.codes import SYNERGY_PIPELINE, SynergyStatus
from dashboard.eit.metrics import HeadlineFigure
from dashboard.i18n import fmt_int, fmt_percent, label, t

# One colour per status, in pipeline order, abandoned last in vermillion (read as "stopped").
STATUS_COLOURS: dict[SynergyStatus, str] = {
    SynergyStatus.IDENTIFIED: OKABE_ITO[4],
    SynergyStatus.IN_STUDY: OKABE_ITO[0],
    SynergyStatus.IN_PROGRESS: OKABE_ITO[1],
    SynergyStatus.REALISED: OKABE_ITO[2],
    SynergyStatus.ABANDONED: OKABE_ITO[3],
}
STATUS_ORDER: tuple[SynergyStatus, ...] = (*SYNERGY_PIPELINE, SynergyStatus.ABANDONED)
REACHED_COLOUR = OKABE_ITO[2]  # bluish green: target reached
BEHIND_COLOUR = OKABE_ITO[1]  # orange: not reached yet (no red/green pair, unreadable for many)
FULL_TARGET = 1.0  # 100 % of the target: the reference line
TARGETS_BASE_HEIGHT = 250  # title block and axis, in pixels
TARGETS_ROW_HEIGHT = 70  # one two-line bar label per headline figure
PERCENT = 100  # shares are drawn in percent so that ticks read "50 %" (French spacing)


def _empty(fig: go.Figure, message: str) -> go.Figure:
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper", font={"size": 18})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def synergy_status_figure(counts: Mapping[SynergyStatus, int], context: ChartContext) -> go.Figure:
    """Bars of synergies by status as of the period end, pipeline order then abandoned."""
    fig = go.Figure()
    values = [int(counts.get(status, 0)) for status in STATUS_ORDER]
    if sum(values) == 0:
        return apply_layout(_empty(fig, t("chart.no_synergy")), t("chart.synergies.title"), context)
    fig.add_bar(
        x=[label(status) for status in STATUS_ORDER],
        y=values,
        marker_color=[STATUS_COLOURS[status] for status in STATUS_ORDER],
        text=[fmt_int(v) for v in values],
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{x} : %{y:,d}<extra></extra>",
        showlegend=False,
    )
    # whole-number ticks only: with a handful of synergies Plotly would otherwise tick 0,5 steps
    # automargin: the margin grows to the widest tick label ("20" was cut to "0" by the 10-pixel left margin)
    fig.update_yaxes(rangemode="tozero", gridcolor="#E5E5E5", tickformat=",d", dtick=1 if max(values) <= 5 else None,
                     automargin=True, ticksuffix="\u00a0")  # fmt: skip
    return apply_layout(fig, t("chart.synergies.title"), context)


def targets_figure(figures: Sequence[HeadlineFigure], context: ChartContext) -> go.Figure:
    """Share of each target reached (horizontal bars, a line at 100 %), for figures that have a target."""
    fig = go.Figure()
    with_target = [f for f in figures if f.achievement is not None and f.target is not None]
    if not with_target:
        return apply_layout(_empty(fig, t("chart.no_target")), t("chart.targets.title"), context)
    names = [
        t(
            "chart.targets.row",
            name=t(f"home.kpi.{f.headline.value}"),
            year=f.target.year,
            target=fmt_int(f.target.value),
        )
        for f in with_target
        if f.target is not None
    ]
    shares = [f.achievement or 0.0 for f in with_target]
    fig.add_bar(
        y=names,
        x=[PERCENT * share for share in shares],  # in percent: the French "12 %" needs a suffix, not ".0%"
        orientation="h",
        marker_color=[REACHED_COLOUR if share >= FULL_TARGET else BEHIND_COLOUR for share in shares],
        text=[
            t("chart.targets.bar_text", share=fmt_percent(share), done=fmt_int(f.cumulative))
            for share, f in zip(shares, with_target, strict=True)
        ],
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{y} : %{x:,.0f}\u00a0%<extra></extra>",
        showlegend=False,
    )
    fig.add_vline(x=PERCENT * FULL_TARGET, line_dash="dash", line_color=NEUTRAL_GREY)
    fig.update_xaxes(
        tickformat=",d",
        ticksuffix="\u00a0%",
        range=[0, PERCENT * max(1.2, max(shares) * 1.3)],  # room for the text beyond the bar and the 100 % line
        gridcolor="#E5E5E5",
        title_text=t("chart.targets.x"),
    )
    fig.update_yaxes(autorange="reversed", automargin=True)  # the first figure on top, as on the page
    return apply_layout(
        fig, t("chart.targets.title"), context, height=TARGETS_BASE_HEIGHT + TARGETS_ROW_HEIGHT * len(with_target)
    )
