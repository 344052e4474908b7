"""Synergies of a territory as of a period end: list, detail, pipeline funnel, types per year.

Scope and status come from `dashboard.eit.metrics` (`synergy_status_as_of`), impacts from `metrics.synergy_impacts`
and `metrics.impact_totals`: the synergies page and the targets page show the same numbers.

Funnel rules (documented on screen, `funnel`):
- only events dated on or before the period end count; a synergy not yet identified then is not counted;
- stages are identified → in study → in progress → realised. A synergy has **reached** a stage when it has an
  event of that stage or of a later pipeline stage (a synergy recorded directly as "en cours" went through the
  study, even if nobody dated it). "Reached" is cumulative ("ever reached"), unlike the **current status**
  (latest event, abandoned included), which is what `metrics.synergies` counts;
- conversion from a stage to the next = synergies that reached the next stage / synergies that reached this
  stage;
- abandoned: synergies whose current status is abandoned, by reason (the reason of that abandonment event)
  and by the last pipeline stage they reached before it;
- time to realisation: median (and range) of the days from identification (first event) to the first
  "realised" event, over the synergies that reached "realised".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from dashboard.codes import SYNERGY_PIPELINE, AbandonmentReason, SynergyStatus, SynergyType
from dashboard.db import Database
from dashboard.eit import metrics
from dashboard.i18n import t
from dashboard.scope import Period

# Pipeline position of each stage (abandoned is not a stage: it can follow any of them).
STAGE_RANK: dict[str, int] = {status.value: rank for rank, status in enumerate(SYNERGY_PIPELINE)}


@dataclass(frozen=True)
class StageStep:
    stage: SynergyStatus
    reached: int  # synergies that reached this stage or a later one ("ever reached")
    current: int  # synergies whose current status is this stage
    conversion_to_next: float | None  # reached(next) / reached(this); None for the last stage or 0 reached


@dataclass(frozen=True)
class Funnel:
    period_end: dt.date
    total: int  # synergies identified on or before the period end
    steps: tuple[StageStep, ...]
    abandoned: int
    abandoned_by_reason: dict[AbandonmentReason, int]
    abandoned_by_stage: dict[SynergyStatus, int]  # last pipeline stage reached before abandonment
    days_to_realisation: tuple[int, ...] = field(default=())  # one per synergy that reached "realised"

    @property
    def median_days_to_realisation(self) -> float | None:
        if not self.days_to_realisation:
            return None
        return float(pd.Series(self.days_to_realisation).median())

    def reached(self, stage: SynergyStatus) -> int:
        return next(step.reached for step in self.steps if step.stage == stage)

    def current_counts(self) -> dict[SynergyStatus, int]:
        """Current status of every synergy, abandoned included: equals `metrics.synergies(...)[1]`."""
        counts = {step.stage: step.current for step in self.steps}
        counts[SynergyStatus.ABANDONED] = self.abandoned
        return counts


def _events_as_of(db: Database, synergy_ids: list[str], end: dt.date) -> pd.DataFrame:
    return db.query_df(
        """
        SELECT synergy_id, status, event_date, abandonment_reason
        FROM synergy_status_event
        WHERE list_contains($ids, synergy_id) AND event_date <= $end
        ORDER BY synergy_id, event_date
        """,
        {"ids": synergy_ids, "end": end},
    )


def funnel(db: Database, territory_id: str, period: Period) -> Funnel:
    """The pipeline funnel of the territory's synergies as of the period end (rules in the module docstring)."""
    status = metrics.synergy_status_as_of(db, territory_id, period)
    events = _events_as_of(db, status["synergy_id"].tolist(), period.end)
    events["rank"] = events["status"].map(STAGE_RANK)  # NaN for abandoned
    best = events.groupby("synergy_id")["rank"].max().reindex(status["synergy_id"])
    current = status.set_index("synergy_id")["status"]

    steps = []
    reached_counts = [int((best >= rank).sum()) for rank in range(len(SYNERGY_PIPELINE))]
    for rank, stage in enumerate(SYNERGY_PIPELINE):
        reached = reached_counts[rank]
        if rank + 1 < len(SYNERGY_PIPELINE) and reached:
            conversion: float | None = reached_counts[rank + 1] / reached
        else:
            conversion = None
        steps.append(StageStep(stage, reached, int((current == stage.value).sum()), conversion))

    abandoned_ids = current.index[current == SynergyStatus.ABANDONED.value]
    latest_abandonment = (
        events[(events["status"] == SynergyStatus.ABANDONED.value) & events["synergy_id"].isin(abandoned_ids)]
        .sort_values("event_date")
        .groupby("synergy_id")
        .tail(1)
        .set_index("synergy_id")
    )
    by_reason = {
        reason: int((latest_abandonment["abandonment_reason"] == reason.value).sum()) for reason in AbandonmentReason
    }
    by_stage = {stage: int((best.reindex(abandoned_ids) == rank).sum()) for rank, stage in enumerate(SYNERGY_PIPELINE)}

    identified = events.groupby("synergy_id")["event_date"].min()
    realised_on = events[events["status"] == SynergyStatus.REALISED.value].groupby("synergy_id")["event_date"].min()
    days = (pd.to_datetime(realised_on) - pd.to_datetime(identified.reindex(realised_on.index))).dt.days
    return Funnel(
        period_end=period.end,
        total=len(status),
        steps=tuple(steps),
        abandoned=len(abandoned_ids),
        abandoned_by_reason={k: v for k, v in by_reason.items() if v},
        abandoned_by_stage={k: v for k, v in by_stage.items() if v},
        days_to_realisation=tuple(int(d) for d in sorted(days.tolist())),
    )


