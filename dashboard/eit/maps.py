"""What the maps draw, read from the database (pure: no Streamlit, no plotly).

- `map_companies(db, territory_id, period)`: the territory's companies with a position (their own, else
  their commune's centroid, flagged), sector family, main flow family and the flow families they record.
- `synergy_links(db, territory_id, period)`: one segment per pair of participants to draw, with the
  synergy's status as of the period end (`metrics.synergy_status_as_of`, the same as the other pages).
- `commune_figures(db, territory_id, period)`: per commune, the home page's counts (companies mobilised,
  diagnostics, flows) and the registered companies, with the same counting rules as `dashboard.eit.metrics`.

Scope and counting rules are those of `dashboard.eit.metrics` (cumulative up to the period end).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import pandas as pd

from dashboard.codes import FlowFamily, ParticipantRole
from dashboard.db import Database
from dashboard.eit.metrics import MOBILISATION_CTE, synergy_status_as_of
from dashboard.scope import Period, scope_params

# Flow families in the order used to break ties when choosing a company's main family (the nomenclature's).
FAMILY_ORDER: tuple[FlowFamily, ...] = tuple(FlowFamily)


class CommuneMeasure(StrEnum):
    """What a commune choropleth can show."""

    COMPANIES_MOBILISED = "companies_mobilised"
    DIAGNOSTICS = "diagnostics"
    FLOWS = "flows"
    COMPANIES = "companies"


def map_companies(db: Database, territory_id: str, period: Period) -> pd.DataFrame:
    """Companies located in the territory's communes, one row each, sorted by id.

    Columns: company_id, name, sector_family, commune_id, commune_name, longitude, latitude,
    approximate_location (placed at the commune's centroid), flow_count (flows dated on or before the period
    end, or undated, as on the home page), main_flow_family (the family of most of those flows, ties broken in
    nomenclature order; NaN without flows), flow_families (tuple of the families recorded). Companies with
    neither coordinates nor a commune centroid are left out (they cannot be placed).
    """
    companies = db.query_df(
        """
        SELECT c.company_id, c.name, c.sector_family, c.commune_id, t.name AS commune_name,
               coalesce(c.longitude, t.centroid_lon) AS longitude,
               coalesce(c.latitude, t.centroid_lat) AS latitude,
               c.longitude IS NULL AS approximate_location
        FROM company c
        JOIN territory t ON t.territory_id = c.commune_id
        WHERE c.company_id IN (SELECT company_id FROM scope_companies($scope))
          AND coalesce(c.longitude, t.centroid_lon) IS NOT NULL
        ORDER BY c.company_id
        """,
        scope_params(territory_id),
    )
    families = db.query_df(
        """
        SELECT f.company_id, fc.family, count(*) AS flows
        FROM flow f
        JOIN flow_category fc USING (category_code)
        LEFT JOIN diagnostic d USING (diagnostic_id)
        WHERE f.flow_id IN (SELECT flow_id FROM scope_flows($scope))
          AND (d.diagnostic_date IS NULL OR d.diagnostic_date <= $end)
        GROUP BY ALL
        """,
        scope_params(territory_id, period),
    )
    rank = {family.value: position for position, family in enumerate(FAMILY_ORDER)}
    families["rank"] = families["family"].map(rank)
    families = families.sort_values(["company_id", "flows", "rank"], ascending=[True, False, True])
    main = families.drop_duplicates("company_id").set_index("company_id")["family"]
    recorded = families.sort_values(["company_id", "rank"]).groupby("company_id")["family"].agg(tuple)
    counts = families.groupby("company_id")["flows"].sum()
    ids = companies["company_id"]
    companies["flow_count"] = ids.map(counts).fillna(0).astype(int)
    companies["main_flow_family"] = ids.map(main)
    companies["flow_families"] = [recorded.get(company_id, ()) for company_id in ids]
    return companies


def _hub(members: pd.DataFrame) -> int:
    """Position of the participant the other ones are linked to: the coordinator, else the member closest to
    the group's mean position (a star from the middle of the group reads better than a chain)."""
    coordinators = np.flatnonzero(members["role"].to_numpy() == ParticipantRole.COORDINATOR.value)
    if len(coordinators):
        return int(coordinators[0])
    lon, lat = members["longitude"].to_numpy(float), members["latitude"].to_numpy(float)
    return int(np.argmin((lon - lon.mean()) ** 2 + (lat - lat.mean()) ** 2))


# Both ends of a segment drawn between two companies (synergy links here, detection proposals in
# dashboard/detection/preview.py): the map builders read these columns.
ENDPOINT_COLUMNS = ["from_id", "from_name", "from_lon", "from_lat", "to_id", "to_name", "to_lon", "to_lat"]
LINK_COLUMNS = ["synergy_id", "title", "synergy_type", "status", *ENDPOINT_COLUMNS]


@dataclass(frozen=True)
class SynergyLinks:
    """Segments to draw, and the synergies in scope that cannot be drawn (fewer than two placed companies)."""

    segments: pd.DataFrame  # LINK_COLUMNS
    drawn: int  # synergies with at least one segment
    not_drawn: int


