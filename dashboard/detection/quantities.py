"""Flow quantities made comparable: annualised, converted to the base unit of their dimension, summed per
company, direction and category.

A flow records a quantity per occurrence of its frequency in a unit (`unit.dimension`, `unit.to_base`).
Quantities of different dimensions (tonnes and pallets counted in units) are never compared. Flows without a
quantity stay in the detection (a lead is worth more than silence) in their own group with an unknown
dimension; the scores say they are unknown.

Everything here works on integer codes (company, category and dimension positions in sorted indexes):
grouping a million flows on strings would dominate a national run.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.codes import Direction, Frequency
from dashboard.i18n import MESSAGES

# Occurrences per year of each frequency, to compare yearly totals.
OCCURRENCES_PER_YEAR: dict[Frequency, float] = {
    Frequency.ONE_OFF: 1.0,  # counted once, in the year it happens
    Frequency.DAILY: 250.0,  # working days in a French year: companies produce on working days
    Frequency.WEEKLY: 52.0,
    Frequency.MONTHLY: 12.0,
    Frequency.QUARTERLY: 4.0,
    Frequency.YEARLY: 1.0,
    Frequency.CONTINUOUS: 1.0,  # a continuous flow is recorded as its yearly total
}
UNKNOWN = -1  # code of an unknown dimension (flow without quantity)


def dimension_index(units: pd.DataFrame) -> pd.Index:
    """Sorted dimension names: a dimension's code is its position."""
    return pd.Index(sorted(units["dimension"].unique()))


