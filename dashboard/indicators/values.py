"""ELIPSE-style indicators: catalogue, live realisations with provenance, targets, achievement, trajectories,
drill-down to the records behind a value, and aggregation across territories or programmes.

Scope. An indicator is read for a **territory** or a **programme**:
- a territory's computed values use the territory scope of `dashboard.eit.metrics` (its communes' companies,
  synergies and events attached to it or its members); its targets and declared values are its own and those
  of the programmes whose perimeter is the territory (the territory's own preferred), as on the home page;
- a programme's computed values are those of its **perimeter territory** (the same functions, so the
  synergies page, the home page and this page show the same numbers); its targets and declared values are the
  programme's own. Records tagged with the programme but outside its perimeter are not counted: the perimeter
  is what the programme committed to.

Computed values are never stored: they are recomputed from the records on every read (cached by data
version in the UI). Like the home page, counts are **cumulative** up to the period end (targets are
cumulative: "70 entreprises mobilisées en 2019, objectif 100 en 2022"); impacts are yearly amounts of the
synergies realised at the period end. Declared values are `indicator_value` rows of kind actual (or estimate)
for the period's year (a quarter's own value first when a quarter is selected).

Achievement (share of the target reached):
- higher is better: value / target; a zero target is reached by any value (100 %);
- lower is better: with a reference above the target, the share of the planned reduction achieved,
  (reference − value) / (reference − target), never below 0; without one, target / value (100 % when the
  value is 0); a zero target without reference is reached only by 0 (100 %), otherwise 0 %.

On track or late. The trajectory goes in straight lines through the reference (at 31/12 of its year) and each
target (at 31/12 of its year); without a reference it starts from 0 on 1 January of the first target's year.
The expected value at the data date (the period end, or the data date when the period is in progress) is
read on that line; a value at least as good as the expected one (≥ for higher is better, ≤ for lower is
better) is on track, otherwise late; a target reached is "atteint" whatever the date.

Aggregation (several territories or programmes): the records behind each computed value are united and each
record (company, synergy, event, diagnostic, flow) counted once, so a company in two overlapping perimeters
counts once; rates are recomputed from the united counts; declared amounts are summed where the catalogue
says they add up (`aggregation` = sum) and left out otherwise.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import pandas as pd

from dashboard.codes import (
    EventKind,
    ImpactKind,
    IndicatorAggregation,
    IndicatorDirection,
    Pillar,
    Provenance,
    Realisation,
    ScopeType,
    SynergyStatus,
    ValueKind,
)
from dashboard.db import Database
from dashboard.eit import metrics
from dashboard.eit.metrics import Headline, TargetValue
from dashboard.eit.programmes import short_name
from dashboard.geography.territories import activity_years
from dashboard.scope import Period, figures_as_of, programme_scope, scope_params

PERCENT = 100.0  # rates are stored and shown in percent (unit "%")
MIN_COMPANIES_OPERATIONAL = 2  # an exchange or a shared service links at least two companies
SOURCE_RECORDS = "records"  # source of computed values: the observatory's own records (labelled in French)


class ProgressStatus(StrEnum):
    """Where a value stands against its target at the data date."""

    MET = "met"
    ON_TRACK = "on_track"
    LATE = "late"
    NO_TARGET = "no_target"
    NO_VALUE = "no_value"


class RecordKind(StrEnum):
    """What is behind a computed value (drill-down)."""

    COMPANIES = "companies"
    DIAGNOSTICS = "diagnostics"
    FLOWS = "flows"
    SYNERGIES = "synergies"
    EVENTS = "events"
    IMPACTS = "impacts"


# ---------------------------------------------------------------------------------------------- catalogue
@dataclass(frozen=True)
class IndicatorDef:
    code: str
    label: str
    unit: str
    decimals: int
    pillar: Pillar
    direction: IndicatorDirection
    realisation: Realisation
    mandatory: bool
    definition: str
    rule: str | None
    min_value: float | None
    max_value: float | None
    aggregation: IndicatorAggregation

    @property
    def is_rate(self) -> bool:
        return self.aggregation == IndicatorAggregation.RATE


def _optional_float(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type]


def catalogue(db: Database) -> list[IndicatorDef]:
    """Every indicator of the database's catalogue, pillar by pillar (ELIPSE order), mandatory first."""
    frame = db.query_df("SELECT * FROM indicator")
    order = {pillar.value: i for i, pillar in enumerate(Pillar)}
    frame = frame.assign(_pillar=frame["pillar"].map(order), _optional=~frame["mandatory"].astype(bool))
    frame = frame.sort_values(["_pillar", "_optional"], kind="stable")
    return [
        IndicatorDef(
            code=str(row["indicator_code"]),
            label=str(row["label"]),
            unit=str(row["unit"]),
            decimals=int(row["decimals"]),
            pillar=Pillar(row["pillar"]),
            direction=IndicatorDirection(row["direction"]),
            realisation=Realisation(row["realisation"]),
            mandatory=bool(row["mandatory"]),
            definition=str(row["definition"]),
            rule=None if pd.isna(row["rule"]) else str(row["rule"]),
            min_value=_optional_float(row["min_value"]),
            max_value=_optional_float(row["max_value"]),
            aggregation=IndicatorAggregation(row["aggregation"]),
        )
        for _, row in frame.iterrows()
    ]


