"""Charts of the "Objectifs et réalisations" page and of the COPIL mode, and their PNG export.

Status colours come from the Okabe–Ito palette (blue / bluish green / orange) and every bar also carries its
status in words, so colour is never the only cue. `copil_style` enlarges a figure for a 1920×1080 screen read
from the back of a room; `figure_png` renders a figure, caption included (the title block), as a PNG.
"""

from __future__ import annotations

import asyncio
import atexit
import math
import re
import textwrap
import threading
from collections.abc import Coroutine, Sequence
from typing import Protocol, TypeVar

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import NEUTRAL_GREY, OKABE_ITO, ChartContext, apply_layout
from dashboard.codes import Pillar
from dashboard.i18n import fmt_number, fmt_percent, label, t
from dashboard.indicators.values import IndicatorDef, IndicatorResult, ProgressStatus
from dashboard.indicators.wording import fmt_value

T = TypeVar("T")

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
ROW_LINE_SPACING = 1.45  # Plotly's line height for multi-line tick labels, in font sizes
ROW_GAP = 18  # pixels between two row labels
SHORT_TEXT_ROOM = 1.45  # x range / longest bar when the bar text is the share only (COPIL)
LONG_TEXT_ROOM = 2.2  # ... when it holds the share, the value and the status
COPIL_TITLE_CHARS = 48  # title characters per line beside the cards at 30-pixel type
COPIL_PLACE_CHARS = 60  # territory / programme line: plain type, more characters per line
PNG_SCALE = 2  # twice the screen resolution: sharp in a printed quarterly report
PNG_WIDTH = 1600
PNG_HEIGHT_MIN = 500


def _empty(fig: go.Figure, message: str) -> go.Figure:
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper", font={"size": 18})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


TRAJECTORY_HEADROOM = 1.35  # y axis up to 135 % of the highest point: room for its two-line label
TRAJECTORY_FLOOR = 0.3  # and down to -30 %: room for a two-line label under a point at zero
SHORT_TITLE_CHARS = 40  # COPIL titles: an indicator label longer than this loses its parenthesis
LABEL_SHIFT = 14  # pixels between a point and its label: the label sits beside the line, not on it


def nice_step(top: float, ticks: int = 5) -> float:
    """A round tick step (1, 2, 2,5 or 5 times a power of ten) giving about `ticks` ticks up to `top`."""
    raw = top / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)


def _point_label(fig: go.Figure, year: int, value: float, text: str, colour: str, *, below: bool) -> None:
    """A value label above (or below) its point, on a white ground so that no line runs through its text."""
    fig.add_annotation(
        x=year, y=value, text=text, showarrow=False, yanchor="top" if below else "bottom",
        yshift=-LABEL_SHIFT if below else LABEL_SHIFT, font={"color": colour}, bgcolor="rgba(255,255,255,0.9)",
        borderpad=1, name="point-label",
    )  # fmt: skip


def trajectory_figure(
    frame: pd.DataFrame, definition: IndicatorDef, context: ChartContext, current_year: int, *, short: bool = False
) -> go.Figure:
    """Target trajectory (dotted, interpolated years hollow) and realised values (solid), current year marked."""
    fig = go.Figure()
    name = short_label(definition.label, SHORT_TITLE_CHARS) if short else definition.label
    title = t("ind.chart.trajectory.title", indicator=name, unit=definition.unit)
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
        for year, value, kind in zip(labelled["year"], labelled["planned"], labelled["planned_kind"], strict=True):
            below = realised_by_year.get(year, float("-inf")) >= value
            _point_label(fig, year, value, t(f"ind.chart.kind.{kind}") + "<br>" + fmt_number(value, definition.decimals),
                         PLANNED_COLOUR, below=below)  # fmt: skip
    if not realised.empty:
        fig.add_scatter(
            x=realised["year"],
            y=realised["realised"],
            mode="lines+markers",
            name=t("ind.chart.trajectory.realised"),
            line={"color": REALISED_COLOUR, "width": 4},
            marker={"size": 10, "color": REALISED_COLOUR},
            hovertemplate="%{x} : %{y:,.1f}<extra></extra>",
        )
        for year, value in zip(realised["year"], realised["realised"], strict=True):
            below = planned_by_year.get(year, float("-inf")) > value
            _point_label(fig, year, value, fmt_number(value, definition.decimals), REALISED_COLOUR, below=below)
    fig.add_vline(x=current_year, line_color=OKABE_ITO[3], line_width=2, line_dash="dash")
    fig.add_annotation(
        x=current_year,
        y=1.0,
        yref="paper",
        text=t("ind.chart.trajectory.current", year=current_year),
        showarrow=False,
        # on the side of the line that has room: left of it when it is the last year of the axis
        xanchor="right" if current_year >= int(frame["year"].max()) else "left",
        yanchor="top",  # inside the plot's headroom, clear of the caption lines above the plot
        font={"color": OKABE_ITO[3]},
    )
    years = sorted({int(y) for y in frame["year"]} | {current_year})
    # Explicit year ticks, never rotated nor abbreviated (Plotly may otherwise cut "2026" to "20" when narrow).
    fig.update_xaxes(
        tickvals=years, ticktext=[str(y) for y in years], tickangle=0, gridcolor="#EEEEEE",
        range=[years[0] - 0.5, years[-1] + 0.5], automargin=True,
    )  # fmt: skip
    highest = max(
        planned["planned"].max() if not planned.empty else 0, realised["realised"].max() if not realised.empty else 0
    )
    # Headroom above the highest point: its label stays inside the plot, clear of the current-period marker.
    if highest > 0:
        # Room below zero too, for the label of a point near zero drawn under it (clear of the year ticks);
        # the ticks stay at zero and above.
        step = nice_step(highest * TRAJECTORY_HEADROOM)
        ticks = [step * i for i in range(int(highest * TRAJECTORY_HEADROOM / step) + 1)]
        fig.update_yaxes(
            range=[-highest * TRAJECTORY_FLOOR, highest * TRAJECTORY_HEADROOM], tickvals=ticks,
            ticktext=[fmt_number(v, 0 if step >= 1 else 1) for v in ticks], zeroline=True, zerolinecolor="#BBBBBB",
        )  # fmt: skip
    fig.update_yaxes(gridcolor="#E5E5E5", automargin=True, ticksuffix="\u00a0")
    return apply_layout(fig, title, context, height=480)


