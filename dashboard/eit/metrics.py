"""Headline figures of a territory and period, computed from the records (home page).

Scope. A territory's records are:
- companies located in its communes (view `territory_commune`), with their diagnostics and flows;
- synergies attached to the territory or to one of its members (`territory_membership`), or with at least
  one participant company located in its communes;
- events attached to the territory or to one of its members.

Counting rule (documented on screen). Every headline figure is **cumulative**: counted from the first
record up to the end of the selected period, because programme targets are cumulative (seed 002: "70
entreprises mobilisées en 2019, objectif 100 en 2022"). Each figure also gives the part that falls **within
the period** ("dont … sur la période").

- Companies mobilised: distinct companies located in the territory with at least one diagnostic, or at
  least one participation in a synergy, dated on or before the period end. A company's mobilisation date is
  its earliest diagnostic or the identification date of its earliest synergy; "in the period" means first
  mobilised in the period.
- Diagnostics: diagnostics of the territory's companies dated on or before the period end.
- Flows: flows of the territory's companies, dated by their diagnostic; flows without a diagnostic have no
  date and are always counted (their number is reported).
- Synergies: status of each synergy as of the period end (its latest status event on or before that date,
  same-day events ordered along the pipeline as in the view `synergy_current`); a synergy not yet identified
  at that date is not counted. The headline counts synergies not abandoned.
- Workshops and meetings: events of kind workshop, thematic meeting or launch (meetings with companies);
  steering meetings (COPIL, COTECH) are counted apart.

Targets: `indicator_value` rows of kind target / reference for the territory itself or for programmes whose
perimeter is the territory, for whole years (quarter 0). The target shown is the one of the selected year,
else the next one, else the latest earlier one, preferring the territory's own over a programme's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

import pandas as pd

from dashboard.codes import EventKind, ImpactKind, ScopeType, SynergyStatus, ValueBasis, ValueKind
from dashboard.db import Database
from dashboard.geography.territories import meta_data_as_of
from dashboard.scope import Period, scope_params


class Headline(StrEnum):
    """The headline figures of the home page."""

    COMPANIES_MOBILISED = "companies_mobilised"
    DIAGNOSTICS = "diagnostics"
    FLOWS = "flows"
    SYNERGIES = "synergies"
    WORKSHOPS_MEETINGS = "workshops_meetings"


# Indicator codes of the catalogue (data/reference/indicators.csv) whose targets and references apply to
# each headline figure; their documented rules are the ones computed here.
HEADLINE_INDICATOR_CODES: dict[Headline, tuple[str, ...]] = {
    Headline.COMPANIES_MOBILISED: ("companies_mobilised",),
    Headline.DIAGNOSTICS: ("diagnostics_done",),
    Headline.FLOWS: ("flows_recorded",),
    Headline.SYNERGIES: ("synergies",),
    Headline.WORKSHOPS_MEETINGS: ("workshops_meetings",),
}

# Events with companies, counted against "ateliers ou rencontres organisés" targets.
COMPANY_EVENT_KINDS: tuple[EventKind, ...] = (EventKind.WORKSHOP, EventKind.THEMATIC_MEETING, EventKind.LAUNCH)
# Steering meetings, shown apart: they are governance, not activity with companies.
STEERING_EVENT_KINDS: tuple[EventKind, ...] = (EventKind.COPIL, EventKind.COTECH)
# Statuses counted as "engaged" synergies (everything but abandoned), in pipeline order.
ENGAGED_STATUSES: tuple[SynergyStatus, ...] = (
    SynergyStatus.IDENTIFIED,
    SynergyStatus.IN_STUDY,
    SynergyStatus.IN_PROGRESS,
    SynergyStatus.REALISED,
)

# Companies mobilised: each diagnostic and each synergy participation of a local company dated on or before
# $end is a dated mobilisation record (`through` says which), for the scope $scope (dashboard.scope). The one
# rule behind the home page, the indicators' drill-down and the per-commune map figures.
MOBILISATION_CTE = """
mobilisation AS (
    SELECT company_id, diagnostic_date AS mobilised_on, 'diagnostic' AS through FROM diagnostic
    WHERE diagnostic_id IN (SELECT diagnostic_id FROM scope_diagnostics($scope)) AND diagnostic_date <= $end
    UNION ALL
    SELECT p.company_id, s.identified_date, 'synergy' FROM synergy_participant p JOIN synergy_current s USING (synergy_id)
    WHERE s.synergy_id IN (SELECT synergy_id FROM scope_synergies($scope))
      AND p.company_id IN (SELECT company_id FROM scope_companies($scope)) AND s.identified_date <= $end
)
"""


@dataclass(frozen=True)
class TargetValue:
    """A target or reference value that a headline figure is compared with."""

    indicator_code: str
    value_kind: ValueKind
    year: int
    value: float
    scope_type: ScopeType
    scope_name: str  # territory or programme name, shown as the target's origin
    source: str
    as_of: dt.date


@dataclass(frozen=True)
class HeadlineFigure:
    headline: Headline
    cumulative: int  # from the first record to the end of the period
    in_period: int  # the part within the period
    record_count: int  # records the figure is computed from (diagnostics + participations, events...)
    target: TargetValue | None = None
    reference: TargetValue | None = None
    undated: int = 0  # records without a date, counted in `cumulative` (flows without a diagnostic)

    @property
    def achievement(self) -> float | None:
        """Share of the target reached (0.82 = 82 %), None without a positive target."""
        if self.target is None or self.target.value <= 0:
            return None
        return self.cumulative / self.target.value


@dataclass(frozen=True)
class DatasetInfo:
    data_as_of: dt.date | None  # meta data_as_of, else the date of the latest import
    as_of_from_import: bool  # True when data_as_of comes from the import log, not from meta
    is_demo_dataset: bool  # meta dataset = 'demo'


@dataclass(frozen=True)
class HomeSummary:
    scope: str
    period: Period
    figures: dict[Headline, HeadlineFigure]
    synergies_by_status: dict[SynergyStatus, int]  # as of the period end, every status present (0 included)
    steering_meetings: HeadlineFigure  # COPIL and COTECH, no target
    has_records: bool  # any company, synergy, event or indicator value in scope (at any date)
    demo_rows_in_scope: bool
    indicator_codes: dict[Headline, str | None] = field(default_factory=dict)  # code the target came from


# ---------------------------------------------------------------------------------------------- dataset
def dataset_info(db: Database) -> DatasetInfo:
    as_of = meta_data_as_of(db)
    from_import = False
    if as_of is None:
        latest = db.query_value("SELECT max(imported_at) FROM import_log")
        if latest is not None:
            as_of = latest.date() if isinstance(latest, dt.datetime) else latest
            from_import = True
    return DatasetInfo(as_of, from_import, (db.get_meta("dataset") or "").strip().lower() == "demo")


def database_has_records(db: Database) -> bool:
    """Whether the database holds any activity record at all (a geography alone is not data to show)."""
    return bool(
        db.query_value(
            """
            SELECT EXISTS (SELECT 1 FROM company) OR EXISTS (SELECT 1 FROM synergy) OR EXISTS (SELECT 1 FROM event)
                OR EXISTS (SELECT 1 FROM indicator_value) OR EXISTS (SELECT 1 FROM artisan_stat)
                OR EXISTS (SELECT 1 FROM programme)
            """
        )
    )


def demo_rows_in_scope(db: Database, scope: str) -> bool:
    """Whether fictitious (demo) records are among the territory's companies, synergies or events."""
    return bool(
        db.query_value(
            """
            SELECT EXISTS (SELECT 1 FROM company WHERE is_demo AND company_id IN (SELECT company_id FROM scope_companies($scope)))
                OR EXISTS (SELECT 1 FROM synergy WHERE is_demo AND synergy_id IN (SELECT synergy_id FROM scope_synergies($scope)))
                OR EXISTS (SELECT 1 FROM event WHERE is_demo AND event_id IN (SELECT event_id FROM scope_events($scope)))
                OR EXISTS (SELECT 1 FROM indicator_value
                           WHERE is_demo AND value_id IN (SELECT value_id FROM scope_indicator_values($scope)))
            """,
            scope_params(scope),
        )
    )