# ---------------------------------------------------------------------------------------------- scopes
@dataclass(frozen=True)
class Scope:
    """A territory (records counted by place), or a programme (its own records): see dashboard.scope."""

    scope_type: ScopeType
    scope_id: str
    name: str
    key: str  # the scope key of its records in SQL ($scope): the territory id, or 'programme:<programme_id>'
    perimeter_territory_id: str  # the territory itself, or the programme's perimeter
    start_date: dt.date | None = None  # programme dates, when known
    end_date: dt.date | None = None


def _as_date(value: object) -> dt.date | None:
    if value is None or pd.isna(value):  # type: ignore[arg-type]
        return None
    return value.date() if isinstance(value, (dt.datetime, pd.Timestamp)) else value  # type: ignore[return-value]


def get_scope(db: Database, scope_type: ScopeType, scope_id: str) -> Scope | None:
    if scope_type == ScopeType.TERRITORY:
        rows = db.query_rows("SELECT name FROM territory WHERE territory_id = $id", {"id": scope_id})
        return Scope(scope_type, scope_id, str(rows[0][0]), scope_id, scope_id) if rows else None
    rows = db.query_rows(
        "SELECT name, perimeter_territory_id, start_date, end_date FROM programme WHERE programme_id = $id",
        {"id": scope_id},
    )
    if not rows:
        return None
    name, perimeter, start, end = rows[0]
    return Scope(
        scope_type, scope_id, str(name), programme_scope(scope_id), str(perimeter), _as_date(start), _as_date(end)
    )


def programmes_of_territory(db: Database, territory_id: str) -> pd.DataFrame:
    """Programmes whose perimeter is the territory or lies inside it: programme_id, name, perimeter."""
    return db.query_df(
        """
        SELECT programme_id, name, perimeter_territory_id FROM programme
        WHERE perimeter_territory_id = $territory_id
           OR perimeter_territory_id IN (SELECT member_id FROM territory_membership WHERE container_id = $territory_id)
        ORDER BY name
        """,
        {"territory_id": territory_id},
    )


# ---------------------------------------------------------------------------------------------- values
@dataclass(frozen=True)
class IndicatorValue:
    """A realisation and where it comes from."""

    code: str
    value: float
    provenance: Provenance
    source: str  # SOURCE_RECORDS for computed values, else the declared source
    as_of: dt.date
    in_period: float | None = None  # the part within the period (computed counts)
    record_count: int = 0  # records the value is computed from
    basis_parts: dict[str, float] = field(default_factory=dict)  # impacts: declared / computed / estimated parts
    comment: str | None = None
    value_kind: ValueKind = ValueKind.ACTUAL


# Status-count indicators: the status they count at the period end.
STATUS_INDICATORS: dict[str, SynergyStatus] = {
    "synergies_identified": SynergyStatus.IDENTIFIED,
    "synergies_in_study": SynergyStatus.IN_STUDY,
    "synergies_in_progress": SynergyStatus.IN_PROGRESS,
    "synergies_realised": SynergyStatus.REALISED,
    "synergies_abandoned": SynergyStatus.ABANDONED,
}
# Impact indicators: the synergy impact they roll up.
IMPACT_INDICATORS: dict[str, ImpactKind] = {
    "tonnes_diverted": ImpactKind.TONNES,
    "ghg_avoided": ImpactKind.TCO2E,
    "energy_impact": ImpactKind.ENERGY_MWH,
    "water_saved": ImpactKind.WATER_M3,
    "savings_eur": ImpactKind.SAVINGS_EUR,
    "jobs_created": ImpactKind.JOBS,
}
COMPANY_EVENT_INDICATORS = ("workshops_meetings", "event_attendance", "companies_at_events")
# Every computed indicator this module knows how to compute (the catalogue's computed rows must be here).
COMPUTED_CODES: frozenset[str] = frozenset(
    {
        "companies_mobilised",
        "diagnostics_done",
        "flows_recorded",
        "synergies",
        "operational_synergies",
        "companies_in_synergies",
        "synergy_success_rate",
        "steering_meetings",
        *COMPANY_EVENT_INDICATORS,
        *STATUS_INDICATORS,
        *IMPACT_INDICATORS,
    }
)
RECORD_KIND: dict[str, RecordKind] = {
    "companies_mobilised": RecordKind.COMPANIES,
    "companies_in_synergies": RecordKind.COMPANIES,
    "companies_at_events": RecordKind.COMPANIES,
    "diagnostics_done": RecordKind.DIAGNOSTICS,
    "flows_recorded": RecordKind.FLOWS,
    "synergies": RecordKind.SYNERGIES,
    "operational_synergies": RecordKind.SYNERGIES,
    "synergy_success_rate": RecordKind.SYNERGIES,
    "workshops_meetings": RecordKind.EVENTS,
    "event_attendance": RecordKind.EVENTS,
    "steering_meetings": RecordKind.EVENTS,
    **dict.fromkeys(STATUS_INDICATORS, RecordKind.SYNERGIES),
    **dict.fromkeys(IMPACT_INDICATORS, RecordKind.IMPACTS),
}


