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

For a territory (`focus_company_ids`), the points include its neighbours across the boundary within the radius
(read by store.load_inputs): a cluster is proposed when it holds at least one company of the territory, its
other members named « hors territoire ». The greedy loop is compiled (numba).

A dismissed cluster is not proposed again; its members are not re-grouped in that run (otherwise the same
centre would form the same cluster again). A cluster whose membership changes is a new proposal.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable

import numba
import numpy as np
import pandas as pd

from dashboard.codes import Direction, FlowFamily, SynergyType

from .explain import explain_mutualisations
from .proposals import MUTUALISATION_WEIGHTS, distance_score, proposal_key
from .quantities import UNKNOWN, DisplayUnits, aggregate_flows, dimension_index
from .spatial import DEFAULT_CHUNK_PAIRS, DEFAULT_WORKERS, PairIndex, chords_to_km
from .substitution import located_companies

# Output families where a shared output means a group collection (materials and wastes).
MUTUALISABLE_OUTPUT_FAMILIES: frozenset[FlowFamily] = frozenset({FlowFamily.MATIERE, FlowFamily.DECHET})
# Default minimum group size: below three companies, a pooled purchase or collection rarely pays.
DEFAULT_MIN_COMPANIES = 3

# Columns of detect_mutualisations, in order (the page and accept_proposal rely on them).
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
    "outside_member_ids",  # members outside the territory (focus_company_ids), in member order
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
    focus_company_ids: Iterable[str] | None = None,
    explain: bool = True,
    chunk_pairs: int = DEFAULT_CHUNK_PAIRS,
    workers: int = DEFAULT_WORKERS,
) -> pd.DataFrame:
    """Mutualisation clusters, best score first (columns MUTUALISATION_COLUMNS).

    Same input frames as `detect_substitutions` (categories also need `family`). `member_ids` is a tuple of
    company ids, the centre first, then by distance to it.
    `focus_company_ids`: when given (the territory's companies), the clusters are formed among all the
    companies passed (neighbours across the boundary within the radius included) and only those with at least
    one of these companies are proposed; the others are listed in `outside_member_ids` and named « hors
    territoire » in the explanation.
    `explain=False` leaves title and explanation empty: `explain_mutualisation_rows` fills them in later.
    """
    if min_companies < 2:
        raise ValueError("min_companies must be at least 2")
    dismissed = frozenset(dismissed_keys)
    located = located_companies(companies)
    category_codes = pd.Index(sorted(categories["category_code"]))
    points = _points(flows, units, located, categories, category_codes, frozenset(output_families), min_companies)
    company = points["company_idx"].to_numpy()
    lon = located["longitude"].to_numpy(float)[company]
    lat = located["latitude"].to_numpy(float)[company]
    group = points["group"].to_numpy()
    index = PairIndex(lon, lat, group, lon, lat, group, radius_km, left_group=group, chunk_pairs=chunk_pairs)
    clusters = [
        cluster
        for chunk_clusters in index.map_ranges(
            lambda lo, hi: _greedy_clusters(*index.chord_pairs(lo, hi), min_companies), workers
        )
        for cluster in chunk_clusters
    ]
    focus = (
        np.ones(len(located), dtype=bool)
        if focus_company_ids is None
        else located["company_id"].isin(pd.Index(focus_company_ids)).to_numpy()
    )
    frame = _assemble(clusters, points, located, category_codes, categories, units, min_companies, focus)
    # A cluster of neighbours only is not the territory's business.
    frame = frame[frame["member_count"] > frame["outside_member_ids"].map(len)]
    if dismissed:
        frame = frame[~frame["proposal_key"].isin(dismissed)]
    frame = frame.reset_index(drop=True)
    frame["explanation"] = pd.Series("", index=frame.index, dtype="str")
    frame["title"] = pd.Series("", index=frame.index, dtype="str")
    if explain:
        frame = explain_mutualisation_rows(frame, located, units, categories)
    return frame[MUTUALISATION_COLUMNS]


def explain_mutualisation_rows(
    frame: pd.DataFrame, companies: pd.DataFrame, units: pd.DataFrame, categories: pd.DataFrame
) -> pd.DataFrame:
    """`frame` (rows of `detect_mutualisations`, any subset, e.g. with explain=False) with its title and
    explanation filled in; `companies` gives the members' names (company_id, name)."""
    explained = frame.copy()
    if explained.empty:
        return explained
    names = companies.drop_duplicates("company_id").set_index("company_id")["name"]
    explained["explanation"], explained["title"] = explain_mutualisations(
        explained, names, DisplayUnits(units, categories)
    )
    return explained