def has_records(db: Database, scope: str) -> bool:
    """Whether the territory has any company, synergy, event or indicator value, at any date."""
    return bool(
        db.query_value(
            """
            SELECT EXISTS (SELECT 1 FROM scope_companies($scope)) OR EXISTS (SELECT 1 FROM scope_synergies($scope))
                OR EXISTS (SELECT 1 FROM scope_events($scope)) OR EXISTS (SELECT 1 FROM scope_indicator_values($scope))
            """,
            scope_params(scope),
        )
    )


# ---------------------------------------------------------------------------------------------- figures
def companies_mobilised(db: Database, scope: str, period: Period) -> HeadlineFigure:
    row = db.query_rows(
        f"""
        WITH {MOBILISATION_CTE},
        first_date AS (
            SELECT company_id, min(mobilised_on) AS first_on FROM mobilisation GROUP BY company_id
        )
        SELECT (SELECT count(*) FROM first_date),
               (SELECT count(*) FROM first_date WHERE first_on >= $start),
               (SELECT count(*) FROM mobilisation)
        """,
        scope_params(scope, period),
    )[0]
    return HeadlineFigure(Headline.COMPANIES_MOBILISED, int(row[0]), int(row[1]), int(row[2]))


def diagnostics(db: Database, scope: str, period: Period) -> HeadlineFigure:
    row = db.query_rows(
        """
        SELECT count(*), count(*) FILTER (WHERE diagnostic_date >= $start)
        FROM diagnostic
        WHERE diagnostic_id IN (SELECT diagnostic_id FROM scope_diagnostics($scope)) AND diagnostic_date <= $end
        """,
        scope_params(scope, period),
    )[0]
    return HeadlineFigure(Headline.DIAGNOSTICS, int(row[0]), int(row[1]), int(row[0]))