def _participants(db: Database, scope: str, synergy_ids: list[str]) -> pd.DataFrame:
    """Participations (synergy_id, company_id, local) in the given synergies; local = company of the scope."""
    return db.query_df(
        """
        SELECT DISTINCT p.synergy_id, p.company_id,
               p.company_id IN (SELECT company_id FROM scope_companies($scope)) AS local
        FROM synergy_participant p
        WHERE list_contains($ids, p.synergy_id)
        """,
        {**scope_params(scope), "ids": synergy_ids},
    )


def _event_extras(db: Database, scope: str, period: Period) -> tuple[float, int]:
    """Total attendance of the company events, and distinct companies that attended them."""
    row = db.query_rows(
        """
        WITH counted AS (
            SELECT event_id, attendance_total FROM event
            WHERE event_id IN (SELECT event_id FROM scope_events($scope)) AND event_date <= $end
              AND list_contains($kinds, event_kind)
        )
        SELECT coalesce(sum(attendance_total), 0),
               (SELECT count(DISTINCT company_id) FROM event_participant WHERE event_id IN (SELECT event_id FROM counted))
        FROM counted
        """,
        {**scope_params(scope, period), "kinds": [k.value for k in metrics.COMPANY_EVENT_KINDS]},
    )[0]
    return float(row[0]), int(row[1])


def computed_values(db: Database, scope: str, period: Period, as_of: dt.date) -> dict[str, IndicatorValue]:
    """Every computed indicator of the territory at the period end, from the records (metrics functions)."""

    def value(code: str, number: float, in_period: float | None, records: int, **extra: object) -> None:
        out[code] = IndicatorValue(
            code, float(number), Provenance.COMPUTED, SOURCE_RECORDS, as_of, in_period, records, **extra
        )  # type: ignore[arg-type]

    out: dict[str, IndicatorValue] = {}
    companies = metrics.companies_mobilised(db, scope, period)
    value("companies_mobilised", companies.cumulative, companies.in_period, companies.record_count)
    diagnostics = metrics.diagnostics(db, scope, period)
    value("diagnostics_done", diagnostics.cumulative, diagnostics.in_period, diagnostics.record_count)
    flows = metrics.flows(db, scope, period)
    value("flows_recorded", flows.cumulative, flows.in_period, flows.record_count)

    status = metrics.synergy_status_as_of(db, scope, period)
    engaged_figure, by_status = metrics.synergies(db, scope, period)
    value("synergies", engaged_figure.cumulative, engaged_figure.in_period, engaged_figure.record_count)
    identified_in_period = pd.to_datetime(status["identified_on"]).dt.date >= period.start
    for code, wanted in STATUS_INDICATORS.items():
        own = status["status"] == wanted.value
        value(code, by_status[wanted], float((own & identified_in_period).sum()), int(own.sum()))
    engaged_ids = status.loc[status["status"] != SynergyStatus.ABANDONED.value, "synergy_id"].tolist()
    realised_ids = status.loc[status["status"] == SynergyStatus.REALISED.value, "synergy_id"].tolist()
    participants = _participants(db, scope, engaged_ids)
    local = participants[participants["local"].astype(bool)]
    value("companies_in_synergies", local["company_id"].nunique(), None, len(local))
    per_synergy = participants[participants["synergy_id"].isin(realised_ids)].groupby("synergy_id")["company_id"]
    operational = int((per_synergy.nunique() >= MIN_COMPANIES_OPERATIONAL).sum())
    value("operational_synergies", operational, None, len(realised_ids))
    total = len(status)
    rate = PERCENT * by_status[SynergyStatus.REALISED] / total if total else 0.0
    value("synergy_success_rate", rate, None, total)

    workshops = metrics.events(db, scope, period, metrics.COMPANY_EVENT_KINDS, Headline.WORKSHOPS_MEETINGS)
    value("workshops_meetings", workshops.cumulative, workshops.in_period, workshops.record_count)
    steering = metrics.events(db, scope, period, metrics.STEERING_EVENT_KINDS, Headline.WORKSHOPS_MEETINGS)
    value("steering_meetings", steering.cumulative, steering.in_period, steering.record_count)
    attendance, attending = _event_extras(db, scope, period)
    value("event_attendance", attendance, None, workshops.record_count)
    value("companies_at_events", attending, None, workshops.record_count)

    totals = metrics.impact_totals(metrics.synergy_impacts(db, scope, period)).set_index("impact_kind")
    for code, kind in IMPACT_INDICATORS.items():
        row = totals.loc[kind.value]
        parts = {basis: float(row[basis]) for basis in ("declared", "computed", "estimated") if row[basis]}
        value(code, row["value"], None, int(row["synergy_count"]), basis_parts=parts)
    return out


def stored_values(db: Database, scope: Scope) -> pd.DataFrame:
    """Every stored value of the scope (targets, references, actuals, estimates), any year.

    Columns: value_id, indicator_code, value_kind, year, quarter, value, provenance, scope_type, scope_name,
    source, as_of, comment.
    """
    return db.query_df(
        """
        SELECT v.value_id, v.indicator_code, v.value_kind, v.period_year AS year, v.period_quarter AS quarter,
               v.value, v.provenance, v.scope_type, coalesce(t.name, p.name) AS scope_name, v.source, v.as_of,
               v.comment
        FROM indicator_value v
        LEFT JOIN territory t ON t.territory_id = v.territory_id
        LEFT JOIN programme p ON p.programme_id = v.programme_id
        WHERE v.value_id IN (SELECT value_id FROM scope_indicator_values($scope))
        ORDER BY v.indicator_code, v.period_year, v.period_quarter
        """,
        scope_params(scope.key),
    )