def _points(
    flows: pd.DataFrame,
    units: pd.DataFrame,
    located: pd.DataFrame,
    categories: pd.DataFrame,
    category_codes: pd.Index,
    output_families: frozenset[str],
    min_companies: int,
) -> pd.DataFrame:
    """One point per (company, direction, category) of a mutualisable category, with its yearly quantity
    (a group with a known quantity is preferred when a company recorded several dimensions), numbered by
    join `group` = (direction, category), sorted by group then company. Groups with fewer than
    `min_companies` points are dropped: they can never form a cluster."""
    groups = aggregate_flows(flows, units, pd.Index(located["company_id"]), category_codes)
    family = categories.set_index("category_code")["family"].reindex(category_codes).to_numpy(object)
    eligible = ~groups["is_output"].to_numpy() | np.isin(
        family[groups["category_idx"].to_numpy()], list(output_families)
    )
    groups = groups[eligible].assign(unknown=lambda g: g["base_quantity"].isna())
    groups = groups.sort_values(["is_output", "category_idx", "company_idx", "unknown", "dimension_idx"])
    points = groups.drop_duplicates(["is_output", "category_idx", "company_idx"]).reset_index(drop=True)
    key = points["is_output"].to_numpy(np.int64) * len(category_codes) + points["category_idx"].to_numpy()
    _, group, size = np.unique(key, return_inverse=True, return_counts=True)
    points = points[size[group] >= min_companies].reset_index(drop=True)
    points["group"] = np.unique(key[size[group] >= min_companies], return_inverse=True)[1]
    points["family"] = family[points["category_idx"].to_numpy()]
    return points


def _greedy_clusters(
    left: np.ndarray, right: np.ndarray, chord_squared: np.ndarray, min_companies: int
) -> list[tuple[int, np.ndarray, np.ndarray]]:
    """Greedy clusters of one chunk of pairs (ordered by left point, self-pairs included): (centre, members,
    their distances to the centre in km)."""
    if len(left) == 0:
        return []
    centres, sizes, members, chords = _greedy_kernel(left, right, chord_squared, min_companies)
    if len(centres) == 0:
        return []
    cuts = np.cumsum(sizes)[:-1]
    distances = np.split(chords_to_km(chords), cuts)
    return list(zip(centres.tolist(), np.split(members, cuts), distances, strict=True))


