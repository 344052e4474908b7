"""French labels and formats."""

from __future__ import annotations

import datetime as dt
import inspect
import random
from decimal import Decimal
from enum import StrEnum

import numpy as np
import pytest
from babel.numbers import format_decimal

from dashboard import codes
from dashboard.i18n import (
    data_as_of,
    fmt_date,
    fmt_eur,
    fmt_int,
    fmt_number,
    fmt_percent,
    fmt_signed,
    label,
    options,
    parse_number,
)

ALL_ENUMS = [
    obj for _, obj in inspect.getmembers(codes, inspect.isclass) if issubclass(obj, StrEnum) and obj is not StrEnum
]


@pytest.mark.parametrize("enum", ALL_ENUMS, ids=lambda e: e.__name__)
def test_every_code_has_its_own_label(enum: type[StrEnum]):
    labels = [label(member) for member in enum]
    assert all(labels), "empty label"
    assert len(set(labels)) == len(labels), "two codes of one enum share a label"


def test_codes_shared_between_enums_keep_their_own_labels():
    # "other" is a code of three enums: each keeps its own label (keys are (enum, value), not the bare value)
    assert label(codes.EventKind.OTHER) == "Autre événement"
    assert label(codes.AbandonmentReason.OTHER) == "Autre raison"
    assert label("other", codes.OrgKind) == "Autre"
    assert label(codes.Realisation.COMPUTED) != label(codes.ValueBasis.COMPUTED)


def test_plain_string_needs_its_enum():
    with pytest.raises(TypeError):
        label("epci")
    with pytest.raises(ValueError):
        label("canton", codes.Level)


def test_options_in_declaration_order():
    assert list(options(codes.SynergyStatus)) == ["identified", "in_study", "in_progress", "realised", "abandoned"]


def test_french_formats():
    nnbsp, nbsp = "\u202f", "\u00a0"
    assert fmt_number(1234.5, 1) == f"1{nnbsp}234,5"
    assert fmt_int(1234567) == f"1{nnbsp}234{nnbsp}567"
    assert fmt_percent(0.12) == f"12{nbsp}%"
    assert fmt_percent(0.125, 1) == f"12,5{nbsp}%"
    assert fmt_eur(4000) == f"4{nnbsp}000{nbsp}€"
    assert fmt_date(dt.date(2026, 11, 22)) == "22/11/2026"
    assert fmt_signed(-3) == "\u22123" and fmt_signed(12) == "+12" and fmt_signed(0) == "0"
    assert fmt_number(None) == fmt_number(float("nan")) == "–"
    assert parse_number("1 234,5") == Decimal("1234.5")
    assert parse_number(f"4{nnbsp}000") == Decimal("4000")


NUMBER_EDGES = [0, -0.0, 0.5, 1.5, 2.5, -0.3, -0.5, 2.675, 1.005, 999.5, 999_999.5, -1_234_567.891, 10**14,
                123_456_789_012_345, 10**15, 1e17, float("inf"), float("-inf"), Decimal("1.23456789"),
                Decimal("-0.00"), np.float64(3.14159), np.int64(-42), np.float32(1.1), 7]  # fmt: skip


def test_fmt_number_is_babels_french_pattern():
    """fmt_number formats without Babel's pattern machinery (speed): same text as Babel on edges and random values."""
    rng = random.Random(16)
    values = NUMBER_EDGES + [rng.randint(-(10**9), 10**9) for _ in range(2000)]
    values += [round(rng.uniform(-1e6, 1e6), rng.randint(0, 4)) for _ in range(2000)]
    values += [rng.random() * 10 ** rng.randint(-5, 14) for _ in range(2000)]
    for value in values:
        for decimals in (0, 1, 2, 3):
            pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
            assert fmt_number(value, decimals) == format_decimal(value, format=pattern, locale="fr_FR"), (
                value,
                decimals,
            )


def test_data_date_sentence_known_and_unknown():
    """Used by the data page, the report cover and `info`: an unknown date is its own sentence, not « au date … »."""
    assert data_as_of(dt.date(2026, 10, 31)) == "Données au 31/10/2026"
    assert data_as_of(None) == "Date des données inconnue"