def declared_value(stored: pd.DataFrame, code: str, period: Period) -> IndicatorValue | None:
    """The declared (actual) value of `code` for the period, else its estimate; the quarter's own first."""
    own = stored[(stored["indicator_code"] == code) & (stored["year"] == period.year)]
    for kind in (ValueKind.ACTUAL, ValueKind.ESTIMATE):
        rows = own[own["value_kind"] == kind.value]
        for quarter in dict.fromkeys((period.quarter, 0)):
            match = rows[rows["quarter"] == quarter]
            if match.empty:
                continue
            match = match.assign(_programme=match["scope_type"] != ScopeType.TERRITORY.value)
            row = match.sort_values(["_programme", "scope_name"]).iloc[0]
            provenance = Provenance(row["provenance"])
            if kind == ValueKind.ESTIMATE:
                provenance = Provenance.ESTIMATED
            return IndicatorValue(
                code,
                float(row["value"]),
                provenance,
                str(row["source"]),
                _as_date(row["as_of"]) or period.end,
                comment=None if pd.isna(row["comment"]) else str(row["comment"]),
                value_kind=kind,
            )
    return None


def target_rows(stored: pd.DataFrame, code: str) -> pd.DataFrame:
    """Yearly targets and references of `code`, in the columns `metrics.pick_target` reads."""
    rows = stored[
        (stored["indicator_code"] == code)
        & stored["value_kind"].isin([ValueKind.TARGET.value, ValueKind.REFERENCE.value])
        & (stored["quarter"] == 0)
    ]
    return rows[["indicator_code", "value_kind", "year", "value", "scope_type", "scope_name", "source", "as_of"]]


# ---------------------------------------------------------------------------------------------- other sources
# Key figures a programme publishes about itself (programme_key_figure.figure_code) that give an indicator's
# value for the programme when its own records do not (the PACA programmes publish figures, not records), with
# the factor from the figure's unit to the indicator's.
KEY_FIGURE_INDICATORS: dict[str, tuple[str, float]] = {
    "workshops": ("workshops_meetings", 1.0),
    "diagnostics": ("diagnostics_done", 1.0),
    "diagnostics_complete": ("diagnostics_done", 1.0),
    "companies_diagnosed": ("diagnostics_done", 1.0),
    "actors_engaged": ("companies_mobilised", 1.0),
    "companies_involved": ("companies_mobilised", 1.0),
    "synergies_realised": ("synergies_realised", 1.0),
    "projects_in_study": ("synergies_in_study", 1.0),
    "kilotonnes_valorised": ("tonnes_diverted", 1000.0),
    "tco2_avoided": ("ghg_avoided", 1.0),
    "flows_recorded": ("flows_recorded", 1.0),
}
# A programme's budget and staff (programme.budget_eur, programme.fte) are its declared budget and FTE.
PROGRAMME_COLUMN_INDICATORS: dict[str, str] = {"budget_eur": "budget_eur", "fte": "fte_dedicated"}
# Declared yearly counts that the event records give when nothing is declared: COPIL meetings held in the year.
EVENT_COUNT_INDICATORS: dict[str, EventKind] = {"copil_meetings": EventKind.COPIL}


def published_values(db: Database, scope: Scope, period: Period, as_of: dt.date) -> dict[str, IndicatorValue]:
    """Values an indicator takes from other records than its own rule: a programme's key figures, budget and
    FTE (declared), and the year's COPIL meetings counted from the events (computed)."""
    out: dict[str, IndicatorValue] = {}
    if scope.scope_type == ScopeType.PROGRAMME:
        figures = db.query_rows(
            "SELECT figure_code, value, source FROM programme_key_figure WHERE programme_id = $programme",
            {"programme": scope.scope_id},
        )
        for figure_code, value, source in sorted(figures):
            if figure_code in KEY_FIGURE_INDICATORS:
                code, factor = KEY_FIGURE_INDICATORS[figure_code]
                out.setdefault(
                    code, IndicatorValue(code, float(value) * factor, Provenance.DECLARED, str(source), as_of)
                )
        row = db.query_rows(
            "SELECT budget_eur, fte, source FROM programme WHERE programme_id = $programme",
            {"programme": scope.scope_id},
        )[0]
        for column, number in zip(PROGRAMME_COLUMN_INDICATORS, row[:2], strict=True):
            if number is not None and not pd.isna(number):
                code = PROGRAMME_COLUMN_INDICATORS[column]
                out[code] = IndicatorValue(code, float(number), Provenance.DECLARED, str(row[2]), as_of)
    for code, kind in EVENT_COUNT_INDICATORS.items():
        held = db.query_rows(
            """
            SELECT count(*) FROM event
            WHERE event_id IN (SELECT event_id FROM scope_events($scope)) AND event_kind = $kind
              AND event_date BETWEEN $year_start AND $end
            """,
            {**scope_params(scope.key, period), "kind": kind.value, "year_start": dt.date(period.year, 1, 1)},
        )[0][0]
        if held:
            out[code] = IndicatorValue(code, float(held), Provenance.COMPUTED, SOURCE_RECORDS, as_of, record_count=held)
    return out


