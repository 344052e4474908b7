"""Flow quantities made comparable: annualised, converted to the base unit of their dimension, summed per
company, direction and category.

A flow records a quantity per occurrence of its frequency in a unit (`unit.dimension`, `unit.to_base`).
Quantities of different dimensions (tonnes and pallets counted in units) are never compared. Flows without a
quantity stay in the detection (a lead is worth more than silence) in their own group with an unknown
dimension; the scores say they are unknown.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.codes import Frequency

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

# Columns of `aggregate_flows`' result.
GROUP_COLUMNS = ["company_id", "direction", "category_code", "dimension"]


def aggregate_flows(flows: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """One row per (company, direction, category, dimension) with yearly quantities.

    `flows` needs company_id, direction, category_code, quantity, unit_code, frequency; `units` needs unit_code,
    dimension, to_base. Result columns:

    - company_id, direction, category_code, dimension (missing when the flows have no quantity);
    - base_quantity: yearly total in the dimension's base unit (missing when unknown); explanations show
      quantities in base units too, so that supply and demand read in the same unit;
    - one_off: every flow of the group is one-off (shown as such, not "per year");
    - flow_count.

    Flows with an unknown frequency or unit are treated as without quantity (never silently dropped).
    """
    frame = flows[["company_id", "direction", "category_code", "quantity", "unit_code", "frequency"]].copy()
    frame["direction"] = frame["direction"].astype(str)
    unit_info = units.set_index("unit_code")[["dimension", "to_base"]]
    frame["dimension"] = frame["unit_code"].map(unit_info["dimension"])
    frame["to_base"] = frame["unit_code"].map(unit_info["to_base"]).astype("float64")
    per_year = frame["frequency"].map({str(k): v for k, v in OCCURRENCES_PER_YEAR.items()}).astype("float64")
    yearly = frame["quantity"].astype("float64") * per_year
    known = yearly.notna() & frame["dimension"].notna() & frame["to_base"].notna()
    frame["dimension"] = frame["dimension"].where(known).astype(object)
    frame["base"] = (yearly * frame["to_base"]).where(known)
    frame["one_off"] = frame["frequency"].eq(Frequency.ONE_OFF.value)

    grouped = frame.groupby(GROUP_COLUMNS, dropna=False, sort=True, observed=True)
    # Built-in aggregations only: a Python lambda per group would dominate at a million flows.
    result = grouped.agg(one_off=("one_off", "all"), flow_count=("quantity", "size"))
    result["base_quantity"] = grouped["base"].sum(min_count=1)
    return result.reset_index()


class DisplayUnits:
    """The unit a quantity of a category is shown in: the category's default unit when it measures the same
    dimension (pallets in pallets), else the base unit of the dimension (to_base == 1, first by code)."""

    def __init__(self, units: pd.DataFrame, categories: pd.DataFrame) -> None:
        self._units = units.set_index("unit_code")[["label", "dimension", "to_base"]].astype({"to_base": float})
        base = self._units[np.isclose(self._units["to_base"], 1.0)].sort_index()
        self._base_of = base.reset_index().drop_duplicates("dimension").set_index("dimension")["unit_code"]
        defaults = categories.set_index("category_code")
        self._default_of = defaults["default_unit"] if "default_unit" in defaults else pd.Series(dtype=object)

    def unit_for(self, category_code: object, dimension: object) -> tuple[str, float] | None:
        """(label, to_base) of the display unit, or None when the dimension is unknown."""
        if not isinstance(dimension, str):
            return None
        default = self._default_of.get(category_code)
        if isinstance(default, str) and default in self._units.index:
            row = self._units.loc[default]
            if row["dimension"] == dimension:
                return str(row["label"]), float(row["to_base"])
        base = self._base_of.get(dimension)
        if base is None:
            return None
        return str(self._units.at[base, "label"]), 1.0
