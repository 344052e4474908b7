"""Substitution proposals: an output of company A can feed an input of company B nearby.

Algorithm (never all pairs):

1. Flows are summed per (company, direction, category, dimension), annualised in base units
   (`quantities.aggregate_flows`); companies without coordinates are left out (they cannot be placed).
2. Each output group is expanded to the input categories it can feed (`categories.compatible_pairs`: same
   category, narrower category, compatibility table through the tree).
3. Output rows are joined to input groups of that input category in neighbouring grid cells
   (`spatial.iter_pairs_within`), keeping pairs within `radius_km` (great-circle distance), by chunks
   aligned on (supplier, output category).
4. A pair is kept when the companies differ, the quantity dimensions agree (or a quantity is unknown), and
   the quantity ratio reaches `min_quantity_ratio` when both are known.
5. Score = weighted sum (proposals.SUBSTITUTION_WEIGHTS) of:
   - score_distance: 1 / (1 + d / 10 km);
   - score_quantity: min(supply, demand) / max(supply, demand) of the yearly base quantities, or
     MISSING_QUANTITY_SCORE when either is unknown;
   - score_category: 1 for the same category, less for each step up the tree and for table matches.
6. Per (supplier, output category): duplicates of the same (receiver, input category) are merged (best kept),
   dismissed keys are dropped, and the best `max_receivers_per_output` receivers are kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd

from dashboard.codes import Direction, SynergyType

from .categories import compatible_pairs
from .explain import explain_substitutions
from .proposals import (
    MISSING_QUANTITY_SCORE,
    SUBSTITUTION_WEIGHTS,
    distance_score,
    proposal_key,
)
from .quantities import DisplayUnits, aggregate_flows
from .spatial import DEFAULT_CHUNK_PAIRS, iter_pairs_within

# Leads kept per (supplier, output category) by default: a readable list per outgoing flow, and bounded
# output at national scale. None keeps them all.
DEFAULT_MAX_RECEIVERS_PER_OUTPUT = 5

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
    "title",
    "explanation",
]


def located_companies(companies: pd.DataFrame) -> pd.DataFrame:
    """Companies with coordinates, sorted by id (their row number is their index in the arrays)."""
    located = companies.dropna(subset=["longitude", "latitude"]).drop_duplicates("company_id")
    located = located.sort_values("company_id", ignore_index=True)
    if "approximate_location" not in located:
        located = located.assign(approximate_location=False)
    located["approximate_location"] = located["approximate_location"].fillna(False).astype(bool)
    return located


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
    min_quantity_ratio: float = 0.0,
    explain: bool = True,
    chunk_pairs: int = DEFAULT_CHUNK_PAIRS,
) -> pd.DataFrame:
    """Substitution proposals, best score first (columns SUBSTITUTION_COLUMNS).

    companies: company_id, name, longitude, latitude [, approximate_location];
    flows: company_id, direction, category_code, quantity, unit_code, frequency;
    compatibility: output_category, input_category; units: unit_code, label, dimension, to_base;
    categories: category_code, parent_code, label.
    `dismissed_keys`: proposal keys never to propose again (dismissed, or already accepted).
    `explain=False` leaves title and explanation empty (for timing the matching alone).
    """
    if max_receivers_per_output is not None and max_receivers_per_output < 1:
        raise ValueError("max_receivers_per_output must be at least 1")
    dismissed = frozenset(dismissed_keys)
    located = located_companies(companies)
    company_index = pd.Index(located["company_id"])
    groups = aggregate_flows(flows[flows["company_id"].isin(company_index)], units)
    groups["company_idx"] = company_index.get_indexer(groups["company_id"])
    category_codes = pd.Index(sorted(categories["category_code"]))
    groups["category_idx"] = category_codes.get_indexer(groups["category_code"])
    groups = groups[groups["category_idx"] >= 0]
    dimension_codes = pd.Index(sorted(units["dimension"].unique()))
    groups["dimension_idx"] = dimension_codes.get_indexer(groups["dimension"])  # -1: unknown

    outputs = groups[groups["direction"] == Direction.OUT.value]
    inputs = groups[groups["direction"] == Direction.IN.value].reset_index(drop=True)

    pairs = compatible_pairs(categories, compatibility)
    pairs["input_idx"] = category_codes.get_indexer(pairs["input_category"])
    left = outputs.merge(pairs, left_on="category_code", right_on="output_category")
    left = left.sort_values(["company_idx", "category_idx", "input_idx"], ignore_index=True)
    # Selection group: one per (supplier, output category), numbered in row order (non-decreasing).
    selection_group = (
        left[["company_idx", "category_idx"]].ne(left[["company_idx", "category_idx"]].shift()).any(axis=1).cumsum()
    ).to_numpy() - 1

    company_lon = located["longitude"].to_numpy(float)
    company_lat = located["latitude"].to_numpy(float)
    left_company = left["company_idx"].to_numpy()
    right_company = inputs["company_idx"].to_numpy()
    left_dimension = left["dimension_idx"].to_numpy()
    right_dimension = inputs["dimension_idx"].to_numpy()
    supply = left["base_quantity"].to_numpy(float)
    demand = inputs["base_quantity"].to_numpy(float)
    left_score_category = left["score_category"].to_numpy(float)
    right_category = inputs["category_idx"].to_numpy()
    company_ids = located["company_id"].to_numpy(object)
    output_codes = left["output_category"].to_numpy(object)
    input_codes = category_codes.to_numpy(object)

    def key_of(rows_left: np.ndarray, rows_right: np.ndarray) -> list[str]:
        return [
            proposal_key(SynergyType.SUBSTITUTION, (o, i), (s, r))
            for o, i, s, r in zip(
                output_codes[rows_left],
                input_codes[right_category[rows_right]],
                company_ids[left_company[rows_left]],
                company_ids[right_company[rows_right]],
                strict=True,
            )
        ]

    kept: list[tuple[np.ndarray, ...]] = []
    for chunk in iter_pairs_within(
        company_lon[left_company],
        company_lat[left_company],
        left["input_idx"].to_numpy(),
        company_lon[right_company],
        company_lat[right_company],
        right_category,
        radius_km,
        left_group=selection_group,
        chunk_pairs=chunk_pairs,
    ):
        li, rj, distance = chunk.left, chunk.right, chunk.distance_km
        ld, rd = left_dimension[li], right_dimension[rj]
        s, d = supply[li], demand[rj]
        known = ~(np.isnan(s) | np.isnan(d))
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = np.where(known, np.minimum(s, d) / np.maximum(s, d), np.nan)
        ratio = np.where(known & (np.maximum(s, d) == 0), np.nan, ratio)  # 0 vs 0: nothing to compare
        keep = (
            (left_company[li] != right_company[rj])
            & ((ld == rd) | (ld < 0) | (rd < 0))
            & (np.isnan(ratio) | (ratio >= min_quantity_ratio))
        )
        li, rj, distance, ratio = li[keep], rj[keep], distance[keep], ratio[keep]
        score_distance = distance_score(distance)
        score_quantity = np.where(np.isnan(ratio), MISSING_QUANTITY_SCORE, ratio)
        score_category = left_score_category[li]
        score = (
            SUBSTITUTION_WEIGHTS["score_distance"] * score_distance
            + SUBSTITUTION_WEIGHTS["score_quantity"] * score_quantity
            + SUBSTITUTION_WEIGHTS["score_category"] * score_category
        )
        group = selection_group[li]
        receiver = right_company[rj]
        # Merge duplicates (same supplier, output category, receiver, input category), keeping the best.
        order = np.lexsort((-score, right_category[rj], receiver, group))
        first = np.ones(len(order), dtype=bool)
        first[1:] = (np.diff(group[order]) != 0) | (np.diff(receiver[order]) != 0)
        first[1:] |= np.diff(right_category[rj][order]) != 0
        order = order[first]
        # Best first within each group; ties broken by receiver id and input category for stable output.
        order = order[np.lexsort((right_category[rj][order], receiver[order], -score[order], group[order]))]
        left_sorted, right_sorted = li[order], rj[order]
        selected, keys = _select_top(
            group[order],
            max_receivers_per_output,
            dismissed,
            lambda idx, ls=left_sorted, rs=right_sorted: key_of(ls[idx], rs[idx]),
        )
        pick = order[selected]
        kept.append(
            (
                li[pick],
                rj[pick],
                distance[pick],
                ratio[pick],
                score_distance[pick],
                score_quantity[pick],
                score_category[pick],
                score[pick],
                np.array(keys, dtype=object),
            )
        )

    if not kept:
        return pd.DataFrame(columns=SUBSTITUTION_COLUMNS)
    li, rj, distance, ratio, s_dist, s_qty, s_cat, score, keys = (
        np.concatenate(parts) for parts in zip(*kept, strict=True)
    )
    return _assemble(
        left.iloc[li].reset_index(drop=True),
        inputs.iloc[rj].reset_index(drop=True),
        located,
        categories,
        units,
        pd.DataFrame(
            {
                "proposal_key": keys,
                "distance_km": distance,
                "quantity_ratio": ratio,
                "score_distance": s_dist,
                "score_quantity": s_qty,
                "score_category": s_cat,
                "score": score,
            }
        ),
        explain=explain,
    )


def _select_top(
    group: np.ndarray,
    limit: int | None,
    dismissed: frozenset[str],
    keys_for: Callable[[np.ndarray], list[str]],
) -> tuple[np.ndarray, list[str]]:
    """Indices of the first `limit` rows of each group (rows sorted by group, best first), skipping rows whose
    key is dismissed; returns the selected indices in order and their keys.

    Keys are computed only for rows that may be selected: the top `limit` of each group, then, for groups
    that lost rows to dismissals, the next ones, until no selected key is dismissed.
    """
    n = len(group)
    excluded = np.zeros(n, dtype=bool)
    keys: dict[int, str] = {}
    while True:
        alive = np.flatnonzero(~excluded)
        alive_group = group[alive]
        starts = np.r_[0, np.flatnonzero(np.diff(alive_group)) + 1]
        rank = np.arange(len(alive)) - np.repeat(starts, np.diff(np.r_[starts, len(alive)]))
        chosen = alive if limit is None else alive[rank < limit]
        missing = np.array([i for i in chosen if i not in keys], dtype=np.int64)
        if len(missing):
            keys.update(zip(missing.tolist(), keys_for(missing), strict=True))
        hits = [i for i in missing.tolist() if keys[i] in dismissed]
        if not hits:
            return chosen, [keys[i] for i in chosen.tolist()]
        excluded[hits] = True


def _assemble(
    left: pd.DataFrame,
    right: pd.DataFrame,
    located: pd.DataFrame,
    categories: pd.DataFrame,
    units: pd.DataFrame,
    scored: pd.DataFrame,
    *,
    explain: bool,
) -> pd.DataFrame:
    names = located.set_index("company_id")["name"]
    approximate = located.set_index("company_id")["approximate_location"]
    category_label = categories.set_index("category_code")["label"]
    frame = scored.assign(
        synergy_type=SynergyType.SUBSTITUTION.value,
        supplier_id=left["company_id"],
        supplier_name=left["company_id"].map(names),
        receiver_id=right["company_id"],
        receiver_name=right["company_id"].map(names),
        output_category=left["output_category"],
        output_label=left["output_category"].map(category_label),
        input_category=left["input_category"],
        input_label=left["input_category"].map(category_label),
        category_match=left["match"],
        via_output=left["via_output"],
        via_output_label=left["via_output"].map(category_label),
        via_input=left["via_input"],
        via_input_label=left["via_input"].map(category_label),
        # The dimension both sides share (either side's when the other is unknown).
        dimension=left["dimension"].fillna(right["dimension"]),
        supply_base=left["base_quantity"],
        demand_base=right["base_quantity"],
        supply_one_off=left["one_off"],
        demand_one_off=right["one_off"],
        approximate_location=left["company_id"].map(approximate).to_numpy()
        | right["company_id"].map(approximate).to_numpy(),
    )
    frame = frame.sort_values(["score", "proposal_key"], ascending=[False, True], ignore_index=True)
    if explain:
        frame["explanation"], frame["title"] = explain_substitutions(frame, DisplayUnits(units, categories))
    else:
        frame["explanation"] = ""
        frame["title"] = ""
    return frame[SUBSTITUTION_COLUMNS]