@numba.njit(nogil=True, cache=True)
def _greedy_kernel(
    left: np.ndarray, right: np.ndarray, chord_squared: np.ndarray, min_companies: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The greedy rule on one chunk: (centres, cluster sizes, members cluster by cluster, their squared
    chords to the centre). Compiled (numba): a national run pops about a million heap entries."""
    first = left[0]
    n = left[-1] - first + 1
    indptr = np.zeros(n + 1, dtype=np.int64)
    for k in range(len(left)):
        indptr[left[k] - first + 1] += 1
    for i in range(n):
        indptr[i + 1] += indptr[i]
    assigned = np.zeros(n, dtype=np.bool_)
    # Heap of (-unassigned partners incl. self, point): the densest first, ties to the smallest company id
    # (points are sorted by company within a group, and groups are independent).
    heap = [(-(indptr[i + 1] - indptr[i]), i) for i in range(n) if indptr[i + 1] - indptr[i] >= min_companies]
    heapq.heapify(heap)
    centres, sizes = [], []
    members = np.empty(len(left), dtype=np.int64)
    chords = np.empty(len(left))
    m = 0
    while len(heap):
        negative_count, i = heapq.heappop(heap)
        if assigned[i]:
            continue
        count = 0
        for k in range(indptr[i], indptr[i + 1]):
            count += not assigned[right[k] - first]  # pairs never cross groups, and groups never cross chunks
        if count < -negative_count:  # stale entry: partners were taken by a denser centre since
            if count >= min_companies:
                heapq.heappush(heap, (-count, i))
            continue
        for k in range(indptr[i], indptr[i + 1]):
            j = right[k] - first
            if not assigned[j]:
                assigned[j] = True
                members[m] = right[k]
                chords[m] = chord_squared[k]
                m += 1
        centres.append(i + first)
        sizes.append(count)
    return np.array(centres, dtype=np.int64), np.array(sizes, dtype=np.int64), members[:m], chords[:m]


def _assemble(
    clusters: list[tuple[int, np.ndarray, np.ndarray]],
    points: pd.DataFrame,
    located: pd.DataFrame,
    category_codes: pd.Index,
    categories: pd.DataFrame,
    units: pd.DataFrame,
    min_companies: int,
    focus: np.ndarray,
) -> pd.DataFrame:
    """One row per cluster, computed on the flat list of memberships (no per-cluster pandas work); `focus`
    flags the territory's companies (by located row)."""
    if not clusters:
        return pd.DataFrame({c: [] for c in MUTUALISATION_COLUMNS if c not in ("title", "explanation")})
    sizes = np.array([len(members) for _, members, _ in clusters])
    cluster = np.repeat(np.arange(len(clusters)), sizes)
    member = np.concatenate([members for _, members, _ in clusters])
    distance = np.concatenate([d for _, _, d in clusters])
    centre = np.array([c for c, _, _ in clusters])
    company = points["company_idx"].to_numpy()[member]
    # Within a cluster: the centre first, then the nearest (to the metre), then by company id.
    order = np.lexsort((company, np.round(distance, 3), member != centre[cluster], cluster))
    member, distance, company = member[order], distance[order], company[order]

    n = len(clusters)
    dimensions = dimension_index(units)
    base = points["base_quantity"].to_numpy(float)[member]
    dimension = points["dimension_idx"].to_numpy()[member]
    known = ~np.isnan(base)
    # Totals are given in the most frequent dimension among known quantities (ties: alphabetical).
    n_dimensions = max(len(dimensions), 1)
    per_dimension = np.bincount(cluster[known] * n_dimensions + dimension[known], minlength=n * n_dimensions).reshape(
        n, n_dimensions
    )
    main_dimension = np.where(per_dimension.max(axis=1) > 0, per_dimension.argmax(axis=1), UNKNOWN)
    in_main = known & (dimension == main_dimension[cluster])
    known_count = np.bincount(cluster, weights=in_main, minlength=n).astype(int)
    total = np.bincount(cluster, weights=np.where(in_main, base, 0.0), minlength=n)

    ids = located["company_id"].to_numpy(object)[company]
    member_ids = [tuple(part) for part in np.split(ids, np.cumsum(sizes)[:-1])]
    outside_ids = [tuple(part) for part in np.split(np.where(~focus[company], ids, None), np.cumsum(sizes)[:-1])]
    outside_ids = [tuple(c for c in part if c is not None) for part in outside_ids]
    centre_point = centre
    is_output = points["is_output"].to_numpy()[centre_point]
    category = category_codes.to_numpy(object)[points["category_idx"].to_numpy()[centre_point]]
    direction = np.where(is_output, Direction.OUT.value, Direction.IN.value)
    mean_others = np.bincount(cluster, weights=distance, minlength=n) / np.maximum(sizes - 1, 1)
    approximate = np.bincount(cluster, weights=located["approximate_location"].to_numpy(bool)[company], minlength=n) > 0
    frame = pd.DataFrame(
        {
            "proposal_key": [
                proposal_key(SynergyType.MUTUALISATION, (d, c), m)
                for d, c, m in zip(direction, category, member_ids, strict=True)
            ],
            "synergy_type": SynergyType.MUTUALISATION.value,
            "direction": direction,
            "category_code": category,
            "category_label": categories.set_index("category_code")["label"].reindex(category).to_numpy(object),
            "family": points["family"].to_numpy(object)[centre_point],
            "centre_id": [m[0] for m in member_ids],
            "member_ids": member_ids,
            "member_count": sizes,
            "max_distance_km": np.maximum.reduceat(distance, np.r_[0, np.cumsum(sizes)[:-1]]),
            "mean_distance_km": np.where(sizes > 1, mean_others, 0.0),
            "dimension": np.append(dimensions.to_numpy(object), None)[main_dimension],
            "total_base_quantity": np.where(known_count > 0, total, np.nan),
            "known_quantity_count": known_count,
            "approximate_location": approximate,
            "outside_member_ids": outside_ids,
        }
    )
    frame["score_distance"] = distance_score(frame["mean_distance_km"])
    frame["score_size"] = frame["member_count"] / (frame["member_count"] + min_companies)
    frame["score_quantity"] = frame["known_quantity_count"] / frame["member_count"]
    frame["score"] = sum(weight * frame[column] for column, weight in MUTUALISATION_WEIGHTS.items())
    return frame.sort_values(["score", "proposal_key"], ascending=[False, True], ignore_index=True)
