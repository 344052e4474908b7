"""Chart of the programmes compared on one figure."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import NEUTRAL_GREY, OKABE_ITO, ChartContext, apply_layout
from dashboard.i18n import t


def comparison_figure(
    values: pd.Series, names: dict[str, str], title: str, context: ChartContext, decimals: int = 0
) -> go.Figure:
    """Horizontal bars of one figure across programmes; programmes that do not publish it are listed apart."""
    published = values.dropna().sort_values()
    missing = [names[p] for p in values.index if pd.isna(values[p])]
    fig = go.Figure()
    fig.add_bar(
        y=[names[p] for p in published.index],
        x=published.to_numpy(),
        orientation="h",
        marker_color=OKABE_ITO[0],
        text=[f"{v:,.{decimals}f}" for v in published.to_numpy()],
        texttemplate=f"%{{x:,.{decimals}f}}",
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
            y=-0.18,
            showarrow=False,
            align="left",
            font={"size": 12, "color": NEUTRAL_GREY},
        )
    fig.update_xaxes(tickformat=f",.{decimals}f", gridcolor="#E5E5E5", rangemode="tozero")
    return apply_layout(fig, title, context, height=220 + 45 * max(len(published), 1))