# ---------------------------------------------------------------------------------------------- achievement
def achievement(
    direction: IndicatorDirection, value: float | None, target: float | None, reference: float | None = None
) -> float | None:
    """Share of the target reached (1.0 = 100 %), by the rules of the module docstring; None without both."""
    if value is None or target is None:
        return None
    if direction == IndicatorDirection.HIGHER_BETTER:
        return 1.0 if target <= 0 else value / target
    if reference is not None and reference > target:
        return max(0.0, (reference - value) / (reference - target))
    if target <= 0:
        return 1.0 if value <= 0 else 0.0
    return 1.0 if value <= 0 else target / value


def _year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def planned_points(targets: pd.DataFrame) -> list[tuple[dt.date, float, ValueKind]]:
    """The trajectory's fixed points: the latest reference before the first target, then every target.

    Without a reference the line starts from 0 on 1 January of the first target's year.
    """
    goals = targets[targets["value_kind"] == ValueKind.TARGET.value].sort_values("year")
    goals = goals.drop_duplicates("year")  # pick_target's preference applies when drawing; one point per year
    refs = targets[targets["value_kind"] == ValueKind.REFERENCE.value].sort_values("year")
    points: list[tuple[dt.date, float, ValueKind]] = []
    if goals.empty:
        return [(_year_end(int(r["year"])), float(r["value"]), ValueKind.REFERENCE) for _, r in refs.iterrows()]
    first_year = int(goals["year"].iloc[0])
    earlier = refs[refs["year"] < first_year]
    if earlier.empty:
        points.append((dt.date(first_year, 1, 1), 0.0, ValueKind.REFERENCE))
    else:
        ref = earlier.iloc[-1]
        points.append((_year_end(int(ref["year"])), float(ref["value"]), ValueKind.REFERENCE))
    points += [(_year_end(int(g["year"])), float(g["value"]), ValueKind.TARGET) for _, g in goals.iterrows()]
    return points


def expected_at(points: Sequence[tuple[dt.date, float, ValueKind]], when: dt.date) -> float | None:
    """The trajectory's value at `when` (straight lines between points); None before its start."""
    if not points or when < points[0][0]:
        return None
    for (d0, v0, _), (d1, v1, _) in itertools.pairwise(points):
        if d0 <= when <= d1:
            span = (d1 - d0).days
            return v1 if span == 0 else v0 + (v1 - v0) * (when - d0).days / span
    return points[-1][1]


def progress_status(
    direction: IndicatorDirection, value: float | None, share: float | None, expected: float | None
) -> ProgressStatus:
    if share is None and value is None:
        return ProgressStatus.NO_VALUE
    if share is None:
        return ProgressStatus.NO_TARGET
    if value is None:
        return ProgressStatus.NO_VALUE
    if share >= 1.0:
        return ProgressStatus.MET
    if expected is None:  # before the trajectory starts nothing is expected yet
        return ProgressStatus.ON_TRACK
    good = value >= expected if direction == IndicatorDirection.HIGHER_BETTER else value <= expected
    return ProgressStatus.ON_TRACK if good else ProgressStatus.LATE


@dataclass(frozen=True)
class IndicatorResult:
    definition: IndicatorDef
    value: IndicatorValue | None
    target: TargetValue | None
    reference: TargetValue | None
    achievement: float | None
    expected: float | None  # the trajectory's value at the data date
    status: ProgressStatus
    milestones: tuple[tuple[int, str, float], ...] = ()  # every reference and target: (year, kind, value)

    @property
    def gap(self) -> float | None:
        """Value minus target (negative = still to do for a higher-is-better indicator)."""
        if self.value is None or self.target is None:
            return None
        return self.value.value - self.target.value


@dataclass(frozen=True)
class IndicatorReport:
    scope: Scope
    period: Period
    as_of: dt.date  # the date the values stand at: the period end, or the data date if earlier
    results: tuple[IndicatorResult, ...]
    data_as_of: dt.date | None

    def result(self, code: str) -> IndicatorResult:
        return next(r for r in self.results if r.definition.code == code)

    def by_pillar(self, pillar: Pillar) -> list[IndicatorResult]:
        return [r for r in self.results if r.definition.pillar == pillar]


def evaluate(
    definition: IndicatorDef, value: IndicatorValue | None, targets: pd.DataFrame, period: Period, as_of: dt.date
) -> IndicatorResult:
    number = None if value is None else value.value
    if targets.empty:  # most indicators of most territories: no pandas work for nothing
        status = progress_status(definition.direction, number, None, None)
        return IndicatorResult(definition, value, None, None, None, None, status)
    target = metrics.pick_target(targets, period.year, ValueKind.TARGET)
    reference = metrics.pick_target(targets, period.year, ValueKind.REFERENCE)
    share = achievement(
        definition.direction,
        number,
        None if target is None else target.value,
        None if reference is None else reference.value,
    )
    expected = expected_at(planned_points(targets), as_of) if target is not None else None
    preferred = targets.assign(_programme=targets["scope_type"] != ScopeType.TERRITORY.value).sort_values(
        ["year", "value_kind", "_programme", "scope_name"]
    )
    milestones = tuple(
        (int(r["year"]), str(r["value_kind"]), float(r["value"]))
        for _, r in preferred.drop_duplicates(["year", "value_kind"]).iterrows()
    )
    status = progress_status(definition.direction, number, share, expected)
    return IndicatorResult(definition, value, target, reference, share, expected, status, milestones)


