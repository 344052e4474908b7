"""What the COPIL screens and the quarterly report show, for one scope and one period: `ReportContent`.

It is built from the same core functions as the pages (`indicators.values.indicator_report` and
`trajectory`: the Objectifs page's figures), plus the previous quarter's report for "what changed". It is
plain data (dataclasses, no DataFrame) so that a snapshot can store it as JSON and reopen it unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.codes import ScopeType
from dashboard.db import Database
from dashboard.eit import metrics
from dashboard.indicators import values as ind
from dashboard.report.tables import ReportTable, record_tables
from dashboard.scope import Period

TRAJECTORY_COLUMNS = ("year", "planned", "planned_kind", "realised", "realised_provenance")


@dataclass(frozen=True)
class TrajectoryPoint:
    """One year of an indicator's trajectory (a row of `indicators.values.trajectory`)."""

    year: int
    planned: float | None
    planned_kind: str | None
    realised: float | None
    realised_provenance: str | None


@dataclass(frozen=True)
class ReportContent:
    """Every figure of the COPIL screens and of the quarterly report for one scope and period."""

    report: ind.IndicatorReport
    previous: ind.IndicatorReport | None  # the period before (Period.previous_quarter): "what changed"
    trajectories: dict[str, tuple[TrajectoryPoint, ...]]  # indicator code -> years
    is_demo: bool
    has_records: bool  # the scope's territory has records (companies, synergies, events...)
    tables: tuple[ReportTable, ...] = ()  # the report's tables read from the records (funnel, impacts...)

    @property
    def is_empty(self) -> bool:
        """Nothing to present: no record, no declared value, no target nor reference."""
        results = self.report.results
        return not (
            self.has_records
            or any(r.target is not None or r.reference is not None for r in results)
            or any(r.value is not None and r.value.value for r in results)
        )

    def trajectory_frame(self, code: str) -> pd.DataFrame:
        points = self.trajectories.get(code, ())
        return pd.DataFrame([p.__dict__ for p in points], columns=list(TRAJECTORY_COLUMNS))


def trajectory_codes(report: ind.IndicatorReport) -> list[str]:
    """Indicators whose trajectory is drawn: every one with a target, else the screens' first indicators."""
    from dashboard.report.screens import focus_codes  # screens import this module: imported when needed

    targeted = [r.definition.code for r in report.results if r.target is not None]
    return list(dict.fromkeys([*targeted, *focus_codes(report)]))


def _points(frame: pd.DataFrame) -> tuple[TrajectoryPoint, ...]:
    def clean(value: object) -> object:
        return None if value is None or pd.isna(value) else value  # type: ignore[arg-type]

    return tuple(
        TrajectoryPoint(
            int(row["year"]),
            None if clean(row["planned"]) is None else float(row["planned"]),
            clean(row["planned_kind"]),  # type: ignore[arg-type]
            None if clean(row["realised"]) is None else float(row["realised"]),
            clean(row["realised_provenance"]),  # type: ignore[arg-type]
        )
        for _, row in frame.iterrows()
    )


def report_content(db: Database, scope_type: str, scope_id: str, year: int, quarter: int) -> ReportContent | None:
    """The content for a territory or programme and a period (plain args: cached by the UI); None if unknown."""
    report = ind.indicator_report(db, scope_type, scope_id, Period(year, quarter))
    if report is None:
        return None
    # "what changed": the lead's one rule for the period before (dashboard.scope.Period.previous_quarter)
    previous = ind.indicator_report(db, scope_type, scope_id, report.period.previous_quarter())
    frames = ind.trajectories(db, scope_type, scope_id, tuple(trajectory_codes(report)), year)
    trajectories = {code: _points(frame) for code, frame in frames.items()}
    info = metrics.dataset_info(db)
    is_demo = info.is_demo_dataset or metrics.demo_rows_in_scope(db, report.scope.key)
    has_records = metrics.has_records(db, report.scope.key)
    tables = record_tables(db, report.scope, report.period, report.data_as_of)
    return ReportContent(report, previous, trajectories, bool(is_demo), bool(has_records), tables)


def scope_options(db: Database, territory_id: str) -> list[tuple[ScopeType, str, str]]:
    """The territory then its programmes: (scope type, id, name)."""
    territory = ind.get_scope(db, ScopeType.TERRITORY, territory_id)
    options = [] if territory is None else [(ScopeType.TERRITORY, territory_id, territory.name)]
    programmes = ind.programmes_of_territory(db, territory_id)
    for pid, name in zip(programmes["programme_id"], programmes["name"], strict=True):
        options.append((ScopeType.PROGRAMME, str(pid), str(name)))
    return options
