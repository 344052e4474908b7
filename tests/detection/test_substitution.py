"""Substitution proposals on the frozen fixture: the right pairs, and no wrong ones."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.detection import SUBSTITUTION_COLUMNS, detect_substitutions
from dashboard.detection.proposals import MISSING_QUANTITY_SCORE, SUBSTITUTION_WEIGHTS
from tests.detection.fixtures import (
    CATEGORIES,
    COMPATIBILITY,
    EXPECTED_SUBSTITUTIONS_10_KM,
    SUBSTITUTION_COMPANIES,
    SUBSTITUTION_FLOWS,
    UNITS,
    found,
    run_substitutions,
)


def _row(frame: pd.DataFrame, supplier: str, receiver: str) -> pd.Series:
    rows = frame[(frame["supplier_id"] == supplier) & (frame["receiver_id"] == receiver)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_exactly_the_expected_pairs_at_10_km() -> None:
    frame = run_substitutions(10.0)
    assert list(frame.columns) == SUBSTITUTION_COLUMNS
    assert found(frame) == EXPECTED_SUBSTITUTIONS_10_KM
    assert frame["proposal_key"].is_unique


def test_radius_is_respected_at_the_boundary() -> None:
    # P02 is 9.9 km from the pallet supplier P01, P03 10.1 km.
    receivers = set(run_substitutions(10.0).query("supplier_id == 'P01'")["receiver_id"])
    assert "P02" in receivers and "P03" not in receivers
    wider = set(run_substitutions(10.2).query("supplier_id == 'P01'")["receiver_id"])
    assert "P03" in wider
    assert (run_substitutions(10.0)["distance_km"] <= 10.0).all()


def test_incompatible_dimensions_are_kept_unscored_and_self_matches_never_proposed() -> None:
    frame = run_substitutions(1000.0)  # every company within reach of every other one
    for supplier, receiver in (("P01", "P04"), ("V06", "V09")):  # pallets counted vs weighed; MWh vs a volume
        row = _row(frame, supplier, receiver)
        assert pd.isna(row["quantity_ratio"]) and row["score_quantity"] == MISSING_QUANTITY_SCORE
        assert "unités non comparables" in row["explanation"]
    assert not (frame["supplier_id"] == frame["receiver_id"]).any()  # V10's own pallets


def test_compatibility_table_and_hierarchy_paths() -> None:
    frame = run_substitutions(10.0)
    assert _row(frame, "V01", "V04")["category_match"] == "same"
    assert _row(frame, "V01", "V02")["category_match"] == "table"
    narrower = _row(frame, "V03", "V04")
    assert narrower["category_match"] == "narrower"
    via_parent = _row(frame, "V07", "V08")
    assert (via_parent["category_match"], via_parent["via_input"]) == ("table", "matiere_combustible")


def test_quantities_scores_and_components() -> None:
    frame = run_substitutions(10.0)
    carton = _row(frame, "V01", "V02")
    assert carton["supply_base"] == 12.0 and carton["demand_base"] == 10.0
    assert carton["quantity_ratio"] == pytest.approx(10 / 12)
    recomputed = sum(weight * carton[column] for column, weight in SUBSTITUTION_WEIGHTS.items())
    assert carton["score"] == pytest.approx(recomputed)
    unknown = _row(frame, "P01", "P05")
    assert pd.isna(unknown["quantity_ratio"])
    assert unknown["score_quantity"] == MISSING_QUANTITY_SCORE
    # A supply far larger than the need still matches, but scores lower than a well-sized one.
    assert _row(frame, "P01", "P06")["score"] < _row(frame, "P01", "P02")["score"]
    assert frame["score"].between(0, 1).all()
    assert frame["score"].is_monotonic_decreasing


def test_minimum_quantity_ratio_filters_known_quantities_only() -> None:
    frame = run_substitutions(10.0, min_quantity_ratio=0.5)
    receivers = set(frame.query("supplier_id == 'P01'")["receiver_id"])
    assert receivers == {"P02", "P04", "P05"}  # P06 (1 %) dropped; P05 (unknown), P04 (not comparable) kept


def test_leads_per_output_are_capped_best_first() -> None:
    frame = run_substitutions(10.0, max_receivers_per_output=1)
    assert set(frame.query("supplier_id == 'P01'")["receiver_id"]) == {"P02"}  # the best of three
    assert len(frame) == len({(s, o) for s, o in zip(frame["supplier_id"], frame["output_category"], strict=True)})


def test_dismissed_proposals_are_not_proposed_again_and_leave_room_for_the_next() -> None:
    full = run_substitutions(10.0)
    best_pallet = _row(full, "P01", "P02")["proposal_key"]
    frame = run_substitutions(10.0, dismissed_keys={best_pallet}, max_receivers_per_output=1)
    assert best_pallet not in set(frame["proposal_key"])
    assert set(frame.query("supplier_id == 'P01'")["receiver_id"]) == {
        "P04"
    }  # the next best (1 km, quantities not comparable)


def test_result_does_not_depend_on_row_order() -> None:
    shuffled = detect_substitutions(
        SUBSTITUTION_COMPANIES.sample(frac=1, random_state=1),
        SUBSTITUTION_FLOWS.sample(frac=1, random_state=2),
        COMPATIBILITY,
        UNITS,
        CATEGORIES,
        radius_km=10.0,
    )
    reference = run_substitutions(10.0)
    assert shuffled["proposal_key"].tolist() == reference["proposal_key"].tolist()


def test_companies_without_coordinates_are_left_out() -> None:
    companies = SUBSTITUTION_COMPANIES.copy()
    companies.loc[companies["company_id"] == "V02", ["longitude", "latitude"]] = None
    frame = detect_substitutions(companies, SUBSTITUTION_FLOWS, COMPATIBILITY, UNITS, CATEGORIES, radius_km=10.0)
    assert "V02" not in set(frame["receiver_id"])


def test_no_flows_gives_an_empty_frame_with_the_columns() -> None:
    frame = detect_substitutions(
        SUBSTITUTION_COMPANIES, SUBSTITUTION_FLOWS.iloc[:0], COMPATIBILITY, UNITS, CATEGORIES, radius_km=10.0
    )
    assert frame.empty and list(frame.columns) == SUBSTITUTION_COLUMNS


def test_the_capped_leads_are_exactly_the_best_ones() -> None:
    # 400 companies scattered over 30 km, many candidates per output: the histogram shortcut used to pick the
    # best leads of each output must pick exactly those a full sort picks.
    rng = np.random.default_rng(11)
    n = 400
    companies = pd.DataFrame(
        {
            "company_id": [f"C{i:03d}" for i in range(n)],
            "name": [f"Entreprise {i}" for i in range(n)],
            "longitude": 1.07 + rng.normal(0, 0.12, n),
            "latitude": 47.79 + rng.normal(0, 0.08, n),
        }
    )
    flows = pd.DataFrame(
        {
            "company_id": companies["company_id"].to_numpy()[rng.integers(0, n, 1200)],
            "direction": rng.choice(["in", "out"], 1200),
            "category_code": rng.choice(["dechet_carton", "matiere_emballage", "dechet_palette"], 1200),
            "quantity": np.where(rng.random(1200) < 0.2, np.nan, rng.lognormal(2, 1, 1200)),
            "frequency": "yearly",
        }
    )
    flows["unit_code"] = np.where(
        flows["quantity"].isna(), None, np.where(flows["category_code"] == "dechet_palette", "u", "t")
    )
    every = detect_substitutions(
        companies, flows, COMPATIBILITY, UNITS, CATEGORIES, radius_km=20.0, max_receivers_per_output=None
    )
    best_two = (
        every.sort_values("score", ascending=False, kind="stable")
        .groupby(["supplier_id", "output_category"], observed=True)
        .head(2)
    )
    pruned = detect_substitutions(
        companies, flows, COMPATIBILITY, UNITS, CATEGORIES, radius_km=20.0, max_receivers_per_output=2
    )
    assert len(every) > 5 * len(pruned)  # the cap bites
    assert set(pruned["proposal_key"]) == set(best_two["proposal_key"])


def _pallet_pairs(supply: float, needs: list[float]) -> pd.DataFrame:
    """One pallet supplier and receivers 1 km apart each, with the given yearly needs."""
    companies = pd.DataFrame(
        {
            "company_id": ["S", *[f"R{i}" for i in range(len(needs))]],
            "name": ["Fournisseur", *[f"Receveur {i}" for i in range(len(needs))]],
            "longitude": 1.0,
            "latitude": [47.0 + 0.009 * i for i in range(len(needs) + 1)],
        }
    )
    flows = pd.DataFrame(
        {
            "company_id": companies["company_id"],
            "direction": ["out", *["in"] * len(needs)],
            "category_code": "dechet_palette",
            "quantity": [supply, *needs],
            "unit_code": "u",
            "frequency": "yearly",
        }
    )
    return detect_substitutions(companies, flows, COMPATIBILITY, UNITS, CATEGORIES, radius_km=20.0)


def test_a_hub_supplier_scores_fully_on_needs_it_covers() -> None:
    # One large supplier, several smaller needs (the pattern of a real symbiosis): each need is fully covered
    # and absorbs at least a tenth of the supply, so the quantity component is 1, not min/max (0,17).
    frame = _pallet_pairs(1200.0, [200.0, 300.0, 120.0])
    assert (frame["score_quantity"] == 1.0).all()
    assert "qui en absorbe 17" in _row(frame, "S", "R0")["explanation"]
    # A supply covering a quarter of the need scores 0,5; a tiny need next to a huge supply scores lower.
    assert _pallet_pairs(100.0, [400.0])["score_quantity"].iloc[0] == pytest.approx(0.5)
    assert _pallet_pairs(10_000.0, [100.0])["score_quantity"].iloc[0] == pytest.approx(0.1**0.5)


def test_implausible_quantity_ratios_are_dropped() -> None:
    # 150 000 offered to needs of 290 and 490 (ratios 0,002 and 0,003): below the floor, not proposed.
    frame = _pallet_pairs(150_000.0, [290.0, 490.0, 2_000.0])
    assert set(frame["receiver_id"]) == {"R2"}  # 2 000 / 150 000 = 1,3 %: kept, scored low
    assert frame["score_quantity"].iloc[0] < 0.4


def test_one_proposal_per_supplier_output_and_receiver_other_routes_listed() -> None:
    # V02 needs cardboard both as packaging and as cardboard: V01's cardboard reaches it by two routes.
    flows = pd.concat(
        [
            SUBSTITUTION_FLOWS,
            pd.DataFrame(
                [("F999", "V02", "in", "dechet_carton", 5.0, "t", "yearly")], columns=SUBSTITUTION_FLOWS.columns
            ),
        ],
        ignore_index=True,
    )
    frame = detect_substitutions(SUBSTITUTION_COMPANIES, flows, COMPATIBILITY, UNITS, CATEGORIES, radius_km=10.0)
    rows = frame[(frame["supplier_id"] == "V01") & (frame["receiver_id"] == "V02")]
    assert len(rows) == 1
    kept = rows.iloc[0]
    other = (
        "« Carton » vers « Emballage et calage »"
        if kept["input_category"] == "dechet_carton"
        else ("« Carton » vers « Carton »")
    )
    assert f"Autres rapprochements possibles entre ces deux entreprises : {other}" in kept["explanation"]
    # The other supplier of V02's needs (V03, corrugated cardboard) is another company pair: kept too.
    assert len(frame[(frame["supplier_id"] == "V03") & (frame["receiver_id"] == "V02")]) == 1
