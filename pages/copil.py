"""Mode COPIL: the targets and realisations as a presentation for a steering committee on a shared screen.

Large type and high contrast for a 1920×1080 screen read from the back of a room; one group of indicators per
screen with previous/next; no company name nor company-level detail (no drill-down here); every chart carries
its territory, period, source and data date in its title block and downloads as a PNG with it.
"""

from __future__ import annotations

import streamlit as st

from dashboard.charts.indicators import achievement_figure, copil_style, pillar_radar, trajectory_figure
from dashboard.codes import Pillar, ScopeType
from dashboard.eit import metrics
from dashboard.geography import territories
from dashboard.i18n import fmt_date, label, t
from dashboard.indicators import values as ind
from dashboard.ui.cache import cached
from dashboard.ui.header import data_as_of_text
from dashboard.ui.indicators import chart_with_png, indicator_card, report_chart_context
from dashboard.ui.sidebar import current_selection

SCREEN_KEY = "copil.screen"
SCOPE_KEY = "copil.scope"
PARAM_SCREEN = "ecran"  # URL parameter (French: users share the address), 1-based screen number
CARDS_PER_ROW = 3  # three big numbers across a 1920-pixel screen (impacts screen)
COPIL_CHART_HEIGHT = 680  # beside the cards, within a 1080-pixel screen under the header
COPIL_LABEL_CHARS = 28  # bar labels wrapped at this width so that the bars keep room at 26-pixel type
MAX_CARDS = 3  # one row of big numbers, the chart below still on the 1080-pixel screen
MAX_CARDS_WITHOUT_CHART = 6  # the impacts screen is made of numbers only: two rows
IMPACT_CODES = ("tonnes_diverted", "ghg_avoided", "energy_impact", "water_saved", "savings_eur", "jobs_created")
# (screen key, pillar or None, indicator codes or None): one group of indicators per screen.
SCREENS: tuple[tuple[str, Pillar | None, tuple[str, ...] | None], ...] = (
    ("overview", None, None),
    ("activites", Pillar.ACTIVITES_RESULTATS, None),
    ("impacts", None, IMPACT_CODES),
    ("gouvernance", Pillar.GOUVERNANCE, None),
    ("modele", Pillar.MODELE_ECONOMIQUE, None),
)
# Large type and strong contrast: black on white, numbers several times the body size.
COPIL_CSS = """
<style>
[data-testid="stMain"] [data-testid="stMetricValue"],
[data-testid="stMain"] [data-testid="stMetricValue"] * { font-size: 3.4rem !important; font-weight: 700; color: #000;
  white-space: normal !important; overflow: visible !important; line-height: 1.1; }
[data-testid="stMain"] [data-testid="stCaptionContainer"],
[data-testid="stMain"] [data-testid="stCaptionContainer"] p { font-size: 1.2rem !important; color: #1A1A1A !important; }
[data-testid="stMain"] .copil-label { font-size: 1.6rem; font-weight: 700; color: #000; line-height: 1.25; }
[data-testid="stMain"] h2 { font-size: 2.6rem !important; color: #000; }
/* The room reads the group and its chart, not the page title: less space above them on a 1080-pixel screen. */
[data-testid="stMainBlockContainer"] { padding-top: 1.5rem !important; }
[data-testid="stMain"] h1 { font-size: 1.8rem !important; padding-top: 0 !important; }
</style>
"""


def screen_cards(report: ind.IndicatorReport, pillar: Pillar | None, codes: tuple[str, ...] | None) -> list:
    if codes is not None:
        results = [report.result(code) for code in codes]
        shown = [r for r in results if r.value is not None or r.target is not None] or results
        return shown[:MAX_CARDS_WITHOUT_CHART]
    if pillar is None:
        return [r for r in report.results if r.target is not None][:MAX_CARDS]
    own = report.by_pillar(pillar)
    chosen = [r for r in own if r.target is not None] + [r for r in own if r.target is None and r.definition.mandatory]
    return chosen[:MAX_CARDS]


def go_to(index: int) -> None:
    st.session_state[SCREEN_KEY] = index
    st.query_params[PARAM_SCREEN] = str(index + 1)


selection = current_selection()
if selection.territory is None or selection.period is None or not cached(metrics.database_has_records):
    st.info(t("obj.empty_db"))
    st.stop()
st.html(COPIL_CSS)

