"""Mutualisation proposals: at least N companies near one another with the same need or the same output.

Clustering rule (greedy around the densest company), per (direction, category):

1. each company holding a flow of that direction and category is a point (several flows count once);
2. a point's partners are the other points within `radius_km` (great-circle), found by the grid join of
   `spatial.iter_pairs_within` (never all pairs);
3. repeatedly, the point with the most unassigned partners becomes a centre, and it and all its unassigned
   partners form a cluster, if they are at least `min_companies`; ties go to the smallest company id;
4. every point belongs to at most one cluster, and every member is within `radius_km` of its centre (members
   are thus at most 2 × radius apart).

Why greedy rather than DBSCAN: DBSCAN chains neighbours into clusters of unbounded extent (a whole urban
area), whereas a group collection round or a shared training needs members close to one place; the greedy
rule bounds every cluster by the radius, is deterministic and explains itself ("toutes à moins de X km de
l'entreprise Y"). It is the classic greedy for covering points with discs of a given radius.

Which categories: every input category (a shared need: group purchase, shared training, car-pooling, shared
job or equipment) and output categories of the families in MUTUALISABLE_OUTPUT_FAMILIES (a shared output is
collected together; surplus energy or skills on offer are substitution matters instead).

Score = weighted sum (proposals.MUTUALISATION_WEIGHTS) of score_distance (distance component of the mean
distance from the centre), score_size (n / (n + min_companies): 0.5 at the minimum size, towards 1 for larger
groups) and score_quantity (share of members whose quantity is known).

A dismissed cluster is not proposed again; its members are not re-grouped in that run (otherwise the same
centre would form the same cluster again). A cluster whose membership changes is a new proposal.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable

import numpy as np
import pandas as pd

from dashboard.codes import Direction, FlowFamily, SynergyType

from .explain import explain_mutualisations
from .proposals import MUTUALISATION_WEIGHTS, distance_score, proposal_key
from .quantities import DisplayUnits, aggregate_flows
from .spatial import DEFAULT_CHUNK_PAIRS, iter_pairs_within
from .substitution import located_companies

# Output families where a shared output means a group collection (materials and wastes).
MUTUALISABLE_OUTPUT_FAMILIES: frozenset[FlowFamily] = frozenset({FlowFamily.MATIERE, FlowFamily.DECHET})
# Default minimum group size: below three companies, a pooled purchase or collection rarely pays.
DEFAULT_MIN_COMPANIES = 3

MUTUALISATION_COLUMNS = [
    "proposal_key",
    "synergy_type",
    "score",
    "score_distance",
    "score_size",
    "score_quantity",
    "direction",
    "category_code",
    "category_label",
    "family",
    "centre_id",
    "member_ids",
    "member_count",
    "max_distance_km",
    "mean_distance_km",
    "dimension",
    "total_base_quantity",
    "known_quantity_count",
    "approximate_location",
    "title",
    "explanation",
]


def detect_mutualisations(
    companies: pd.DataFrame,
    flows: pd.DataFrame,
    categories: pd.DataFrame,
    units: pd.DataFrame,
    *,
    radius_km: float,
    min_companies: int = DEFAULT_MIN_COMPANIES,
    dismissed_keys: Iterable[str] = frozenset(),
    output_families: Iterable[str] = MUTUALISABLE_OUTPUT_FAMILIES,
    explain: bool = True,
    chunk_pairs: int = DEFAULT_CHUNK_PAIRS,
) -> pd.DataFrame:
    """Mutualisation clusters, best score first (columns MUTUALISATION_COLUMNS).

    Same input frames as `detect_substitutions` (categories also need `family`). `member_ids` is a tuple,
    the centre first, then by distance to it.
    """
    if min_companies < 2:
        raise ValueError("min_companies must be at least 2")
    dismissed = frozenset(dismissed_keys)
    located = located_companies(companies)
    company_index = pd.Index(located["company_id"])
    points = _points(flows[flows["company_id"].isin(company_index)], units, categories, frozenset(output_families))
    points["company_idx"] = company_index.get_indexer(points["company_id"])
    # One join key per (direction, category); groups too small to ever reach min_companies are dropped.
    points["group"] = points.groupby(["direction", "category_code"], sort=True).ngroup()
    points = points[points.groupby("group")["company_idx"].transform("size") >= min_companies]
    points = points.sort_values(["group", "company_idx"], ignore_index=True)
    points["group"] = points["group"].rank(method="dense").astype(np.int64) - 1

    lon = located["longitude"].to_numpy(float)[points["company_idx"].to_numpy()]
    lat = located["latitude"].to_numpy(float)[points["company_idx"].to_numpy()]
    group = points["group"].to_numpy()
    clusters: list[tuple[int, np.ndarray, np.ndarray]] = []  # (centre point, member points, distances)
    for chunk in iter_pairs_within(
        lon, lat, group, lon, lat, group, radius_km, left_group=group, chunk_pairs=chunk_pairs
    ):
        clusters.extend(_greedy_clusters(chunk.left, chunk.right, chunk.distance_km, min_companies))

    frame = _assemble(clusters, points, located, categories, min_companies)
    if dismissed and not frame.empty:
        frame = frame[~frame["proposal_key"].isin(dismissed)].reset_index(drop=True)
    if explain and not frame.empty:
        names = located.set_index("company_id")["name"]
        frame["explanation"], frame["title"] = explain_mutualisations(frame, names, DisplayUnits(units, categories))
    else:
        frame["explanation"] = ""
        frame["title"] = ""
    return frame[MUTUALISATION_COLUMNS]


def _points(
    flows: pd.DataFrame, units: pd.DataFrame, categories: pd.DataFrame, output_families: frozenset[str]
) -> pd.DataFrame:
    """One point per (company, direction, category) of a mutualisable category, with its yearly quantity
    (the group with a known quantity is preferred when a company recorded several dimensions)."""
    groups = aggregate_flows(flows, units)
    family = categories.set_index("category_code")["family"]
    groups["family"] = groups["category_code"].map(family)
    eligible = (groups["direction"] == Direction.IN.value) | groups["family"].isin(output_families)
    groups = groups[eligible & groups["family"].notna()]
    groups = groups.sort_values(["company_id", "direction", "category_code", "base_quantity"], na_position="last")
    return groups.drop_duplicates(["company_id", "direction", "category_code"]).reset_index(drop=True)


def _greedy_clusters(
    left: np.ndarray, right: np.ndarray, distance: np.ndarray, min_companies: int
) -> list[tuple[int, np.ndarray, np.ndarray]]:
    """Greedy clusters of one chunk of pairs (ordered by left point, self-pairs included)."""
    if len(left) == 0:
        return []
    first = int(left[0])
    n = int(left[-1]) - first + 1
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(left - first, minlength=n), out=indptr[1:])
    neighbours = right - first  # pairs never cross groups, and groups never cross chunks
    assigned = np.zeros(n, dtype=bool)
    partner_count = np.diff(indptr)
    # Heap of (-unassigned partners incl. self, point): the densest first, ties to the smallest company id
    # (points are sorted by company within a group, and groups are independent).
    heap = [(-int(c), i) for i, c in enumerate(partner_count.tolist()) if c >= min_companies]
    heapq.heapify(heap)
    clusters = []
    while heap:
        negative_count, i = heapq.heappop(heap)
        if assigned[i]:
            continue
        lo, hi = indptr[i], indptr[i + 1]
        free = ~assigned[neighbours[lo:hi]]
        count = int(free.sum())
        if count < -negative_count:  # stale entry: partners were taken by a denser centre since
            if count >= min_companies:
                heapq.heappush(heap, (-count, i))
            continue
        members = neighbours[lo:hi][free]
        assigned[members] = True
        clusters.append((i + first, members + first, distance[lo:hi][free]))
    return clusters


def _assemble(
    clusters: list[tuple[int, np.ndarray, np.ndarray]],
    points: pd.DataFrame,
    located: pd.DataFrame,
    categories: pd.DataFrame,
    min_companies: int,
) -> pd.DataFrame:
    if not clusters:
        return pd.DataFrame(columns=[c for c in MUTUALISATION_COLUMNS if c not in ("title", "explanation")])
    company_id = points["company_id"].to_numpy(object)
    base = points["base_quantity"].to_numpy(float)
    dimension = points["dimension"].to_numpy(object)
    approximate = points["company_id"].map(located.set_index("company_id")["approximate_location"]).to_numpy(bool)
    category_label = categories.set_index("category_code")["label"]
    rows = []
    for centre, members, distances in clusters:
        order = np.lexsort((company_id[members], distances))  # centre (0 km) first, then nearest
        members, distances = members[order], distances[order]
        if members[0] != centre:  # another member at 0 km sorted before the centre
            at_centre = np.flatnonzero(members == centre)[0]
            members = np.r_[centre, np.delete(members, at_centre)]
            distances = np.r_[0.0, np.delete(distances, at_centre)]
        known = ~np.isnan(base[members])
        dims = dimension[members][known]
        # Totals are given in the most frequent dimension among known quantities (ties: alphabetical).
        main_dimension = pd.Series(dims).value_counts().sort_index().idxmax() if len(dims) else None
        in_main = known & (dimension[members] == main_dimension)
        ids = tuple(company_id[members].tolist())
        n = len(ids)
        others = distances[1:]
        direction, category = points.at[centre, "direction"], points.at[centre, "category_code"]
        rows.append(
            {
                "proposal_key": proposal_key(SynergyType.MUTUALISATION, (direction, category), ids),
                "direction": direction,
                "category_code": category,
                "family": points.at[centre, "family"],
                "centre_id": ids[0],
                "member_ids": ids,
                "member_count": n,
                "max_distance_km": float(distances.max()),
                "mean_distance_km": float(others.mean()) if len(others) else 0.0,
                "dimension": main_dimension,
                "total_base_quantity": float(base[members][in_main].sum()) if in_main.any() else np.nan,
                "known_quantity_count": int(in_main.sum()),
                "approximate_location": bool(approximate[members].any()),
            }
        )
    frame = pd.DataFrame(rows)
    frame["synergy_type"] = SynergyType.MUTUALISATION.value
    frame["category_label"] = frame["category_code"].map(category_label)
    frame["score_distance"] = distance_score(frame["mean_distance_km"])
    frame["score_size"] = frame["member_count"] / (frame["member_count"] + min_companies)
    frame["score_quantity"] = frame["known_quantity_count"] / frame["member_count"]
    frame["score"] = sum(weight * frame[column] for column, weight in MUTUALISATION_WEIGHTS.items())
    return frame.sort_values(["score", "proposal_key"], ascending=[False, True], ignore_index=True)
