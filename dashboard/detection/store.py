"""Detection against the database: read a territory's inputs, accept or dismiss a proposal.

An accepted proposal becomes a synergy with origin 'detection' whose `source` is "detection:<proposal_key>";
that, and the dismissals of `synergy_dismissal`, are the keys never proposed again.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from dashboard.auth import audit
from dashboard.auth.roles import Actor, require_edit
from dashboard.codes import SynergyOrigin, SynergyStatus, SynergyType
from dashboard.db import Database
from dashboard.i18n import fmt_percent, t
from dashboard.limits import TextTooLongError, text_problem
from dashboard.reference_data import read_reference

from .mutualisation import DEFAULT_MIN_COMPANIES, detect_mutualisations
from .proposals import PLAUSIBLE_RATIO_FLOOR, Proposal
from .substitution import DEFAULT_MAX_RECEIVERS_PER_OUTPUT, detect_substitutions

# Prefix of synergy.source for accepted proposals; the proposal key follows.
SOURCE_PREFIX = "detection:"


@dataclass(frozen=True)
class DetectionInputs:
    """Everything the detection reads, as DataFrames (see detect_substitutions for the columns)."""

    companies: pd.DataFrame  # with in_territory: False for neighbours across the boundary (within the radius)
    flows: pd.DataFrame
    categories: pd.DataFrame
    compatibility: pd.DataFrame
    units: pd.DataFrame
    excluded_keys: frozenset[str]  # dismissed, or already accepted
    conversions: pd.DataFrame = field(default_factory=pd.DataFrame)  # units.descendants_conversions input

    @property
    def territory_companies(self) -> pd.DataFrame:
        return self.companies[self.companies["in_territory"]].reset_index(drop=True)


@dataclass(frozen=True)
class DetectionResult:
    substitutions: pd.DataFrame
    mutualisations: pd.DataFrame


# Degrees of latitude per km (mean): to widen the territory's box by the search radius.
DEGREES_PER_KM = 1 / 111.2


def load_inputs(db: Database, territory_id: str, radius_km: float | None = None) -> DetectionInputs:
    """The companies located in the territory's communes (view territory_commune) with their flows, the
    nomenclature, and the keys not to propose again.

    With `radius_km`, companies outside the territory but within its box widened by the radius are read too
    (`in_territory` False): a partner a few km across the boundary is proposed, marked « hors territoire ».
    A company without coordinates is placed at its commune's centroid (flagged `approximate_location`, said in
    the explanation); one without either is left out of the detection.
    """
    params = {"territory_id": territory_id}
    inside = db.query_df(
        """
        SELECT c.company_id, c.name,
               coalesce(c.longitude, t.centroid_lon) AS longitude,
               coalesce(c.latitude, t.centroid_lat) AS latitude,
               c.longitude IS NULL AS approximate_location,
               TRUE AS in_territory
        FROM company c
        JOIN territory_commune tc ON tc.commune_id = c.commune_id AND tc.territory_id = $territory_id
        JOIN territory t ON t.territory_id = c.commune_id
        ORDER BY c.company_id
        """,
        params,
    )
    companies = inside
    located = inside.dropna(subset=["longitude", "latitude"])
    if radius_km is not None and not located.empty:
        widen_lat = radius_km * DEGREES_PER_KM
        # Longitude degrees shrink with latitude: widen by the most at the box's pole-most edge.
        pole_lat = min(float(located["latitude"].abs().max()) + widen_lat, 89.0)
        widen_lon = widen_lat / math.cos(math.radians(pole_lat))
        neighbours = db.query_df(
            """
            SELECT c.company_id, c.name,
                   coalesce(c.longitude, t.centroid_lon) AS longitude,
                   coalesce(c.latitude, t.centroid_lat) AS latitude,
                   c.longitude IS NULL AS approximate_location,
                   FALSE AS in_territory
            FROM company c
            JOIN territory t ON t.territory_id = c.commune_id
            WHERE coalesce(c.longitude, t.centroid_lon) BETWEEN $lon_min AND $lon_max
              AND coalesce(c.latitude, t.centroid_lat) BETWEEN $lat_min AND $lat_max
              AND c.commune_id NOT IN (SELECT commune_id FROM territory_commune WHERE territory_id = $territory_id)
            ORDER BY c.company_id
            """,
            params
            | {
                "lon_min": float(located["longitude"].min()) - widen_lon,
                "lon_max": float(located["longitude"].max()) + widen_lon,
                "lat_min": float(located["latitude"].min()) - widen_lat,
                "lat_max": float(located["latitude"].max()) + widen_lat,
            },
        )
        if not neighbours.empty:
            companies = pd.concat([inside, neighbours], ignore_index=True)
    flows = db.query_df(
        """
        SELECT f.flow_id, f.company_id, f.direction, f.category_code, f.quantity, f.unit_code, f.frequency
        FROM flow f JOIN (SELECT unnest($ids::VARCHAR[]) AS company_id) w ON w.company_id = f.company_id
        ORDER BY f.flow_id
        """,
        {"ids": companies["company_id"].astype(str).tolist()},
    )
    categories = db.query_df(
        "SELECT category_code, parent_code, label, family FROM flow_category ORDER BY category_code"
    )
    return DetectionInputs(
        companies=companies,
        flows=flows,
        categories=categories,
        compatibility=db.query_df("SELECT output_category, input_category, note FROM flow_compatibility ORDER BY ALL"),
        units=db.query_df("SELECT unit_code, label, dimension, to_base FROM unit ORDER BY unit_code"),
        excluded_keys=excluded_keys(db),
        conversions=read_reference("unit_conversions"),
    )


def excluded_keys(db: Database) -> frozenset[str]:
    """Keys of dismissed proposals and of proposals already accepted as synergies."""
    rows = db.query_rows(
        """
        SELECT proposal_key FROM synergy_dismissal
        UNION
        SELECT substr(source, length($prefix) + 1) FROM synergy
        WHERE origin = $origin AND starts_with(source, $prefix)
        """,
        {"prefix": SOURCE_PREFIX, "origin": SynergyOrigin.DETECTION.value},
    )
    return frozenset(r[0] for r in rows)


def detect_for_territory(
    db: Database,
    territory_id: str,
    *,
    radius_km: float,
    min_companies: int = DEFAULT_MIN_COMPANIES,
    max_receivers_per_output: int | None = DEFAULT_MAX_RECEIVERS_PER_OUTPUT,
    min_quantity_ratio: float = PLAUSIBLE_RATIO_FLOOR,
) -> DetectionResult:
    """Both kinds of proposals for one territory (substitutions also with partners across the boundary within
    the radius), dismissed and accepted ones left out."""
    return detect_from_inputs(
        load_inputs(db, territory_id, radius_km),
        radius_km=radius_km,
        min_companies=min_companies,
        max_receivers_per_output=max_receivers_per_output,
        min_quantity_ratio=min_quantity_ratio,
    )


def detect_from_inputs(
    inputs: DetectionInputs,
    *,
    radius_km: float,
    min_companies: int = DEFAULT_MIN_COMPANIES,
    max_receivers_per_output: int | None = DEFAULT_MAX_RECEIVERS_PER_OUTPUT,
    min_quantity_ratio: float = PLAUSIBLE_RATIO_FLOOR,
) -> DetectionResult:
    """`detect_for_territory` on inputs already read (`load_inputs`), for a caller that also needs them.

    Substitutions involve at least one company of the territory (the other may be a neighbour across the
    boundary); mutualisations group companies within the radius of one another, at least one of them the
    territory's (the others may be neighbours across the boundary, named « hors territoire »)."""
    inside = inputs.territory_companies
    return DetectionResult(
        substitutions=detect_substitutions(
            inputs.companies,
            inputs.flows,
            inputs.compatibility,
            inputs.units,
            inputs.categories,
            radius_km=radius_km,
            dismissed_keys=inputs.excluded_keys,
            max_receivers_per_output=max_receivers_per_output,
            min_quantity_ratio=min_quantity_ratio,
            conversions=inputs.conversions,
            focus_company_ids=inside["company_id"],
        ),
        mutualisations=detect_mutualisations(
            inputs.companies,
            inputs.flows,
            inputs.categories,
            inputs.units,
            radius_km=radius_km,
            min_companies=min_companies,
            dismissed_keys=inputs.excluded_keys,
            focus_company_ids=inside["company_id"],
        ),
    )


