"""The value typed in the indicator entry form: read with the import's number rules and limits, quoting what was
typed when refused (`1e400` is out of range, never empty)."""

from __future__ import annotations

import math

import pytest

from dashboard.db import Database
from dashboard.indicators.entry import EntryError, read_value
from dashboard.indicators.values import IndicatorDef, catalogue
from dashboard.reference_data import load_reference_data


@pytest.fixture
def definitions(empty_db: Database) -> dict[str, IndicatorDef]:
    with empty_db.transaction() as cursor:
        load_reference_data(cursor)
    return {d.code: d for d in catalogue(empty_db)}


@pytest.mark.parametrize(
    ("typed", "value"),
    [("4", 4.0), ("1 234,5", 1234.5), ("1\u202f234,5", 1234.5), ("2,25", 2.25), ("1234.5", 1234.5),
     ("1,5e3", 1500.0), ("-3", -3.0), ("  12  ", 12.0), ("1.234.567", 1234567.0)],
)  # fmt: skip
def test_french_and_plain_numbers_are_read(definitions: dict[str, IndicatorDef], typed: str, value: float) -> None:
    assert read_value(typed, definitions["fte_dedicated"]) == value


def test_nothing_typed_is_empty_for_the_validation(definitions: dict[str, IndicatorDef]) -> None:
    assert math.isnan(read_value("  ", definitions["fte_dedicated"]))


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1e400", "« 1e400 » : nombre hors limites (au plus 1\u202f000\u202f000\u202f000\u202f000\u202f000 en valeur absolue)."),
        ("-1e400", "« -1e400 » : nombre hors limites"),
        ("2e15", "« 2e15 » : nombre hors limites"),
        ("abc", "« abc » n'est pas un nombre. Écrivez par exemple 1 234,5 (virgule décimale)."),
        ("inf", "« inf » n'est pas un nombre."),
        ("1.500", "« 1.500 » est ambigu : le point peut séparer les milliers"),
        ("12 %", "« 12 % » est un pourcentage, mais cet indicateur ne se mesure pas en %"),
    ],
)  # fmt: skip
def test_what_is_not_a_number_in_range_is_refused_by_name(
    definitions: dict[str, IndicatorDef], typed: str, message: str
) -> None:
    with pytest.raises(EntryError) as refused:
        read_value(typed, definitions["fte_dedicated"])
    assert refused.value.problems[0].startswith(message)
    assert "vide" not in refused.value.problems[0]


def test_a_percentage_is_read_for_an_indicator_in_percent(definitions: dict[str, IndicatorDef]) -> None:
    assert definitions["private_funding_share"].unit == "%"
    assert read_value("12,5 %", definitions["private_funding_share"]) == 12.5
