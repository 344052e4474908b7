"""The quarterly report's tables, as plain data (`ReportTable`) built from the pages' own core functions.

Cells hold numbers (written as numbers in the XLSX, formatted the French way in the PDF by their column's
kind) or text; a table is frozen with the rest of the content in a snapshot.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

import pandas as pd

from dashboard.artisanat import statistics as artisanat
from dashboard.artisanat.formatting import family_label
from dashboard.artisanat.secrecy import SECRECY_THRESHOLD
from dashboard.artisanat.statistics import Figure, Indicator, Masked
from dashboard.artisanat.tables import screen_table
from dashboard.codes import EventKind, ImpactKind, ScopeType
from dashboard.db import Database
from dashboard.eit import conventions, funding, metrics, synergies
from dashboard.eit.programmes import short_name
from dashboard.i18n import fmt_date, fmt_eur, fmt_int, fmt_number, fmt_percent, fmt_signed, label, t
from dashboard.indicators import values as ind
from dashboard.indicators.wording import fmt_value
from dashboard.scope import Period

Cell = str | float | None


class Kind(StrEnum):
    """How a column's numbers are written."""

    TEXT = "text"
    INT = "int"
    NUMBER = "number"  # one decimal
    SIGNED = "signed"  # a delta: "+3", "−2"
    EUR = "eur"
    PERCENT = "percent"  # a ratio, written "12 %"


@dataclass(frozen=True)
class ReportTable:
    key: str  # file and sheet name part (French, no space)
    title: str
    columns: tuple[str, ...]
    kinds: tuple[Kind, ...]
    rows: tuple[tuple[Cell, ...], ...]
    note: str | None = None

    def text_rows(self) -> list[list[str]]:
        """Every cell as the PDF writes it."""
        return [[cell_text(cell, kind) for cell, kind in zip(row, self.kinds, strict=True)] for row in self.rows]


def cell_text(cell: Cell, kind: Kind) -> str:
    if cell is None or (isinstance(cell, float) and pd.isna(cell)):
        return "–"
    if isinstance(cell, str):
        return cell
    return {
        Kind.TEXT: lambda v: fmt_number(v),
        Kind.INT: fmt_int,
        Kind.NUMBER: lambda v: fmt_number(v, 1),
        Kind.SIGNED: fmt_signed,
        Kind.EUR: fmt_eur,
        Kind.PERCENT: fmt_percent,
    }[kind](cell)


def _number(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type]


def funnel_table(db: Database, scope: str, period: Period) -> ReportTable:
    """The synergies page's funnel: each stage reached, current and converted to the next."""
    result = synergies.funnel(db, scope, period)
    rows = [(label(s.stage), float(s.reached), float(s.current), s.conversion_to_next) for s in result.steps]
    rows.append((t("report.table.funnel.abandoned"), float(result.abandoned), float(result.abandoned), None))
    return ReportTable(
        "entonnoir", t("report.table.funnel"),
        (t("report.col.stage"), t("report.col.reached"), t("report.col.current"), t("report.col.conversion")),
        (Kind.TEXT, Kind.INT, Kind.INT, Kind.PERCENT), tuple(rows),
    )  # fmt: skip


def impacts_table(db: Database, scope: str, period: Period) -> ReportTable:
    """The realised synergies' impacts per kind (the synergies page's totals), with the declared part."""
    totals = metrics.impact_totals(metrics.synergy_impacts(db, scope, period))
    rows = tuple(
        (label(ImpactKind(r.impact_kind)), float(r.value), float(r.synergy_count), float(r.declared))
        for r in totals.itertuples()
    )
    return ReportTable(
        "impacts", t("report.table.impacts"),
        (t("report.col.impact"), t("report.col.total"), t("report.col.synergies"), t("report.col.declared_part")),
        (Kind.TEXT, Kind.NUMBER, Kind.INT, Kind.NUMBER), rows,
    )  # fmt: skip


def events_table(db: Database, scope: str, period: Period) -> ReportTable:
    """The workshops, meetings and COPIL of the period (the records behind the events indicators)."""
    frame = ind.records_behind(db, scope, period, "workshops_meetings")
    steering = ind.records_behind(db, scope, period, "steering_meetings")
    frame = pd.concat([frame, steering], ignore_index=True).drop_duplicates("event_id") if not steering.empty else frame
    rows: list[tuple[Cell, ...]] = []
    if not frame.empty:
        dates = pd.to_datetime(frame["event_date"]).dt.date
        frame = frame.assign(day=dates)[dates >= period.start].sort_values("day")
        for r in frame.itertuples():
            rows.append((fmt_date(r.day), label(EventKind(r.event_kind)), str(r.title or ""),
                         _number(r.attendance_total)))  # fmt: skip
    return ReportTable(
        "evenements", t("report.table.events"),
        (t("report.col.date"), t("report.col.kind"), t("report.col.title"), t("report.col.attendance")),
        (Kind.TEXT, Kind.TEXT, Kind.TEXT, Kind.INT), tuple(rows),
        None if rows else t("report.table.events.none"),
    )  # fmt: skip