def report_as_of(db: Database, period: Period) -> tuple[dt.date, dt.date | None]:
    info = metrics.dataset_info(db)
    return figures_as_of(period, info.data_as_of), info.data_as_of


def indicator_report(db: Database, scope_type: str, scope_id: str, period: Period) -> IndicatorReport | None:
    """Every indicator of the catalogue for a territory or programme and a period (cached)."""
    scope = get_scope(db, ScopeType(scope_type), scope_id)
    if scope is None:
        return None
    as_of, data_as_of = report_as_of(db, period)
    computed = computed_values(db, scope.key, period, as_of)
    stored = stored_values(db, scope)
    results = []
    with_rows = set(stored["indicator_code"])
    no_rows = target_rows(stored.iloc[0:0], "")
    published = published_values(db, scope, period, as_of)
    for definition in catalogue(db):
        own = definition.code in with_rows
        if definition.realisation == Realisation.COMPUTED:
            value = computed.get(definition.code)
            if value is not None and value.record_count == 0 and definition.code in published:
                value = published[definition.code]  # no record of its own: what the programme published
        else:
            value = declared_value(stored, definition.code, period) if own else None
            if value is None:
                value = published.get(definition.code)
        targets = target_rows(stored, definition.code) if own else no_rows
        results.append(evaluate(definition, value, targets, period, as_of))
    return IndicatorReport(scope, period, as_of, tuple(results), data_as_of)


# ---------------------------------------------------------------------------------------------- trajectory
def trajectory(db: Database, scope_type: str, scope_id: str, code: str, year: int) -> pd.DataFrame:
    """Planned and realised values of one indicator year by year (plain args: cached).

    Columns: year, planned, planned_kind (reference / target / interpolated), realised, realised_provenance.
    Planned values between the fixed points are interpolated on 31/12 of each year and flagged as such.
    Realised values are recomputed live at the end of each year up to `year` (declared ones read as stored).
    """
    return trajectories(db, scope_type, scope_id, (code,), year)[code]


def trajectories(
    db: Database, scope_type: str, scope_id: str, codes: tuple[str, ...], year: int
) -> dict[str, pd.DataFrame]:
    """`trajectory` of several indicators, the records of each year computed once for all of them."""
    empty = pd.DataFrame(columns=["year", "planned", "planned_kind", "realised", "realised_provenance"])
    scope = get_scope(db, ScopeType(scope_type), scope_id)
    definitions = {d.code: d for d in catalogue(db)}
    if scope is None:
        return dict.fromkeys(codes, empty)
    stored = stored_values(db, scope)
    first_record = _first_record_year(db, scope.key)
    computed_by_year: dict[int, dict[str, IndicatorValue]] = {}

    def computed(y: int) -> dict[str, IndicatorValue]:
        if y not in computed_by_year:
            period = Period(y)
            computed_by_year[y] = computed_values(db, scope.key, period, period.end)
        return computed_by_year[y]

    result = {}
    for code in codes:
        definition = definitions.get(code)
        if definition is None:
            result[code] = empty
            continue
        points = planned_points(target_rows(stored, code))
        fixed = {d.year: (v, kind) for d, v, kind in points if d.month == 12}
        years = set(fixed) | {year}
        if first_record is not None:
            years.add(min(first_record, year))
        start, end = min(years), max(years)
        rows = []
        for y in range(start, end + 1):
            planned: float | None
            if y in fixed:
                planned, kind = fixed[y][0], fixed[y][1].value
            else:
                planned = expected_at(points, _year_end(y))
                inside = bool(points) and points[0][0] <= _year_end(y) <= points[-1][0]
                kind = "interpolated" if planned is not None and inside else None
                planned = planned if inside else None
            realised: float | None = None
            provenance: str | None = None
            if y <= year:
                if definition.realisation == Realisation.COMPUTED:
                    realised = computed(y)[code].value
                    provenance = Provenance.COMPUTED.value
                else:
                    declared = declared_value(stored, code, Period(y))
                    if declared is not None:
                        realised, provenance = declared.value, declared.provenance.value
            rows.append({"year": y, "planned": planned, "planned_kind": kind, "realised": realised,
                         "realised_provenance": provenance})  # fmt: skip
        result[code] = pd.DataFrame(rows)
    return result


def _first_record_year(db: Database, scope: str) -> int | None:
    years = activity_years(db, scope)
    return min(years) if years else None


# ---------------------------------------------------------------------------------------------- drill-down
def _company_label(frame: pd.DataFrame, show_names: bool) -> pd.DataFrame:
    """Company names, or stable pseudonyms ("Entreprise n°3") when names must not be shown."""
    if frame.empty or show_names:
        return frame
    numbers = {cid: i + 1 for i, cid in enumerate(sorted(frame["company_id"].unique()))}
    return frame.assign(company_name=frame["company_id"].map(lambda cid: f"#{numbers[cid]}"))


def _mobilised_companies(db: Database, scope: str, period: Period) -> pd.DataFrame:
    return db.query_df(
        f"""
        WITH {metrics.MOBILISATION_CTE}
        SELECT d.company_id, c.name AS company_name, t.name AS commune, min(d.mobilised_on) AS first_on,
               count(*) FILTER (WHERE through = 'diagnostic') AS diagnostics,
               count(*) FILTER (WHERE through = 'synergy') AS synergies
        FROM mobilisation d JOIN company c USING (company_id) JOIN territory t ON t.territory_id = c.commune_id
        GROUP BY ALL ORDER BY first_on, d.company_id
        """,
        scope_params(scope, period),
    )


