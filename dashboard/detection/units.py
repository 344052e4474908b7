"""Which units fit a flow category, and the standard conversions between dimensions.

Two reference tables (data/reference/):

- `category_units.csv`: the dimensions a category may be measured in (« mass volume »). A category takes the
  rule of its nearest ancestor-or-self that has one; a category with none (services, skills…) is not checked.
  A heat need in m³ or pallets in tonnes are refused at import with the expected units named, instead of being
  silently left out of the detection later.
- `unit_conversions.csv`: a standard factor from one dimension to another for a category and its descendants
  (steam: 1 t ≈ 0,75 MWh), applied by the detection before comparing quantities and stated in the explanation.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from dashboard.db import Database
from dashboard.reference_data import read_reference

from .categories import ancestors


@dataclass(frozen=True)
class UnitRefusal:
    """Rows of an import whose unit does not fit their category, with what the message names."""

    rows: pd.Series  # boolean mask over the imported rows
    category: str  # the category's label
    expected: str  # « t, kg, m3, l »


def allowed_dimensions(categories: pd.DataFrame, rules: pd.DataFrame) -> pd.Series:
    """category_code -> frozenset of allowed dimensions, for every category that has a rule (its own or its
    nearest ancestor's); categories without one are absent (not checked)."""
    dimensions = rules.set_index("category_code")["dimensions"].map(lambda text: frozenset(str(text).split()))
    lineage = ancestors(categories[["category_code", "parent_code"]])
    ruled = lineage[lineage["ancestor_code"].isin(dimensions.index)].sort_values(["category_code", "depth"])
    nearest = ruled.drop_duplicates("category_code").set_index("category_code")["ancestor_code"]
    return nearest.map(dimensions)


def descendants_conversions(categories: pd.DataFrame, conversions: pd.DataFrame) -> pd.DataFrame:
    """The conversions of `unit_conversions.csv` extended to each category's descendants (the nearest rule wins):
    columns category_code, from_dimension, to_dimension, factor (float), note."""
    if conversions.empty:
        return pd.DataFrame(columns=["category_code", "from_dimension", "to_dimension", "factor", "note"])
    lineage = ancestors(categories[["category_code", "parent_code"]])
    merged = lineage.merge(conversions.rename(columns={"category_code": "ancestor_code"}), on="ancestor_code")
    merged = merged.sort_values(["category_code", "from_dimension", "depth"]).drop_duplicates(
        ["category_code", "from_dimension"]
    )
    merged["factor"] = merged["factor"].astype(float)
    return merged[["category_code", "from_dimension", "to_dimension", "factor", "note"]].reset_index(drop=True)


def unit_refusals(
    category_codes: pd.Series,
    unit_codes: pd.Series,
    categories: pd.DataFrame,
    units: pd.DataFrame,
    rules: pd.DataFrame,
) -> Iterator[UnitRefusal]:
    """Rows whose unit's dimension is not allowed for their category, one refusal per category.

    Rows without a unit, or with a unit or category unknown here (refused elsewhere, or new in the same
    import), are not concerned. `categories` needs category_code, parent_code, label; `units` unit_code,
    dimension.
    """
    allowed = allowed_dimensions(categories, rules)
    dimension_of = units.set_index("unit_code")["dimension"]
    row_dimension = unit_codes.map(dimension_of)
    row_allowed = category_codes.map(allowed)
    checked = row_dimension.notna() & row_allowed.notna()
    bad = pd.Series(
        [bool(ok) and d not in a for ok, d, a in zip(checked, row_dimension, row_allowed, strict=True)],
        index=category_codes.index,
        dtype=bool,
    )
    label_of = categories.set_index("category_code")["label"]
    for category in sorted(category_codes[bad].unique()):
        expected_units = units[units["dimension"].isin(allowed[category])]["unit_code"]
        yield UnitRefusal(bad & (category_codes == category), str(label_of[category]), ", ".join(expected_units))


def unit_refusals_in(db: Database, category_codes: pd.Series, unit_codes: pd.Series) -> Iterator[UnitRefusal]:
    """`unit_refusals` against the nomenclature and units of a database (the import's check)."""
    yield from unit_refusals(
        category_codes,
        unit_codes,
        db.query_df("SELECT category_code, parent_code, label FROM flow_category"),
        db.query_df("SELECT unit_code, dimension FROM unit ORDER BY dimension, to_base DESC, unit_code"),
        read_reference("category_units"),
    )
