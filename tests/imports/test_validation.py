"""Validation units: French numbers and dates, codes by label, header spelling, bounds of the schema's types."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.codes import Frequency, SectorFamily
from dashboard.db import Database
from dashboard.imports import TEMPLATES_BY_ENTITY
from dashboard.imports.numbers import parse_numbers
from dashboard.imports.reader import read_csv_bytes
from dashboard.imports.validation import INT32_MAX, code_lookup, normalise, parse_dates, validate, validate_frame


@pytest.mark.parametrize(
    ("text", "number"),
    [("12,5", 12.5), ("1 234,5", 1234.5), ("1\u202f234", 1234.0), ("1234.5", 1234.5), ("1.234,5", 1234.5),
     ("-3", -3.0), ("1e-3", 0.001), ("0,30000000000000004", 0.30000000000000004)],
)  # fmt: skip
def test_numbers_written_the_french_way_or_not(text: str, number: float):
    assert parse_numbers(pd.Series([text])).values[0] == number


@pytest.mark.parametrize("text", ["12,5,3", "douze", "1 2,3.4", ""])
def test_what_is_not_a_number(text: str):
    assert pd.isna(parse_numbers(pd.Series([text])).values[0])


def test_dates_french_iso_and_excel():
    parsed = parse_dates(pd.Series(["15/03/2024", "2024-03-15", "2024-03-15 00:00:00", "15/03/24", "1/3/2024"]))
    assert parsed.tolist() == [dt.date(2024, 3, 15)] * 4 + [dt.date(2024, 3, 1)]
    assert parse_dates(pd.Series(["31/02/2024", "2024-13-01", "mars 2024"])).isna().all()


def test_codes_are_read_from_their_code_or_french_label():
    frequency = TEMPLATES_BY_ENTITY["flows"].column("frequence")
    lookup = code_lookup(frequency)
    assert lookup["annuel"] == Frequency.YEARLY and lookup["yearly"] == Frequency.YEARLY
    assert lookup[normalise("Trimestriel")] == Frequency.QUARTERLY
    family = TEMPLATES_BY_ENTITY["artisan_stats"].column("famille")
    assert normalise("Bâtiment") in code_lookup(family)
    assert SectorFamily.HORS_ARTISANAT.value not in code_lookup(family).values()  # not an artisan family


def test_header_spelling_is_forgiven():
    assert normalise("Code commune") == "code_commune"
    assert normalise(" Date  du diagnostic ") == "date_du_diagnostic"
    assert normalise("Entreprises présentes") == "entreprises_presentes"


def _validate(geo_db: Database, entity: str, text: str):
    return validate(TEMPLATES_BY_ENTITY[entity], read_csv_bytes(text.encode(), "f.csv"), geo_db)


def test_whole_numbers_stay_within_the_integer_type(geo_db: Database):
    header = "code_commune;annee;famille;etablissements;immatriculations;radiations;salaries;dirigeants;"
    header += "dirigeants_moins_30;dirigeants_30_44;dirigeants_45_54;dirigeants_55_plus;dirigeantes;source\n"
    row = f"41269;2025;services;{INT32_MAX + 1};1;0;2,5;1;1;0;0;0;0;CMA\n"
    _, problems = _validate(geo_db, "artisan_stats", header + row)
    assert [(p.row, p.column) for p in problems] == [(2, "etablissements"), (2, "salaries")]
    assert "dépasse le maximum autorisé (2\u202f147\u202f483\u202f647)" in problems[0].message
    assert "« 2,5 » n'est pas un nombre entier" in problems[1].message


def test_typed_rows_hold_database_values(geo_db: Database):
    text = (
        "identifiant;nom;famille;effectif;code_commune;latitude\nE-1;Atelier;Fabrication;10 à 49 salariés;41269;47,8\n"
    )
    typed, problems = _validate(geo_db, "companies", text)
    assert problems == []
    row = typed.iloc[0]
    assert (row["company_id"], row["sector_family"], row["size_band"], row["commune_id"], row["latitude"]) == (
        "E-1", "fabrication", "10-49", "commune:41269", 47.8
    )  # fmt: skip
    assert row["__ligne__"] == 2


def test_blank_rows_keep_the_numbering_of_the_spreadsheet(geo_db: Database):
    text = "identifiant;nom;type\ncci41;CCI;cci\n;;\n\ncma41;CMA;chambre\n"
    _, problems = _validate(geo_db, "organisations", text)
    assert [(p.row, p.column) for p in problems] == [(5, "type")]


def _company_form(latitude: str) -> pd.DataFrame:
    """One row as a form would give it (issue 12's forms run the import rules on such a frame)."""
    cells = {"identifiant": "E-9", "nom": "Atelier", "famille": "fabrication", "effectif": "1-9"}
    return pd.DataFrame([cells | {"code_commune": "41269", "latitude": latitude}])


def test_a_form_row_is_validated_by_the_import_rules_and_problems_name_the_column(geo_db: Database):
    typed, problems = validate_frame("companies", _company_form("47,793"), geo_db, source="formulaire")
    assert problems == [] and typed is not None
    assert typed.iloc[0]["latitude"] == 47.793
    _, problems = validate_frame("companies", _company_form("nord"), geo_db, source="formulaire")
    assert [(p.file, p.row, p.column) for p in problems] == [("formulaire", None, "latitude")]


@settings(deadline=None, max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
# each example runs a validation on the database (the fixture is only read)
@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=999))
def test_an_ambiguous_number_is_refused_with_a_message_never_guessed(geo_db: Database, head: int, tail: int):
    text = f"{head}.{tail:03d}"
    _, problems = validate_frame("companies", _company_form(text), geo_db, source="formulaire")
    messages = [p.message for p in problems if p.column == "latitude"]
    assert messages and messages[0].startswith(f"« {text} » est ambigu")
