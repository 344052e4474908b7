"""Imports: each defect gives its message (file, row, column) and leaves the database file byte-for-byte unchanged."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from dashboard.db import Database
from dashboard.imports import import_path
from dashboard.imports.export import export_entity
from dashboard.imports.reader import describe
from dashboard.reference_data import load_reference_data
from tests.factories import insert_test_territories

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "imports"


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    """A database file with the test geography, the reference tables and one imported company."""
    path = tmp_path / "base.duckdb"
    db = Database(path)
    with db.transaction() as cursor:
        insert_test_territories(cursor)
        load_reference_data(cursor)
    assert import_path(db, FIXTURES / "companies_valid.csv", "companies").ok
    db.close()
    return path


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# (fixture, entity, expected (row, column, words of the message))
DEFECTS = [
    ("companies_missing_column.csv", "companies", (1, "code_commune", "colonne obligatoire « code_commune » absente")),
    ("companies_wrong_type.csv", "companies", (3, "longitude", "« est » n'est pas un nombre")),
    ("companies_unknown_commune.csv", "companies", (3, "code_commune", "le code commune « 41999 » n'existe pas")),
    ("companies_duplicate_key.csv", "companies", (4, "identifiant", "apparaît déjà ligne 2")),
    ("flows_negative_quantity.csv", "flows", (3, "quantite", "« -40 » est négatif")),
    ("flows_unknown_category.csv", "flows", (3, "categorie", "la catégorie de flux « cartons_ondules » n'existe pas")),
    ("diagnostics_bad_date.csv", "diagnostics", (3, "date_diagnostic", "« 31/02/2024 » n'est pas une date valide")),
    ("companies_latin1.csv", "companies", (None, None, "n'est pas encodé en UTF-8")),
    ("companies_comma_separator.csv", "companies", (1, None, "séparées par la virgule (,)")),
]


@pytest.mark.parametrize(("fixture", "entity", "expected"), DEFECTS, ids=[d[0] for d in DEFECTS])
def test_defect_is_reported_and_nothing_is_written(db_file: Path, fixture: str, entity: str, expected):
    before = file_hash(db_file)
    db = Database(db_file)
    result = import_path(db, FIXTURES / fixture, entity)
    db.close()
    assert not result.ok
    row, column, words = expected
    matching = [p for p in result.problems if p.row == row and p.column == column and words in p.message]
    assert matching, [describe(p) for p in result.problems]
    assert all(p.file == fixture for p in result.problems)
    assert file_hash(db_file) == before


def test_wrong_type_reports_every_problem_of_the_file(db_file: Path):
    db = Database(db_file)
    result = import_path(db, FIXTURES / "companies_wrong_type.csv", "companies")
    db.close()
    located = {(p.row, p.column) for p in result.problems}
    # both bad cells of row 3 and the key already in the database (row 2) are reported together
    assert {(3, "effectif"), (3, "longitude"), (2, "identifiant")} <= located
    assert "Ligne" not in describe(result.problems[0]) and "ligne 2" in describe(result.problems[0])


def test_siret_must_stay_unique(db_file: Path, tmp_path: Path):
    source = tmp_path / "siret.csv"
    text = (FIXTURES / "companies_valid.csv").read_text(encoding="utf-8").replace("E-000", "E-100")
    source.write_text(text, encoding="utf-8")
    db = Database(db_file)
    result = import_path(db, source, "companies")
    db.close()
    assert [(p.row, p.column) for p in result.problems] == [(3, "siret")]
    assert "12345678900012" in result.problems[0].message


def test_valid_flows_are_loaded_with_codes_from_labels(db_file: Path):
    db = Database(db_file)
    result = import_path(db, FIXTURES / "flows_valid.csv", "flows")
    assert result.ok and result.rows == {"flows": 2}
    rows = db.query_rows("SELECT flow_id, direction, frequency, quantity, unit_code FROM flow ORDER BY flow_id")
    assert rows == [("F-1", "out", "yearly", 12.5, "t"), ("F-2", "in", "monthly", 300.0, "pallet")]
    assert db.query_rows("SELECT entity, row_count FROM import_log ORDER BY import_id") == [
        ("companies", 2),
        ("flows", 2),
    ]
    assert db.query_value("SELECT commune_id FROM company WHERE company_id = 'E-0001'") == "commune:41269"
    db.close()


def test_workbook_is_all_or_nothing_across_sheets(db_file: Path, tmp_path: Path):
    companies = pd.read_csv(FIXTURES / "companies_valid.csv", sep=";", dtype=str, keep_default_na=False)
    companies["identifiant"] = ["E-0101", "E-0102"]
    companies["siret"] = ["", "12345678900020"]
    flows = pd.read_csv(FIXTURES / "flows_valid.csv", sep=";", dtype=str, keep_default_na=False)
    flows["entreprise"] = ["E-0101", "E-0102"]  # refers to companies of the other sheet
    good = tmp_path / "classeur.xlsx"
    with pd.ExcelWriter(good) as writer:
        flows.to_excel(writer, sheet_name="flows", index=False)  # order of sheets does not matter
        companies.to_excel(writer, sheet_name="companies", index=False)
    bad = tmp_path / "classeur_faux.xlsx"
    flows_bad = flows.assign(categorie=["carton", "inconnue"])
    with pd.ExcelWriter(bad) as writer:
        companies.to_excel(writer, sheet_name="companies", index=False)
        flows_bad.to_excel(writer, sheet_name="flows", index=False)

    before = file_hash(db_file)
    db = Database(db_file)
    rejected = import_path(db, bad)
    db.close()
    assert [(p.file, p.row, p.column) for p in rejected.problems] == [
        ("classeur_faux.xlsx (onglet flows)", 3, "categorie")
    ]
    assert file_hash(db_file) == before  # the valid companies sheet was not written either

    db = Database(db_file)
    accepted = import_path(db, good)
    assert accepted.ok and accepted.rows == {"companies": 2, "flows": 2}
    db.close()


def test_export_then_import_round_trip(db_file: Path, tmp_path: Path):
    db = Database(db_file)
    assert import_path(db, FIXTURES / "flows_valid.csv", "flows").ok
    for entity in ("companies", "flows"):
        for suffix in (".csv", ".xlsx"):
            assert export_entity(db, entity, tmp_path / f"{entity}{suffix}") == 2
    original = db.query_df("SELECT * FROM company ORDER BY company_id")
    db.close()

    fresh = Database(tmp_path / "fresh.duckdb")
    with fresh.transaction() as cursor:
        insert_test_territories(cursor)
        load_reference_data(cursor)
    assert import_path(fresh, tmp_path / "companies.xlsx", "companies").ok
    assert import_path(fresh, tmp_path / "flows.csv", "flows").ok
    pd.testing.assert_frame_equal(fresh.query_df("SELECT * FROM company ORDER BY company_id"), original)
    fresh.close()


def test_perimeter_template_creates_a_custom_perimeter(db_file: Path, tmp_path: Path):
    source = tmp_path / "perimetres.csv"
    source.write_text(
        "code_perimetre;nom_perimetre;code_commune\nza-nord;ZA Nord;41269\nza-nord;ZA Nord;41226\n", encoding="utf-8"
    )
    db = Database(db_file)
    assert import_path(db, source, "perimeters").ok
    communes = db.query_rows(
        "SELECT commune_id FROM territory_commune WHERE territory_id = 'perimetre:za-nord' ORDER BY 1"
    )
    assert communes == [("commune:41226",), ("commune:41269",)]
    db.close()