def _synergy_records(db: Database, scope: str, period: Period) -> pd.DataFrame:
    status = metrics.synergy_status_as_of(db, scope, period)
    details = db.query_df(
        """
        SELECT s.synergy_id, s.title, s.synergy_type, count(DISTINCT p.company_id) AS companies
        FROM synergy s LEFT JOIN synergy_participant p USING (synergy_id)
        WHERE list_contains($ids, s.synergy_id) GROUP BY ALL
        """,
        {"ids": status["synergy_id"].tolist()},
    )
    return status.merge(details, on="synergy_id", how="left")


def _event_records(db: Database, scope: str, period: Period, kinds: tuple[EventKind, ...]) -> pd.DataFrame:
    return db.query_df(
        """
        SELECT e.event_id, e.event_date, e.event_kind, e.title, e.attendance_total, e.attendance_companies
        FROM event e
        WHERE e.event_id IN (SELECT event_id FROM scope_events($scope)) AND e.event_date <= $end
          AND list_contains($kinds, e.event_kind)
        ORDER BY e.event_date, e.event_id
        """,
        {**scope_params(scope, period), "kinds": [k.value for k in kinds]},
    )


def records_behind(db: Database, scope: str, period: Period, code: str, show_names: bool = False) -> pd.DataFrame:
    """The records a computed value of the scope is made of, one row per record (cached).

    Company names are replaced by stable pseudonyms unless `show_names` (never in COPIL mode).
    """
    if code == "companies_mobilised":
        return _company_label(_mobilised_companies(db, scope, period), show_names)
    if code == "diagnostics_done":
        frame = db.query_df(
            """
            SELECT d.diagnostic_id, d.diagnostic_date, d.kind, d.company_id, c.name AS company_name
            FROM diagnostic d JOIN company c USING (company_id)
            WHERE d.diagnostic_id IN (SELECT diagnostic_id FROM scope_diagnostics($scope)) AND d.diagnostic_date <= $end
            ORDER BY d.diagnostic_date, d.diagnostic_id
            """,
            scope_params(scope, period),
        )
        return _company_label(frame, show_names)
    if code == "flows_recorded":
        frame = db.query_df(
            """
            SELECT f.flow_id, d.diagnostic_date, f.direction, fc.label AS category, f.quantity, f.unit_code,
                   f.company_id, c.name AS company_name
            FROM flow f JOIN company c USING (company_id) JOIN flow_category fc USING (category_code)
            LEFT JOIN diagnostic d USING (diagnostic_id)
            WHERE f.flow_id IN (SELECT flow_id FROM scope_flows($scope))
              AND (d.diagnostic_date IS NULL OR d.diagnostic_date <= $end)
            ORDER BY d.diagnostic_date NULLS LAST, f.flow_id
            """,
            scope_params(scope, period),
        )
        return _company_label(frame, show_names)
    if code in ("companies_in_synergies",):
        status = metrics.synergy_status_as_of(db, scope, period)
        engaged = status.loc[status["status"] != SynergyStatus.ABANDONED.value, "synergy_id"].tolist()
        frame = db.query_df(
            """
            SELECT p.company_id, c.name AS company_name, t.name AS commune, count(DISTINCT p.synergy_id) AS synergies
            FROM synergy_participant p JOIN company c USING (company_id) JOIN territory t ON t.territory_id = c.commune_id
            WHERE list_contains($ids, p.synergy_id)
              AND p.company_id IN (SELECT company_id FROM scope_companies($scope))
            GROUP BY ALL ORDER BY p.company_id
            """,
            {**scope_params(scope), "ids": engaged},
        )
        return _company_label(frame, show_names)
    if code == "companies_at_events":
        events = _event_records(db, scope, period, metrics.COMPANY_EVENT_KINDS)
        frame = db.query_df(
            """
            SELECT p.company_id, c.name AS company_name, count(*) AS events
            FROM event_participant p JOIN company c USING (company_id)
            WHERE list_contains($ids, p.event_id) GROUP BY ALL ORDER BY p.company_id
            """,
            {"ids": events["event_id"].tolist()},
        )
        return _company_label(frame, show_names)
    if code in ("workshops_meetings", "event_attendance"):
        return _event_records(db, scope, period, metrics.COMPANY_EVENT_KINDS)
    if code == "steering_meetings":
        return _event_records(db, scope, period, metrics.STEERING_EVENT_KINDS)
    if code in IMPACT_INDICATORS:
        impacts = metrics.synergy_impacts(db, scope, period)
        return impacts[impacts["impact_kind"] == IMPACT_INDICATORS[code].value].reset_index(drop=True)
    if code in STATUS_INDICATORS or code in ("synergies", "operational_synergies", "synergy_success_rate"):
        frame = _synergy_records(db, scope, period)
        if code in STATUS_INDICATORS:
            return frame[frame["status"] == STATUS_INDICATORS[code].value].reset_index(drop=True)
        if code == "synergies":
            return frame[frame["status"] != SynergyStatus.ABANDONED.value].reset_index(drop=True)
        if code == "operational_synergies":
            realised = frame["status"] == SynergyStatus.REALISED.value
            return frame[realised & (frame["companies"] >= MIN_COMPANIES_OPERATIONAL)].reset_index(drop=True)
        return frame
    raise ValueError(f"not a computed indicator: {code}")