def synergy_list(db: Database, territory_id: str, period: Period) -> pd.DataFrame:
    """The territory's synergies with their status as of the period end, latest identified first.

    Columns: synergy_id, title, synergy_type, category_code, category, programme, status, status_date,
    identified_on, realised_on, participants, origin, source, is_demo. Titles name flows, never companies
    (imports and the demo follow that rule), so the list is the same with or without company names.
    """
    columns = [
        "synergy_id", "title", "synergy_type", "category_code", "category", "programme", "status", "status_date",
        "identified_on", "realised_on", "participants", "origin", "source", "is_demo",
    ]  # fmt: skip
    status = metrics.synergy_status_as_of(db, territory_id, period)
    if status.empty:
        return pd.DataFrame(columns=columns)
    events = _events_as_of(db, status["synergy_id"].tolist(), period.end)
    latest_date = events.groupby("synergy_id")["event_date"].max()
    realised_on = events[events["status"] == SynergyStatus.REALISED.value].groupby("synergy_id")["event_date"].min()
    details = db.query_df(
        """
        SELECT s.synergy_id, s.title, s.synergy_type, s.category_code, c.label AS category, p.name AS programme,
               (SELECT count(DISTINCT company_id) FROM synergy_participant x WHERE x.synergy_id = s.synergy_id)
                   AS participants,
               s.origin, s.source, s.is_demo
        FROM synergy s
        LEFT JOIN flow_category c ON c.category_code = s.category_code
        LEFT JOIN programme p ON p.programme_id = s.programme_id
        WHERE list_contains($ids, s.synergy_id)
        """,
        {"ids": status["synergy_id"].tolist()},
    )
    listed = details.merge(status, on="synergy_id")
    listed["status_date"] = listed["synergy_id"].map(latest_date)
    listed["realised_on"] = listed["synergy_id"].map(realised_on)
    return listed[columns].sort_values(["identified_on", "synergy_id"], ascending=[False, True]).reset_index(drop=True)


def filter_list(
    listed: pd.DataFrame,
    statuses: tuple[str, ...] = (),
    types: tuple[str, ...] = (),
    search: str = "",
) -> pd.DataFrame:
    """Rows of `synergy_list` of the given statuses and types (empty = all) whose title or category holds
    `search` (case-insensitive)."""
    keep = pd.Series(True, index=listed.index)
    if statuses:
        keep &= listed["status"].isin(statuses)
    if types:
        keep &= listed["synergy_type"].isin(types)
    needle = search.strip().lower()
    if needle:
        text = listed["title"].str.lower() + " " + listed["category"].fillna("").str.lower()
        keep &= text.str.contains(needle, regex=False)
    return listed[keep].reset_index(drop=True)


@dataclass(frozen=True)
class SynergyDetail:
    synergy: pd.Series  # title, synergy_type, category, programme, territory, description, origin, source, is_demo
    participants: pd.DataFrame  # company_id, company, role, sector_family, commune
    history: pd.DataFrame  # status, event_date, abandonment_reason, comment (every event, oldest first)
    impacts: pd.DataFrame  # impact_kind, value, basis, source, as_of