def conventions_table(db: Database, territory_id: str, data_as_of: dt.date | None) -> ReportTable:
    """Each convention action: committed, realised, amount due pro rata (the conventions page's figures)."""
    rows: list[tuple[Cell, ...]] = []
    for convention_id in conventions.conventions_for_territory(db, territory_id)["convention_id"]:
        status = conventions.convention_status(db, str(convention_id), data_as_of or dt.date.today())
        if status is None:
            continue
        for action in status.actions:
            rows.append((status.title, action.label, action.committed, action.realised, action.flat_amount,
                         action.amount_due()))  # fmt: skip
        rows.append((status.title, t("report.table.conventions.total"), None, None, status.actions_total,
                     status.amount_due))  # fmt: skip
    return ReportTable(
        "conventions", t("report.table.conventions"),
        (t("report.col.convention"), t("report.col.action"), t("report.col.committed"), t("report.col.realised"),
         t("report.col.flat_amount"), t("report.col.amount_due")),
        (Kind.TEXT, Kind.TEXT, Kind.NUMBER, Kind.NUMBER, Kind.EUR, Kind.EUR), tuple(rows),
        None if rows else t("report.table.conventions.none"),
    )  # fmt: skip


def funding_tables(db: Database, programme_ids: list[str]) -> list[ReportTable]:
    """Each programme's funding plan, funder x period with totals (the conventions page's `plan_table`)."""
    tables = []
    for programme_id in funding.programmes_with_funding(db, programme_ids):
        table = funding.plan_table(funding.funding_plan(db, programme_id))
        scope = ind.get_scope(db, ScopeType.PROGRAMME, programme_id)
        name = short_name(scope.name) if scope is not None else programme_id
        rows = tuple((str(funder), *(_number(v) for v in amounts)) for funder, amounts in table.iterrows())
        tables.append(ReportTable(
            f"financements-{len(tables) + 1}", t("report.table.funding", programme=name),
            (t("report.col.funder"), *(str(c) for c in table.columns)),
            (Kind.TEXT, *(Kind.EUR for _ in table.columns)), rows,
        ))  # fmt: skip
    return tables


ARTISAN_MEASURES = (Figure.ESTABLISHMENTS, Figure.CREATIONS, Figure.CLOSURES, Indicator.NET_BALANCE,
                    Indicator.DENSITY)  # fmt: skip


def artisan_table(db: Database, territory_id: str, year: int) -> ReportTable:
    """The artisan profile by sector family under statistical secrecy ("s": hidden), as on the artisan page."""
    years = [y for y in artisanat.stat_years(db, territory_id) if y <= year]
    if not years:
        return ReportTable("artisanat", t("report.table.artisan", year=year), (), (), (),
                           t("report.table.artisan.none"))  # fmt: skip
    key = artisanat.key_figures_read(db, territory_id, years[-1], SECRECY_THRESHOLD)
    masked = Masked(
        key.current.reset_index(names="sector_family").assign(family=lambda f: f["sector_family"].map(family_label)),
        key.mask.reset_index(drop=True),
    )
    frame = screen_table(masked, ARTISAN_MEASURES, {"family": t("artisanat.page.table.family")})
    return ReportTable(
        "artisanat", t("report.table.artisan", year=years[-1]), tuple(frame.columns),
        tuple(Kind.TEXT for _ in frame.columns), tuple(tuple(str(c) for c in row) for row in frame.to_numpy()),
        t("report.table.artisan.secrecy", threshold=SECRECY_THRESHOLD),
    )  # fmt: skip


def indicators_table(report: ind.IndicatorReport) -> ReportTable:
    """Every indicator with a value or a target: realised, target, share reached, status."""
    rows = []
    for r in report.results:
        if r.value is None and r.target is None:
            continue
        rows.append((
            r.definition.label,
            fmt_value(None if r.value is None else r.value.value, r.definition),
            None if r.target is None else f"{fmt_value(r.target.value, r.definition)} ({r.target.year})",
            r.achievement,
            t(f"ind.status.{r.status.value}"),
        ))  # fmt: skip
    return ReportTable(
        "indicateurs", t("report.table.indicators"),
        (t("report.col.indicator"), t("report.col.realised"), t("report.col.target"), t("report.col.share"),
         t("report.col.status")),
        (Kind.TEXT, Kind.TEXT, Kind.TEXT, Kind.PERCENT, Kind.TEXT), tuple(rows),
    )  # fmt: skip


def changes_table(report: ind.IndicatorReport, previous: ind.IndicatorReport | None) -> ReportTable:
    """What changed since the previous period: each indicator with a value, before, now and the delta."""
    rows = []
    for r in report.results:
        if r.value is None:
            continue
        before_result = None if previous is None else previous.result(r.definition.code)
        before = None if before_result is None or before_result.value is None else before_result.value.value
        delta = None if before is None else r.value.value - before
        rows.append((r.definition.label, before, r.value.value, delta, r.definition.unit))
    return ReportTable(
        "evolutions", t("report.table.changes"),
        (t("report.col.indicator"), t("report.col.before"), t("report.col.now"), t("report.col.delta"),
         t("report.col.unit")),
        (Kind.TEXT, Kind.NUMBER, Kind.NUMBER, Kind.SIGNED, Kind.TEXT), tuple(rows),
    )  # fmt: skip


def record_tables(
    db: Database, scope: ind.Scope, period: Period, data_as_of: dt.date | None
) -> tuple[ReportTable, ...]:
    """The tables read from the records (frozen with the content): funnel, impacts, events, conventions,
    funding plan, artisan profile."""
    territory_id = scope.perimeter_territory_id  # conventions and artisans are read by place
    if scope.scope_type == ScopeType.PROGRAMME:
        programme_ids = [scope.scope_id]
    else:
        programme_ids = [str(p) for p in ind.programmes_of_territory(db, territory_id)["programme_id"]]
    return (
        funnel_table(db, scope.key, period),  # synergies and events: the scope's own records
        impacts_table(db, scope.key, period),
        events_table(db, scope.key, period),
        conventions_table(db, territory_id, data_as_of),
        artisan_table(db, territory_id, period.year),
        *funding_tables(db, programme_ids),
    )
