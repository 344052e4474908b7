"""What the detection page shows: one table of both kinds of proposals, its filters, and the map segments.

- `detection_preview(db, territory_id, radius_km=…, min_companies=…)`: the detection of one territory, with
  the located companies (for the map) and one table of proposals (`PROPOSAL_COLUMNS`), best score first.
- `filter_proposals(table, types=…, families=…, min_score=…)`: what the user keeps on screen.
- `proposal_segments(table, companies)`: lines to draw: supplier → receiver for a substitution; centre →
  each member for a mutualisation (a star: the group and its centre at a glance).
- `proposal_for_key(preview, key)`: the `Proposal` to accept.
- `created_synergy(db, synergy_id)`: the accepted synergy read back (status, participants), to confirm it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from dashboard.codes import FlowFamily, SynergyType
from dashboard.db import Database
from dashboard.eit.maps import ENDPOINT_COLUMNS
from dashboard.geography.shapes import Bounds
from dashboard.i18n import t

from .mutualisation import DEFAULT_MIN_COMPANIES
from .proposals import Proposal
from .store import DetectionResult, StaleProposalError, detect_from_inputs, load_inputs

# The page's default view, chosen from the evaluation on documented symbioses (benches/bench_detection_cases.py,
# data/evaluation/): every documented exchange of the three cases lies within 10 km; entered as a chargé de
# mission would (quantities often unknown, companies at their commune's centroid), they score 0,56 to 0,96, so
# the floor is 50 %, a margin below the lowest (80 % showed 1 to 3 of 14 documented exchanges).
DEFAULT_RADIUS_KM = 10
DEFAULT_MIN_SCORE = 0.50
# Smallest side of the zoom on one proposal (km): a few streets around a pair, enough to see the place.
MIN_FOCUS_SPAN_KM = 3.0
KM_PER_DEGREE_LATITUDE = 111.2  # mean length of a degree of latitude: precise enough to frame a map

# Columns of the proposals table, in order. `company_ids` is a tuple (supplier, receiver) or the members,
# centre first; `family` is the flow family of the flow that moves (substitution) or is shared.
PROPOSAL_COLUMNS = [
    "proposal_key",
    "synergy_type",
    "score",
    "title",
    "explanation",
    "family",
    "category_code",
    "company_ids",
    "company_count",
    "distance_km",
]
SEGMENT_COLUMNS = ["proposal_key", "synergy_type", "score", "title", *ENDPOINT_COLUMNS]


@dataclass(frozen=True)
class DetectionPreview:
    """A territory's detection for the page (picklable: it is cached)."""

    result: DetectionResult
    proposals: pd.DataFrame  # PROPOSAL_COLUMNS, best score first
    companies: pd.DataFrame  # company_id, name, longitude, latitude, approximate_location, in_territory
    flow_count: int  # flows of the territory's companies: 0 means there is nothing to compare


def proposals_table(result: DetectionResult, categories: pd.DataFrame) -> pd.DataFrame:
    """Both kinds of proposals in one table (PROPOSAL_COLUMNS), best score first, then by key."""
    family_of = dict(zip(categories["category_code"], categories["family"], strict=True))
    subs = result.substitutions
    substitutions = pd.DataFrame(
        {
            "proposal_key": subs["proposal_key"].astype("str"),
            "synergy_type": SynergyType.SUBSTITUTION.value,
            "score": subs["score"].astype(float),
            "title": subs["title"].astype("str"),
            "explanation": subs["explanation"].astype("str"),
            "family": [family_of.get(code) for code in subs["output_category"].astype("str")],
            "category_code": subs["output_category"].astype("str"),
            "company_ids": [(str(a), str(b)) for a, b in zip(subs["supplier_id"], subs["receiver_id"], strict=True)],
            "company_count": 2,
            "distance_km": subs["distance_km"].astype(float),
        }
    )
    muts = result.mutualisations
    mutualisations = pd.DataFrame(
        {
            "proposal_key": muts["proposal_key"].astype("str"),
            "synergy_type": SynergyType.MUTUALISATION.value,
            "score": muts["score"].astype(float),
            "title": muts["title"].astype("str"),
            "explanation": muts["explanation"].astype("str"),
            "family": muts["family"].astype("str"),
            "category_code": muts["category_code"].astype("str"),
            "company_ids": [tuple(str(c) for c in members) for members in muts["member_ids"]],
            "company_count": muts["member_count"].astype(int),
            "distance_km": muts["max_distance_km"].astype(float),
        }
    )
    frames = [frame for frame in (substitutions, mutualisations) if not frame.empty]
    if not frames:
        return pd.DataFrame({column: pd.Series(dtype=object) for column in PROPOSAL_COLUMNS})
    table = pd.concat(frames, ignore_index=True)
    return table.sort_values(["score", "proposal_key"], ascending=[False, True], ignore_index=True)[PROPOSAL_COLUMNS]