def synergy_detail(db: Database, synergy_id: str, show_names: bool = True) -> SynergyDetail | None:
    """Everything recorded about one synergy: participants with roles, dated status history, impacts.

    The history is the whole record (the page marks events after the period end); impacts are the synergy's
    own rows (the roll-ups count them only while the synergy is realised, `metrics.synergy_impacts`).
    """
    synergy = db.query_df(
        """
        SELECT s.synergy_id, s.title, s.synergy_type, s.category_code, c.label AS category, p.name AS programme,
               t.name AS territory, s.description, s.origin, s.source, s.is_demo
        FROM synergy s
        JOIN territory t ON t.territory_id = s.territory_id
        LEFT JOIN flow_category c ON c.category_code = s.category_code
        LEFT JOIN programme p ON p.programme_id = s.programme_id
        WHERE s.synergy_id = $id
        """,
        {"id": synergy_id},
    )
    if synergy.empty:
        return None
    participants = db.query_df(
        """
        WITH anonymous AS (SELECT company_id, dense_rank() OVER (ORDER BY company_id) AS n FROM company)
        SELECT p.company_id,
               CASE WHEN $show_names THEN c.name ELSE $anonymous || CAST(a.n AS VARCHAR) END AS company,
               p.role, c.sector_family, commune.name AS commune
        FROM synergy_participant p
        JOIN company c USING (company_id)
        JOIN anonymous a USING (company_id)
        JOIN territory commune ON commune.territory_id = c.commune_id
        WHERE p.synergy_id = $id
        ORDER BY CASE p.role WHEN 'coordinator' THEN 0 WHEN 'supplier' THEN 1 WHEN 'receiver' THEN 2 ELSE 3 END,
                 a.n
        """,
        {"id": synergy_id, "show_names": show_names, "anonymous": t("registers.anonymous_prefix")},
    )
    history = db.query_df(
        """
        SELECT status, event_date, abandonment_reason, comment FROM synergy_status_event WHERE synergy_id = $id
        ORDER BY event_date,
                 CASE status WHEN 'abandoned' THEN 5 WHEN 'realised' THEN 4 WHEN 'in_progress' THEN 3
                             WHEN 'in_study' THEN 2 ELSE 1 END
        """,
        {"id": synergy_id},
    )
    impacts = db.query_df(
        "SELECT impact_kind, value, basis, source, as_of FROM synergy_impact WHERE synergy_id = $id "
        "ORDER BY impact_kind",
        {"id": synergy_id},
    )
    return SynergyDetail(synergy.iloc[0], participants, history, impacts)


def types_per_year(db: Database, territory_id: str, period: Period) -> pd.DataFrame:
    """Synergies of each type identified, and realised, per calendar year up to the period end.

    Columns: year, synergy_type, identified (first event that year), realised (first "realised" event that
    year); every year from the first identification to the period's year, both types, zeros included.
    """
    status = metrics.synergy_status_as_of(db, territory_id, period)
    columns = ["year", "synergy_type", "identified", "realised"]
    if status.empty:
        return pd.DataFrame(columns=columns)
    events = _events_as_of(db, status["synergy_id"].tolist(), period.end)
    types = db.query_df(
        "SELECT synergy_id, synergy_type FROM synergy WHERE list_contains($ids, synergy_id)",
        {"ids": status["synergy_id"].tolist()},
    ).set_index("synergy_id")["synergy_type"]
    identified_year = pd.to_datetime(events.groupby("synergy_id")["event_date"].min()).dt.year
    realised = events[events["status"] == SynergyStatus.REALISED.value]
    realised_year = pd.to_datetime(realised.groupby("synergy_id")["event_date"].min()).dt.year
    years = range(int(identified_year.min()), period.year + 1)
    rows = []
    for year in years:
        for kind in SynergyType:
            of_kind = types[types == kind.value].index
            rows.append(
                {
                    "year": year,
                    "synergy_type": kind.value,
                    "identified": int((identified_year.reindex(of_kind) == year).sum()),
                    "realised": int((realised_year.reindex(of_kind) == year).sum()),
                }
            )
    return pd.DataFrame(rows, columns=columns)


@dataclass(frozen=True)
class SynergyOverview:
    """What the synergies page shows for a territory and period (plain arguments: it is cached)."""

    listed: pd.DataFrame
    funnel: Funnel
    per_year: pd.DataFrame
    impacts: pd.DataFrame  # metrics.synergy_impacts rows
    impact_totals: pd.DataFrame  # metrics.impact_totals of them
    headline: metrics.HeadlineFigure  # metrics.synergies: engaged synergies, as on the home and targets pages
    status_counts: dict[SynergyStatus, int]


def overview(db: Database, territory_id: str, period: Period) -> SynergyOverview:
    headline, counts = metrics.synergies(db, territory_id, period)
    impacts = metrics.synergy_impacts(db, territory_id, period)
    return SynergyOverview(
        listed=synergy_list(db, territory_id, period),
        funnel=funnel(db, territory_id, period),
        per_year=types_per_year(db, territory_id, period),
        impacts=impacts,
        impact_totals=metrics.impact_totals(impacts),
        headline=headline,
        status_counts=counts,
    )