class StaleProposalError(ValueError):
    """The proposal acted on was accepted or dismissed meanwhile (another tab, another user): nothing written.
    The message is in French, for the page to show."""


def _check_still_open(cur: duckdb.DuckDBPyConnection, proposal_key: str) -> None:
    """Inside the writing transaction: refuse a key already accepted (as a synergy) or dismissed."""
    accepted = cur.execute(
        "SELECT synergy_id FROM synergy WHERE origin = $origin AND source = $source",
        {"origin": SynergyOrigin.DETECTION.value, "source": SOURCE_PREFIX + proposal_key},
    ).fetchone()
    if accepted is not None:
        raise StaleProposalError(t("detection.stale.accepted", synergy_id=accepted[0]))
    dismissed = cur.execute(
        "SELECT 1 FROM synergy_dismissal WHERE proposal_key = $key", {"key": proposal_key}
    ).fetchone()
    if dismissed is not None:
        raise StaleProposalError(t("detection.stale.dismissed"))


def accept_proposal(
    db: Database,
    proposal: Proposal,
    *,
    territory_id: str,
    on: dt.date | None = None,
    programme_id: str | None = None,
    actor: Actor | None = None,
) -> str:
    """Create the synergy of an accepted proposal, in one transaction; return its id.

    The synergy gets origin 'detection', source "detection:<key>", the explanation as description, one
    'identified' status event dated `on` (default today), and the participants with their roles (supplier
    and receiver, or members). It is demo data when one of its companies is (the companies' own flag: a
    synergy between two imported companies is real, whatever else the database holds). Raises
    StaleProposalError if the proposal was accepted or dismissed meanwhile (checked inside the transaction).
    """
    _require_edit_proposal(db, actor, [company_id for company_id, _ in proposal.participants], territory_id)
    synergy_id = f"SYN-DET-{uuid.uuid4().hex[:12].upper()}"
    event_date = on or dt.date.today()
    company_ids = [company_id for company_id, _ in proposal.participants]

    def create(cur: duckdb.DuckDBPyConnection) -> None:  # run again if another worker's transaction collides
        _check_still_open(cur, proposal.proposal_key)
        is_demo = cur.execute(
            "SELECT coalesce(bool_or(is_demo), FALSE) FROM company WHERE list_contains($ids, company_id)",
            {"ids": company_ids},
        ).fetchone()[0]
        cur.execute(
            """
            INSERT INTO synergy (synergy_id, title, synergy_type, category_code, programme_id, territory_id,
                                 description, origin, source, is_demo)
            VALUES ($synergy_id, $title, $synergy_type, $category_code, $programme_id, $territory_id,
                    $description, $origin, $source, $is_demo)
            """,
            {
                "synergy_id": synergy_id,
                "title": proposal.title,
                "synergy_type": SynergyType(proposal.synergy_type).value,
                "category_code": proposal.category_code,
                "programme_id": programme_id,
                "territory_id": territory_id,
                "description": proposal.explanation,
                "origin": SynergyOrigin.DETECTION.value,
                "source": SOURCE_PREFIX + proposal.proposal_key,
                "is_demo": is_demo,
            },
        )
        cur.execute(
            """
            INSERT INTO synergy_status_event (synergy_id, status, event_date, comment)
            VALUES ($synergy_id, $status, $event_date, $comment)
            """,
            {
                "synergy_id": synergy_id,
                "status": SynergyStatus.IDENTIFIED.value,
                "event_date": event_date,
                "comment": t("detection.accepted_comment", score=fmt_percent(proposal.score)),
            },
        )
        cur.executemany(
            "INSERT INTO synergy_participant (synergy_id, company_id, role) VALUES (?, ?, ?)",
            [(synergy_id, company_id, role.value) for company_id, role in proposal.participants],
        )
        audit.record(cur, actor, audit.AuditAction.ACCEPT_PROPOSAL, entity="synergy", record_id=synergy_id,
                     territory_id=territory_id, detail=proposal.proposal_key)  # fmt: skip

    db.write(create)
    return synergy_id