def flows(db: Database, scope: str, period: Period) -> HeadlineFigure:
    row = db.query_rows(
        """
        SELECT count(*) FILTER (WHERE d.diagnostic_date IS NULL OR d.diagnostic_date <= $end),
               count(*) FILTER (WHERE d.diagnostic_date BETWEEN $start AND $end),
               count(*) FILTER (WHERE d.diagnostic_date IS NULL)
        FROM flow f LEFT JOIN diagnostic d USING (diagnostic_id)
        WHERE f.flow_id IN (SELECT flow_id FROM scope_flows($scope))
        """,
        scope_params(scope, period),
    )[0]
    return HeadlineFigure(Headline.FLOWS, int(row[0]), int(row[1]), int(row[0]), undated=int(row[2]))


def synergy_status_as_of(db: Database, scope: str, period: Period) -> pd.DataFrame:
    """Synergies in scope with their status as of the period end: synergy_id, status, identified_on."""
    return db.query_df(
        """
        WITH known AS (
            SELECT e.synergy_id, e.status, e.event_date,
                   min(e.event_date) OVER (PARTITION BY e.synergy_id) AS identified_on
            FROM synergy_status_event e
            WHERE e.synergy_id IN (SELECT synergy_id FROM scope_synergies($scope)) AND e.event_date <= $end
        )
        SELECT synergy_id, status, identified_on FROM known
        -- same-day events: the later pipeline stage wins (as in the view synergy_current)
        QUALIFY row_number() OVER (
            PARTITION BY synergy_id
            ORDER BY event_date DESC,
                     CASE status WHEN 'abandoned' THEN 5 WHEN 'realised' THEN 4 WHEN 'in_progress' THEN 3
                                 WHEN 'in_study' THEN 2 ELSE 1 END DESC) = 1
        ORDER BY synergy_id
        """,
        scope_params(scope, period),
    )