territory, period = selection.territory, selection.period
programmes = cached(ind.programmes_of_territory, territory.territory_id)
names = {f"{ScopeType.TERRITORY.value}|{territory.territory_id}": territory.name}
for pid, name in zip(programmes["programme_id"], programmes["name"], strict=True):
    names[f"{ScopeType.PROGRAMME.value}|{pid}"] = str(name)
scope_options = list(names)
if st.session_state.get(SCOPE_KEY) not in scope_options:
    st.session_state[SCOPE_KEY] = scope_options[0]

if SCREEN_KEY not in st.session_state:
    wanted = st.query_params.get(PARAM_SCREEN, "1")
    st.session_state[SCREEN_KEY] = int(wanted) - 1 if wanted.isdigit() and 1 <= int(wanted) <= len(SCREENS) else 0
index = int(st.session_state[SCREEN_KEY])

top = st.columns([3, 1, 1, 1])
with top[0]:
    choice = st.selectbox(
        t("obj.scope"),
        scope_options,
        format_func=lambda o: t(
            "obj.scope.territory" if o.startswith(ScopeType.TERRITORY.value) else "obj.scope.programme", name=names[o]
        ),
        key=SCOPE_KEY,
        label_visibility="collapsed",
    )
with top[1]:
    st.button(
        t("copil.previous"), icon=":material/arrow_back:", disabled=index == 0, on_click=go_to, args=(index - 1,),
        width="stretch", key="copil.prev",
    )  # fmt: skip
with top[2]:
    st.markdown(f"**{t('copil.position', index=index + 1, total=len(SCREENS))}**")
with top[3]:
    st.button(
        t("copil.next"), icon=":material/arrow_forward:", disabled=index == len(SCREENS) - 1, on_click=go_to,
        args=(index + 1,), width="stretch", key="copil.next", type="primary",
    )  # fmt: skip

scope_type, _, scope_id = choice.partition("|")
report = cached(ind.indicator_report, scope_type, scope_id, period)
if report is None:
    st.info(t("obj.no_records", name=territory.name))
    st.stop()
info, context = report_chart_context(report, period)

key, pillar, codes = SCREENS[index]
st.header(t(f"copil.screen.{key}"))
caption = [report.scope.name, territories.period_label(period), data_as_of_text(info)]
if report.as_of < period.end:
    caption.append(t("copil.values_at", date=fmt_date(report.as_of)))
if context.is_demo:
    caption.append(t("badge.demo"))
st.markdown(" · ".join(caption))

cards = screen_cards(report, pillar, codes)
if not cards:
    st.info(t("copil.no_cards"))


def draw_chart() -> None:
    if key == "overview":
        fig = achievement_figure(report.results, context, t("ind.chart.achievement.title"), wrap=COPIL_LABEL_CHARS)
        chart_with_png(copil_style(fig, height=COPIL_CHART_HEIGHT), "copil.chart", "copil-objectifs")
    elif key == "modele":
        fig = copil_style(pillar_radar(ind.pillar_summary(report), context), height=COPIL_CHART_HEIGHT)
        chart_with_png(fig, "copil.chart", "copil-piliers")
    else:
        targeted = [r for r in cards if r.target is not None]
        focus = (targeted or cards or [report.results[0]])[0].definition
        frame = cached(ind.trajectory, scope_type, scope_id, focus.code, period.year)
        fig = copil_style(trajectory_figure(frame, focus, context, period.year), height=COPIL_CHART_HEIGHT)
        chart_with_png(fig, "copil.chart", f"copil-{focus.code}")


if key == "impacts":  # numbers only: two rows of three cards
    for start in range(0, len(cards), CARDS_PER_ROW):
        for column, result in zip(st.columns(CARDS_PER_ROW), cards[start : start + CARDS_PER_ROW], strict=False):
            with column:
                indicator_card(result, report.as_of, compact=True, label_class="copil-label")
else:  # the cards stacked on the left, the chart on the right: the whole group fits on one 1080-pixel screen
    left, right = st.columns([2, 3])
    with left:
        for result in cards:
            indicator_card(result, report.as_of, compact=True, label_class="copil-label")
    with right:
        draw_chart()
sources = sorted({f"{r.target.scope_name} — {r.target.source}" for r in cards if r.target is not None})
if sources:
    st.caption(t("copil.target_sources", sources=" ; ".join(sources)))
st.caption(t("copil.footer", pillar=label(pillar) if pillar else t(f"copil.screen.{key}")))