def _require_edit_proposal(db: Database, actor: Actor | None, company_ids: list[str], territory_id: str | None) -> None:
    """Accepting or dismissing writes about these companies: every one must be in the actor's territories."""
    if actor is None:
        return
    communes = db.query_rows(
        "SELECT DISTINCT commune_id FROM company WHERE list_contains($ids, company_id)", {"ids": company_ids}
    )
    require_edit(db, actor, territory_id=territory_id, commune_ids=[row[0] for row in communes])


def dismiss_proposal(
    db: Database,
    proposal_key: str,
    comment: str | None = None,
    *,
    actor: Actor | None = None,
    company_ids: list[str] | None = None,
    territory_id: str | None = None,
) -> None:
    """Remember a dismissal: the proposal is never proposed again. Raises StaleProposalError if it was
    accepted or dismissed meanwhile (checked inside the transaction). With a signed-in `actor`, the proposal's
    companies and territory are checked and the audit trail records it. A comment over the production limit
    (dashboard.limits) is refused by TextTooLongError, nothing written."""
    _require_edit_proposal(db, actor, list(company_ids or []), territory_id)
    problem = text_problem(comment, t("limits.comment_field"))
    if problem:
        raise TextTooLongError(problem)

    def dismiss(cur: duckdb.DuckDBPyConnection) -> None:  # run again if another worker's transaction collides
        _check_still_open(cur, proposal_key)
        cur.execute(
            """
            INSERT INTO synergy_dismissal (proposal_key, dismissed_at, comment)
            VALUES ($proposal_key, $dismissed_at, $comment)
            ON CONFLICT (proposal_key) DO NOTHING
            """,
            {"proposal_key": proposal_key, "dismissed_at": dt.datetime.now(), "comment": comment},
        )
        audit.record(cur, actor, audit.AuditAction.DISMISS_PROPOSAL, entity="synergy_dismissal",
                     record_id=proposal_key, territory_id=territory_id, detail=comment)  # fmt: skip

    db.write(dismiss)
