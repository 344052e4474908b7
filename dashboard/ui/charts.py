"""The one way a page draws a Plotly chart: the figure, then "Télécharger en PNG" (the figure with its caption:
title, territory, period, source, "données au", demo flag) under a French file name saying what, where and
when, e.g. `synergies-par-statut_ca-territoires-vendomois_2026-T3.png`. Plotly's own modebar (English
tooltips) is hidden by the shared config."""

from __future__ import annotations

import re
from collections.abc import Callable

import plotly.graph_objects as go
import streamlit as st

from dashboard.charts.browser import browser_tree
from dashboard.charts.indicators import figure_png
from dashboard.i18n import t
from dashboard.report.naming import file_stem
from dashboard.ui.cache import DrawnFigure
from dashboard.ui.plotly_config import PLOTLY_CONFIG
from dashboard.ui.sidebar import current_selection


def chart_name(fig: go.Figure) -> str:
    """The chart's own title (its bold first line, markup removed): what the chart shows, in French."""
    text = str(fig.layout.title.text or "")
    first = text.split("<br>", 1)[0]
    return re.sub(r"<[^>]+>", "", first).strip()


def chart(
    fig: go.Figure,
    key: str,
    what: str | None = None,
    *,
    place: str | None = None,
    config: dict[str, object] = PLOTLY_CONFIG,
    render: Callable[[go.Figure], bytes] = figure_png,
) -> None:
    """Draw `fig` and its PNG download (rendered only when clicked). `what` names the chart in French (the
    file name's first part; the chart's title by default); `place` defaults to the sidebar's territory.
    A cached figure (`cached_drawn_figure`) is sent as cached; any other is made ready for the browser here."""
    drawn = fig if isinstance(fig, DrawnFigure) else DrawnFigure(browser_tree(fig))
    selection = current_selection()
    if place is None:
        place = selection.territory.name if selection.territory is not None else ""
    st.plotly_chart(drawn, config=config, theme=None, key=f"{key}.chart")
    st.download_button(
        t("ind.png.download"),
        data=lambda: render(drawn.figure()),
        file_name=f"{file_stem(what or chart_name(drawn), place, selection.period)}.png",
        mime="image/png",
        key=f"{key}.png",
        on_click="ignore",
        icon=":material/download:",
    )