def synergy_impacts(db: Database, scope: str, period: Period) -> pd.DataFrame:
    """Impacts of the synergies in scope that are realised as of the period end, one row per synergy × kind.

    Columns: synergy_id, title, synergy_type, impact_kind, value, basis, source, as_of. Only realised
    synergies count: an exchange not yet running diverts nothing. Sum with `impact_totals`; the rows are
    what is behind each total (drill-down). Shared by the synergies page and the indicators of the targets
    page, so both show the same numbers.
    """
    status = synergy_status_as_of(db, scope, period)
    realised = status.loc[status["status"] == SynergyStatus.REALISED.value, "synergy_id"].tolist()
    return db.query_df(
        """
        SELECT i.synergy_id, s.title, s.synergy_type, i.impact_kind, i.value, i.basis, i.source, i.as_of
        FROM synergy_impact i JOIN synergy s USING (synergy_id)
        WHERE list_contains($realised, i.synergy_id)
        ORDER BY i.impact_kind, i.value DESC, i.synergy_id
        """,
        {"realised": realised},
    )


def impact_totals(impacts: pd.DataFrame) -> pd.DataFrame:
    """Totals per impact kind (every kind of ImpactKind, 0 when none) from `synergy_impacts` rows.

    Columns: impact_kind, value, synergy_count, declared, computed, estimated (the value's part per basis),
    so that a total shows how much of it is declared, computed or estimated.
    """
    rows = []
    for kind in ImpactKind:
        own = impacts[impacts["impact_kind"] == kind.value]
        by_basis = own.groupby("basis")["value"].sum()
        rows.append(
            {
                "impact_kind": kind.value,
                "value": float(own["value"].sum()),
                "synergy_count": int(own["synergy_id"].nunique()),
                **{basis.value: float(by_basis.get(basis.value, 0.0)) for basis in ValueBasis},
            }
        )
    return pd.DataFrame(rows)


def synergies(db: Database, scope: str, period: Period) -> tuple[HeadlineFigure, dict[SynergyStatus, int]]:
    """Engaged (not abandoned) synergies as of the period end, and the count of every status."""
    status = synergy_status_as_of(db, scope, period)
    counts = {s: int((status["status"] == s.value).sum()) for s in SynergyStatus}
    engaged = status[status["status"].isin([s.value for s in ENGAGED_STATUSES])]
    identified_in_period = int((pd.to_datetime(engaged["identified_on"]).dt.date >= period.start).sum())
    figure = HeadlineFigure(Headline.SYNERGIES, len(engaged), identified_in_period, len(status))
    return figure, counts


def events(
    db: Database, scope: str, period: Period, kinds: tuple[EventKind, ...], headline: Headline
) -> HeadlineFigure:
    row = db.query_rows(
        """
        SELECT count(*), count(*) FILTER (WHERE event_date >= $start)
        FROM event
        WHERE event_id IN (SELECT event_id FROM scope_events($scope)) AND event_date <= $end
          AND list_contains($kinds, event_kind)
        """,
        {**scope_params(scope, period), "kinds": [k.value for k in kinds]},
    )[0]
    return HeadlineFigure(headline, int(row[0]), int(row[1]), int(row[0]))


# ---------------------------------------------------------------------------------------------- targets
def target_values(db: Database, scope: str, codes: list[str]) -> pd.DataFrame:
    """Yearly targets and references of `codes` for the territory or programmes with it as perimeter."""
    return db.query_df(
        """
        SELECT v.indicator_code, v.value_kind, v.period_year AS year, v.value, v.scope_type,
               coalesce(t.name, p.name) AS scope_name, v.source, v.as_of
        FROM indicator_value v
        LEFT JOIN territory t ON t.territory_id = v.territory_id
        LEFT JOIN programme p ON p.programme_id = v.programme_id
        WHERE list_contains($codes, v.indicator_code)
          AND v.value_kind IN ('target', 'reference') AND v.period_quarter = 0
          AND v.value_id IN (SELECT value_id FROM scope_indicator_values($scope))
        ORDER BY v.indicator_code, v.period_year
        """,
        {**scope_params(scope), "codes": codes},
    )


