"""Chart of programmes compared on one comparable figure (key figures mapped onto common rows)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import NEUTRAL_GREY, OKABE_ITO, ChartContext, apply_layout
from dashboard.eit.programmes import ROW_DECIMALS, Comparison, ComparisonRow, short_name
from dashboard.i18n import fmt_number, t

BAR_COLOUR = OKABE_ITO[0]  # one figure, one colour: the programmes are told apart by their bar's label
ROW_HEIGHT_PX = 45  # per programme: a name and its value readable on a shared screen
BASE_HEIGHT_PX = 260  # title block (four lines), axis and the "not published" note


def comparison_figure(comparison: Comparison, row: ComparisonRow, context: ChartContext) -> go.Figure:
    """Horizontal bars of one comparable figure across programmes, largest first.

    Programmes that do not publish the figure get no bar (never a zero bar): they are named in a note below.
    """
    values: pd.Series = comparison.values.loc[row.value]
    published = values.dropna().sort_values()  # ascending: Plotly draws the first category at the bottom
    missing = [short_name(comparison.names[p]) for p in values.index if pd.isna(values[p])]
    decimals = ROW_DECIMALS.get(row, 0)
    fig = go.Figure()
    fig.add_bar(
        y=[short_name(comparison.names[p]) for p in published.index],
        x=published.to_numpy(),
        orientation="h",
        marker_color=BAR_COLOUR,
        text=[fmt_number(v, decimals) for v in published.to_numpy()],
        textposition="outside",
        cliponaxis=False,
        hovertemplate=f"%{{y}} : %{{x:,.{decimals}f}}<extra></extra>",
        showlegend=False,
    )
    if missing:
        fig.add_annotation(
            text=t("chart.comparison.missing", names=", ".join(missing)),
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            yshift=-60,
            showarrow=False,
            align="left",
            xanchor="left",
            font={"size": 12, "color": NEUTRAL_GREY},
        )
    fig.update_xaxes(tickformat=f",.{decimals}f", gridcolor="#E5E5E5", rangemode="tozero", automargin=True)
    fig.update_yaxes(automargin=True)
    title = t("chart.comparison.title", figure=t(f"programmes.row.{row.value}"))
    fig = apply_layout(fig, title, context, height=BASE_HEIGHT_PX + ROW_HEIGHT_PX * max(len(published), 1))
    fig.update_layout(margin={"b": 90 if missing else 40})
    return fig
