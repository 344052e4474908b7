"""Units against categories: refused at import with the expected units named; standard conversions."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.db import Database
from dashboard.detection import detect_substitutions
from dashboard.detection.units import allowed_dimensions, descendants_conversions, unit_refusals
from dashboard.imports import import_file
from dashboard.reference_data import load_reference_data, read_reference

FLOW_HEADER = "identifiant;entreprise;diagnostic;sens;categorie;description;quantite;unite;frequence\n"


@pytest.fixture
def reference_db(geo_db: Database) -> Database:
    with geo_db.transaction() as cur:
        load_reference_data(cur)
        cur.execute(
            "INSERT INTO company (company_id, name, sector_family, size_band, commune_id) "
            "VALUES ('E-1', 'Serres du Loir', 'hors_artisanat', '10-49', 'commune:41269')"
        )
    return geo_db


def test_each_category_takes_its_nearest_rule() -> None:
    categories = read_reference("flow_categories")
    allowed = allowed_dimensions(categories, read_reference("category_units"))
    assert allowed["besoin_chaleur"] == {"energy"}  # from the energy root
    assert allowed["vapeur"] == {"energy", "mass"}  # its own rule: steam is counted in tonnes too
    assert allowed["palettes"] == {"count"} and allowed["carton"] == {"mass", "volume"}
    assert allowed["eau_aquaculture"] == {"volume"}
    assert "formation_reglementaire" not in allowed  # skills are not checked


def test_a_unit_that_does_not_fit_the_category_is_refused_at_import(reference_db: Database, tmp_path) -> None:
    path = tmp_path / "flows.csv"
    path.write_text(
        FLOW_HEADER
        + "F-1;E-1;;in;besoin_chaleur;Chauffage des serres;500;m3;yearly\n"  # a heat need in m³
        + "F-2;E-1;;out;palettes;;2;t;yearly\n"  # pallets weighed instead of counted
        + "F-3;E-1;;out;vapeur;;1200;t;yearly\n"  # steam in tonnes: allowed
        + "F-4;E-1;;in;besoin_chaleur;;300;kWh;monthly\n",  # allowed
        encoding="utf-8",
    )
    result = import_file(reference_db, "flows", path)
    assert not result.ok
    problems = [(p.row, p.column, p.message) for p in result.problems]
    assert problems == [
        (
            2,
            "unite",
            "unité « m3 » incompatible avec la catégorie « Besoin de chaleur » : unités attendues MWh, kWh.",
        ),
        (
            3,
            "unite",
            "unité « t » incompatible avec la catégorie « Palettes usagées » : unités attendues pallet, unit.",
        ),
    ]
    assert reference_db.query_value("SELECT count(*) FROM flow") == 0  # all or nothing
    path.write_text(FLOW_HEADER + "F-3;E-1;;out;vapeur;;1200;t;yearly\n", encoding="utf-8")
    assert import_file(reference_db, "flows", path).ok


def test_unknown_categories_and_flows_without_unit_are_left_to_other_checks() -> None:
    categories = pd.DataFrame(
        {"category_code": ["energie", "x"], "parent_code": [None, None], "label": ["Énergie", "X"]}
    )
    units = pd.DataFrame({"unit_code": ["MWh", "m3"], "dimension": ["energy", "volume"]})
    rules = pd.DataFrame({"category_code": ["energie"], "dimensions": ["energy"]})
    refusals = list(
        unit_refusals(
            pd.Series(["energie", "energie", "x", "inconnue"]),
            pd.Series([None, "m3", "m3", "m3"]),
            categories,
            units,
            rules,
        )
    )
    assert [(list(r.rows), r.category, r.expected) for r in refusals] == [
        ([False, True, False, False], "Énergie", "MWh")
    ]


def test_steam_in_tonnes_meets_a_need_in_mwh_with_the_factor_stated() -> None:
    categories = read_reference("flow_categories")
    conversions = read_reference("unit_conversions")
    assert descendants_conversions(categories, conversions).set_index("category_code").loc["vapeur", "factor"] == 0.748
    units = read_reference("units").astype({"to_base": float})
    companies = pd.DataFrame(
        {
            "company_id": ["A", "B"],
            "name": ["Chaufferie", "Laiterie"],
            "longitude": [1.0, 1.0],
            "latitude": [47.0, 47.01],
        }
    )
    flows = pd.DataFrame(
        {
            "company_id": ["A", "B"],
            "direction": ["out", "in"],
            "category_code": ["vapeur", "vapeur"],
            "quantity": [1000.0, 700.0],
            "unit_code": ["t", "MWh"],
            "frequency": ["yearly", "yearly"],
        }
    )
    compatibility = read_reference("flow_compatibility")
    frame = detect_substitutions(
        companies, flows, compatibility, units, categories, radius_km=5.0, conversions=conversions
    )
    row = frame.iloc[0]
    assert row["supply_base"] == pytest.approx(748.0) and row["quantity_ratio"] == pytest.approx(700 / 748)
    assert "(sortant, 748 MWh/an)" in row["explanation"]
    assert "conversion : 1 t de vapeur ≈ 0,75 MWh" in row["explanation"]
    without = detect_substitutions(companies, flows, compatibility, units, categories, radius_km=5.0)
    assert pd.isna(without.iloc[0]["quantity_ratio"])  # t and MWh not compared: kept, to check
    assert "unités non comparables" in without.iloc[0]["explanation"]