def wrap_text(text: str, width: int) -> str:
    """Plotly does not wrap labels: break them between words at `width` characters."""
    return "<br>".join(textwrap.wrap(text, width)) or text


def wrap_html(text: str, width: int) -> str:
    """`wrap_text` for a title line that may already hold <br> breaks: each part wrapped on its own."""
    return "<br>".join(wrap_text(part, width) for part in text.split("<br>"))


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
            name=wrap_text(short_label(r.definition.label, wrap), wrap) if wrap else r.definition.label,
            year=r.target.year,  # type: ignore[union-attr]
            target=fmt_value(r.target.value, r.definition),  # type: ignore[union-attr]
            status=t(f"ind.status.{r.status.value}"),
        )
        for r in with_target
    ]
    shares = [r.achievement or 0.0 for r in with_target]
    fig.add_bar(
        y=names,
        x=[PERCENT * share for share in shares],  # every bar to its real share: 300 % reaches 300 %
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
        # room for the text beyond the longest bar: "300 % (3 emplois) · Objectif atteint" needs more than "300 %"
        range=[0, PERCENT * max(1.6, max(shares) * (SHORT_TEXT_ROOM if wrap else LONG_TEXT_ROOM))],
        gridcolor="#E5E5E5",
        title_text=t("ind.chart.achievement.x"),
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    if wrap:  # narrow COPIL column: the status sits in the row label, the bar says the share
        fig.update_yaxes(tickfont={"size": COPIL_TICK_SIZE})
        fig.update_xaxes(
            dtick=PERCENT if max(shares) < 4 else None, title_text=None, tickfont={"size": COPIL_TICK_SIZE}
        )
    row_height = BAR_ROW_HEIGHT
    if wrap:  # every line of the tallest row label gets its room: a status never sits over the next label
        lines = max(name.count("<br>") + 1 for name in names)
        row_height = max(BAR_ROW_HEIGHT, int(lines * COPIL_TICK_SIZE * ROW_LINE_SPACING) + ROW_GAP)
    return apply_layout(fig, title, context, height=BAR_BASE_HEIGHT + row_height * len(with_target))


def short_label(text: str, width: int) -> str:
    """A label without its parenthesis when it would not fit `width` characters (the card keeps it whole)."""
    if len(text) <= width:
        return text
    return re.sub(r"\s*\([^)]*\)", "", text).strip() or text


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
                "tickvals": [50, 100],  # two ticks along the slanted axis: their labels never touch
                "ticktext": [f"{v}\u00a0%" for v in (50, 100)],
                "angle": 30,  # between the top pillar and the next one: ticks never under a pillar's name
                "tickangle": 30,
            },
            "angularaxis": {"direction": "clockwise"},
            "domain": {"y": [0, 0.9]},  # the top pillar's name stays clear of the caption lines
        }
    )
    return apply_layout(fig, t("ind.chart.radar.title"), context, height=520)


def wrap_title(text: str, what_chars: int, place_chars: int) -> str:
    """The title block with its "what" line and its place line wrapped (Plotly does not wrap titles): a long
    indicator or programme name must not run past the chart's right edge."""
    if not (text.startswith("<b>") and "</b>" in text):
        return text
    what, rest = text[3:].split("</b>", 1)
    place, _, caption = rest.removeprefix("<br>").partition("<br>")
    return f"<b>{wrap_text(what, what_chars)}</b><br>{wrap_html(place, place_chars)}<br>{caption}"