# ---------------------------------------------------------------------------------------------- aggregation
def _value_from_records(code: str, records: pd.DataFrame) -> float:
    """A computed value recomputed from united records (each record once)."""
    if records.empty:
        return 0.0
    if code in IMPACT_INDICATORS:
        return float(records.drop_duplicates("synergy_id")["value"].sum())
    if code == "event_attendance":
        return float(records.drop_duplicates("event_id")["attendance_total"].fillna(0).sum())
    if code == "synergy_success_rate":
        unique = records.drop_duplicates("synergy_id")
        return PERCENT * float((unique["status"] == SynergyStatus.REALISED.value).sum()) / len(unique)
    key = {
        RecordKind.COMPANIES: "company_id",
        RecordKind.DIAGNOSTICS: "diagnostic_id",
        RecordKind.FLOWS: "flow_id",
        RecordKind.SYNERGIES: "synergy_id",
        RecordKind.EVENTS: "event_id",
    }[RECORD_KIND[code]]
    return float(records[key].nunique())


def aggregate(
    db: Database, scopes: tuple[tuple[str, str], ...], period: Period, codes: tuple[str, ...] | None = None
) -> dict[str, float | None]:
    """Values of every indicator over several scopes together ((scope_type, scope_id), ...; cached).

    Computed: records united, each counted once; rates recomputed. Declared: summed when the catalogue's
    aggregation is `sum` and every scope has a value, else None.
    """
    resolved = [s for s in (get_scope(db, ScopeType(st), sid) for st, sid in scopes) if s is not None]
    out: dict[str, float | None] = {}
    for definition in catalogue(db):
        if codes is not None and definition.code not in codes:
            continue
        if definition.realisation == Realisation.COMPUTED:
            frames = [records_behind(db, s.key, period, definition.code, show_names=True) for s in resolved]
            frames = [f for f in frames if not f.empty]
            united = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
            out[definition.code] = _value_from_records(definition.code, united)
        elif definition.aggregation == IndicatorAggregation.SUM:
            values = [declared_value(stored_values(db, s), definition.code, period) for s in resolved]
            out[definition.code] = None if any(v is None for v in values) else sum(v.value for v in values if v)
        else:
            out[definition.code] = None
    return out


# ---------------------------------------------------------------------------------------------- comparison
def comparison(db: Database, scopes: tuple[tuple[str, str], ...], code: str, period: Period) -> pd.DataFrame:
    """One indicator across several scopes: scope_type, scope_id, name, value, target, achievement, status."""
    rows = []
    for scope_type, scope_id in scopes:
        report = indicator_report(db, scope_type, scope_id, period)
        if report is None:
            continue
        result = report.result(code)
        rows.append(
            {
                "scope_type": scope_type,
                "scope_id": scope_id,
                "name": short_name(report.scope.name) if scope_type == ScopeType.PROGRAMME.value else report.scope.name,
                "value": None if result.value is None else result.value.value,
                "target": None if result.target is None else result.target.value,
                "target_year": None if result.target is None else result.target.year,
                "achievement": result.achievement,
                "status": result.status.value,
            }
        )
    return pd.DataFrame(rows)


def pillar_summary(report: IndicatorReport) -> pd.DataFrame:
    """Per pillar: mean achievement of indicators with a target (capped at 100 %), share of indicators filled.

    Columns: pillar, achievement (None without any target), with_target, filled_share, indicators.
    """
    rows = []
    for pillar in Pillar:
        results = report.by_pillar(pillar)
        shares = [min(r.achievement, 1.0) for r in results if r.achievement is not None]
        filled = [r for r in results if r.value is not None]
        rows.append(
            {
                "pillar": pillar.value,
                "achievement": sum(shares) / len(shares) if shares else None,
                "with_target": len(shares),
                "filled_share": len(filled) / len(results) if results else 0.0,
                "indicators": len(results),
            }
        )
    return pd.DataFrame(rows)


def comparison_scopes(db: Database, territory_id: str, what: str) -> tuple[tuple[str, str], ...]:
    """Scopes to compare: every programme (`programmes`), or the EPCI of the territory's department (`epci`)."""
    if what == "programmes":
        rows = db.query_rows("SELECT programme_id FROM programme ORDER BY name")
        return tuple((ScopeType.PROGRAMME.value, str(r[0])) for r in rows)
    rows = db.query_rows(
        """
        WITH dep AS (
            SELECT territory_id FROM territory WHERE territory_id = $territory_id AND level = 'departement'
            UNION ALL
            SELECT m.container_id FROM territory_membership m JOIN territory t ON t.territory_id = m.container_id
            WHERE m.member_id = $territory_id AND t.level = 'departement'
        )
        SELECT t.territory_id FROM territory t JOIN territory_membership m ON m.member_id = t.territory_id
        WHERE t.level = 'epci' AND m.container_id = (SELECT min(territory_id) FROM dep)
        ORDER BY t.name
        """,
        {"territory_id": territory_id},
    )
    return tuple((ScopeType.TERRITORY.value, str(r[0])) for r in rows)
