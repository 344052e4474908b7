"""The five COPIL screens: which indicators each shows as big numbers and which chart goes beside them.

Pure core: the figures are built from a `ReportContent` (live or frozen in a snapshot) with the same chart
builders as the Objectifs page, in large type, and rendered to SVG at a fixed layout size; the
presenter scales each SVG to the screen (1920×1080 as 1280×720), so what fits at one size fits at the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import plotly.graph_objects as go

from dashboard.charts import ChartContext
from dashboard.charts.indicators import (
    achievement_figure,
    copil_style,
    figure_svg,
    pillar_radar,
    trajectory_figure,
)
from dashboard.codes import Pillar
from dashboard.db import Database
from dashboard.geography.territories import period_label
from dashboard.i18n import t
from dashboard.indicators import values as ind
from dashboard.report.content import ReportContent

COPIL_LABEL_CHARS = 28  # bar labels wrapped at this width so that the bars keep room at large type
MAX_CARDS = 3  # one column of big numbers beside the chart
MAX_CARDS_WITHOUT_CHART = 6  # the impacts screen is made of numbers only: two rows of three
CHART_WIDTH = 1100  # layout size of a chart beside the cards (three fifths of a 1920-pixel screen)
CHART_HEIGHT = 800  # the presenter scales it down to the height left under the screen's title
SVG_FONT = "Arial, Liberation Sans, Helvetica, sans-serif"
IMPACT_CODES = ("tonnes_diverted", "ghg_avoided", "energy_impact", "water_saved", "savings_eur", "jobs_created")


class Screen(StrEnum):
    OVERVIEW = "overview"
    ACTIVITES = "activites"
    IMPACTS = "impacts"
    GOUVERNANCE = "gouvernance"
    MODELE = "modele"


@dataclass(frozen=True)
class ScreenDef:
    screen: Screen
    pillar: Pillar | None  # the ELIPSE pillar whose indicators are shown, if any
    codes: tuple[str, ...] | None  # a fixed list of indicators instead of a pillar


# One group of indicators per screen, in the order of the presentation.
SCREENS: tuple[ScreenDef, ...] = (
    ScreenDef(Screen.OVERVIEW, None, None),
    ScreenDef(Screen.ACTIVITES, Pillar.ACTIVITES_RESULTATS, None),
    ScreenDef(Screen.IMPACTS, None, IMPACT_CODES),
    ScreenDef(Screen.GOUVERNANCE, Pillar.GOUVERNANCE, None),
    ScreenDef(Screen.MODELE, Pillar.MODELE_ECONOMIQUE, None),
)


def screen_cards(report: ind.IndicatorReport, screen: ScreenDef) -> list[ind.IndicatorResult]:
    """The big numbers of a screen: targeted indicators first, then mandatory ones; only what has a figure."""
    if screen.codes is not None:
        results = [report.result(code) for code in screen.codes]
        return [r for r in results if r.value is not None or r.target is not None][:MAX_CARDS_WITHOUT_CHART]
    if screen.pillar is None:
        return [r for r in report.results if r.target is not None][:MAX_CARDS]
    own = report.by_pillar(screen.pillar)
    chosen = [r for r in own if r.target is not None]
    chosen += [r for r in own if r.target is None and r.definition.mandatory and r.value is not None]
    return chosen[:MAX_CARDS]


def focus_result(report: ind.IndicatorReport, screen: ScreenDef) -> ind.IndicatorResult | None:
    """The indicator whose trajectory a pillar screen draws: its first targeted card, else its first card."""
    if screen.screen not in (Screen.ACTIVITES, Screen.GOUVERNANCE):
        return None
    cards = screen_cards(report, screen)
    targeted = [r for r in cards if r.target is not None]
    return (targeted or cards or [None])[0]


def focus_codes(report: ind.IndicatorReport) -> list[str]:
    focus = (focus_result(report, screen) for screen in SCREENS)
    return [r.definition.code for r in focus if r is not None]


def chart_context(content: ReportContent) -> ChartContext:
    """The caption of every chart of the content: scope, period, source, data date, demo flag."""
    report = content.report
    return ChartContext(
        territory=report.scope.name,
        period=period_label(report.period),
        source=t("obj.chart_source"),
        data_as_of=report.data_as_of,
        is_demo=content.is_demo,
    )


def screen_figure(content: ReportContent, screen: ScreenDef) -> go.Figure | None:
    """The chart of a screen in COPIL type, or None when the screen has no chart or nothing to draw."""
    report, context = content.report, chart_context(content)
    if screen.screen == Screen.OVERVIEW:
        if not any(r.achievement is not None for r in report.results):
            return None
        fig = achievement_figure(report.results, context, t("ind.chart.achievement.title"), wrap=COPIL_LABEL_CHARS)
    elif screen.screen == Screen.MODELE:
        summary = ind.pillar_summary(report)
        if not (summary["filled_share"] > 0).any():
            return None
        fig = pillar_radar(summary, context)
    else:
        focus = focus_result(report, screen)
        if focus is None:
            return None
        frame = content.trajectory_frame(focus.definition.code)
        if frame.dropna(subset=["planned"]).empty and frame.dropna(subset=["realised"]).empty:
            return None
        fig = trajectory_figure(frame, focus.definition, context, report.period.year, short=True)
    fig = copil_style(fig, height=CHART_HEIGHT)
    # A font the server's renderer and the room's browser both have (Liberation Sans is metric-compatible with
    # Arial): the SVG's text keeps the widths it was laid out with, so no label grows into another.
    fig.update_layout(font_family=SVG_FONT)
    return fig


def screen_svg(db: Database, content: ReportContent, index: int) -> str | None:
    """One screen's chart as SVG text (None: no chart on that screen). `db` is unused: the signature of the
    UI's `cached`, which memoises it per content and screen, so a screen's chart is drawn once."""
    del db
    figure = screen_figure(content, SCREENS[index])
    return None if figure is None else figure_svg(figure, width=CHART_WIDTH, height=CHART_HEIGHT)
