"""French number and date formats.

Babel (CLDR) is used instead of hand-written rules; CLDR's French grouping separator is the narrow
no-break space (U+202F), which keeps '1 234' on one line on screen.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

from babel.numbers import format_decimal, parse_decimal

LOCALE = "fr_FR"
# Plotly's `separators` is "<decimal><thousands>": comma for decimals, narrow no-break space for thousands.
PLOTLY_SEPARATORS = ",\u202f"
MISSING = "–"  # shown for a missing value (en dash), never "nan"
# Python's own grouping and decimal marks swapped for CLDR's French ones (one pass, no intermediate string).
_FRENCH_MARKS = str.maketrans({",": "\u202f", ".": ","})
# Beyond this, Babel's 28-digit decimal context rounds differently from Python's formatting: Babel formats those.
_FAST_LIMIT = Decimal(10) ** 15


def _is_missing(value: float | int | Decimal | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_number(value: float | int | Decimal | None, decimals: int = 0) -> str:
    """1234.5 -> '1 234,5' (exactly `decimals` decimals).

    Babel's result (pattern "#,##0.00", locale fr_FR) computed as Babel does — the value's decimal string,
    rounded half to even to `decimals` — with Python's Decimal formatting: pages format thousands of table cells
    per load and Babel's pattern machinery took a fifth of some pages' server time. tests/test_i18n.py compares
    both on random values; non-finite and huge values still go through Babel.
    """
    if _is_missing(value):
        return MISSING
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if number.is_finite() and abs(number) < _FAST_LIMIT:
        return format(number, f",.{decimals}f").translate(_FRENCH_MARKS)
    return _babel_number(value, decimals)


def _babel_number(value: float | int | Decimal, decimals: int) -> str:
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def fmt_int(value: float | int | Decimal | None) -> str:
    return fmt_number(value, 0)


def fmt_signed(value: float | int | Decimal | None, decimals: int = 0) -> str:
    """Change values: '+12', '−3', '0'."""
    if _is_missing(value):
        return MISSING
    text = fmt_number(abs(value), decimals)
    if value > 0:
        return "+" + text
    if value < 0:
        return "\u2212" + text
    return text


def fmt_percent(ratio: float | None, decimals: int = 0) -> str:
    """0.12 -> '12 %' (ratio in, French percent out, no-break space before the sign)."""
    if _is_missing(ratio):
        return MISSING
    return fmt_number(ratio * 100, decimals) + "\u00a0%"


def fmt_eur(value: float | int | Decimal | None, decimals: int = 0) -> str:
    """4000 -> '4 000 €'."""
    if _is_missing(value):
        return MISSING
    return fmt_number(value, decimals) + "\u00a0€"


def fmt_date(value: dt.date | dt.datetime | None) -> str:
    """date(2026, 11, 22) -> '22/11/2026'."""
    if value is None:
        return MISSING
    return value.strftime("%d/%m/%Y")


def parse_number(text: str) -> Decimal:
    """'1 234,5' -> Decimal('1234.5'); accepts plain, no-break and narrow no-break spaces as groups."""
    cleaned = text.strip().replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    return parse_decimal(cleaned, locale=LOCALE, strict=False)
