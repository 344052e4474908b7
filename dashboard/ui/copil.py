"""The COPIL presenter: full screen, one group of indicators per screen, keyboard navigation.

Everything on a screen is sized in viewport units and each chart is an SVG scaled to the room left for it, so
a screen that fits 1920×1080 fits 1280×720 too (same layout, smaller). The sidebar and Streamlit's chrome are
hidden; the sidebar's selection still comes from the address (territoire, annee, trimestre). Navigation:
Streamlit's own button shortcuts (`st.button(shortcut=...)`): PageDown/PageUp (presenter clickers), and the
arrow keys through hidden twins of the two buttons.
"""

from __future__ import annotations

import html
import re

import streamlit as st

from dashboard.charts.indicators import start_renderer
from dashboard.codes import ScopeType
from dashboard.geography.territories import Selection, period_label
from dashboard.i18n import fmt_date, t
from dashboard.indicators.values import IndicatorResult, ProgressStatus
from dashboard.indicators.wording import card_lines, fmt_value
from dashboard.report import content as rc
from dashboard.report import snapshots
from dashboard.report.screens import SCREENS, Screen, screen_cards, screen_svg
from dashboard.ui.cache import cached, get_database

SCREEN_KEY = "copil.screen"
SCOPE_KEY = "copil.scope"
PARAM_SCREEN = "ecran"  # URL parameter (French: users share the address), 1-based screen number
PARAM_SNAPSHOT = "instantane"  # URL parameter: present frozen figures (a snapshot id) instead of the live ones
PARAM_PROGRAMME = "demarche"  # URL parameter: present a programme of the territory instead of the territory
# (key, label shown, hidden): PageDown/PageUp on the visible buttons, the arrows on hidden twins.
NEXT_KEYS = (("copil.next", "PageDown"), ("copil.next.right", "Right"), ("copil.next.down", "Down"))
PREVIOUS_KEYS = (("copil.prev", "PageUp"), ("copil.prev.left", "Left"), ("copil.prev.up", "Up"))
STATUS_MARKS: dict[ProgressStatus, tuple[str, str]] = {  # colour and sign: the word is always written too
    ProgressStatus.MET: ("#007A5A", "✔"),
    ProgressStatus.ON_TRACK: ("#0072B2", "↗"),
    ProgressStatus.LATE: ("#B35900", "⏱"),
    ProgressStatus.NO_TARGET: ("#555555", "–"),
    ProgressStatus.NO_VALUE: ("#555555", "?"),
}
# No sidebar, no Streamlit header or toolbar, no page padding: the screen belongs to the group shown.
PRESENTER_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"], footer,
.st-key-copil-keys { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.6rem 1.6rem 0 1.6rem !important; max-width: 100% !important; }
[data-testid="stMain"] { overflow: hidden; }
.copil { display: flex; flex-direction: column; height: calc(100vh - 5.2rem); color: #000; gap: 0.8vh; }
.copil h2 { font-size: 4.4vh; font-weight: 700; margin: 0; padding: 0; line-height: 1.15; }
.copil .copil-caption { font-size: 2vh; color: #1A1A1A; }
.copil .copil-footer { font-size: 1.6vh; color: #333; }
.copil-body { flex: 1; min-height: 0; display: grid; gap: 1.4vw; }
.copil-body.with-chart { grid-template-columns: 2fr 3fr; }
.copil-body.cards-only { grid-template-columns: repeat(3, 1fr); grid-auto-rows: 1fr; }
.copil-cards { display: flex; flex-direction: column; gap: 1.2vh; min-height: 0; }
.copil-card { flex: 1 1 0; min-height: 0; border: 2px solid #D0D0D0; border-radius: 0.6rem; padding: 1vh 1vw;
  display: flex; flex-direction: column; justify-content: space-between; gap: 0.3vh; }
.copil-card .label { font-size: 2.3vh; font-weight: 700; line-height: 1.15; }
.copil-card .value { font-size: 5vh; font-weight: 800; line-height: 1.05; }
.copil-card .status { font-size: 2.2vh; font-weight: 700; line-height: 1.2; }
.copil-card .bar { height: 0.8vh; background: #E6E6E6; border-radius: 0.4vh; }
.copil-card .bar > div { height: 100%; border-radius: 0.4vh; }
.copil-card .lines { font-size: clamp(12px, 1.6vh, 22px); color: #333; line-height: 1.25; }
.copil-chart { min-height: 0; display: flex; justify-content: center; }
.copil-chart svg { width: 100%; height: 100%; }
.copil-empty { font-size: 3.4vh; margin-top: 6vh; }
</style>
"""


def _go_to(index: int) -> None:
    st.session_state[SCREEN_KEY] = index
    st.query_params[PARAM_SCREEN] = str(index + 1)


def _card(result: IndicatorResult, as_of) -> str:  # type: ignore[no-untyped-def]
    colour, sign = STATUS_MARKS[result.status]
    value = None if result.value is None else result.value.value
    bar = ""
    if result.achievement is not None:
        width = max(0.0, min(result.achievement, 1.0)) * 100
        bar = f'<div class="bar"><div style="width:{width:.0f}%;background:{colour}"></div></div>'
    lines = "<br>".join(html.escape(line) for line in card_lines(result, as_of, compact=True))
    return (
        f'<div class="copil-card"><div class="label">{html.escape(result.definition.label)}</div>'
        f'<div class="value">{html.escape(fmt_value(value, result.definition))}</div>'
        f'<div class="status" style="color:{colour}">{sign} {html.escape(t(f"ind.status.{result.status.value}"))}'
        f"</div>{bar}<div class='lines'>{lines}</div></div>"
    )


def _fit(svg: str) -> str:
    """The SVG scaled to its box: its fixed width and height dropped, its viewBox kept."""
    return re.sub(r'^<svg([^>]*?) width="\d+" height="\d+"', r"<svg\1", svg, count=1)


def _scope(selection: Selection) -> tuple[str, str, str] | None:
    """The scope presented: the territory or one of its programmes (select box, seeded from the address)."""
    assert selection.territory is not None
    options = cached(rc.scope_options, selection.territory.territory_id)
    if not options:
        return None
    keys = [f"{kind.value}|{sid}" for kind, sid, _ in options]
    names = {key: name for key, (_, _, name) in zip(keys, options, strict=True)}
    if st.session_state.get(SCOPE_KEY) not in keys:
        wanted = f"{ScopeType.PROGRAMME.value}|{st.query_params.get(PARAM_PROGRAMME, '')}"
        st.session_state[SCOPE_KEY] = wanted if wanted in keys else keys[0]
    choice = st.selectbox(
        t("obj.scope"), keys, key=SCOPE_KEY, label_visibility="collapsed",
        format_func=lambda k: t("obj.scope.territory" if k.startswith(ScopeType.TERRITORY) else "obj.scope.programme",
                                name=names[k]),
    )  # fmt: skip
    scope_type, _, scope_id = choice.partition("|")
    return scope_type, scope_id, names[choice]


def render_copil(selection: Selection) -> None:
    """The whole presenter for the sidebar's territory and period."""
    st.html(PRESENTER_CSS)
    if selection.territory is None or selection.period is None:
        st.info(t("obj.empty_db"))
        return
    if SCREEN_KEY not in st.session_state:
        wanted = st.query_params.get(PARAM_SCREEN, "1")
        st.session_state[SCREEN_KEY] = int(wanted) - 1 if wanted.isdigit() and 1 <= int(wanted) <= len(SCREENS) else 0
    index = int(st.session_state[SCREEN_KEY])
    period = selection.period
    top = st.columns([4, 1.8, 1, 1.8, 1.1], vertical_alignment="center")
    with top[0]:
        scope = _scope(selection)
    with top[1]:
        st.button(t("copil.previous"), key="copil.prev", shortcut="PageUp", on_click=_go_to, args=(index - 1,),
                  disabled=index == 0, width="stretch", icon=":material/arrow_back:")  # fmt: skip
    with top[2]:
        st.markdown(f"**{t('copil.position', index=index + 1, total=len(SCREENS))}**")
    with top[3]:
        st.button(t("copil.next"), key="copil.next", shortcut="PageDown", on_click=_go_to, args=(index + 1,),
                  disabled=index == len(SCREENS) - 1, width="stretch", type="primary",
                  icon=":material/arrow_forward:")  # fmt: skip
    with top[4]:
        st.page_link("pages/objectifs.py", label=t("copil.leave"), icon=":material/close_fullscreen:",
                     query_params=selection.to_params())  # fmt: skip
    with st.container(key="copil-keys"):  # the arrow keys: hidden twins of the two buttons
        for (key, shortcut), target, ok in ((NEXT_KEYS[1], index + 1, index < len(SCREENS) - 1),
                                            (NEXT_KEYS[2], index + 1, index < len(SCREENS) - 1),
                                            (PREVIOUS_KEYS[1], index - 1, index > 0),
                                            (PREVIOUS_KEYS[2], index - 1, index > 0)):  # fmt: skip
            st.button(key, key=key, shortcut=shortcut, on_click=_go_to, args=(target,), disabled=not ok)
    if scope is None:
        st.info(t("obj.empty_db"))
        return
    scope_type, scope_id, _ = scope
    start_renderer()  # the charts' renderer starts while the figures are read (first screen of a session)
    frozen = st.query_params.get(PARAM_SNAPSHOT, "")
    frozen_note = None
    if frozen.isdigit():  # a snapshot reopened: exactly the figures shown at that COPIL
        content = cached(snapshots.load_snapshot, int(frozen))
        info = next((i for i in snapshots.list_snapshots(get_database()) if i.snapshot_id == int(frozen)), None)
        if info is not None:
            frozen_note = t("report.page.frozen_note", name=info.name, date=fmt_date(info.copil_date))
    else:
        content = cached(rc.report_content, scope_type, scope_id, period.year, period.quarter)
    if content is None:
        st.info(t("obj.empty_db"))
        return
    svg = None if content.is_empty else cached(screen_svg, content, index)  # each screen's chart drawn once
    # Markdown's raw HTML, not st.html: st.html's sanitiser drops SVG elements. The SVG is ours (kaleido's
    # output, every text escaped by Plotly) and every other text is escaped in screen_html.
    st.markdown(screen_html(content, index, svg, frozen_note), unsafe_allow_html=True)


def screen_html(content: rc.ReportContent, index: int, svg: str | None, frozen_note: str | None = None) -> str:
    """One screen: its title, the caption line, the big numbers and the chart (or one French sentence)."""
    report = content.report
    screen = SCREENS[index]
    where = t("copil.where", name=report.scope.name, period=period_label(report.period))
    caption = [report.scope.name, period_label(report.period)]
    caption.append(t("chart.data_as_of", date=fmt_date(report.data_as_of)) if report.data_as_of else "")
    if report.as_of < report.period.end:
        caption.append(t("copil.values_at", date=fmt_date(report.as_of)))
    if content.is_demo:
        caption.append(t("badge.demo"))
    if frozen_note:
        caption.append(frozen_note)
    title = t(f"copil.screen.{screen.screen.value}")
    head = f"<h2>{html.escape(title)}</h2><div class='copil-caption'>{html.escape(' · '.join(c for c in caption if c))}</div>"
    if content.is_empty:
        body = f"<div class='copil-empty'>{html.escape(t('copil.empty_scope', where=where))}</div>"
        return f"<div class='copil'>{head}{body}</div>"
    cards = screen_cards(report, screen)
    if not cards and svg is None:
        key = "copil.no_targets" if screen.screen == Screen.OVERVIEW else "copil.empty_screen"
        body = f"<div class='copil-empty'>{html.escape(t(key, group=title, where=where))}</div>"
    elif svg is None:
        body = "<div class='copil-body cards-only'>" + "".join(_card(r, report.as_of) for r in cards) + "</div>"
    else:
        body = (
            "<div class='copil-body with-chart'><div class='copil-cards'>"
            + "".join(_card(r, report.as_of) for r in cards)
            + f"</div><div class='copil-chart'>{_fit(svg)}</div></div>"
        )
    sources = sorted({f"{r.target.scope_name} — {r.target.source}" for r in cards if r.target is not None})
    footer = t("copil.footer", pillar=title)
    if sources:
        footer = t("copil.target_sources", sources=" ; ".join(sources)) + " · " + footer
    return f"<div class='copil'>{head}{body}<div class='copil-footer'>{html.escape(footer)}</div></div>"