def copil_style(fig: go.Figure, *, height: int = 760) -> go.Figure:
    """Large type for the COPIL screen: every font enlarged, thicker title, taller figure."""
    text = (fig.layout.title.text or "").replace("font-size:12px", f"font-size:{COPIL_SOURCE_SIZE}px")
    fig.update_layout(
        font={"size": COPIL_FONT_SIZE},
        title={"text": wrap_title(text, COPIL_TITLE_CHARS, COPIL_PLACE_CHARS), "font": {"size": COPIL_TITLE_SIZE}},
        height=height,
        margin={"l": 20, "r": 60, "b": 60},
    )
    fig.update_traces(textfont_size=COPIL_FONT_SIZE, selector={"type": "bar"})
    fig.update_traces(textfont_size=COPIL_FONT_SIZE - 4, selector={"type": "scatter"})
    return fig


# ---------------------------------------------------------------------------------------------- PNG export
# kaleido draws the figures in its own Chromium, kept running in the process (its start costs seconds). Its page
# is kept loaded between figures: kaleido's own server reloads it after every figure, so that each PNG paid about
# 0,2 s of CPU (plotly.js, 4,7 MB, parsed again) for 0,05-0,1 s of drawing. Plotly.toImage draws each figure in a
# new element and removes it after, so a figure does not see the previous one; the page is still reloaded after a
# failed figure and every RELOAD_EVERY figures, which bounds whatever a page could accumulate over days.
RELOAD_EVERY = 50


class _FigureBrowser(Protocol):
    async def draw(self, fig: dict[str, object], opts: dict[str, object]) -> bytes: ...

    async def close(self) -> None: ...


async def _open_browser() -> _FigureBrowser:
    """kaleido's browser with one page, reloaded only after a failure or every RELOAD_EVERY figures. kaleido is
    imported here, when a figure is first exported: about 0,07 s that most runs of the app never need."""
    import kaleido

    class KeptPageKaleido(kaleido.Kaleido):
        drawn = 0

        async def _return_kaleido_tab(self, tab: object) -> None:  # kaleido 1.5: called after each figure
            self.drawn += 1
            if self.drawn % RELOAD_EVERY:
                await self.tabs_ready.put(tab)
            else:
                await super()._return_kaleido_tab(tab)  # reloads the page, then puts it back

        async def draw(self, fig: dict[str, object], opts: dict[str, object]) -> bytes:
            try:
                return await self.calc_fig(fig, opts)
            except Exception:
                await super()._return_kaleido_tab(await self._get_kaleido_tab())  # a fresh page after a failure
                raise

    browser = KeptPageKaleido(n=1, mathjax=False)  # no LaTeX in our figures: no request to a CDN
    await browser.open()
    return browser


class _Renderer:
    """The process's kaleido browser, driven from an event loop on a thread of its own: Streamlit sessions call
    it from their threads, and the browser's one page draws their figures one at a time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido: _FigureBrowser | None = None

    @property
    def started(self) -> bool:
        return self._kaleido is not None

    @property
    def drawn(self) -> int:
        """Figures drawn since the browser started (0 before)."""
        return getattr(self._kaleido, "drawn", 0)

    def _run(self, coroutine: Coroutine[object, object, T]) -> T:
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result()

    def start(self) -> None:
        with self._lock:
            if self._kaleido is not None:
                return
            self._loop = asyncio.new_event_loop()
            threading.Thread(target=self._loop.run_forever, daemon=True, name="kaleido").start()
            try:
                self._kaleido = self._run(_open_browser())
            except BaseException:
                self._loop.call_soon_threadsafe(self._loop.stop)
                self._loop = None
                raise
            atexit.register(self.stop)

    def stop(self) -> None:
        with self._lock:
            if self._kaleido is None or self._loop is None:
                return
            self._run(self._kaleido.close())
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._kaleido, self._loop = None, None

    def draw(self, fig: go.Figure, **opts: object) -> bytes:
        self.start()
        assert self._kaleido is not None
        return self._run(self._kaleido.draw(fig.to_dict(), opts))


_RENDERER = _Renderer()


def stop_renderer() -> None:
    """Close kaleido's browser (a command line does it before exiting: its profile folder is then removed
    cleanly instead of a cleanup error at interpreter exit)."""
    _RENDERER.stop()


def start_renderer() -> None:
    """Start kaleido's browser in the background (it takes seconds): a page that will export or draw SVGs
    calls this first, so that the start overlaps the reading of its figures."""
    if not _RENDERER.started:
        threading.Thread(target=_RENDERER.start, daemon=True, name="kaleido-start").start()


def figure_png(fig: go.Figure, *, width: int = PNG_WIDTH) -> bytes:
    """The figure as a PNG, its title block (what, territory, period, source, data date) included.

    Rendered by kaleido with the local Chromium, no network needed.
    """
    height = max(int(fig.layout.height or PNG_HEIGHT_MIN), PNG_HEIGHT_MIN)
    return _RENDERER.draw(fig, format="png", width=width, height=height, scale=PNG_SCALE)


def figure_svg(fig: go.Figure, *, width: int, height: int) -> str:
    """The figure as an SVG document at a fixed layout size (the COPIL screens scale it to the screen)."""
    return _RENDERER.draw(fig, format="svg", width=width, height=height, scale=1).decode("utf-8")