def detection_preview(
    db: Database, territory_id: str, radius_km: float, min_companies: int = DEFAULT_MIN_COMPANIES
) -> DetectionPreview:
    """Detection of the territory (dismissed and accepted proposals left out) ready for the page (positional
    arguments: the page caches it through `cached`)."""
    inputs = load_inputs(db, territory_id, radius_km)  # with the neighbours across the boundary
    result = detect_from_inputs(inputs, radius_km=radius_km, min_companies=min_companies)  # inputs read once
    companies = inputs.companies.dropna(subset=["longitude", "latitude"]).reset_index(drop=True)
    own_flows = int(inputs.flows["company_id"].isin(inputs.territory_companies["company_id"]).sum())
    return DetectionPreview(result, proposals_table(result, inputs.categories), companies, own_flows)


def filter_proposals(
    table: pd.DataFrame,
    *,
    types: Iterable[SynergyType] = tuple(SynergyType),
    families: Iterable[FlowFamily] | None = None,
    min_score: float = 0.0,
) -> pd.DataFrame:
    """The proposals of the chosen types and flow families (None or empty: all) scoring at least `min_score`."""
    keep = table["synergy_type"].isin([SynergyType(v).value for v in types]) & (table["score"] >= min_score)
    chosen = [FlowFamily(f).value for f in families or ()]
    if chosen:
        keep &= table["family"].isin(chosen)
    return table[keep].reset_index(drop=True)


def proposal_segments(table: pd.DataFrame, companies: pd.DataFrame) -> pd.DataFrame:
    """SEGMENT_COLUMNS: supplier → receiver, or the mutualisation's centre (first member) → each other member.
    Companies missing from `companies` (no position) are skipped."""
    # A plain dict, not DataFrame.loc per end: this runs on every rerun of the detection page.
    where = {
        company_id: (name, float(longitude), float(latitude))
        for company_id, name, longitude, latitude in zip(
            companies["company_id"], companies["name"], companies["longitude"], companies["latitude"], strict=True
        )
    }
    rows = []
    for row in table.itertuples(index=False):
        ids = [c for c in row.company_ids if c in where]
        if len(ids) < 2:
            continue
        hub = ids[0]
        for other in ids[1:]:
            rows.append(
                (
                    row.proposal_key,
                    row.synergy_type,
                    float(row.score),
                    row.title,
                    hub,
                    *where[hub],
                    other,
                    *where[other],
                )
            )
    return pd.DataFrame(rows, columns=SEGMENT_COLUMNS)


def segments_bounds(segments: pd.DataFrame, min_span_km: float = MIN_FOCUS_SPAN_KM) -> Bounds | None:
    """The box around some segments' ends, widened to at least `min_span_km` each way (a pair 300 m apart
    must not zoom in to the street), None without segments."""
    if segments.empty:
        return None
    lon = pd.concat([segments["from_lon"], segments["to_lon"]]).to_numpy(float)
    lat = pd.concat([segments["from_lat"], segments["to_lat"]]).to_numpy(float)
    mid_lat = float((lat.max() + lat.min()) / 2)
    half_lat = max((lat.max() - lat.min()) / 2, min_span_km / 2 / KM_PER_DEGREE_LATITUDE)
    half_lon = max(
        (lon.max() - lon.min()) / 2,
        min_span_km / 2 / (KM_PER_DEGREE_LATITUDE * max(math.cos(math.radians(mid_lat)), 0.01)),
    )
    mid_lon = float((lon.max() + lon.min()) / 2)
    return Bounds(mid_lon - half_lon, mid_lat - half_lat, mid_lon + half_lon, mid_lat + half_lat)


def proposal_for_key(preview: DetectionPreview, key: str) -> Proposal:
    """The `Proposal` of the table row `key` (raises KeyError if it is not in this preview)."""
    for frame in (preview.result.substitutions, preview.result.mutualisations):
        match = frame[frame["proposal_key"].astype("str") == key]
        if not match.empty:
            return Proposal.from_row(match.iloc[0])
    raise KeyError(key)


def proposal_to_act_on(preview: DetectionPreview, displayed_key: str) -> Proposal:
    """The proposal the user saw (by its stable key), from a preview read after the click: never another one
    standing in its place. Raises StaleProposalError (French message) when it is no longer proposed (accepted
    or dismissed meanwhile, e.g. from another tab); the writing transaction checks again."""
    try:
        return proposal_for_key(preview, displayed_key)
    except KeyError:
        raise StaleProposalError(t("detection.stale.gone")) from None


@dataclass(frozen=True)
class CreatedSynergy:
    synergy_id: str
    title: str
    synergy_type: SynergyType
    status: str
    participants: tuple[tuple[str, str, str], ...]  # (company_id, name, role), by role then name


def created_synergy(db: Database, synergy_id: str) -> CreatedSynergy | None:
    """The synergy as stored (current status and participants), None if it does not exist."""
    rows = db.query_rows(
        "SELECT synergy_id, title, synergy_type, status FROM synergy_current WHERE synergy_id = $id",
        {"id": synergy_id},
    )
    if not rows:
        return None
    participants = db.query_rows(
        """
        SELECT p.company_id, c.name, p.role FROM synergy_participant p JOIN company c USING (company_id)
        WHERE p.synergy_id = $id ORDER BY p.role DESC, c.name
        """,
        {"id": synergy_id},
    )
    synergy_id_, title, synergy_type, status = rows[0]
    return CreatedSynergy(synergy_id_, title, SynergyType(synergy_type), status, tuple(participants))
