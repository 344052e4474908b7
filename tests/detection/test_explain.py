"""Plain-French explanations: categories, distance and quantities, in French formats."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.detection.explain import (
    fill_message,
    fmt_quantity_value,
    format_by_unique,
    of_name,
)
from dashboard.i18n import t
from tests.detection.fixtures import run_mutualisations, run_substitutions

NNBSP = "\u202f"  # French thousands separator (narrow no-break space)
NBSP = "\u00a0"  # before a percent sign


def _explanation(frame: pd.DataFrame, supplier: str, receiver: str) -> str:
    return frame[(frame["supplier_id"] == supplier) & (frame["receiver_id"] == receiver)]["explanation"].iloc[0]


def test_substitution_explanation_names_categories_distance_and_quantities() -> None:
    text = _explanation(run_substitutions(), "V01", "V02")
    assert text == (
        "Carton (sortant, 12 t/an) de Cartonnerie Dupuis peut alimenter Emballage et calage (entrant, 10 t/an) "
        "d’Emballages Martin, à 3,2 km : compatibilité « Carton → Emballage et calage » de la table de "
        f"substitution, l’offre couvre tout le besoin, qui en absorbe 83{NBSP}%."
    )


def test_explanations_say_which_side_is_short_or_unknown() -> None:
    frame = run_substitutions()
    assert f"1{NNBSP}040 unités/an" in _explanation(frame, "P01", "P02")
    assert f"l’offre couvre tout le besoin, qui en absorbe 40{NBSP}%" in _explanation(frame, "V06", "V05")
    assert f"qui n’en absorbe que 1,0{NBSP}% (petit besoin" in _explanation(frame, "P01", "P06")
    unknown = _explanation(frame, "P01", "P05")
    assert "(entrant, quantité non renseignée)" in unknown and "score réduit" in unknown
    assert "« Carton ondulé » relève de « Carton »" in _explanation(frame, "V03", "V04")
    assert f"l’offre couvre 50{NBSP}% du besoin" in _explanation(frame, "V03", "V04")  # 6 t for a 12 t need
    assert "à 9,9 km" in _explanation(frame, "P01", "P02")


def test_titles_name_both_categories() -> None:
    frame = run_substitutions()
    title = frame[(frame["supplier_id"] == "V01") & (frame["receiver_id"] == "V02")]["title"].iloc[0]
    assert title == "Substitution : Carton vers Emballage et calage"


def test_mutualisation_explanation() -> None:
    frame = run_mutualisations()
    training = frame[frame["category_code"] == "competence_formation_reglementaire"].iloc[0]
    assert training["explanation"] == (
        "4 entreprises, toutes à moins de 3,0 km de Boulangerie Arnaud, ont un même besoin : Formation "
        "réglementaire (entrant) ; piste : formation mutualisée. Quantités : 69 h/an au total, renseignées pour "
        "3 sur 4. Entreprises : Boulangerie Arnaud, Garage Chevalier, Imprimerie Morel, Atelier Fournier."
    )
    pallets = frame[frame["category_code"] == "dechet_palette"].iloc[0]
    assert "un même flux sortant : Palettes (sortant) ; piste : collecte groupée" in pallets["explanation"]
    assert pallets["title"] == "Mutualisation : Collecte groupée, Palettes (3 entreprises)"


def test_elision_before_a_vowel() -> None:
    assert of_name("Atelier Dupont") == "d’Atelier Dupont"
    assert of_name("Épicerie Vidal") == "d’Épicerie Vidal"
    assert of_name("Garage Martin") == "de Garage Martin"
    assert of_name("Hôtel du Parc") == "de Hôtel du Parc"  # h: cannot tell, no elision


@pytest.mark.parametrize(
    ("value", "text"),
    [(12.0, "12"), (2.5, "2,5"), (0.35, "0,35"), (12_345.0, f"12{NNBSP}300"), (1_040.0, f"1{NNBSP}040"), (0.0, "0")],
)
def test_quantities_to_three_significant_figures(value: float, text: str) -> None:
    assert fmt_quantity_value(value) == text


def test_column_wise_filling_equals_the_message_row_by_row() -> None:
    index = pd.RangeIndex(3)
    kms = format_by_unique([pd.Series(["1,0", "2,5", "1,0"]).to_numpy(object)], lambda km: km)
    filled = fill_message("detection.distance_km", {"km": kms}, index)
    assert filled.tolist() == [t("detection.distance_km", km=km) for km in ("1,0", "2,5", "1,0")]
    assert len(kms.texts) == 2  # each distinct value formatted once
