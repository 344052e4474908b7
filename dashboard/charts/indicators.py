"""Charts of the "Objectifs et réalisations" page and of the COPIL mode, and their PNG export.

Status colours come from the Okabe–Ito palette (blue / bluish green / orange) and every bar also carries its
status in words, so colour is never the only cue. `copil_style` enlarges a figure for a 1920×1080 screen read
from the back of a room; `figure_png` renders a figure, caption included (the title block), as a PNG.
"""

from __future__ import annotations

import textwrap
import threading
import warnings
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import NEUTRAL_GREY, OKABE_ITO, ChartContext, apply_layout
from dashboard.codes import Pillar
from dashboard.i18n import fmt_number, fmt_percent, label, t
from dashboard.indicators.values import IndicatorDef, IndicatorResult, ProgressStatus

# Colour of each status: blue and orange stay apart under every common colour-vision deficiency.
STATUS_COLOURS: dict[ProgressStatus, str] = {
    ProgressStatus.MET: OKABE_ITO[2],  # bluish green
    ProgressStatus.ON_TRACK: OKABE_ITO[0],  # blue
    ProgressStatus.LATE: OKABE_ITO[1],  # orange
    ProgressStatus.NO_TARGET: NEUTRAL_GREY,
    ProgressStatus.NO_VALUE: NEUTRAL_GREY,
}
REALISED_COLOUR = OKABE_ITO[0]  # realised line: solid blue
PLANNED_COLOUR = OKABE_ITO[7]  # target line: dotted black, legible in greyscale too
PERCENT = 100  # shares drawn in percent so that ticks read "50 %"
FULL_TARGET = 1.0
BAR_ROW_HEIGHT = 64  # one two-line label per indicator
BAR_BASE_HEIGHT = 240  # title block and axis
COPIL_FONT_SIZE = 26  # read from the back of a meeting room on a 1920×1080 screen
COPIL_TITLE_SIZE = 30
COPIL_SOURCE_SIZE = 18
COPIL_TICK_SIZE = 20  # wrapped row labels of the COPIL bar chart (four lines per row)
COPIL_TITLE_CHARS = 48  # title characters per line beside the cards at 30-pixel type
FRENCH_PLURAL_FROM = 2  # "1 emploi", "2 emplois"
PNG_SCALE = 2  # twice the screen resolution: sharp in a printed quarterly report
PNG_WIDTH = 1600
PNG_HEIGHT_MIN = 500


def _empty(fig: go.Figure, message: str) -> go.Figure:
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper", font={"size": 18})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def fmt_value(value: float | None, definition: IndicatorDef) -> str:
    """A value in the indicator's precision and unit word ("12,5 t/an", "44 %")."""
    if value is None or pd.isna(value):
        return t("ind.value.none")
    number = fmt_number(value, definition.decimals)
    if definition.unit == "%":
        return f"{number}\u00a0%"
    unit = definition.unit
    if abs(value) < FRENCH_PLURAL_FROM and unit.isalpha() and unit.endswith("s"):
        unit = unit[:-1]  # "1 emploi", "0 synergie": French nouns take the plural from 2 on
    return f"{number}\u00a0{unit}"


TRAJECTORY_HEADROOM = 1.2  # y axis up to 120 % of the highest point, room for its label


