"""Numbers written the French way: every accepted form reads back exactly; the ambiguous 1.500 is never guessed."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.imports.numbers import number_text, parse_numbers

GROUP_SPACES = (" ", "\u00a0", "\u202f")  # what French writers and Excel put between digit groups


def _one(text: str) -> tuple[float, bool, bool]:
    parsed = parse_numbers(pd.Series([text]))
    return float(parsed.values[0]), bool(parsed.ambiguous[0]), bool(parsed.percent[0])


def _grouped(integer: str, separator: str) -> str:
    head = len(integer) % 3 or 3
    return separator.join([integer[:head]] + [integer[i : i + 3] for i in range(head, len(integer), 3)])


def _forms(value: Decimal, separator: str) -> list[str]:
    """Every accepted way of writing `value` (at most 15 significant digits, no exponent)."""
    sign = "-" if value < 0 else ""
    integer, _, decimals = f"{abs(value):f}".partition(".")
    comma = f",{decimals}" if decimals else ""
    forms = [sign + integer + comma, sign + _grouped(integer, separator) + comma]
    if len(integer) > 3 and decimals:
        forms.append(sign + _grouped(integer, ".") + comma)  # 12.874,5
    if len(integer) > 6 and not decimals:
        forms.append(sign + _grouped(integer, "."))  # 1.234.567
    if decimals and (len(decimals) != 3 or integer == "0" or len(integer) > 3):
        forms.append(sign + integer + "." + decimals)  # a decimal dot that cannot be a thousands dot
    return forms


@settings(deadline=None)  # a shared, loaded machine: timing is not what is tested
@given(
    st.decimals(min_value=-(10**12), max_value=10**12, places=3, allow_nan=False, allow_infinity=False),
    st.sampled_from(GROUP_SPACES),
)
def test_every_accepted_form_reads_back_exactly(value: Decimal, separator: str):
    for text in _forms(value.normalize() if value != 0 else Decimal(0), separator):
        number, ambiguous, percent = _one(text)
        assert (number, ambiguous, percent) == (float(value), False, False), text


@settings(deadline=None)  # a shared, loaded machine: timing is not what is tested
@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=999), st.sampled_from(["", "-"]))
def test_a_single_dot_before_three_digits_is_refused_not_guessed(head: int, tail: int, sign: str):
    number, ambiguous, _ = _one(f"{sign}{head}.{tail:03d}")
    assert ambiguous
    assert pd.isna(number)


@settings(deadline=None)  # a shared, loaded machine: timing is not what is tested
@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15))
def test_numeric_spreadsheet_cells_are_written_back_unambiguously(value: float):
    number, ambiguous, _ = _one(number_text(value))
    assert number == value and not ambiguous


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["1.500", "12.874,00"], [1500.0, 12874.0]),  # dot groups elsewhere prove the thousands dot
        (["1.500", "1.234.567"], [1500.0, 1234567.0]),
        (["1.500", "2.25"], [1.5, 2.25]),  # an unambiguous decimal dot proves the decimal dot
        (["6.437", "0.5"], [6.437, 0.5]),
    ],
)
def test_the_column_proves_the_convention(cells, expected):
    parsed = parse_numbers(pd.Series(cells))
    assert parsed.values.tolist() == expected
    assert not parsed.ambiguous.any()


def test_contradicting_proofs_leave_the_ambiguous_cells_refused():
    parsed = parse_numbers(pd.Series(["1.500", "12.874,00", "2.25"]))
    assert parsed.ambiguous.tolist() == [True, False, False]


@pytest.mark.parametrize("text", ["12 34", "1 2345", "1,2,3", "1.2.3", "1,234.5", "12a", "%", "1 234.5"])
def test_malformed_numbers_are_not_read(text: str):
    number, ambiguous, _ = _one(text)
    assert pd.isna(number) and not ambiguous


def test_percentages_are_flagged_with_the_number_in_front():
    assert _one("12 %") == (12.0, False, True)
    assert _one("12,5\u00a0%") == (12.5, False, True)
