"""Substitution proposals: an output of company A can feed an input of company B nearby.

Algorithm (never all pairs):

1. Flows are summed per (company, direction, category, dimension), annualised in base units, standard
   conversions applied (steam in tonnes to MWh, `units.descendants_conversions`;
   `quantities.aggregate_flows`); companies without coordinates are left out (they cannot be placed).
2. Each output group is expanded to the input categories it can feed (`categories.compatible_pairs`: same
   category, narrower category, compatibility table through the tree).
3. Output rows are joined to input groups of that input category in neighbouring grid cells
   (`spatial.PairIndex`), keeping pairs within `radius_km` (great-circle distance), by chunks aligned on
   (supplier, output category), two chunks at a time.
4. A pair is kept when the companies differ, at least one is in `focus_company_ids` (the territory's), and
   the quantity ratio (smaller / larger, same dimension) reaches `min_quantity_ratio` (the plausibility floor,
   proposals.PLAUSIBLE_RATIO_FLOOR) when both are known. Quantities in different dimensions are not compared:
   the pair stays, "to check", as with an unknown quantity (never dropped silently).
5. Score = weighted sum (proposals.SUBSTITUTION_WEIGHTS) of:
   - score_distance: 1 / (1 + d / 10 km);
   - score_quantity: `proposals.quantity_score`, rewarding a need well covered (a large supplier feeding
     several smaller needs scores fully), or MISSING_QUANTITY_SCORE when unknown or not comparable;
   - score_category: 1 for the same category, less for each step up the tree and for table matches.
6. Per (supplier, output category): one pair per receiver, its best input category (route) kept and the
   others listed in its explanation (accepting two routes would create duplicate synergies; found afterwards
   for the selected pairs only); dismissed keys are dropped, and the best `max_receivers_per_output`
   receivers are kept (ties in arrival order, which is deterministic).

Steps 3 to 5 run in one compiled loop per chunk (`_group_candidates`, numba): a national run has hundreds of
millions of candidate pairs, never stored as arrays. Per group, a histogram of score buckets narrows the pairs
kept to the group's likely best (a few, de-duplicated and sorted in numpy), and a pair whose score bound
cannot reach the bucket of the group's best so far is not scored. tests/detection/test_reference.py checks
the result against a straightforward all-pairs reference.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numba
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.codes import SynergyType
from dashboard.i18n import fmt_percent, t

from .categories import compatible_pairs
from .explain import conversion_notes, explain_substitutions, format_by_unique
from .proposals import (
    HALF_SCORE_DISTANCE_KM,
    HUB_SHARE,
    MISSING_QUANTITY_SCORE,
    PLAUSIBLE_RATIO_FLOOR,
    SUBSTITUTION_WEIGHTS,
    substitution_keys,
)
from .quantities import UNKNOWN, DisplayUnits, aggregate_flows, dimension_index
from .spatial import DEFAULT_CHUNK_PAIRS, DEFAULT_WORKERS, EARTH_RADIUS_KM, PairIndex, chord_km, squared_chord
from .units import descendants_conversions

# Score buckets of the per-group histogram that narrows the rows to sort before picking the best ones.
SCORE_BUCKETS = 64
# Leads kept per (supplier, output category) by default: a readable list per outgoing flow, and bounded
# output at national scale. None keeps them all.
DEFAULT_MAX_RECEIVERS_PER_OUTPUT = 5

# Columns of detect_substitutions, in order (the page and accept_proposal rely on them).
SUBSTITUTION_COLUMNS = [
    "proposal_key",
    "synergy_type",
    "score",
    "score_distance",
    "score_quantity",
    "score_category",
    "supplier_id",
    "supplier_name",
    "receiver_id",
    "receiver_name",
    "output_category",
    "output_label",
    "input_category",
    "input_label",
    "category_match",
    "via_output",
    "via_output_label",
    "via_input",
    "via_input_label",
    "distance_km",
    "dimension",
    "supply_base",
    "demand_base",
    "quantity_ratio",
    "supply_one_off",
    "demand_one_off",
    "approximate_location",
    "outside_territory",
    "outside_supplier",  # the supplier is the company outside the territory (else the receiver, if any)
    "supply_dimension",
    "demand_dimension",
    "supply_converted",
    "demand_converted",
    "alternatives",
    "title",
    "explanation",
]


def located_companies(companies: pd.DataFrame) -> pd.DataFrame:
    """Companies with coordinates, sorted by id (their row number is their code in the arrays)."""
    located = companies.dropna(subset=["longitude", "latitude"]).drop_duplicates("company_id")
    located = located.sort_values("company_id", ignore_index=True)
    if "approximate_location" not in located:
        located = located.assign(approximate_location=False)
    located["approximate_location"] = located["approximate_location"].fillna(False).astype(bool)
    return located


@dataclass(frozen=True)
class _Selected:
    """Selected pairs of one chunk: left rows, right rows, and their measures."""

    left: np.ndarray
    right: np.ndarray
    distance: np.ndarray
    ratio: np.ndarray
    score_distance: np.ndarray
    score_quantity: np.ndarray
    score: np.ndarray
    keys: np.ndarray


def detect_substitutions(
    companies: pd.DataFrame,
    flows: pd.DataFrame,
    compatibility: pd.DataFrame,
    units: pd.DataFrame,
    categories: pd.DataFrame,
    *,
    radius_km: float,
    dismissed_keys: Iterable[str] = frozenset(),
    max_receivers_per_output: int | None = DEFAULT_MAX_RECEIVERS_PER_OUTPUT,
    min_quantity_ratio: float = PLAUSIBLE_RATIO_FLOOR,
    conversions: pd.DataFrame | None = None,
    focus_company_ids: Iterable[str] | None = None,
    explain: bool = True,
    chunk_pairs: int = DEFAULT_CHUNK_PAIRS,
    workers: int = DEFAULT_WORKERS,
) -> pd.DataFrame:
    """Substitution proposals, best score first (columns SUBSTITUTION_COLUMNS).

    companies: company_id, name, longitude, latitude [, approximate_location];
    flows: company_id, direction, category_code, quantity, unit_code, frequency;
    compatibility: output_category, input_category; units: unit_code, label, dimension, to_base;
    categories: category_code, parent_code, label [, default_unit: the unit quantities are shown in].
    `dismissed_keys`: proposal keys never to propose again (dismissed, or already accepted).
    `conversions`: standard factors between dimensions (units.descendants_conversions input), stated in the
    explanation. `focus_company_ids`: when given, only pairs involving at least one of these companies (the
    territory's) are proposed; the other side may be any company passed (a neighbour across the boundary),
    flagged in `outside_territory`.
    `explain=False` leaves title and explanation empty: `explain_substitution_rows` fills them in later for
    the rows shown (the other routes of a proposal are listed in its `alternatives` column either way).
    Text columns that repeat (ids, names, categories) are pandas categoricals.
    """
    if max_receivers_per_output is not None and max_receivers_per_output < 1:
        raise ValueError("max_receivers_per_output must be at least 1")
    dismissed = frozenset(dismissed_keys)
    located = located_companies(companies)
    company_ids = pd.Index(located["company_id"])
    category_codes = pd.Index(sorted(categories["category_code"]))
    focus = (
        np.ones(len(company_ids), dtype=bool)
        if focus_company_ids is None
        else company_ids.isin(pd.Index(focus_company_ids))
    )
    if conversions is not None:
        conversions = descendants_conversions(categories, conversions)
    groups = aggregate_flows(flows, units, company_ids, category_codes, conversions)
    outputs = groups[groups["is_output"]]
    inputs = groups[~groups["is_output"]].reset_index(drop=True)

    pairs = compatible_pairs(categories, compatibility)
    pairs["output_idx"] = category_codes.get_indexer(pairs["output_category"])
    pairs["input_idx"] = category_codes.get_indexer(pairs["input_category"])
    pairs["via_output_idx"] = category_codes.get_indexer(pairs["via_output"])
    pairs["via_input_idx"] = category_codes.get_indexer(pairs["via_input"])
    pairs = pairs.reset_index(drop=True)
    left = outputs.merge(
        pairs[["output_idx", "input_idx", "score_category"]].reset_index(names="pair_idx"),
        left_on="category_idx",
        right_on="output_idx",
    )
    left = left.sort_values(["company_idx", "category_idx", "input_idx", "dimension_idx"], ignore_index=True)
    if left.empty or inputs.empty:
        return pd.DataFrame({column: [] for column in SUBSTITUTION_COLUMNS})
    left_company = left["company_idx"].to_numpy()
    left_category = left["category_idx"].to_numpy()
    # Selection group: one per (supplier, output category), numbered in row order (non-decreasing).
    new_group = np.r_[True, (np.diff(left_company) != 0) | (np.diff(left_category) != 0)]
    selection_group = np.cumsum(new_group) - 1

    company_lon = located["longitude"].to_numpy(float)
    company_lat = located["latitude"].to_numpy(float)
    right_company = inputs["company_idx"].to_numpy()
    right_category = inputs["category_idx"].to_numpy()
    left_dimension = left["dimension_idx"].to_numpy()
    right_dimension = inputs["dimension_idx"].to_numpy()
    supply = left["base_quantity"].to_numpy(float)
    demand = inputs["base_quantity"].to_numpy(float)
    left_score_category = left["score_category"].to_numpy(float)
    left_key = left["input_idx"].to_numpy()  # the input category each left row can feed
    # Rows sharing a supplier and output category with another row (several input categories or dimensions):
    # only their pairs can be duplicates of one another (same receiver).
    all_focus = bool(focus.all())
    ids = company_ids.to_numpy(object)
    codes = category_codes.to_numpy(object)

    def keys_of(rows_left: np.ndarray, rows_right: np.ndarray) -> np.ndarray:
        return substitution_keys(
            codes[left_category[rows_left]],
            codes[right_category[rows_right]],
            ids[left_company[rows_left]],
            ids[right_company[rows_right]],
        )

    # The arrays the rules and the score read (see _measure_one).
    rules = (left_company, right_company, focus, left_dimension, right_dimension, supply, demand, left_score_category)

    # At most len(dismissed) rows of a group can be dismissed: keep that many more candidates.
    reserve = None if max_receivers_per_output is None else max_receivers_per_output + len(dismissed)

    buffers = threading.local()

    def candidates(index: PairIndex, lo: int, hi: int, limit: int, only: np.ndarray) -> tuple[np.ndarray, ...]:
        """`_group_candidates` of left rows lo..hi-1: (left, right, distance, ratio, score_distance,
        score_quantity, score)."""
        size = index.candidates(lo, hi)
        # One work buffer per thread, reused from chunk to chunk: a fresh one per chunk had its pages faulted
        # in again every time (a third of the substitutions' CPU time went to the system at national scale).
        out = getattr(buffers, "out", None)
        if out is None or len(out[0]) < size:
            out = buffers.out = _columns(max(size, chunk_pairs))
        grid = (index.starts, index.counts, index.right_order, index.left_xyz, index.right_xyz)
        count = _group_candidates(
            lo, hi, (*grid, index.max_chord_squared), selection_group, limit, only, grid_rules, not all_focus,
            min_quantity_ratio, out,
        )  # fmt: skip
        return tuple(column[:count].copy() for column in out)

    no_restriction = np.zeros(0, dtype=bool)

    def select(index: PairIndex, lo: int, hi: int) -> _Selected:
        li, rj, distance, ratio, score_distance, score_quantity, score = found = candidates(
            index, lo, hi, -1 if reserve is None else reserve, no_restriction
        )
        group = selection_group[li]
        # One pair per (supplier output, receiver): its best input category (route).
        rows = _first_best(group, right_company[rj], score, np.arange(len(li)))
        if reserve is not None:
            # A group whose likely best hold fewer than `reserve` receivers (several routes to one receiver)
            # is taken whole.
            distinct = np.bincount(group[rows], minlength=selection_group[hi - 1] + 1)
            short = (distinct < reserve) & (np.bincount(group, minlength=len(distinct)) >= reserve)
            if short.any():
                whole = candidates(index, lo, hi, -1, short)
                keep = ~short[group]
                found = tuple(np.concatenate([a[keep], b]) for a, b in zip(found, whole, strict=True))
                li, rj, distance, ratio, score_distance, score_quantity, score = found
                # Groups back together, each in detection order (ties are broken on it).
                regroup = np.argsort(selection_group[li], kind="stable")
                li, rj, distance, ratio, score_distance, score_quantity, score = (a[regroup] for a in found)
                group = selection_group[li]
                rows = _first_best(group, right_company[rj], score, np.arange(len(li)))
        order = rows[np.lexsort((-score[rows], group[rows]))]  # by group, best first, ties in detection order
        # Keys are needed here only to skip dismissed proposals; otherwise they are made once, at the end.
        chosen, keys = _select_top(
            group[order],
            max_receivers_per_output,
            dismissed,
            (lambda picked: keys_of(li[order[picked]], rj[order[picked]])) if dismissed else _no_keys,
        )
        pick = order[chosen]
        return _Selected(
            li[pick],
            rj[pick],
            distance[pick],
            ratio[pick],
            score_distance[pick],
            score_quantity[pick],
            score[pick],
            keys,
        )

    group_start = np.flatnonzero(np.r_[new_group, True])  # left rows of group g: group_start[g]..[g + 1]
    input_key = right_company.astype(np.int64) * len(category_codes) + right_category  # non-decreasing

    def other_routes(li: np.ndarray, rj: np.ndarray, distance: np.ndarray) -> tuple[np.ndarray, ...]:
        """The other routes between the same supplier output and receiver as each selected pair (li, rj) that
        pass the rules: (selected position, left row, right row, score), in detection order (left row, then
        right row). Found from the pair's group and receiver, so only the selected pairs are looked at."""
        group = selection_group[li]
        owner, route_left = _expand(group_start[group], group_start[group + 1] - group_start[group])
        # The receiver's input rows of the category each left row can feed (all its dimensions).
        wanted = right_company[rj[owner]].astype(np.int64) * len(category_codes) + left_key[route_left]
        first = np.searchsorted(input_key, wanted, side="left")
        inner, route_right = _expand(first, np.searchsorted(input_key, wanted, side="right") - first)
        owner, route_left = owner[inner], route_left[inner]
        other = (route_left != li[owner]) | (route_right != rj[owner])
        owner, route_left, route_right = owner[other], route_left[other], route_right[other]
        out = _columns(len(owner))
        count = _measure_pairs(route_left, route_right, distance[owner], rules, not all_focus, min_quantity_ratio, out)
        kept = out[0][:count]  # positions of the routes kept
        return owner[kept], route_left[kept], route_right[kept], out[6][:count]

    left_lon, left_lat = company_lon[left_company], company_lat[left_company]
    right_lon, right_lat = company_lon[right_company], company_lat[right_company]

    left_points, right_points = (left_lon, left_lat, left_key), (right_lon, right_lat, right_category)
    index = PairIndex(*left_points, *right_points, radius_km, left_group=selection_group, chunk_pairs=chunk_pairs)
    # The rules' arrays with the inputs' attributes in the grid's order, read run by run by _group_candidates.
    order = index.right_order
    grid_rules = (
        left_company, right_company[order], focus, left_dimension, right_dimension[order], supply, demand[order],
        left_score_category,
    )  # fmt: skip
    selected = index.map_ranges(lambda lo, hi: select(index, lo, hi), workers)
    if not selected or not sum(len(part.left) for part in selected):
        return pd.DataFrame({column: [] for column in SUBSTITUTION_COLUMNS})
    merged = {
        field: np.concatenate([getattr(part, field) for part in selected]) for field in _Selected.__dataclass_fields__
    }
    if not dismissed:
        merged["keys"] = keys_of(merged["left"], merged["right"])
    return _assemble(
        merged, left, inputs, pairs, located, focus, categories, units, conversions, other_routes, explain=explain
    )


def explain_substitution_rows(
    frame: pd.DataFrame,
    units: pd.DataFrame,
    categories: pd.DataFrame,
    conversions: pd.DataFrame | None = None,
    *,
    extended: bool = False,
) -> pd.DataFrame:
    """`frame` (rows of `detect_substitutions`, any subset, e.g. with explain=False) with its title and
    explanation filled in: a national run explains only the proposals a page shows, when it shows them.

    `conversions` as for detect_substitutions (`extended`: already extended to the descendants)."""
    if conversions is not None and not extended:
        conversions = descendants_conversions(categories, conversions)
    explained = frame.copy()
    if explained.empty:
        return explained
    explained["explanation"], explained["title"] = explain_substitutions(
        explained, DisplayUnits(units, categories), conversion_notes(categories, conversions)
    )
    return explained


def _no_keys(rows: np.ndarray) -> np.ndarray:
    """Placeholder keys (made later for the rows finally selected)."""
    return np.full(len(rows), "", dtype=object)


# Added to a score bound against rounding (the bound and the score sum their parts in different orders).
BOUND_MARGIN = 1e-9
# Weights and constants of the score as plain floats, for the compiled loop.
_W_DISTANCE = float(SUBSTITUTION_WEIGHTS["score_distance"])
_W_QUANTITY = float(SUBSTITUTION_WEIGHTS["score_quantity"])
_W_CATEGORY = float(SUBSTITUTION_WEIGHTS["score_category"])


@numba.njit(inline="always")
def _measure_one(i: int, j: int, distance: float, rules: tuple, check_focus: bool, min_ratio: float) -> tuple:
    """Step 4's rules and step 5's score of the pair (left row i, right row j) at `distance`: (kept, ratio,
    score_distance, score_quantity, score). `rules` holds the arrays (left_company, right_company, focus,
    left_dimension, right_dimension, supply, demand, left_score_category).

    The arithmetic is that of proposals.distance_score and proposals.quantity_score, operation by operation
    (IEEE division and square root, no fused multiply-add): the same scores as theirs (checked against them in
    tests/detection/test_reference.py)."""
    left_company, right_company, focus, left_dimension, right_dimension, supply, demand, category_score = rules
    supplier, receiver = left_company[i], right_company[j]
    if supplier == receiver or (check_focus and not (focus[supplier] or focus[receiver])):
        return False, np.nan, np.nan, np.nan, np.nan
    s, d = np.nan, np.nan
    if left_dimension[i] == right_dimension[j]:  # quantities in different dimensions are not compared
        s, d = supply[i], demand[j]
    known = not (np.isnan(s) or np.isnan(d))
    ratio = min(s, d) / max(s, d) if known else np.nan
    if ratio < min_ratio:  # NaN (unknown) passes
        return False, np.nan, np.nan, np.nan, np.nan
    quantity = MISSING_QUANTITY_SCORE  # proposals.quantity_score, else the score of an unknown quantity
    if known:
        smaller = min(s, d)
        cover = smaller / d if d > 0 else (1.0 if s > 0 else np.nan)
        absorb = smaller / s if s > 0 else np.nan
        if not (np.isnan(cover) or np.isnan(absorb)):
            quantity = np.sqrt(cover) * np.sqrt(min(1.0, absorb / HUB_SHARE))
    score_distance = 1.0 / (1.0 + distance / HALF_SCORE_DISTANCE_KM)  # proposals.distance_score
    score = _W_DISTANCE * score_distance + _W_QUANTITY * quantity + _W_CATEGORY * category_score[i]
    return True, ratio, score_distance, quantity, score


def _columns(size: int) -> tuple[np.ndarray, ...]:
    """Empty output columns of the compiled loops: left, right, distance, ratio, score_distance,
    score_quantity, score."""
    return (np.empty(size, dtype=np.int64), np.empty(size, dtype=np.int64), *(np.empty(size) for _ in range(5)))


@numba.njit(inline="always")
def _write(out: tuple, n: int, values: tuple) -> None:
    """Row n of the output columns `out` (left, right, distance, ratio, score_distance, score_quantity,
    score) set to `values`."""
    out[0][n], out[1][n], out[2][n], out[3][n], out[4][n], out[5][n], out[6][n] = values


@numba.njit(nogil=True, cache=True)
def _measure_pairs(
    li: np.ndarray, rj: np.ndarray, distance: np.ndarray, rules: tuple, check_focus: bool, min_ratio: float, out: tuple
) -> int:
    """`_measure_one` of each pair (li[k], rj[k]) at distance[k]; the kept ones written to the columns `out`
    (as `_write`, with the position k in the first column), their count returned."""
    n = 0
    for k in range(len(li)):
        kept, ratio, score_distance, quantity, score = _measure_one(
            li[k], rj[k], distance[k], rules, check_focus, min_ratio
        )
        if kept:
            _write(out, n, (k, rj[k], distance[k], ratio, score_distance, quantity, score))
            n += 1
    return n


@numba.njit(nogil=True, cache=True)
def _group_candidates(
    lo: int,
    hi: int,
    grid: tuple,
    group: np.ndarray,
    limit: int,
    only: np.ndarray,
    rules: tuple,
    check_focus: bool,
    min_ratio: float,
    out: tuple,
) -> int:
    """Steps 3 to 5 for the left rows lo..hi-1 (whole selection groups, `group` non-decreasing): the pairs
    within the radius (the runs of candidates of spatial.PairIndex: `grid` = (starts, counts, right_order,
    left_xyz, right_xyz, max_chord_squared)) that pass the rules, with their measures, written to the columns
    `out` (as `_write`) in detection order; their count returned.

    The right arrays of `rules` are given in the grid's order (`right_order[position]` is the input row of grid
    position `position`); the rows written are input rows.

    With `limit` > 0, only each group's likely best are kept: once a group's pairs are written, those whose
    score bucket (SCORE_BUCKETS) is below the highest bucket still holding `limit` pairs are dropped; every
    pair dropped scores below every pair kept. Pairs whose score bound (distance at least the chord, quantity
    component at most 1) falls below the bucket of the group's `limit`-th best so far are not even scored.
    `only` (when not empty) restricts the work to the groups it flags, all their pairs kept.

    Compiled (numba): the hundreds of millions of candidate pairs of a national run are never stored as
    such; a few per group come out."""
    starts, counts, right_order, left_xyz, right_xyz, max_chord_squared = grid
    category_score = rules[7]
    score_column = out[6]
    n = 0
    histogram = np.zeros(SCORE_BUCKETS, dtype=np.int64)
    prune = limit > 0 and len(only) == 0
    best = np.empty(max(limit, 1))
    lowest = 0
    start = lo
    while start < hi:
        end = start + 1
        while end < hi and group[end] == group[start]:
            end += 1
        if len(only) and not only[group[start]]:
            start = end
            continue
        group_first = n
        # The `limit` best scores so far and the bucket of the lowest: a pair whose score cannot reach that
        # bucket can never reach the final threshold (which only rises), so it is not scored at all.
        best_count, floor_bucket = 0, 0
        for i in range(start, end):
            other_parts = _W_QUANTITY + _W_CATEGORY * category_score[i]  # the quantity component is at most 1
            for run in range(starts.shape[1]):
                first = starts[i, run]
                for position in range(first, first + counts[i, run]):
                    chord_squared = squared_chord(left_xyz, i, right_xyz, position)
                    if chord_squared > max_chord_squared:
                        continue
                    if floor_bucket > 0:
                        # The arc is at least the chord: a bound of the distance component, hence of the score.
                        nearest = EARTH_RADIUS_KM * np.sqrt(chord_squared)
                        bound = _W_DISTANCE / (1.0 + nearest / HALF_SCORE_DISTANCE_KM) + other_parts + BOUND_MARGIN
                        if min(int(bound * SCORE_BUCKETS), SCORE_BUCKETS - 1) < floor_bucket:
                            continue
                    distance = chord_km(chord_squared)
                    # Right attributes in the grid's order: a run of candidates reads contiguous memory.
                    kept, ratio, score_distance, quantity, score = _measure_one(
                        i, position, distance, rules, check_focus, min_ratio
                    )
                    if not kept:
                        continue
                    _write(out, n, (i, right_order[position], distance, ratio, score_distance, quantity, score))
                    n += 1
                    if not prune:
                        continue
                    if best_count < limit:
                        best[best_count] = score
                        best_count += 1
                    elif score > best[lowest]:
                        best[lowest] = score
                    else:
                        continue
                    if best_count == limit:
                        lowest = np.argmin(best[:limit])
                        floor_bucket = min(int(best[lowest] * SCORE_BUCKETS), SCORE_BUCKETS - 1)
        if limit > 0 and len(only) == 0 and n - group_first > limit:
            histogram[:] = 0
            for k in range(group_first, n):
                histogram[min(int(score_column[k] * SCORE_BUCKETS), SCORE_BUCKETS - 1)] += 1
            total, threshold = 0, 0
            for bucket in range(SCORE_BUCKETS - 1, -1, -1):
                total += histogram[bucket]
                if total >= limit:
                    threshold = bucket
                    break
            kept_count = group_first
            for k in range(group_first, n):
                if min(int(score_column[k] * SCORE_BUCKETS), SCORE_BUCKETS - 1) >= threshold:
                    _write(
                        out, kept_count, (out[0][k], out[1][k], out[2][k], out[3][k], out[4][k], out[5][k], out[6][k])
                    )
                    kept_count += 1
            n = kept_count
        start = end
    return n


def _expand(starts: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every position of the ranges starts[i]..starts[i] + counts[i] - 1: (range i, position), range by range."""
    owner = np.repeat(np.arange(len(starts)), counts)
    shift = np.repeat(starts.astype(np.int64) - (np.cumsum(counts, dtype=np.int64) - counts), counts)
    return owner, np.arange(len(owner), dtype=np.int64) + shift


def _first_best(group: np.ndarray, receiver: np.ndarray, score: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Among `rows` (increasing positions), the best-scoring row of each (group, receiver), the first on ties;
    returned in increasing order."""
    if len(rows) == 0:
        return rows
    # One int64 per (group, receiver): both are small non-negative codes.
    composite = group[rows].astype(np.int64) * (int(receiver.max()) + 1) + receiver[rows]
    order = np.argsort(composite, kind="stable")
    sorted_composite, sorted_score = composite[order], score[rows][order]
    run_start = np.flatnonzero(np.r_[True, sorted_composite[1:] != sorted_composite[:-1]])
    run_of = np.repeat(np.arange(len(run_start)), np.diff(np.r_[run_start, len(order)]))
    best = np.maximum.reduceat(sorted_score, run_start)[run_of]
    best_rows = np.flatnonzero(sorted_score == best)
    best_run = run_of[best_rows]
    first = best_rows[np.r_[True, best_run[1:] != best_run[:-1]]]  # the first best row of each run
    return np.sort(rows[order[first]])


def _select_top(
    group: np.ndarray,
    limit: int | None,
    dismissed: frozenset[str],
    keys_for: Callable[[np.ndarray], np.ndarray],
) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the first `limit` rows of each group (rows sorted by group, best first), skipping rows
    whose key is dismissed; returns those positions and their keys.

    Keys are computed only for rows that may be selected: the top `limit` of each group, then, for groups
    that lost rows to dismissals, the next ones, until no selected key is dismissed.
    """
    excluded = np.zeros(len(group), dtype=bool)
    keys = np.full(len(group), None, dtype=object)
    while True:
        alive = np.flatnonzero(~excluded)
        if limit is None:
            chosen = alive
        else:
            alive_group = group[alive]
            starts = np.flatnonzero(np.r_[True, alive_group[1:] != alive_group[:-1]])
            rank = np.arange(len(alive)) - np.repeat(starts, np.diff(np.r_[starts, len(alive)]))
            chosen = alive[rank < limit]
        missing = chosen[np.equal(keys[chosen], None)]
        if len(missing):
            keys[missing] = keys_for(missing)
        hits = missing[[key in dismissed for key in keys[missing]]] if dismissed else missing[:0]
        if len(hits) == 0:
            return chosen, keys[chosen]
        excluded[hits] = True


def _alternatives_text(
    routes: tuple[np.ndarray, ...], n_selected: int, left: pd.DataFrame, inputs: pd.DataFrame, label_of: np.ndarray
) -> np.ndarray:
    """Per selected pair, the other routes between the same supplier output and receiver (`routes`: selected
    position, left row, right row, score, from `other_routes`): « « A » vers « B » (62 %) ; … », else ""."""
    owner, route_left, route_right, score = routes
    texts = np.full(n_selected, "", dtype=object)
    if len(owner):
        formatted = format_by_unique(
            [
                label_of[left["category_idx"].to_numpy()[route_left]],
                label_of[inputs["category_idx"].to_numpy()[route_right]],
                np.round(score, 2),
            ],
            lambda out, in_, value: t("detection.alternative", output=out, input=in_, score=fmt_percent(value)),
        )
        # Routes come grouped by selected pair (`owner` is non-decreasing): one Arrow list per pair, joined.
        pair_of_run, run_start = np.unique(owner, return_index=True)
        offsets = pa.array(np.r_[run_start, len(owner)].astype(np.int32))
        routes_text = pa.ListArray.from_arrays(offsets, formatted.to_arrow())
        joined = pc.binary_join(routes_text, pa.scalar(" ; ", type=pa.large_string()))
        texts[pair_of_run] = np.asarray(joined.to_pylist(), dtype=object)
    return texts


def _categorical(codes: np.ndarray, values: np.ndarray) -> pd.Categorical:
    """Text column from codes into a small array of values (cheap at millions of rows); missing values and
    code -1 give missing entries."""
    present = pd.Series(values, dtype=object).dropna()
    unique_values = pd.Index(pd.unique(present), dtype="str")
    # Codes into the de-duplicated values, so that equal texts share one category.
    remap = unique_values.get_indexer(pd.Series(values, dtype=object).fillna("\x00missing"))
    return pd.Categorical.from_codes(np.where(codes >= 0, remap[codes], -1), categories=unique_values)


def _assemble(
    selected: dict[str, np.ndarray],
    left: pd.DataFrame,
    inputs: pd.DataFrame,
    pairs: pd.DataFrame,
    located: pd.DataFrame,
    focus: np.ndarray,
    categories: pd.DataFrame,
    units: pd.DataFrame,
    conversions: pd.DataFrame | None,
    other_routes: Callable[[np.ndarray, np.ndarray, np.ndarray], tuple[np.ndarray, ...]],
    *,
    explain: bool,
) -> pd.DataFrame:
    # Best first; ties in detection order (deterministic: chunks are gathered in order).
    order = np.argsort(-selected["score"], kind="stable")
    category_codes = np.array(sorted(categories["category_code"]), dtype=object)
    label_of = categories.set_index("category_code")["label"].reindex(category_codes).to_numpy(object)
    li, rj = selected["left"][order], selected["right"][order]
    # Listed whether or not the rows are explained now: explain_substitution_rows may explain them later.
    alternatives = _alternatives_text(
        other_routes(li, rj, selected["distance"][order]), len(order), left, inputs, label_of
    )
    supplier, receiver = left["company_idx"].to_numpy()[li], inputs["company_idx"].to_numpy()[rj]
    pair = left["pair_idx"].to_numpy()[li]
    ids, names = located["company_id"].to_numpy(object), located["name"].to_numpy(object)
    approximate = located["approximate_location"].to_numpy(bool)
    dimensions = np.append(dimension_index(units).to_numpy(object), None)  # UNKNOWN (-1) picks None
    left_dimension, right_dimension = left["dimension_idx"].to_numpy()[li], inputs["dimension_idx"].to_numpy()[rj]
    pair_columns = {
        "output": pairs["output_idx"].to_numpy()[pair],
        "input": pairs["input_idx"].to_numpy()[pair],
        "via_output": pairs["via_output_idx"].to_numpy()[pair],
        "via_input": pairs["via_input_idx"].to_numpy()[pair],
    }
    frame = pd.DataFrame(
        {
            "proposal_key": pd.array(pa.array(selected["keys"][order].tolist(), type=pa.string()), dtype="str"),
            "synergy_type": SynergyType.SUBSTITUTION.value,
            "score": selected["score"][order],
            "score_distance": selected["score_distance"][order],
            "score_quantity": selected["score_quantity"][order],
            "score_category": pairs["score_category"].to_numpy(float)[pair],
            "supplier_id": _categorical(supplier, ids),
            "supplier_name": _categorical(supplier, names),
            "receiver_id": _categorical(receiver, ids),
            "receiver_name": _categorical(receiver, names),
            "output_category": _categorical(pair_columns["output"], category_codes),
            "output_label": _categorical(pair_columns["output"], label_of),
            "input_category": _categorical(pair_columns["input"], category_codes),
            "input_label": _categorical(pair_columns["input"], label_of),
            "category_match": _categorical(pair, pairs["match"].to_numpy(object)),
            "via_output": _categorical(pair_columns["via_output"], category_codes),
            "via_output_label": _categorical(pair_columns["via_output"], label_of),
            "via_input": _categorical(pair_columns["via_input"], category_codes),
            "via_input_label": _categorical(pair_columns["via_input"], label_of),
            "distance_km": selected["distance"][order],
            # The dimension both sides share (either side's when the other is unknown).
            "dimension": _categorical(np.where(left_dimension == UNKNOWN, right_dimension, left_dimension), dimensions),
            "supply_dimension": _categorical(left_dimension, dimensions),
            "demand_dimension": _categorical(right_dimension, dimensions),
            "supply_base": left["base_quantity"].to_numpy(float)[li],
            "demand_base": inputs["base_quantity"].to_numpy(float)[rj],
            "quantity_ratio": selected["ratio"][order],
            "supply_one_off": left["one_off"].to_numpy(bool)[li],
            "demand_one_off": inputs["one_off"].to_numpy(bool)[rj],
            "approximate_location": approximate[supplier] | approximate[receiver],
            "outside_territory": ~(focus[supplier] & focus[receiver]),
            "outside_supplier": ~focus[supplier],
            "supply_converted": left["converted"].to_numpy(bool)[li],
            "demand_converted": inputs["converted"].to_numpy(bool)[rj],
            "alternatives": pd.array(alternatives.tolist(), dtype="str"),
        }
    )
    frame["explanation"] = pd.Series("", index=frame.index, dtype="str")
    frame["title"] = pd.Series("", index=frame.index, dtype="str")
    if explain:
        frame = explain_substitution_rows(frame, units, categories, conversions, extended=True)
    return frame[SUBSTITUTION_COLUMNS]
