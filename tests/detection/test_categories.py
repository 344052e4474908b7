"""Category matching through the nomenclature tree and the compatibility table."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.detection.categories import (
    CATEGORY_SCORE_FLOOR,
    CATEGORY_STEP_PENALTY,
    TABLE_MATCH_SCORE,
    ancestors,
    compatible_pairs,
)
from dashboard.reference_data import read_reference
from tests.detection.fixtures import CATEGORIES, COMPATIBILITY


def _pairs() -> pd.DataFrame:
    return compatible_pairs(CATEGORIES, COMPATIBILITY).set_index(["output_category", "input_category"])


def test_ancestors_walk_up_to_the_root_with_depths() -> None:
    lineage = ancestors(CATEGORIES)
    chain = lineage[lineage["category_code"] == "dechet_carton_ondule"].sort_values("depth")
    assert chain["ancestor_code"].tolist() == ["dechet_carton_ondule", "dechet_carton", "dechet"]
    assert chain["depth"].tolist() == [0, 1, 2]


def test_a_parent_cycle_is_refused() -> None:
    cyclic = pd.DataFrame({"category_code": ["a", "b"], "parent_code": ["b", "a"]})
    with pytest.raises(ValueError, match="cycle"):
        ancestors(cyclic)


def test_same_category_scores_one() -> None:
    row = _pairs().loc[("dechet_palette", "dechet_palette")]
    assert row["match"] == "same"
    assert row["score_category"] == 1.0


def test_an_output_feeds_a_need_for_its_parent_category() -> None:
    row = _pairs().loc[("dechet_carton_ondule", "dechet_carton")]
    assert row["match"] == "narrower"
    assert row["score_category"] == pytest.approx(1.0 - CATEGORY_STEP_PENALTY)


def test_a_general_output_does_not_feed_a_specific_need() -> None:
    assert ("dechet_carton", "dechet_carton_ondule") not in _pairs().index


def test_table_rows_apply_to_descendants_on_both_sides_with_a_penalty_per_step() -> None:
    pairs = _pairs()
    direct = pairs.loc[("dechet_carton", "matiere_emballage")]
    assert (direct["match"], direct["score_category"]) == ("table", pytest.approx(TABLE_MATCH_SCORE))
    via_output_parent = pairs.loc[("dechet_carton_ondule", "matiere_emballage")]
    assert via_output_parent["via_output"] == "dechet_carton"
    assert via_output_parent["score_category"] == pytest.approx(TABLE_MATCH_SCORE - CATEGORY_STEP_PENALTY)
    via_input_parent = pairs.loc[("dechet_bois", "matiere_combustible_granule")]
    assert via_input_parent["via_input"] == "matiere_combustible"
    assert via_input_parent["score_category"] == pytest.approx(TABLE_MATCH_SCORE - CATEGORY_STEP_PENALTY)


def test_unrelated_and_sibling_categories_do_not_match() -> None:
    pairs = _pairs()
    assert ("dechet_palette", "matiere_emballage") not in pairs.index  # no table row
    assert ("dechet_carton", "dechet_palette") not in pairs.index  # siblings under "dechet"
    assert ("matiere_emballage", "dechet_carton") not in pairs.index  # the table is directed


def test_scores_never_fall_below_the_floor() -> None:
    deep = pd.DataFrame(
        {
            "category_code": ["root", "a", "b", "c", "d", "e", "target"],
            "parent_code": [None, "root", "a", "b", "c", "d", None],
        }
    )
    table = pd.DataFrame({"output_category": ["root"], "input_category": ["target"]})
    pairs = compatible_pairs(deep, table).set_index(["output_category", "input_category"])
    assert pairs.loc[("e", "target"), "score_category"] == pytest.approx(CATEGORY_SCORE_FLOOR)


def test_reference_rules_refuse_the_implausible_heat_routes() -> None:
    """From the review of a documented case: heat below 60 °C never feeds a district-heat network, steam never
    a low-temperature need; the documented routes (slag to cement, steelworks gas to a fuel need, FGD gypsum
    to plaster, fermentation biomass to animal feed, warm cooling water to a fish farm) do match."""
    pairs = compatible_pairs(read_reference("flow_categories"), read_reference("flow_compatibility"))
    found = set(zip(pairs["output_category"], pairs["input_category"], strict=True))
    assert ("chaleur_lt60", "besoin_chaleur_reseau") not in found
    assert ("vapeur", "besoin_chaleur_bt") not in found
    assert ("chaleur_lt60", "besoin_chaleur_bt") in found and ("chaleur_gt150", "besoin_chaleur_reseau") in found
    assert {
        ("laitier", "matiere_premiere_ciment"),
        ("gaz_siderurgiques", "besoin_combustible"),
        ("gaz_raffinerie", "besoin_combustible"),
        ("gypse_desulfuration", "gypse"),
        ("biomasse_fermentation", "aliment_animal"),
        ("coproduits_agroalimentaires", "aliment_animal"),
        ("eau_tiede", "eau_aquaculture"),
        ("soufre", "produits_chimiques"),
    } <= found
