"""Plotly figure builders (pure: no Streamlit), with what every chart shares.

Every chart must stand alone when cut out of the page (quarterly reports are made of screenshots): its title
says what, where and when, and a subtitle gives the source and "données au JJ/MM/AAAA" (`ChartContext`).
Numbers use French separators (`PLOTLY_SEPARATORS`) and colours come from a colour-blind-safe palette.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import plotly.graph_objects as go

from dashboard.i18n import PLOTLY_SEPARATORS, fmt_date, t

# Okabe–Ito palette: distinguishable under the common colour-vision deficiencies, and in greyscale by lightness.
OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#56B4E9",  # sky blue
    "#CC79A7",  # reddish purple
    "#F0E442",  # yellow
    "#000000",  # black
)
NEUTRAL_GREY = "#8C8C8C"  # targets and "not yet" marks: present but not competing with the data colours
FONT_FAMILY = "Source Sans Pro, Arial, sans-serif"  # Streamlit's own font, with common fall-backs
BASE_FONT_SIZE = 16  # legible on a shared screen from the back of a meeting room
TITLE_MARGIN_TOP = 20  # the title's own room is added by Plotly (title.automargin)
TITLE_PAD_BOTTOM = 24  # space between the title block and the plot (bar labels sit above the bars)
PLACE_LINE_CHARS = 48  # territory + period characters that fit on one title line of a half-width chart
SOURCE_FONT_SIZE = 12  # the source line is read on the screenshot, not from the back of the room
TITLE_TOP_PX = 30  # room above a fixed title block (`fixed_title_room`: its first line is drawn below this)
TITLE_LINE_PX = 28  # one line of a title block, title and source lines alike (measured at 1920x1080)


@dataclass(frozen=True)
class ChartContext:
    """What makes a screenshot self-explanatory: territory, period, source and data date."""

    territory: str
    period: str
    source: str
    data_as_of: dt.date | None
    is_demo: bool = False

    def source_lines(self) -> tuple[str, str]:
        """('Source : …', 'données au … · données de démonstration (fictives)')."""
        as_of = (
            t("chart.data_as_of", date=fmt_date(self.data_as_of))
            if self.data_as_of is not None
            else t("chart.data_as_of_unknown")
        )
        return t("chart.source", source=self.source), " · ".join([as_of, t("chart.demo")] if self.is_demo else [as_of])


def apply_layout(fig: go.Figure, title: str, context: ChartContext, *, height: int = 440) -> go.Figure:
    """Title lines: what; territory and period; source; data date. French separators, readable fonts.

    Plotly does not wrap titles, so each part gets its own line to fit a half-width column.
    """
    source, as_of = context.source_lines()
    small = f"<span style='font-size:{SOURCE_FONT_SIZE}px'>"
    # A long territory name and its period would overflow a half-width column: the period then gets its own line.
    separator = "<br>" if len(context.territory) + len(context.period) > PLACE_LINE_CHARS else " · "
    fig.update_layout(
        title={
            "text": (
                f"<b>{title}</b><br>{context.territory}{separator}{context.period}"
                f"<br>{small}{source}</span><br>{small}{as_of}</span>"
            ),
            "x": 0,
            "xanchor": "left",
            # above the plot area, with room reserved by Plotly (a "top"-anchored multi-line title gets clipped)
            "yref": "paper",
            "y": 1,
            "yanchor": "bottom",
            "automargin": True,
            "pad": {"b": TITLE_PAD_BOTTOM},
        },
        separators=PLOTLY_SEPARATORS,
        font={"family": FONT_FAMILY, "size": BASE_FONT_SIZE, "color": "#1A1A1A"},
        colorway=list(OKABE_ITO),
        height=height,
        margin={"t": TITLE_MARGIN_TOP, "l": 10, "r": 30, "b": 40, "autoexpand": True},
        paper_bgcolor="white",
        plot_bgcolor="white",
        legend={"orientation": "h", "y": -0.15, "x": 0},
    )
    # No Plotly template: the look is all written here. plotly.py gives each figure its default template (Streamlit's
    # in the app, its own elsewhere, so a PNG made by the command line looked otherwise), and a template makes the
    # browser draw every chart twice (dashboard.charts.browser). Of Streamlit's template our charts showed scatter
    # markers without an outline (kept below) and the Sankey's label colour (now the font's, on screen and in PNG).
    fig.layout.template = None
    for trace in fig.select_traces({"type": "scatter"}):
        if trace.marker.line.width is None:
            trace.marker.line.width = 0
    return fig


def fixed_title_room(fig: go.Figure, *, below_px: int = 0) -> go.Figure:
    """Give the title block a fixed room at the top instead of Plotly's automargin, for charts without axes that
    Plotly lays out in full before it measures the title (maps, the Sankey).

    Automargin measures the title once the chart is drawn, then draws the whole chart again with the new margin:
    on the Carte page that second draw of every commune outline was a third of the page's time in Chromium (page
    bench: 1,6x -> 1,2-1,4x the trivial page), and the PNG export (one draw) left the Sankey's title over its top
    nodes. Plotly never wraps a title, so its height is its line count; `below_px` adds room under it (for a label
    the chart puts above its plot area)."""
    lines = str(fig.layout.title.text).count("<br>") + 1
    return fig.update_layout(
        title={"automargin": False, "yref": "container", "y": 1, "yanchor": "top", "pad": {"t": TITLE_TOP_PX, "b": 0}},
        margin={"t": TITLE_TOP_PX + lines * TITLE_LINE_PX + below_px},
    )
