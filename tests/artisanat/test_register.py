"""Register extract -> artisan_stat: NAF mapping, conventions, French validation messages, all-or-nothing load.

The fixture tests/fixtures/register/etablissements_petit.csv holds 17 establishments in Vendôme (41269) and
Saint-Ouen (41226); the expected aggregates for 2022-2024 are counted by hand in EXPECTED below, establishment by
establishment, with the conventions of dashboard/artisanat/register.py (stock on 1 January, creations and closures within
the year, employees = band middles rounded half up, owners in the last year only).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from dashboard.artisanat import register
from dashboard.artisanat.register import import_register, import_register_bytes, naf_family
from dashboard.codes import SectorFamily
from dashboard.db import Database
from dashboard.imports.reader import describe
from dashboard.imports.report import groups_frame, report_csv

FIXTURE = Path(__file__).parent.parent / "fixtures" / "register" / "etablissements_petit.csv"
YEARS = [2022, 2023, 2024]
V, S = "commune:41269", "commune:41226"
HEADER = "identifiant;code_naf;code_commune;date_creation;date_fermeture;tranche_effectifs"

# Establishments of the fixture (family; created; closed; band -> employees counted; owner band, woman):
#   Vendôme  alimentation V01 2010, open, 3-5 -> 4, 55+, no       V02 2015, closed 30/09/2023, 1-2 -> 1.5, 45-54, yes
#                         V11 01/03/2024, closed 31/10/2024 (created and closed in 2024, never in a stock)
#            bâtiment     V03 01/01/2022 (a 2022 creation, not in the 2022 stock), 0 -> 0, 30-44, no
#                         V04 2018, closed 01/01/2023 (in the 2023 stock and a 2023 closure), 6-9 -> 7.5, 55+, no
#                         V05 20/11/2023, open, INSEE band 01 -> 1.5, <30, yes
#            services     V06 2019, open, 1-2 -> 1.5, 45-54, yes   V07 2005, closed 30/06/2022, 3-5 -> 4
#            fabrication  V08 2021, NAF written 3212Z, 0 employees, owner unknown
#            dropped      V09 47.26Z (tobacconist), V10 62.01Z (software)
#   Saint-Ouen bâtiment   S01 2012, open, INSEE band NN -> 0, 45-54, no   S02 15/09/2022, open, 1-2 -> 1.5, 30-44, yes
#            services     S03 2000, closed 31/12/2024 (in the 2024 stock, a 2024 closure), 0, 55+, no
#            alimentation S04 05/05/2023 (56.10C), open, 3-5 -> 4, <30, no
#            fabrication  S06 2016, open, 10-19 -> 14.5, "55 ans ou plus" (label), no
#            dropped      S05 46.73A (wholesale)
# Columns: establishments, creations, closures, employees, owners (total, <30, 30-44, 45-54, 55+), women
EXPECTED = {
    (S, 2022, "batiment"): (1, 1, 0, 0, 0, 0, 0, 0, 0, 0),  # S01 in stock; S02 created
    (S, 2022, "fabrication"): (1, 0, 0, 15, 0, 0, 0, 0, 0, 0),  # 14.5 rounded half up
    (S, 2022, "services"): (1, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    (S, 2023, "alimentation"): (0, 1, 0, 0, 0, 0, 0, 0, 0, 0),  # S04 created in 2023, not yet in a stock
    (S, 2023, "batiment"): (2, 0, 0, 2, 0, 0, 0, 0, 0, 0),  # 0 + 1.5
    (S, 2023, "fabrication"): (1, 0, 0, 15, 0, 0, 0, 0, 0, 0),
    (S, 2023, "services"): (1, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    (S, 2024, "alimentation"): (1, 0, 0, 4, 1, 1, 0, 0, 0, 0),
    (S, 2024, "batiment"): (2, 0, 0, 2, 2, 0, 1, 1, 0, 1),
    (S, 2024, "fabrication"): (1, 0, 0, 15, 1, 0, 0, 0, 1, 0),
    (S, 2024, "services"): (1, 0, 1, 0, 1, 0, 0, 0, 1, 0),
    (V, 2022, "alimentation"): (2, 0, 0, 6, 0, 0, 0, 0, 0, 0),  # V01 + V02: 4 + 1.5 = 5.5 -> 6
    (V, 2022, "batiment"): (1, 1, 0, 8, 0, 0, 0, 0, 0, 0),  # V04 (7.5 -> 8); V03 created
    (V, 2022, "fabrication"): (1, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    (V, 2022, "services"): (2, 0, 1, 6, 0, 0, 0, 0, 0, 0),  # V06 + V07 (1.5 + 4); V07 closed
    (V, 2023, "alimentation"): (2, 0, 1, 6, 0, 0, 0, 0, 0, 0),  # V02 closes in 2023
    (V, 2023, "batiment"): (2, 1, 1, 8, 0, 0, 0, 0, 0, 0),  # V03 + V04 in stock; V05 created; V04 closed
    (V, 2023, "fabrication"): (1, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    (V, 2023, "services"): (1, 0, 0, 2, 0, 0, 0, 0, 0, 0),
    (V, 2024, "alimentation"): (1, 1, 1, 4, 1, 0, 0, 0, 1, 0),  # V01; V11 created and closed
    (V, 2024, "batiment"): (2, 0, 0, 2, 2, 1, 1, 0, 0, 1),  # V03 + V05
    (V, 2024, "fabrication"): (1, 0, 0, 0, 0, 0, 0, 0, 0, 0),  # V08: owner unknown, not counted
    (V, 2024, "services"): (1, 0, 0, 2, 1, 0, 0, 1, 0, 1),
}
FIGURE_COLUMNS = [
    "establishments",
    "creations",
    "closures",
    "employees",
    "owners_total",
    "owners_lt30",
    "owners_30_44",
    "owners_45_54",
    "owners_55_plus",
    "owners_women",
]


def _stats(db: Database) -> dict[tuple, tuple]:
    frame = db.query_df(f"SELECT commune_id, year, sector_family, {', '.join(FIGURE_COLUMNS)} FROM artisan_stat")
    return {(r[0], int(r[1]), r[2]): tuple(int(v) for v in r[3:]) for r in frame.itertuples(index=False)}


def _messages(result: register.RegisterResult) -> list[str]:
    return [describe(p) for p in result.problems]


# ---------------------------------------------------------------------------------------------- the fixture
def test_fixture_gives_the_hand_counted_aggregates(geo_db):
    result = import_register(geo_db, FIXTURE, years=YEARS, today=dt.date(2025, 2, 1))
    assert result.ok, _messages(result)
    assert _stats(geo_db) == EXPECTED
    assert result.establishments_read == 17
    assert result.artisan_establishments == 14
    assert result.dropped_by_division == {"46": 1, "47": 1, "62": 1}
    assert geo_db.query_value("SELECT count(*) FROM establishment") == 14
    assert geo_db.get_meta("data_as_of") == "2025-02-01"
    assert geo_db.query_rows("SELECT entity, row_count FROM import_log") == [(register.ENTITY, 14)]
    assert geo_db.query_value("SELECT DISTINCT source FROM artisan_stat") == (
        "Registre des entreprises, extrait « etablissements_petit.csv »"
    )


def test_stored_establishments_are_normalised(geo_db):
    assert import_register(geo_db, FIXTURE, years=YEARS).ok
    rows = geo_db.query_df("SELECT * FROM establishment").set_index("establishment_id")
    assert rows.loc["V08", "naf_code"] == "32.12Z"  # written 3212Z
    assert rows.loc["V05", "employees_band"] == "1-2"  # INSEE's 01
    assert rows.loc["S01", "employees_band"] == "0"  # INSEE's NN (not an employer)
    assert rows.loc["S06", "owner_age_band"] == "55_plus"  # written as its French label
    assert rows.loc["V02", "closure_date"] == pd.Timestamp("2023-09-30")
    assert bool(rows.loc["V05", "owner_is_woman"]) and pd.isna(rows.loc["V08", "owner_is_woman"])


def test_stock_of_next_year_is_stock_plus_creations_minus_closures(geo_db):
    assert import_register(geo_db, FIXTURE, years=YEARS).ok
    stats = _stats(geo_db)
    for commune in (V, S):
        for family in SectorFamily:
            for year in (2022, 2023):
                now = stats.get((commune, year, family.value), (0, 0, 0))
                after = stats.get((commune, year + 1, family.value), (0,))
                assert after[0] == now[0] + now[1] - now[2], (commune, family, year)


def test_default_years_end_with_the_latest_date_of_the_extract(geo_db):
    result = import_register(geo_db, FIXTURE)
    assert result.ok
    assert result.years == list(range(2015, 2025))  # latest date: 31/12/2024
    years = {key[1] for key in _stats(geo_db)}
    assert years == set(range(2015, 2025))


# ---------------------------------------------------------------------------------------------- NAF mapping
@pytest.mark.parametrize(
    "code, family",
    [
        ("10.71C", SectorFamily.ALIMENTATION),  # boulangerie-pâtisserie
        ("1071C", SectorFamily.ALIMENTATION),
        ("47.22Z", SectorFamily.ALIMENTATION),  # boucherie
        ("47.26Z", None),  # tabac
        ("56.10C", SectorFamily.ALIMENTATION),  # restauration rapide
        ("56.10A", None),  # restaurant: not an artisan trade
        ("41.10A", None),  # promotion immobilière
        ("41.20A", SectorFamily.BATIMENT),
        ("43.22A", SectorFamily.BATIMENT),
        ("32.12Z", SectorFamily.FABRICATION),
        ("21.20Z", None),  # pharmaceutical industry
        ("45.20A", SectorFamily.SERVICES),
        ("96.02A", SectorFamily.SERVICES),
        ("62.01Z", None),
    ],
)
def test_naf_family(code, family):
    assert naf_family(code) == family


# ---------------------------------------------------------------------------------------------- validation
def test_every_problem_is_reported_in_french_with_row_and_column(geo_db):
    lines = [
        HEADER + ";dirigeant_femme",
        "A1;10.71C;41269;01/02/2020;;0;non",  # fine
        "A1;43.22A;41269;01/02/2020;;0;non",  # row 3: duplicate identifier
        "A3;1071;41269;01/02/2020;;0;non",  # row 4: malformed NAF
        "A4;43.22A;41269;31/02/2020;;0;non",  # row 5: impossible date
        "A5;43.22A;41269;01/02/2020;01/01/2019;0;non",  # row 6: closed before created
        "A6;43.22A;99999;01/02/2020;;0;non",  # row 7: unknown commune
        "A7;43.22A;41269;01/02/2020;;beaucoup;non",  # row 8: unknown band
        "A8;43.22A;41269;01/02/2020;;0;peut-être",  # row 9: not a yes/no
        "A9;62.01Z;99999;pas une date;;?;?",  # row 10: not artisan: only its identifier and NAF are checked
        ";;41269;01/02/2020;;0;non",  # row 11: missing identifier and NAF
    ]
    result = import_register_bytes(geo_db, "\n".join(lines).encode(), "extrait.csv", years=YEARS)
    messages = _messages(result)
    assert messages == [
        "extrait.csv, ligne 3, colonne « identifiant » : l'identifiant « A1 » figure déjà plus haut dans le "
        "fichier : chaque établissement ne doit apparaître qu'une fois.",
        "extrait.csv, ligne 4, colonne « code_naf » : « 1071 » n'est pas un code NAF (forme attendue : deux "
        "chiffres, point, deux chiffres et une lettre, par exemple 10.71C).",
        "extrait.csv, ligne 5, colonne « date_creation » : « 31/02/2020 » n'est pas une date valide. Écrivez la "
        "date au format JJ/MM/AAAA (ou AAAA-MM-JJ, comme le fichier national), par exemple 15/03/2024.",
        "extrait.csv, ligne 6, colonne « date_fermeture » : la date de fermeture (01/01/2019) est antérieure à la "
        "date de création (01/02/2020).",
        "extrait.csv, ligne 7, colonne « code_commune » : le code commune « 99999 » n'existe pas dans le référentiel "
        "géographique de la base. Vérifiez le code, ou retirez de l'extrait les établissements situés hors du "
        "territoire couvert.",
        messages[5],
        "extrait.csv, ligne 9, colonne « dirigeant_femme » : « peut-être » n'est ni « oui » ni « non ».",
        "extrait.csv, ligne 11, colonne « code_naf » : valeur obligatoire manquante : renseignez « code_naf ».",
        "extrait.csv, ligne 11, colonne « identifiant » : valeur obligatoire manquante : renseignez « identifiant ».",
    ]
    assert messages[5].startswith(
        "extrait.csv, ligne 8, colonne « tranche_effectifs » : « beaucoup » n'est pas une tranche d'effectif"
    )
    assert "1-2 (1 ou 2 salariés)" in messages[5] and "codes INSEE" in messages[5]
    assert geo_db.query_value("SELECT count(*) FROM artisan_stat") == 0
    assert geo_db.query_value("SELECT count(*) FROM import_log") == 0


def test_missing_and_unknown_columns(geo_db):
    data = "identifiant;code_naf;commune;date_creation;tranche_effectifs\nA;10.71C;41269;01/01/2020;0\n"
    result = import_register_bytes(geo_db, data.encode(), "extrait.csv")
    messages = _messages(result)
    assert len(messages) == 1
    assert messages[0].startswith("extrait.csv, ligne 1, colonne « code_commune » : colonne obligatoire")
    assert [describe(n) for n in result.notices] == [
        "extrait.csv, ligne 1 : colonnes ignorées, car absentes du modèle : « commune ». Colonnes lues : "
        "identifiant, code_naf, code_commune, date_creation, date_fermeture, tranche_effectifs, "
        "tranche_age_dirigeant, dirigeant_femme."
    ]


def test_a_misspelt_column_is_refused_not_ignored(geo_db):
    data = HEADER.replace("date_fermeture", "date_fermture") + "\nA;10.71C;41269;01/01/2020;01/01/2021;0\n"
    messages = _messages(import_register_bytes(geo_db, data.encode(), "extrait.csv"))
    assert messages == [
        "extrait.csv, ligne 1, colonne « date_fermture » : colonne « date_fermture » inconnue : est-ce "
        "« date_fermeture » mal orthographiée ? Renommez-la « date_fermeture » (ou supprimez-la si elle ne doit pas "
        "être importée)."
    ]


def test_comma_separated_file_is_refused_by_the_import_reader(geo_db):
    data = HEADER.replace(";", ",") + "\nA,10.71C,41269,01/01/2020,,0\n"
    result = import_register_bytes(geo_db, data.encode(), "extrait.csv")
    assert len(result.problems) == 1  # the import system's separator message, located on the header row
    assert result.problems[0].row == 1 and "point-virgule" in result.problems[0].message
    assert geo_db.query_value("SELECT count(*) FROM artisan_stat") == 0


def test_national_register_column_names_are_accepted(geo_db):
    data = (
        "siret;activitePrincipaleEtablissement;codeCommuneEtablissement;dateCreationEtablissement;"
        "trancheEffectifsEtablissement\n"
        "12345678200010;10.71C;41269;2019-05-02;02\n"
    )
    result = import_register_bytes(geo_db, data.encode(), "StockEtablissement.csv", years=[2020])
    assert result.ok, _messages(result)
    assert _stats(geo_db) == {(V, 2020, "alimentation"): (1, 0, 0, 4, 0, 0, 0, 0, 0, 0)}


def test_only_artisan_rows_is_an_error(geo_db):
    data = HEADER + "\nA;62.01Z;41269;01/01/2020;;0\n"
    assert _messages(import_register_bytes(geo_db, data.encode(), "extrait.csv")) == [
        "extrait.csv : aucun établissement de l'extrait n'a un code NAF des métiers de l'artisanat : il n'y a rien "
        "à agréger."
    ]


def test_a_systematic_error_is_reported_whole_and_grouped_on_screen(geo_db):
    rows = [f"E{i};43.22A;41269;le {i};;0" for i in range(500)]
    result = import_register_bytes(geo_db, "\n".join([HEADER, *rows]).encode(), "extrait.csv")
    assert [p.row for p in result.problems] == list(range(2, 502))  # every row, none left out
    groups, left_out = groups_frame(result.problems)
    assert len(groups) == 1 and left_out == 0  # one line on screen
    report = report_csv(result.problems).decode("utf-8-sig").splitlines()
    assert len(report) == 1 + 500  # the download holds every problem
    assert "le 499" in report[-1]


def test_arrondissements_count_for_their_city(geo_db):
    with geo_db.transaction() as cursor:
        cursor.execute(
            "INSERT INTO territory (territory_id, level, code, name, population, source) "
            "VALUES ('commune:75056', 'commune', '75056', 'Paris', 2100000, 'test')"
        )
    data = HEADER + "\nP1;96.02A;75111;01/01/2015;;1-2\n"
    result = import_register_bytes(geo_db, data.encode(), "paris.csv", years=[2020])
    assert result.ok, _messages(result)
    assert _stats(geo_db) == {("commune:75056", 2020, "services"): (1, 0, 0, 2, 0, 0, 0, 0, 0, 0)}


# ---------------------------------------------------------------------------------------------- all or nothing
def test_existing_statistics_are_kept_unless_replaced(geo_db):
    assert import_register(geo_db, FIXTURE, years=YEARS).ok
    before = _stats(geo_db)
    again = import_register(geo_db, FIXTURE, years=YEARS)
    messages = _messages(again)
    assert len(messages) == 2
    assert messages[0].startswith("etablissements_petit.csv : la base contient déjà des statistiques de l'artisanat")
    assert "23 combinaisons" in messages[0] and "41226 × 2022 × batiment" in messages[0]
    assert messages[1].startswith("etablissements_petit.csv : 14 établissements de cet extrait sont déjà")
    assert _stats(geo_db) == before
    replaced = import_register(geo_db, FIXTURE, years=YEARS, replace=True)
    assert replaced.ok
    assert _stats(geo_db) == EXPECTED
    assert geo_db.query_value("SELECT count(*) FROM establishment") == 14


def test_a_failure_while_loading_writes_nothing(geo_db, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(register, "set_meta", broken)
    with pytest.raises(RuntimeError):
        import_register(geo_db, FIXTURE, years=YEARS)
    assert geo_db.query_value("SELECT count(*) FROM artisan_stat") == 0
    assert geo_db.query_value("SELECT count(*) FROM establishment") == 0
    assert geo_db.query_value("SELECT count(*) FROM import_log") == 0


def test_fast_reading_matches_the_import_reader():
    # Well-formed files are read by pandas' C parser, the others by the import system's reader: same table.
    data = FIXTURE.read_bytes().replace(b"\nS01", b"\n;;;;;;;\n  S01")  # a blank row and padded cells
    fast = register._read_extract(data, "f.csv")
    slow = register.read_csv_bytes(data, "f.csv")
    assert fast.problems == slow.problems == []
    pd.testing.assert_frame_equal(fast.frame.astype(str), slow.frame.astype(str), check_dtype=False)
    rows = fast.frame.set_index("identifiant")[register.ROW]
    assert rows["V11"] == 12 and rows["S01"] == 14  # the blank row 13 is dropped but keeps its number


def test_a_row_with_too_many_cells_is_reported_by_the_import_reader(geo_db):
    data = HEADER + "\nA;10.71C;41269;01/01/2020;;0;en trop\n"
    result = import_register_bytes(geo_db, data.encode(), "extrait.csv")
    assert [p.row for p in result.problems] == [2]
    assert geo_db.query_value("SELECT count(*) FROM artisan_stat") == 0


# ---------------------------------------------------------------------------------------------- issue 14 fixtures
IMPORTS_FIXTURES = Path(__file__).parent.parent / "fixtures" / "imports"


@pytest.mark.parametrize(
    ("fixture", "row", "column", "words"),
    [
        ("register_future_date.csv", 3, "date_creation",
         "« 15/03/2031 » est postérieure à la date du jour (01/02/2025) : sans doute une faute de frappe"),
        ("register_postcode.csv", 3, "code_commune",
         "« 41000 » est un code postal, pas un code commune INSEE. Communes de ce code postal : Blois (41018)"),
        ("register_siret_check_digit.csv", 3, "identifiant", "le SIRET « 73282932000075 » est faux"),
    ],
)  # fmt: skip
def test_a_wrong_value_is_refused_with_its_row_and_nothing_is_written(geo_db, fixture, row, column, words):
    result = import_register(geo_db, IMPORTS_FIXTURES / fixture, today=dt.date(2025, 2, 1))
    assert [(p.row, p.column) for p in result.problems] == [(row, column)], _messages(result)
    assert words in result.problems[0].message
    assert result.years == []  # the future date never reached the choice of years
    for table in ("artisan_stat", "establishment", "import_log"):
        assert geo_db.query_value(f"SELECT count(*) FROM {table}") == 0


def test_a_windows_extract_with_usual_headers_loads_and_says_what_it_read(geo_db):
    result = import_register(geo_db, IMPORTS_FIXTURES / "register_sirene_headers_cp1252.csv", years=[2020])
    assert result.ok, _messages(result)
    assert _stats(geo_db) == {(V, 2020, "alimentation"): (1, 0, 0, 4, 0, 0, 0, 0, 0, 0)}
    notices = [describe(n) for n in result.notices]
    assert "lu en Windows-1252" in notices[0]
    assert "colonnes ignorées, car absentes du modèle : « Libellé commune », « Raison sociale »" in notices[1]


def test_an_establishment_in_a_former_commune_counts_for_todays_commune(geo_db):
    with geo_db.transaction() as cursor:
        cursor.execute(
            "INSERT INTO territory (territory_id, level, code, name, population, source) "
            "VALUES ('commune:41273', 'commune', '41273', 'Vievy-le-Rayé', 400, 'test')"
        )
    result = import_register(geo_db, IMPORTS_FIXTURES / "register_former_commune.csv", years=[2020])
    assert result.ok, _messages(result)
    assert geo_db.query_value("SELECT count(*) FROM artisan_stat WHERE commune_id = 'commune:41273'") == 1
    notices = [describe(n) for n in result.notices]
    assert any("ligne 3" in n and "La Bosse, aujourd'hui rattachée à Vievy-le-Rayé : enregistré" in n for n in notices)
