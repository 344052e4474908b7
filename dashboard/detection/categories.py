"""Which output category can feed which input category, and how exactly.

The flow nomenclature is a tree (`flow_category.parent_code`); the substitution knowledge base
(`flow_compatibility`) lists (output category, input category) pairs, possibly at a general level. An output of
category O can feed an input of category I when, best first:

1. `same`: O = I;
2. `narrower`: I is an ancestor of O (the output is a kind of what is needed: "carton ondulé" feeds a need
   for "carton");
3. `table`: (an ancestor-or-self of O, an ancestor-or-self of I) is a row of the compatibility table.

The reverse of 2 (O more general than I) is not a match: a general output is not known to be of the specific
kind that is needed. Siblings under a common parent only match through the table.

Each match gets a category score in [0, 1] (`score_category`): exact matches score 1, every step up the tree
costs CATEGORY_STEP_PENALTY, table matches start lower than hierarchy matches because the table states
a possibility, not an identity. Only the best path per (O, I) pair is kept.
"""

from __future__ import annotations

from enum import StrEnum

import pandas as pd

# Score of a table match between the exact categories: the table says "can feed", not "is the same".
TABLE_MATCH_SCORE = 0.8
# Cost of each step up the tree on either side: a match stated for a parent is less certain for its children.
CATEGORY_STEP_PENALTY = 0.1
# Floor of the category score: a stated compatibility, however general, is still a lead worth showing.
CATEGORY_SCORE_FLOOR = 0.3
# Depth guard: a nomenclature deeper than this has a parent cycle (the schema forbids only self-parents).
MAX_TREE_DEPTH = 32


class CategoryMatch(StrEnum):
    SAME = "same"
    NARROWER = "narrower"
    TABLE = "table"


def ancestors(categories: pd.DataFrame) -> pd.DataFrame:
    """Every (category_code, ancestor_code, depth) with the category itself at depth 0.

    `categories` has columns category_code and parent_code (missing for roots). Parents unknown to the
    frame end the chain. Raises ValueError on a parent cycle.
    """
    parent = (
        categories.dropna(subset=["parent_code"])
        .set_index("category_code")["parent_code"]
        .loc[lambda s: s.isin(categories["category_code"])]
    )
    level = pd.DataFrame({"category_code": categories["category_code"], "ancestor_code": categories["category_code"]})
    frames = [level.assign(depth=0)]
    for depth in range(1, MAX_TREE_DEPTH + 1):
        level = level.assign(ancestor_code=level["ancestor_code"].map(parent)).dropna(subset=["ancestor_code"])
        if level.empty:
            break
        frames.append(level.assign(depth=depth))
    else:
        raise ValueError("flow_category.parent_code has a cycle")
    return pd.concat(frames, ignore_index=True).astype({"depth": "int64"})


def compatible_pairs(categories: pd.DataFrame, compatibility: pd.DataFrame) -> pd.DataFrame:
    """The best match of every (output category, input category) pair that can match.

    Returns columns output_category, input_category, match (CategoryMatch value), score_category, via_output,
    via_input (the table row used, for `table` matches; else the input category twice for `narrower` and
    `same`), sorted by output then input category.
    """
    lineage = ancestors(categories)
    same = pd.DataFrame(
        {
            "output_category": categories["category_code"],
            "input_category": categories["category_code"],
            "match": CategoryMatch.SAME.value,
            "score_category": 1.0,
        }
    )
    up = lineage[lineage["depth"] > 0]
    narrower = pd.DataFrame(
        {
            "output_category": up["category_code"],
            "input_category": up["ancestor_code"],
            "match": CategoryMatch.NARROWER.value,
            "score_category": 1.0 - CATEGORY_STEP_PENALTY * up["depth"],
        }
    )
    for frame in (same, narrower):
        frame["via_output"] = frame["output_category"]
        frame["via_input"] = frame["input_category"]

    table = compatibility[["output_category", "input_category"]].drop_duplicates()
    # Descendants-or-self of each table side: join the lineage on its ancestor column.
    out_side = lineage.rename(
        columns={"category_code": "output_leaf", "ancestor_code": "output_category", "depth": "out_depth"}
    )
    in_side = lineage.rename(
        columns={"category_code": "input_leaf", "ancestor_code": "input_category", "depth": "in_depth"}
    )
    via = table.merge(out_side, on="output_category").merge(in_side, on="input_category")
    by_table = pd.DataFrame(
        {
            "output_category": via["output_leaf"],
            "input_category": via["input_leaf"],
            "match": CategoryMatch.TABLE.value,
            "score_category": (TABLE_MATCH_SCORE - CATEGORY_STEP_PENALTY * (via["out_depth"] + via["in_depth"])).clip(
                lower=CATEGORY_SCORE_FLOOR
            ),
            "via_output": via["output_category"],
            "via_input": via["input_category"],
        }
    )
    pairs = pd.concat([same, narrower, by_table], ignore_index=True)
    pairs["score_category"] = pairs["score_category"].clip(lower=CATEGORY_SCORE_FLOOR)
    # Best path first; ties broken on the names so that the chosen path (and the explanation) is stable.
    pairs = pairs.sort_values(
        ["output_category", "input_category", "score_category", "via_output", "via_input"],
        ascending=[True, True, False, True, True],
    )
    return pairs.drop_duplicates(["output_category", "input_category"]).reset_index(drop=True)
