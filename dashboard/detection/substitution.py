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
   others listed in its explanation (accepting two routes would create duplicate synergies); dismissed keys
   are dropped, and the best `max_receivers_per_output` receivers are kept (ties in arrival order, which is
   deterministic). A histogram of scores per group first narrows the rows to sort to a few per group, so that
   the selection never sorts the hundreds of millions of pairs of a national run.
"""

from __future__ import annotations

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
from .spatial import DEFAULT_CHUNK_PAIRS, DEFAULT_WORKERS, PairChunk, PairIndex
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


@dataclass(frozen=True)
class _Measured:
    """Candidate pairs that pass the rules of step 4, with their measures (step 5)."""

    kept: np.ndarray  # positions, among the candidates, of the pairs kept
    ratio: np.ndarray
    score_distance: np.ndarray
    score_quantity: np.ndarray
    score: np.ndarray


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

    def measure(li: np.ndarray, rj: np.ndarray, distance: np.ndarray) -> _Measured:
        """The rules (step 4) and scores (step 5) of candidate pairs: one formula for the selection and for the
        other routes listed in an explanation."""
        n = len(li)
        kept, ratio = np.empty(n, dtype=np.int64), np.empty(n)
        score_distance, score_quantity, score = np.empty(n), np.empty(n), np.empty(n)
        count = _measure_pairs(
            li, rj, distance, left_company, right_company, focus, not all_focus, left_dimension, right_dimension,
            supply, demand, left_score_category, min_quantity_ratio, kept, ratio, score_distance, score_quantity,
            score,
        )  # fmt: skip
        return _Measured(kept[:count], ratio[:count], score_distance[:count], score_quantity[:count], score[:count])

    # At most len(dismissed) rows of a group can be dismissed: keep that many more candidates.
    reserve = None if max_receivers_per_output is None else max_receivers_per_output + len(dismissed)

    def select(chunk: PairChunk) -> _Selected:
        measured = measure(chunk.left, chunk.right, chunk.distance_km)
        li, rj = chunk.left[measured.kept], chunk.right[measured.kept]
        group = selection_group[li]
        # One pair per (supplier output, receiver), its best input category (route), best first per group.
        order = _best_per_receiver(group, right_company[rj], measured.score, reserve)
        # Keys are needed here only to skip dismissed proposals; otherwise they are made once, at the end.
        chosen, keys = _select_top(
            group[order],
            max_receivers_per_output,
            dismissed,
            (lambda rows: keys_of(li[order[rows]], rj[order[rows]])) if dismissed else _no_keys,
        )
        pick = order[chosen]
        return _Selected(
            li[pick],
            rj[pick],
            chunk.distance_km[measured.kept[pick]],
            measured.ratio[pick],
            measured.score_distance[pick],
            measured.score_quantity[pick],
            measured.score[pick],
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
        measured = measure(route_left, route_right, distance[owner])
        kept = measured.kept
        return owner[kept], route_left[kept], route_right[kept], measured.score

    left_lon, left_lat = company_lon[left_company], company_lat[left_company]
    right_lon, right_lat = company_lon[right_company], company_lat[right_company]

    def search(rows: np.ndarray, radius: float) -> list[_Selected]:
        """Selections of the groups of left `rows` among pairs within `radius`."""
        index = PairIndex(
            left_lon[rows],
            left_lat[rows],
            left_key[rows],
            right_lon,
            right_lat,
            right_category,
            radius,
            left_group=selection_group[rows],
            chunk_pairs=chunk_pairs,
        )
        return index.map_chunks(
            lambda chunk: select(PairChunk(rows[chunk.left], chunk.right, chunk.distance_km)), workers
        )

    selected = search(np.arange(len(left)), radius_km)
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


# Weights and constants of the score as plain floats, for the compiled loop.
_W_DISTANCE = float(SUBSTITUTION_WEIGHTS["score_distance"])
_W_QUANTITY = float(SUBSTITUTION_WEIGHTS["score_quantity"])
_W_CATEGORY = float(SUBSTITUTION_WEIGHTS["score_category"])


@numba.njit(nogil=True, cache=True)
def _measure_pairs(
    li: np.ndarray,
    rj: np.ndarray,
    distance: np.ndarray,
    left_company: np.ndarray,
    right_company: np.ndarray,
    focus: np.ndarray,
    check_focus: bool,
    left_dimension: np.ndarray,
    right_dimension: np.ndarray,
    supply: np.ndarray,
    demand: np.ndarray,
    left_score_category: np.ndarray,
    min_ratio: float,
    out_kept: np.ndarray,
    out_ratio: np.ndarray,
    out_score_distance: np.ndarray,
    out_score_quantity: np.ndarray,
    out_score: np.ndarray,
) -> int:
    """Step 4's rules and step 5's score of each candidate (li[k], rj[k]) at distance[k]; the kept ones are
    written to out_* (their position k in out_kept), and their count returned.

    Compiled (numba): in numpy the dozen operations of the rule and the score each made a temporary array of
    the hundreds of millions of candidates of a national run. The arithmetic is that of
    proposals.distance_score and proposals.quantity_score, operation by operation (IEEE division and square
    root, no fused multiply-add), so the scores are the same to the last bit (checked against them in
    tests/detection/test_reference.py)."""
    n = 0
    for k in range(len(li)):
        i, j = li[k], rj[k]
        supplier, receiver = left_company[i], right_company[j]
        if supplier == receiver:
            continue
        if check_focus and not (focus[supplier] or focus[receiver]):
            continue
        s, d = np.nan, np.nan
        if left_dimension[i] == right_dimension[j]:  # quantities in different dimensions are not compared
            s, d = supply[i], demand[j]
        smaller, larger = min(s, d), max(s, d)
        ratio = np.nan if np.isnan(s) or np.isnan(d) else smaller / larger
        if ratio < min_ratio:  # NaN (unknown) passes
            continue
        quantity = np.nan  # proposals.quantity_score
        if not (np.isnan(s) or np.isnan(d)):
            cover = smaller / d if d > 0 else (1.0 if s > 0 else np.nan)
            absorb = smaller / s if s > 0 else np.nan
            if not (np.isnan(cover) or np.isnan(absorb)):
                quantity = np.sqrt(cover) * np.sqrt(min(1.0, absorb / HUB_SHARE))
        if np.isnan(quantity):
            quantity = MISSING_QUANTITY_SCORE
        score_distance = 1.0 / (1.0 + distance[k] / HALF_SCORE_DISTANCE_KM)  # proposals.distance_score
        out_kept[n] = k
        out_ratio[n] = ratio
        out_score_distance[n] = score_distance
        out_score_quantity[n] = quantity
        out_score[n] = _W_DISTANCE * score_distance + _W_QUANTITY * quantity + _W_CATEGORY * left_score_category[i]
        n += 1
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


def _best_per_receiver(group: np.ndarray, receiver: np.ndarray, score: np.ndarray, limit: int | None) -> np.ndarray:
    """Positions of the best row of each (group, receiver) — its best route, the first on ties — sorted by
    group then best score first (ties in row order), including at least the best `limit` receivers of each
    group (all of them when None). `group` is non-decreasing.

    Only a superset of each group's best rows is de-duplicated and sorted, so that a national run never sorts
    its hundreds of millions of pairs: the rows whose score bucket (a histogram of SCORE_BUCKETS per group)
    reaches the highest bucket still holding `limit` rows. Every receiver left out then scores below every
    row kept; a group whose superset holds fewer than `limit` distinct receivers (several routes to one
    receiver) is taken whole."""
    if len(group) == 0:
        return np.arange(0)
    candidate = np.ones(len(group), dtype=bool)
    if limit is not None:
        local = group - group[0]
        n_groups = int(local[-1]) + 1
        bucket = np.minimum((score * SCORE_BUCKETS).astype(np.int64), SCORE_BUCKETS - 1)
        counts = np.bincount(local * SCORE_BUCKETS + bucket, minlength=n_groups * SCORE_BUCKETS)
        # Rows with a bucket at or above b, per group and b; the highest b still holding `limit` rows.
        at_least = np.cumsum(counts.reshape(n_groups, SCORE_BUCKETS)[:, ::-1], axis=1)[:, ::-1]
        threshold = np.maximum((at_least >= limit).sum(axis=1) - 1, 0)
        candidate = bucket >= threshold[local]
    rows = _first_best(group, receiver, score, np.flatnonzero(candidate))
    if limit is not None:
        short = (np.bincount(local[rows], minlength=n_groups) < limit) & (threshold > 0)
        if short.any():
            rows = _first_best(group, receiver, score, np.flatnonzero(candidate | short[local]))
    return rows[np.lexsort((-score[rows], group[rows]))]


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
