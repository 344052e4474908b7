"""Reference tables (data/reference/*.csv): they load under the schema's constraints and cover what users need."""

from __future__ import annotations

import pytest

from dashboard.codes import FlowFamily, SelfAssessmentTheme
from dashboard.db import Database
from dashboard.reference_data import QUESTIONNAIRE_ID, load_reference_data


@pytest.fixture
def reference_db(empty_db: Database) -> Database:
    with empty_db.transaction() as cursor:
        load_reference_data(cursor)
    return empty_db


def test_units_convert_to_their_base(reference_db: Database):
    units = {code: (dimension, factor) for code, dimension, factor in reference_db.query_rows(
        "SELECT unit_code, dimension, to_base FROM unit"
    )}  # fmt: skip
    assert units["kg"] == ("mass", 0.001) and units["t"] == ("mass", 1)
    assert units["kWh"] == ("energy", 0.001) and units["MWh"] == ("energy", 1)
    assert {"m3", "unit", "pallet", "h", "fte", "m2", "eur", "km"} <= set(units)


# Concepts the nomenclature must name (the product brief's list), by code.
REQUIRED_CATEGORIES = (
    "carton", "palettes", "bois", "plastiques", "metaux", "verre", "textiles", "biodechets", "boues",
    "boues_decarbonatation", "mineraux_sables", "produits_chimiques", "acide_chlorhydrique", "hydrogene", "deee",
    "dechets_dangereux", "archives_papier", "chaleur_lt60", "chaleur_60_90", "chaleur_90_150", "chaleur_gt150",
    "vapeur", "electricite", "gaz", "biogaz", "eau_process", "eau_demineralisee", "eaux_usees", "eaux_usees_traitees",
    "transport_marchandises", "stockage", "covoiturage", "vehicules_partages", "partage_equipement", "partage_espace",
    "formation_reglementaire", "expertise", "emploi_partage", "collecte", "achat_energie", "achat_epi",
    "achat_fournitures", "cendres_volantes", "marc_grignons", "amendement_organique", "huiles_usagees",
    "solvants_usages", "dechets_inertes", "combustible_biomasse", "froid", "eaux_pluviales", "foncier_disponible",
    "alternance", "formation_metier", "formation_rse", "recrutement", "services_salaries", "collecte_cartons",
)  # fmt: skip


def test_flow_nomenclature_is_a_tree_covering_every_family(reference_db: Database):
    categories = reference_db.query_df("SELECT category_code, parent_code, family, ewc_chapter FROM flow_category")
    assert set(REQUIRED_CATEGORIES) <= set(categories["category_code"])
    roots = categories[categories["parent_code"].isna()]
    assert set(roots["family"]) == {f.value for f in FlowFamily}
    family = dict(zip(categories["category_code"], categories["family"], strict=True))
    for code, parent in zip(categories["category_code"], categories["parent_code"], strict=True):
        if isinstance(parent, str):
            assert family[parent] == family[code], code  # children stay in their parent's family
    chapters = dict(zip(categories["category_code"], categories["ewc_chapter"], strict=True))
    assert chapters["boues_decarbonatation"] == "19"  # List of Waste 19 09 03, sludges from decarbonation
    assert chapters["deee"] == "16" and chapters["carton"] == "15"
    assert chapters["huiles_usagees"] == "13" and chapters["solvants_usages"] == "14"  # LoW 13 oils, 14 solvents
    assert chapters["dechets_inertes"] == "17"  # LoW 17 construction and demolition wastes


def test_compatibility_table_holds_the_known_substitutions(reference_db: Database):
    pairs = set(reference_db.query_rows("SELECT output_category, input_category FROM flow_compatibility"))
    assert {
        ("chaleur_fatale", "besoin_chaleur"),
        ("carton", "emballages_calage"),
        ("cendres_volantes", "matiere_premiere_ciment"),
        ("boues_decarbonatation", "sous_couche_routiere"),
        ("eau_demineralisee", "eau_process"),
        ("palettes", "palettes_neuves"),
        ("marc_grignons", "savonnerie"),
        ("eaux_usees_traitees", "eau_arrosage"),
        ("biodechets", "amendement_organique"),
        ("dechets_inertes", "sous_couche_routiere"),
        ("verre_dechet", "verre"),
        ("biogaz", "gaz"),
    } <= pairs


def test_indicators_of_the_vendomois_sheet_are_documented(reference_db: Database):
    indicators = reference_db.query_df("SELECT * FROM indicator").set_index("indicator_code")
    sheet = ["companies_mobilised", "synergies", "workshops_meetings", "energy_impact", "ghg_avoided", "jobs_created"]
    assert set(sheet) <= set(indicators.index)
    assert indicators.loc["energy_impact", "unit"].startswith("MWh")
    assert indicators.loc["ghg_avoided", "unit"].startswith("tCO2e")
    assert (indicators["definition"].str.len() > 40).all()  # a sentence a COPIL member understands
    computed = indicators[indicators["realisation"] == "computed"]
    assert computed["rule"].notna().all() and (computed["rule"].str.len() > 20).all()


def test_questionnaire_has_four_themes_and_levels(reference_db: Database):
    per_theme = dict(
        reference_db.query_rows(
            "SELECT theme_code, count(*) FROM sa_question WHERE questionnaire_id = $q GROUP BY 1",
            {"q": QUESTIONNAIRE_ID},
        )
    )
    assert set(per_theme) == {t.value for t in SelfAssessmentTheme}
    assert all(3 <= n <= 4 for n in per_theme.values())
    levels = reference_db.query_rows("SELECT min_score, label FROM sa_level ORDER BY min_score")
    assert levels[0][0] == 0 and (2.5, "Niveau avancé") in levels  # seed 003: « 2,5/5 Niveau avancé »