def trajectory_figure(
    frame: pd.DataFrame, definition: IndicatorDef, context: ChartContext, current_year: int
) -> go.Figure:
    """Target trajectory (dotted, interpolated years hollow) and realised values (solid), current year marked."""
    fig = go.Figure()
    title = t("ind.chart.trajectory.title", indicator=definition.label, unit=definition.unit)
    planned = frame.dropna(subset=["planned"])
    realised = frame.dropna(subset=["realised"])
    if planned.empty and realised.empty:
        return apply_layout(_empty(fig, t("ind.chart.no_data")), title, context)
    # Labels go on the outer side of each pair of points of the same year, so that a target label and a
    # realised value close to it never overlap (the higher value's label above, the lower one's below).
    planned_by_year = dict(zip(planned["year"], planned["planned"], strict=True))
    realised_by_year = dict(zip(realised["year"], realised["realised"], strict=True))
    if not planned.empty:
        fixed = planned["planned_kind"] != "interpolated"
        fig.add_scatter(
            x=planned["year"],
            y=planned["planned"],
            mode="lines+markers",
            name=t("ind.chart.trajectory.planned"),
            line={"color": PLANNED_COLOUR, "dash": "dot", "width": 3},
            marker={
                "size": [12 if f else 10 for f in fixed],
                "symbol": ["diamond" if f else "circle-open" for f in fixed],
                "color": PLANNED_COLOUR,
            },
            customdata=[t(f"ind.chart.kind.{kind}") for kind in planned["planned_kind"]],
            hovertemplate="%{x} : %{y:,.1f} (%{customdata})<extra></extra>",
        )
        labelled = planned[fixed]
        fig.add_scatter(
            x=labelled["year"],
            y=labelled["planned"],
            mode="text",
            text=[
                t(f"ind.chart.kind.{kind}") + " " + fmt_number(v, definition.decimals)
                for kind, v in zip(labelled["planned_kind"], labelled["planned"], strict=True)
            ],
            textposition=[
                "bottom center" if realised_by_year.get(year, float("-inf")) >= value else "top center"
                for year, value in zip(labelled["year"], labelled["planned"], strict=True)
            ],
            showlegend=False,
            hoverinfo="skip",
            textfont={"color": PLANNED_COLOUR},
        )
    if not realised.empty:
        fig.add_scatter(
            x=realised["year"],
            y=realised["realised"],
            mode="lines+markers+text",
            name=t("ind.chart.trajectory.realised"),
            line={"color": REALISED_COLOUR, "width": 4},
            marker={"size": 10, "color": REALISED_COLOUR},
            text=[fmt_number(v, definition.decimals) for v in realised["realised"]],
            textposition=[
                "bottom center" if planned_by_year.get(year, float("-inf")) > value else "top center"
                for year, value in zip(realised["year"], realised["realised"], strict=True)
            ],
            textfont={"color": REALISED_COLOUR},
            hovertemplate="%{x} : %{y:,.1f}<extra></extra>",
        )
    fig.add_vline(x=current_year, line_color=OKABE_ITO[3], line_width=2, line_dash="dash")
    fig.add_annotation(
        x=current_year,
        y=1.0,
        yref="paper",
        text=t("ind.chart.trajectory.current", year=current_year),
        showarrow=False,
        xanchor="left",
        yanchor="bottom",
        font={"color": OKABE_ITO[3]},
    )
    fig.update_xaxes(dtick=1, tickformat="d", gridcolor="#EEEEEE")
    highest = max(
        planned["planned"].max() if not planned.empty else 0, realised["realised"].max() if not realised.empty else 0
    )
    # Headroom above the highest point: its label stays inside the plot, clear of the current-period marker.
    y_range = [0, highest * TRAJECTORY_HEADROOM] if highest > 0 else None
    fig.update_yaxes(range=y_range, rangemode="tozero", gridcolor="#E5E5E5", automargin=True, ticksuffix="\u00a0")
    return apply_layout(fig, title, context, height=480)


def wrap_text(text: str, width: int) -> str:
    """Plotly does not wrap labels: break them between words at `width` characters."""
    return "<br>".join(textwrap.wrap(text, width)) or text