def aggregate_flows(
    flows: pd.DataFrame,
    units: pd.DataFrame,
    company_ids: pd.Index,
    category_codes: pd.Index,
    conversions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per (company, direction, category, dimension) with its yearly quantity.

    `flows` needs company_id, direction, category_code, quantity, unit_code, frequency; `units` needs unit_code,
    dimension, to_base. Flows of companies not in `company_ids` (not located) or of categories not in
    `category_codes` are left out. Result columns (sorted by company, direction, category, dimension):

    - company_idx, category_idx: positions in `company_ids`, `category_codes`;
    - is_output: direction is 'out';
    - dimension_idx: position in `dimension_index(units)`, UNKNOWN when the flows have no quantity;
    - base_quantity: yearly total in the dimension's base unit (NaN when unknown);
    - one_off: every flow of the group is one-off (shown as such, not "per year");
    - flow_count;
    - converted: some flow of the group was converted to the group's dimension by a standard factor.

    A flow whose unit or frequency is unknown counts as a flow without quantity (never silently dropped).
    `conversions` (units.descendants_conversions: category_code, from_dimension, to_dimension, factor) turns
    a flow measured in `from_dimension` into `to_dimension` (steam in tonnes into MWh) before summing.
    """
    dimensions = dimension_index(units)
    company = company_ids.get_indexer(flows["company_id"])
    category = category_codes.get_indexer(flows["category_code"])
    valid = (company >= 0) & (category >= 0)
    flows, company, category = flows[valid], company[valid], category[valid]

    unit_position = pd.Index(units["unit_code"]).get_indexer(flows["unit_code"])
    unit_dimension = np.append(dimensions.get_indexer(units["dimension"]), UNKNOWN)  # last: no unit
    unit_to_base = np.append(units["to_base"].to_numpy(float), np.nan)
    per_year = flows["frequency"].map({str(k): v for k, v in OCCURRENCES_PER_YEAR.items()}).to_numpy(float)
    base = flows["quantity"].to_numpy(float) * per_year * unit_to_base[unit_position]  # -1 picks the NaN
    known = ~np.isnan(base)
    dimension = np.where(known, unit_dimension[unit_position], UNKNOWN)
    converted = np.zeros(len(base), dtype=bool)
    if conversions is not None and not conversions.empty:
        rule_category = category_codes.get_indexer(conversions["category_code"])
        rule_from = dimensions.get_indexer(conversions["from_dimension"])
        rule_to = dimensions.get_indexer(conversions["to_dimension"])
        valid_rule = (rule_category >= 0) & (rule_from >= 0) & (rule_to >= 0)
        rule_key = pd.Index(rule_category[valid_rule].astype(np.int64) * (len(dimensions) + 1) + rule_from[valid_rule])
        rule = rule_key.get_indexer(category.astype(np.int64) * (len(dimensions) + 1) + dimension)
        converted = known & (rule >= 0)
        factor = np.append(conversions["factor"].to_numpy(float)[valid_rule], 1.0)  # last: no rule (-1)
        base = np.where(converted, base * factor[rule], base)
        dimension = np.where(converted, np.append(rule_to[valid_rule], UNKNOWN)[rule], dimension)
    is_output = (flows["direction"] == Direction.OUT.value).to_numpy()
    one_off = (flows["frequency"] == Frequency.ONE_OFF.value).to_numpy()

    n_categories, n_dimensions = len(category_codes), len(dimensions) + 1
    key = ((company.astype(np.int64) * 2 + is_output) * n_categories + category) * n_dimensions + (dimension + 1)
    unique_keys, group = np.unique(key, return_inverse=True)
    n_groups = len(unique_keys)
    known_count = np.bincount(group, weights=known, minlength=n_groups)
    base_sum = np.bincount(group, weights=np.where(known, base, 0.0), minlength=n_groups)
    not_one_off = np.bincount(group, weights=~one_off, minlength=n_groups)
    converted_count = np.bincount(group, weights=converted, minlength=n_groups)
    rest, dimension_plus_one = np.divmod(unique_keys, n_dimensions)
    rest, category_idx = np.divmod(rest, n_categories)
    company_idx, output_flag = np.divmod(rest, 2)
    return pd.DataFrame(
        {
            "company_idx": company_idx,
            "is_output": output_flag.astype(bool),
            "category_idx": category_idx,
            "dimension_idx": dimension_plus_one - 1,
            "base_quantity": np.where(known_count > 0, base_sum, np.nan),
            "one_off": not_one_off == 0,
            "flow_count": np.bincount(group, minlength=n_groups),
            "converted": converted_count > 0,
        }
    )


class DisplayUnits:
    """The unit a quantity of a category is shown in: the category's default unit when it measures the same
    dimension (pallets in pallets), else the base unit of the dimension (to_base == 1, first by code). Units
    are shown by their symbol (message `detection.unit.<code>`), else by their label."""

    def __init__(self, units: pd.DataFrame, categories: pd.DataFrame) -> None:
        self._units = units.set_index("unit_code")[["label", "dimension", "to_base"]].astype({"to_base": float})
        base = self._units[np.isclose(self._units["to_base"], 1.0)].sort_index()
        self._base_of = base.reset_index().drop_duplicates("dimension").set_index("dimension")["unit_code"]
        defaults = categories.set_index("category_code")
        self._default_of = defaults["default_unit"] if "default_unit" in defaults else pd.Series(dtype=object)
        self._cache: dict[tuple[object, object], tuple[str, float] | None] = {}

    def unit_for(self, category_code: object, dimension: object) -> tuple[str, float] | None:
        """(label, to_base) of the display unit, or None when the dimension is unknown."""
        key = (category_code, dimension)
        if key not in self._cache:
            self._cache[key] = self._lookup(category_code, dimension)
        return self._cache[key]

    def _lookup(self, category_code: object, dimension: object) -> tuple[str, float] | None:
        if not isinstance(dimension, str):
            return None
        default = self._default_of.get(category_code)
        if isinstance(default, str) and default in self._units.index:
            row = self._units.loc[default]
            if row["dimension"] == dimension:
                return self._symbol(default), float(row["to_base"])
        base = self._base_of.get(dimension)
        if base is None:
            return None
        return self._symbol(base), 1.0

    def _symbol(self, unit_code: str) -> str:
        return MESSAGES.get(f"detection.unit.{unit_code}", str(self._units.at[unit_code, "label"]))