def pick_target(values: pd.DataFrame, year: int, kind: ValueKind) -> TargetValue | None:
    """The value of `kind` for `year`, else the next later year, else the latest earlier year.

    Among values of the same year, the territory's own beats a programme's (then by programme name).
    """
    rows = values[values["value_kind"] == kind.value]
    if rows.empty:
        return None
    if kind == ValueKind.REFERENCE:  # a reference is a baseline: the latest one not after the year
        candidates = [rows[rows["year"] <= year].sort_values("year", ascending=False), rows.sort_values("year")]
    else:
        candidates = [
            rows[rows["year"] == year],
            rows[rows["year"] > year].sort_values("year"),
            rows[rows["year"] < year].sort_values("year", ascending=False),
        ]
    for candidate in candidates:
        if candidate.empty:
            continue
        best_year = candidate["year"].iloc[0]
        same_year = candidate[candidate["year"] == best_year].copy()
        same_year["is_programme"] = same_year["scope_type"] != ScopeType.TERRITORY.value
        row = same_year.sort_values(["is_programme", "scope_name"]).iloc[0]
        as_of = row["as_of"]
        return TargetValue(
            indicator_code=str(row["indicator_code"]),
            value_kind=ValueKind(row["value_kind"]),
            year=int(row["year"]),
            value=float(row["value"]),
            scope_type=ScopeType(row["scope_type"]),
            scope_name=str(row["scope_name"]),
            source=str(row["source"]),
            as_of=as_of.date() if hasattr(as_of, "date") else as_of,
        )
    return None


def _with_targets(figure: HeadlineFigure, values: pd.DataFrame, year: int) -> tuple[HeadlineFigure, str | None]:
    for code in HEADLINE_INDICATOR_CODES[figure.headline]:
        own = values[values["indicator_code"] == code]
        target = pick_target(own, year, ValueKind.TARGET)
        reference = pick_target(own, year, ValueKind.REFERENCE)
        if target is not None or reference is not None:
            return (
                HeadlineFigure(
                    figure.headline,
                    figure.cumulative,
                    figure.in_period,
                    figure.record_count,
                    target,
                    reference,
                    figure.undated,
                ),
                code,
            )
    return figure, None


# ---------------------------------------------------------------------------------------------- home
def home_summary(db: Database, scope: str, period: Period) -> HomeSummary:
    """Everything the home page shows for a scope and period (cached)."""
    synergy_figure, by_status = synergies(db, scope, period)
    raw = [
        companies_mobilised(db, scope, period),
        diagnostics(db, scope, period),
        flows(db, scope, period),
        synergy_figure,
        events(db, scope, period, COMPANY_EVENT_KINDS, Headline.WORKSHOPS_MEETINGS),
    ]
    all_codes = [code for codes in HEADLINE_INDICATOR_CODES.values() for code in codes]
    values = target_values(db, scope, all_codes)
    figures: dict[Headline, HeadlineFigure] = {}
    codes: dict[Headline, str | None] = {}
    for figure in raw:
        figures[figure.headline], codes[figure.headline] = _with_targets(figure, values, period.year)
    steering = events(db, scope, period, STEERING_EVENT_KINDS, Headline.WORKSHOPS_MEETINGS)
    return HomeSummary(
        scope=scope,
        period=period,
        figures=figures,
        synergies_by_status=by_status,
        steering_meetings=steering,
        has_records=has_records(db, scope),
        demo_rows_in_scope=demo_rows_in_scope(db, scope),
        indicator_codes=codes,
    )