def achievement_figure(
    results: Sequence[IndicatorResult], context: ChartContext, title: str, *, wrap: int | None = None
) -> go.Figure:
    """Share of each target reached, coloured by status, the status written on each bar."""
    fig = go.Figure()
    with_target = [r for r in results if r.achievement is not None and r.target is not None]
    if not with_target:
        return apply_layout(_empty(fig, t("ind.chart.no_target")), title, context)
    names = [
        t(
            "ind.chart.achievement.row_status" if wrap else "ind.chart.achievement.row",
            name=wrap_text(r.definition.label, wrap) if wrap else r.definition.label,
            year=r.target.year,  # type: ignore[union-attr]
            target=fmt_value(r.target.value, r.definition),  # type: ignore[union-attr]
            status=t(f"ind.status.{r.status.value}"),
        )
        for r in with_target
    ]
    shares = [r.achievement or 0.0 for r in with_target]
    fig.add_bar(
        y=names,
        x=[PERCENT * min(share, 2.0) for share in shares],  # beyond 200 % the bar stops; its text says the share
        orientation="h",
        marker_color=[STATUS_COLOURS[r.status] for r in with_target],
        text=[
            t(
                "ind.chart.achievement.short" if wrap else "ind.chart.achievement.text",
                share=fmt_percent(share),
                value=fmt_value(r.value.value if r.value else None, r.definition),
                status=t(f"ind.status.{r.status.value}"),
            )
            for share, r in zip(shares, with_target, strict=True)
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
        range=[0, PERCENT * max(1.6, min(max(shares), 2.0) * 1.6)],  # room for the text beyond the bar
        gridcolor="#E5E5E5",
        title_text=t("ind.chart.achievement.x"),
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    if wrap:  # narrow COPIL column: the status sits in the row label, the bar says the share
        fig.update_yaxes(tickfont={"size": COPIL_TICK_SIZE})
        fig.update_xaxes(dtick=PERCENT, title_text=None, tickfont={"size": COPIL_TICK_SIZE})
    return apply_layout(fig, title, context, height=BAR_BASE_HEIGHT + BAR_ROW_HEIGHT * len(with_target))


def comparison_figure(frame: pd.DataFrame, definition: IndicatorDef, context: ChartContext) -> go.Figure:
    """One indicator across territories or programmes: realised bars, target diamonds."""
    fig = go.Figure()
    title = t("ind.chart.comparison.title", indicator=definition.label)
    if frame.empty or frame["value"].isna().all():
        return apply_layout(_empty(fig, t("ind.chart.no_data")), title, context)
    status = [ProgressStatus(s) for s in frame["status"]]
    fig.add_bar(
        y=frame["name"],
        x=frame["value"].fillna(0),
        orientation="h",
        name=t("ind.chart.trajectory.realised"),
        showlegend=False,  # one colour per status, written beside each bar: a single legend swatch would mislead
        marker_color=[STATUS_COLOURS[s] if s != ProgressStatus.NO_TARGET else OKABE_ITO[4] for s in status],
        text=[
            fmt_value(v, definition) + ("" if s == ProgressStatus.NO_TARGET else f" · {t(f'ind.status.{s.value}')}")
            for v, s in zip(frame["value"], status, strict=True)
        ],
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{y} : %{x:,.1f}<extra></extra>",
    )
    targets = frame.dropna(subset=["target"])
    if not targets.empty:
        fig.add_scatter(
            y=targets["name"],
            x=targets["target"],
            mode="markers",
            name=t("ind.chart.comparison.target"),
            marker={"symbol": "diamond", "size": 16, "color": PLANNED_COLOUR},
            hovertemplate="%{y} : " + t("ind.chart.comparison.target") + " %{x:,.1f}<extra></extra>",
        )
    top = max(frame["value"].fillna(0).max(), frame["target"].fillna(0).max() if "target" in frame else 0)
    fig.update_xaxes(range=[0, top * 1.5 or 1], gridcolor="#E5E5E5", title_text=definition.unit)
    fig.update_yaxes(autorange="reversed", automargin=True)
    return apply_layout(fig, title, context, height=BAR_BASE_HEIGHT + BAR_ROW_HEIGHT * len(frame))


def pillar_radar(summary: pd.DataFrame, context: ChartContext) -> go.Figure:
    """The three ELIPSE pillars: mean share of targets reached (capped at 100 %) and share of indicators filled."""
    fig = go.Figure()
    names = [label(Pillar(p)) for p in summary["pillar"]]
    closed = [*names, names[0]]

    def close(values: list[float]) -> list[float]:
        return [*values, values[0]]

    achieved = [PERCENT * (v if v is not None and not pd.isna(v) else 0.0) for v in summary["achievement"]]
    filled = [PERCENT * v for v in summary["filled_share"]]
    fig.add_scatterpolar(
        r=close(filled),
        theta=closed,
        name=t("ind.chart.radar.filled"),
        line={"color": OKABE_ITO[1], "dash": "dot", "width": 3},
        fill="toself",
        fillcolor="rgba(230,159,0,0.10)",
        hovertemplate="%{theta} : %{r:,.0f}\u00a0%<extra></extra>",
    )
    fig.add_scatterpolar(
        r=close(achieved),
        theta=closed,
        name=t("ind.chart.radar.achieved"),
        line={"color": OKABE_ITO[0], "width": 4},
        fill="toself",
        fillcolor="rgba(0,114,178,0.20)",
        hovertemplate="%{theta} : %{r:,.0f}\u00a0%<extra></extra>",
    )
    fig.update_layout(
        polar={
            "radialaxis": {
                "range": [0, 100],
                "tickvals": [25, 50, 75, 100],
                "ticktext": [f"{v}\u00a0%" for v in (25, 50, 75, 100)],
                "angle": 90,
                "tickangle": 90,
            },
            "angularaxis": {"direction": "clockwise"},
        }
    )
    return apply_layout(fig, t("ind.chart.radar.title"), context, height=520)


def copil_style(fig: go.Figure, *, height: int = 760) -> go.Figure:
    """Large type for the COPIL screen: every font enlarged, thicker title, taller figure."""
    text = fig.layout.title.text or ""
    text = text.replace("font-size:12px", f"font-size:{COPIL_SOURCE_SIZE}px")
    if text.startswith("<b>") and "</b>" in text:  # the "what" line, wrapped: Plotly does not wrap titles
        what, rest = text[3:].split("</b>", 1)
        text = "<b>" + wrap_text(what, COPIL_TITLE_CHARS) + "</b>" + rest
    fig.update_layout(
        font={"size": COPIL_FONT_SIZE},
        title={"text": text, "font": {"size": COPIL_TITLE_SIZE}},
        height=height,
        margin={"l": 20, "r": 60, "b": 60},
    )
    fig.update_traces(textfont_size=COPIL_FONT_SIZE, selector={"type": "bar"})
    fig.update_traces(textfont_size=COPIL_FONT_SIZE - 4, selector={"type": "scatter"})
    return fig


# ---------------------------------------------------------------------------------------------- PNG export
_SERVER_LOCK = threading.Lock()
_server_started = False


def _ensure_server() -> None:
    """Start kaleido's persistent browser once per process: later exports take a fraction of a second."""
    global _server_started
    with _SERVER_LOCK:
        if not _server_started:
            import kaleido

            kaleido.start_sync_server(silence_warnings=True)
            _server_started = True


def figure_png(fig: go.Figure, *, width: int = PNG_WIDTH) -> bytes:
    """The figure as a PNG, its title block (what, territory, period, source, data date) included.

    Rendered by kaleido with the local Chromium, no network needed.
    """
    _ensure_server()
    height = max(int(fig.layout.height or PNG_HEIGHT_MIN), PNG_HEIGHT_MIN)
    with warnings.catch_warnings():  # plotly warns that its per-call options are ignored by a running server
        warnings.filterwarnings("ignore", message="The kopts argument is ignored", category=UserWarning)
        return fig.to_image(format="png", width=width, height=height, scale=PNG_SCALE)
