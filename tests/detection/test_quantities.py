"""Flows annualised in base units and summed per company, direction, category and dimension."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.detection.quantities import UNKNOWN, DisplayUnits, aggregate_flows, dimension_index
from tests.detection.fixtures import CATEGORIES, UNITS

COMPANIES = pd.Index(["A", "B"])
CODES = pd.Index(sorted(CATEGORIES["category_code"]))


def _flows(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(
        rows, columns=["company_id", "direction", "category_code", "quantity", "unit_code", "frequency"]
    )


def _group(result: pd.DataFrame, company: str, category: str, output: bool) -> pd.DataFrame:
    return result[
        (result["company_idx"] == COMPANIES.get_loc(company))
        & (result["category_idx"] == CODES.get_loc(category))
        & (result["is_output"] == output)
    ]


def test_quantities_are_annualised_in_base_units_and_summed() -> None:
    result = aggregate_flows(
        _flows(
            [
                ("A", "out", "dechet_carton", 500.0, "kg", "monthly"),  # 6 t
                ("A", "out", "dechet_carton", 2.0, "t", "quarterly"),  # 8 t
                ("A", "in", "energie_electricite", 40.0, "kWh", "daily"),  # 10 MWh
            ]
        ),
        UNITS,
        COMPANIES,
        CODES,
    )
    carton = _group(result, "A", "dechet_carton", True)
    assert carton["base_quantity"].tolist() == [pytest.approx(14.0)]
    assert carton["flow_count"].tolist() == [2]
    assert dimension_index(UNITS)[carton["dimension_idx"].iloc[0]] == "mass"
    electricity = _group(result, "A", "energie_electricite", False)
    assert electricity["base_quantity"].tolist() == [pytest.approx(10.0)]


def test_flows_without_quantity_form_their_own_group_of_unknown_dimension() -> None:
    result = aggregate_flows(
        _flows(
            [
                ("B", "in", "dechet_palette", 10.0, "u", "yearly"),
                ("B", "in", "dechet_palette", None, None, "yearly"),
                ("B", "in", "dechet_palette", 1.0, "t", "yearly"),
            ]
        ),
        UNITS,
        COMPANIES,
        CODES,
    )
    pallets = _group(result, "B", "dechet_palette", False).sort_values("dimension_idx")
    dims = dimension_index(UNITS)
    assert pallets["dimension_idx"].tolist() == [UNKNOWN, dims.get_loc("count"), dims.get_loc("mass")]
    assert np.isnan(pallets["base_quantity"].iloc[0])
    assert pallets["base_quantity"].iloc[1:].tolist() == [10.0, 1.0]


def test_one_off_only_when_every_flow_is_one_off_and_unknown_rows_are_left_out() -> None:
    result = aggregate_flows(
        _flows(
            [
                ("A", "out", "dechet_bois", 5.0, "t", "one_off"),
                ("A", "out", "dechet_palette", 5.0, "u", "one_off"),
                ("A", "out", "dechet_palette", 5.0, "u", "yearly"),
                ("Z", "out", "dechet_bois", 5.0, "t", "yearly"),  # company not located
                ("A", "out", "inconnue", 5.0, "t", "yearly"),  # category not in the nomenclature
            ]
        ),
        UNITS,
        COMPANIES,
        CODES,
    )
    assert _group(result, "A", "dechet_bois", True)["one_off"].tolist() == [True]
    assert _group(result, "A", "dechet_palette", True)["one_off"].tolist() == [False]
    assert result["flow_count"].sum() == 3


def test_display_unit_is_the_category_default_when_it_measures_the_same_dimension() -> None:
    units = DisplayUnits(UNITS, CATEGORIES)
    assert units.unit_for("dechet_palette", "count") == ("unités", 1.0)
    assert units.unit_for("dechet_carton", "mass") == ("t", 1.0)
    assert units.unit_for("dechet_palette", "mass") == ("t", 1.0)  # default is a count: base unit of mass
    assert units.unit_for("dechet_palette", None) is None
