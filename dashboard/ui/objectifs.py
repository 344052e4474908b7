"""The "Objectifs et réalisations" page's sections (pages/objectifs.py lays them out): KPI cards, share reached,
pillars radar, trajectory, table by pillar, drill-down to the records, comparison across scopes, data entry."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.auth import PermissionDenied
from dashboard.charts import ChartContext
from dashboard.charts.indicators import (
    achievement_figure,
    comparison_figure,
    fmt_value,
    pillar_radar,
    trajectory_figure,
)
from dashboard.codes import (
    DiagnosticKind,
    Direction,
    EventKind,
    ImpactKind,
    Pillar,
    Realisation,
    ScopeType,
    SynergyStatus,
    SynergyType,
    ValueBasis,
    ValueKind,
)
from dashboard.geography import territories
from dashboard.geography.territories import QUARTERS, quarter_option_label
from dashboard.i18n import fmt_date, fmt_number, fmt_percent, label, options, t, t_count
from dashboard.indicators import entry as indicator_entry
from dashboard.indicators import values as ind
from dashboard.ui import lazy
from dashboard.ui.auth import current_actor, may_read_companies, show_denied
from dashboard.ui.cache import cached, cached_drawn_figure, get_database, invalidate_data_cache
from dashboard.ui.indicators import chart_with_png, indicator_card, provenance_text
from dashboard.ui.lazy import is_open, lazy_expander, lazy_tabs
from dashboard.ui.text import md_escape

CARDS_PER_ROW = 3  # numbers stay large on a projector
SCOPE_KEY = "obj.scope"
ENTRY_KEY = "obj.entry.open"  # the entry section, open or not (dashboard.ui.lazy)
VIEWS_KEY = "obj.views"  # the open tab's label among the charts and the table (dashboard.ui.lazy)
# Codes shown in the drill-down tables with their French labels.
CODE_COLUMNS = {
    "kind": DiagnosticKind,
    "direction": Direction,
    "synergy_type": SynergyType,
    "status": SynergyStatus,
    "event_kind": EventKind,
    "impact_kind": ImpactKind,
    "basis": ValueBasis,
}
HIDDEN_COLUMNS = ("company_id", "diagnostic_id", "flow_id", "synergy_id", "event_id")


def scope_label(option: str, names: dict[str, str]) -> str:
    scope_type, _, _ = option.partition("|")
    key = "obj.scope.territory" if scope_type == ScopeType.TERRITORY.value else "obj.scope.programme"
    return t(key, name=names[option])


def table_rows(results: list[ind.IndicatorResult]) -> pd.DataFrame:
    rows = []
    for r in results:
        d = r.definition
        rows.append(
            {
                t("obj.col.indicator"): d.label,
                t("obj.col.mandatory"): t("obj.yes") if d.mandatory else t("obj.no"),
                t("obj.col.value"): fmt_value(r.value.value if r.value else None, d),
                t("obj.col.target"): (
                    t("obj.target_cell", value=fmt_value(r.target.value, d), year=r.target.year) if r.target else "–"
                ),
                t("obj.col.share"): fmt_percent(r.achievement) if r.achievement is not None else "–",
                t("obj.col.gap"): fmt_number(r.gap, d.decimals) if r.gap is not None else "–",
                t("obj.col.status"): t(f"ind.status.{r.status.value}"),
                t("obj.col.direction"): label(d.direction),
                t("obj.col.provenance"): provenance_text(r),
            }
        )
    return pd.DataFrame(rows)


def records_table(frame: pd.DataFrame) -> pd.DataFrame:
    shown = frame.drop(columns=[c for c in HIDDEN_COLUMNS if c in frame.columns])
    for column, enum in CODE_COLUMNS.items():
        if column in shown.columns:
            shown[column] = [label(v, enum) if isinstance(v, str) else "" for v in shown[column]]
    for column in shown.columns:
        if pd.api.types.is_datetime64_any_dtype(shown[column]) or column.endswith(("_date", "_on", "as_of")):
            shown[column] = [
                fmt_date(v.date() if hasattr(v, "date") else v) if pd.notna(v) else "" for v in shown[column]
            ]
    return shown.rename(columns={c: t(f"obj.rec.{c}") for c in shown.columns})


def entry_section(scope: ind.Scope, definitions: list[ind.IndicatorDef], year: int) -> None:
    """The entry form and the scope's history, at the foot of the page: a section run only once opened, then kept
    drawn so that what was typed survives closing it (dashboard.ui.lazy.entry_section). Drawn at every arrival,
    its eight fields cost the browser as much as a chart, for a form most visits never use."""
    section = lazy.entry_section(t("obj.section.entry"), key=ENTRY_KEY, icon=":material/edit_note:")
    if section is not None:
        with section:
            _entry(scope, definitions, year)


def _entry(scope: ind.Scope, definitions: list[ind.IndicatorDef], year: int) -> None:
    st.markdown(t("obj.entry.intro", scope=md_escape(scope.name)))
    by_code = {d.code: d for d in definitions}
    with st.form("obj.entry.form", clear_on_submit=False):
        left, right = st.columns(2)
        with left:
            code = st.selectbox(
                t("obj.entry.indicator"), list(by_code), format_func=lambda c: by_code[c].label, key="obj.entry.code"
            )
            kind = st.selectbox(
                t("obj.entry.kind"), list(options(ValueKind)), format_func=options(ValueKind).get, key="obj.entry.kind"
            )
            year_value = st.number_input(
                t("obj.entry.year"), min_value=territories.MIN_YEAR, max_value=territories.MAX_YEAR, value=year, step=1
            )
            quarter = st.selectbox(t("obj.entry.quarter"), QUARTERS, format_func=quarter_option_label)
        with right:
            definition = by_code[code]
            # A text field read by the core (indicator_entry.read_value): a browser number field turns 1e400 into no
            # value before the server sees it, so the form answered « vide » instead of « nombre hors limites ».
            value_text = st.text_input(
                t("obj.entry.value", unit=definition.unit),
                key="obj.entry.value",
                placeholder=t("obj.entry.value.placeholder"),
                help=t("obj.entry.value.help"),
            )
            source = st.text_input(t("obj.entry.source"), key="obj.entry.source")
            comment = st.text_input(t("obj.entry.comment"), key="obj.entry.comment")
        submitted = st.form_submit_button(t("obj.entry.submit"), type="primary")
    if submitted:
        try:
            entry = indicator_entry.Entry(
                indicator_code=code,
                scope_type=scope.scope_type,
                scope_id=scope.scope_id,
                year=int(year_value),
                quarter=int(quarter),
                value_kind=ValueKind(kind),
                value=indicator_entry.read_value(value_text, definition),
                source=source,
                comment=comment,
            )
            result = indicator_entry.save_entry(get_database(), entry, actor=current_actor())  # author: the actor
        except PermissionDenied as denied:
            show_denied(denied)
        except indicator_entry.EntryError as error:
            st.error(t("obj.entry.refused") + "\n" + "\n".join(f"- {md_escape(p)}" for p in error.problems))
        else:
            invalidate_data_cache()
            text = fmt_value(entry.value, definition)
            kind_text = label(entry.value_kind).lower()
            if not result.changed:
                st.info(t("obj.entry.unchanged"))
            elif result.previous_value is None:
                st.success(
                    t("obj.entry.saved_new", indicator=definition.label, kind=kind_text, year=entry.year, value=text)
                )
            else:
                previous = fmt_value(result.previous_value, definition)
                st.success(
                    t(
                        "obj.entry.saved_changed",
                        indicator=definition.label,
                        kind=kind_text,
                        year=entry.year,
                        value=text,
                        previous=previous,
                    )
                )
    st.markdown(f"**{t('obj.entry.history')}**")
    changes = cached(indicator_entry.history, scope.scope_type.value, scope.scope_id)
    if changes.empty:
        st.caption(t("obj.entry.history_empty"))
        return
    shown = pd.DataFrame(
        {
            t("obj.hist.changed_at"): [v.strftime("%d/%m/%Y %H:%M") for v in changes["changed_at"]],
            t("obj.hist.changed_by"): [
                v if isinstance(v, str) else t("obj.hist.unknown_author") for v in changes["changed_by"]
            ],
            t("obj.hist.label"): changes["label"],
            t("obj.hist.year"): changes["year"].astype(str),
            t("obj.hist.value_kind"): [label(v, ValueKind) for v in changes["value_kind"]],
            t("obj.hist.previous_value"): [
                fmt_number(v, 3).rstrip("0").rstrip(",") if pd.notna(v) else "–" for v in changes["previous_value"]
            ],
            t("obj.hist.new_value"): [fmt_number(v, 3).rstrip("0").rstrip(",") for v in changes["new_value"]],
            t("obj.hist.comment"): changes["comment"].fillna(""),
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch")


def show_cards(report: ind.IndicatorReport, with_target: list[ind.IndicatorResult]) -> None:
    """The KPI cards (targeted indicators, else the mandatory ones) and how their values are counted."""
    period = report.period
    st.subheader(t("obj.section.cards") if with_target else t("obj.section.cards_none"))
    if not with_target:
        st.caption(t("obj.no_target_cards"))
    cards = with_target or [r for r in report.results if r.definition.mandatory]
    for start in range(0, len(cards), CARDS_PER_ROW):
        row = cards[start : start + CARDS_PER_ROW]
        for column, result in zip(st.columns(CARDS_PER_ROW), row, strict=False):
            with column:
                indicator_card(result, report.as_of)
    with st.expander(t("obj.rule.title")):
        st.markdown(t("obj.rule.body", end=fmt_date(period.end), year=period.year, as_of=fmt_date(report.as_of)))


def show_achievement(report: ind.IndicatorReport, context: ChartContext) -> None:
    chart_with_png(
        cached_drawn_figure(achievement_figure, report.results, context, t("ind.chart.achievement.title")),
        "obj.achievement",
        t("ind.chart.achievement.title"),
        place=report.scope.name,
    )


def show_radar(report: ind.IndicatorReport, context: ChartContext) -> None:
    left, right = st.columns(2)
    summary = ind.pillar_summary(report)
    with left:
        chart_with_png(cached_drawn_figure(pillar_radar, summary, context), "obj.radar", t("ind.chart.radar.title"),
                       place=report.scope.name)  # fmt: skip
    with right:
        st.caption(t("obj.radar.note"))
        st.dataframe(
            pd.DataFrame(
                {
                    t("obj.col.pillar"): [label(Pillar(p)) for p in summary["pillar"]],
                    t("obj.col.with_target"): summary["with_target"].astype(str),
                    t("obj.col.share"): [fmt_percent(v) if pd.notna(v) else "–" for v in summary["achievement"]],
                    t("obj.col.filled"): [fmt_percent(v) for v in summary["filled_share"]],
                }
            ),
            hide_index=True,
            width="stretch",
        )


def show_trajectory(
    report: ind.IndicatorReport, scope_type: str, scope_id: str, default_code: str, context: ChartContext
) -> None:
    period = report.period
    by_code = {r.definition.code: r.definition for r in report.results}
    codes = list(by_code)
    code = st.selectbox(
        t("obj.trajectory.indicator"),
        codes,
        index=codes.index(default_code),
        format_func=lambda c: by_code[c].label,
        key="obj.trajectory.code",
    )
    frame = cached(ind.trajectory, scope_type, scope_id, code, period.year)
    chart_with_png(
        cached_drawn_figure(trajectory_figure, frame, by_code[code], context, period.year), "obj.trajectory",
        t("report.file.trajectory", indicator=by_code[code].label), place=report.scope.name,
    )  # fmt: skip
    st.caption(t("obj.trajectory.note"))


def show_table(report: ind.IndicatorReport) -> None:
    # The open pillar's table only (dashboard.ui.lazy): the others are drawn when their tab is chosen.
    for tab, pillar in zip(lazy_tabs([label(p) for p in Pillar], key="obj.table.pillar"), Pillar, strict=True):
        if is_open(tab):
            with tab:
                st.dataframe(
                    table_rows(report.by_pillar(pillar)),
                    hide_index=True,
                    width="stretch",
                    # Sized on the first rows' text, « 12 événements (2022) » was cut to « 12 événemen ».
                    column_config={t("obj.col.target"): st.column_config.TextColumn(width="medium")},
                )


def show_views(
    report: ind.IndicatorReport, scope_type: str, scope_id: str, default_code: str, context: ChartContext
) -> None:
    """The share of each target reached, the pillars radar, the trajectory and the table of every indicator, in
    four tabs of which only the open one is drawn (dashboard.ui.lazy): the share reached first, as it followed the
    cards before."""
    names = ("ind.chart.achievement.title", "obj.section.radar", "obj.section.trajectory", "obj.section.table")
    achievement, radar, trajectory, table = lazy_tabs([t(name) for name in names], key=VIEWS_KEY)
    if is_open(achievement):
        with achievement:
            show_achievement(report, context)
    if is_open(radar):
        with radar:
            show_radar(report, context)
    if is_open(trajectory):
        with trajectory:
            show_trajectory(report, scope_type, scope_id, default_code, context)
    if is_open(table):
        with table:
            show_table(report)


def show_drill(report: ind.IndicatorReport) -> None:
    """The records behind a computed value (names as pseudonyms unless asked): a tool opened on demand, below the
    fold, run (its pick-list, its table) only once opened (dashboard.ui.lazy)."""
    section = lazy_expander(t("obj.section.drill"), key="obj.drill.open", icon=":material/search:")
    if is_open(section):
        with section:
            _drill(report)


def _drill(report: ind.IndicatorReport) -> None:
    period = report.period
    by_code = {r.definition.code: r.definition for r in report.results}
    definitions = list(by_code.values())
    readable = may_read_companies(report.scope.key)  # company records only where the actor may see them
    computed = [
        d
        for d in definitions
        if d.realisation == Realisation.COMPUTED and (readable or d.code not in ind.COMPANY_RECORDS)
    ]
    drill_code = st.selectbox(
        t("obj.drill.indicator"),
        [d.code for d in computed],
        format_func=lambda c: by_code[c].label,
        key="obj.drill.code",
    )
    show_names = readable and st.checkbox(t("obj.drill.names"), value=False, key="obj.drill.names")
    records = cached(ind.records_behind, report.scope.key, period, drill_code, show_names, current_actor())
    drilled = report.result(drill_code)
    if records.empty:
        st.caption(t("obj.drill.empty"))
    else:
        st.caption(
            t_count(
                "obj.drill.count",
                len(records),
                count=len(records),
                value=fmt_value(drilled.value.value if drilled.value else None, drilled.definition),
                indicator=drilled.definition.label,
                date=fmt_date(report.as_of),
            )
        )
        if "company_name" in records.columns and not show_names:
            st.caption(t("obj.drill.pseudonyms"))
        st.dataframe(records_table(records), hide_index=True, width="stretch")


def show_comparison(report: ind.IndicatorReport, territory_id: str, default_code: str, context: ChartContext) -> None:
    """One indicator across the programmes, or across the EPCI of the territory's department: below the fold, a
    chart nobody sees at first sight, drawn once opened (dashboard.ui.lazy)."""
    section = lazy_expander(t("obj.section.compare"), key="obj.compare.open", icon=":material/compare_arrows:")
    if is_open(section):
        with section:
            _comparison(report, territory_id, default_code, context)


def _comparison(report: ind.IndicatorReport, territory_id: str, default_code: str, context: ChartContext) -> None:
    period = report.period
    by_code = {r.definition.code: r.definition for r in report.results}
    codes = list(by_code)
    left, right = st.columns(2)
    with left:
        what = st.radio(
            t("obj.compare.what"),
            ["programmes", "epci"],
            format_func=lambda w: t(f"obj.compare.{w}"),
            horizontal=True,
            key="obj.compare.what",
        )
    with right:
        compare_code = st.selectbox(
            t("obj.compare.indicator"),
            codes,
            index=codes.index(default_code),
            format_func=lambda c: by_code[c].label,
            key="obj.compare.code",
        )
    scopes = cached(ind.comparison_scopes, territory_id, what)
    if not scopes:
        st.caption(t("obj.compare.none"))
    else:
        compared = cached(ind.comparison, scopes, compare_code, period)
        compare_context = ChartContext(
            territory=t(f"obj.compare.{what}"),
            period=context.period,
            source=context.source,
            data_as_of=context.data_as_of,
            is_demo=context.is_demo,
        )
        chart_with_png(
            cached_drawn_figure(comparison_figure, compared, by_code[compare_code], compare_context),
            "obj.compare",
            t("report.file.comparison", indicator=by_code[compare_code].label),
        )
        total = cached(ind.aggregate, scopes, period, (compare_code,)).get(compare_code)
        if total is None:
            st.caption(t("obj.compare.total_none"))
        else:
            st.caption(t("obj.compare.total", value=fmt_value(total, by_code[compare_code])))