def synergy_links(db: Database, territory_id: str, period: Period) -> SynergyLinks:
    """Segments between the participants of the synergies in scope, with their status as of the period end.

    A substitution links each supplier to each receiver; other synergies (mutualisations, or a substitution
    whose roles are not supplier/receiver) are drawn as a star from a hub (`_hub`) to every other participant.
    Participants outside the territory are drawn too (a synergy may cross its boundary). A company without
    coordinates is placed at its commune's centroid.
    """
    status = synergy_status_as_of(db, territory_id, period)
    participants = db.query_df(
        """
        SELECT p.synergy_id, s.title, s.synergy_type, p.company_id, c.name, p.role,
               coalesce(c.longitude, t.centroid_lon) AS longitude, coalesce(c.latitude, t.centroid_lat) AS latitude
        FROM synergy_participant p
        JOIN synergy s USING (synergy_id)
        JOIN company c USING (company_id)
        JOIN territory t ON t.territory_id = c.commune_id
        WHERE list_contains($ids, p.synergy_id)
        ORDER BY p.synergy_id, p.company_id, p.role
        """,
        {"ids": status["synergy_id"].tolist()},
    )
    participants = participants.dropna(subset=["longitude", "latitude"])
    status_of = dict(zip(status["synergy_id"], status["status"], strict=True))
    rows: list[tuple[object, ...]] = []
    drawn: set[str] = set()
    for synergy_id, members in participants.groupby("synergy_id", sort=True):
        members = members.drop_duplicates("company_id").reset_index(drop=True)
        if len(members) < 2:
            continue
        suppliers = members[members["role"] == ParticipantRole.SUPPLIER.value]
        receivers = members[members["role"] == ParticipantRole.RECEIVER.value]
        if members["synergy_type"].iloc[0] == "substitution" and len(suppliers) and len(receivers):
            pairs = [(a, b) for a in suppliers.itertuples() for b in receivers.itertuples()]
        else:
            hub = next(members.iloc[[_hub(members)]].itertuples())  # a row tuple, like `other` below
            pairs = [(hub, other) for other in members.itertuples() if other.company_id != hub.company_id]
        for a, b in pairs:
            if a.company_id == b.company_id:
                continue
            rows.append(
                (
                    synergy_id,
                    members["title"].iloc[0],
                    members["synergy_type"].iloc[0],
                    status_of[synergy_id],
                    a.company_id,
                    a.name,
                    float(a.longitude),
                    float(a.latitude),
                    b.company_id,
                    b.name,
                    float(b.longitude),
                    float(b.latitude),
                )
            )
            drawn.add(str(synergy_id))
    segments = pd.DataFrame(rows, columns=LINK_COLUMNS)
    return SynergyLinks(segments, len(drawn), len(status) - len(drawn))


def commune_figures(db: Database, territory_id: str, period: Period) -> pd.DataFrame:
    """Per commune of the territory (every commune, zeros included): commune_id, name, companies_mobilised,
    diagnostics, flows, companies, with the counting rules of `dashboard.eit.metrics` (cumulative to the period
    end; flows without a diagnostic always counted), so that the communes add up to the home page's figures."""
    return db.query_df(
        f"""
        WITH communes AS (
            SELECT t.territory_id AS commune_id, t.name
            FROM territory t WHERE t.territory_id IN (SELECT commune_id FROM scope_communes($scope))
        ), local_company AS (
            SELECT company_id, commune_id FROM company
            WHERE company_id IN (SELECT company_id FROM scope_companies($scope))
              AND commune_id IN (SELECT commune_id FROM communes)
        ), {MOBILISATION_CTE}, mobilised AS (
            SELECT DISTINCT company_id FROM mobilisation
        ), per_company AS (
            SELECT lc.company_id, lc.commune_id,
                   (SELECT count(*) FROM diagnostic d
                    WHERE d.company_id = lc.company_id AND d.diagnostic_date <= $end) AS diagnostics,
                   (SELECT count(*) FROM flow f LEFT JOIN diagnostic d USING (diagnostic_id)
                    WHERE f.company_id = lc.company_id
                      AND (d.diagnostic_date IS NULL OR d.diagnostic_date <= $end)) AS flows,
                   lc.company_id IN (SELECT company_id FROM mobilised) AS is_mobilised
            FROM local_company lc
        )
        SELECT c.commune_id, c.name,
               coalesce(count(p.company_id) FILTER (WHERE p.is_mobilised), 0)::INTEGER AS companies_mobilised,
               coalesce(sum(p.diagnostics), 0)::INTEGER AS diagnostics,
               coalesce(sum(p.flows), 0)::INTEGER AS flows,
               count(p.company_id)::INTEGER AS companies
        FROM communes c LEFT JOIN per_company p USING (commune_id)
        GROUP BY c.commune_id, c.name
        ORDER BY c.name, c.commune_id
        """,
        scope_params(territory_id, period),
    )
