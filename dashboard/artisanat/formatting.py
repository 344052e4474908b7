"""How the artisan observatory's values read in French: measure and family names, formatted values, "s" cells.

Shared by the charts, the screen/export tables and the pages, so that a value reads the same everywhere.
"""

from __future__ import annotations

import math

from dashboard.artisanat.secrecy import SECRET_MARK
from dashboard.artisanat.statistics import RATIOS, TOTAL, Indicator
from dashboard.codes import SectorFamily
from dashboard.i18n import fmt_int, fmt_number, fmt_percent, fmt_signed, label, t

RATIO_DECIMALS = 1  # "12,3 %": rates of a few percent need a decimal to be compared
DENSITY_DECIMALS = 1  # "238,3" establishments per 10 000 inhabitants
SIGNED: frozenset[str] = frozenset({Indicator.NET_BALANCE, "change_1y", "relative_1y"})  # can be negative
CHANGE_COLUMNS: tuple[str, ...] = ("change_1y", "relative_1y")  # commune-table columns besides the measures


def measure_label(measure: str) -> str:
    """French name of a measure (or of the commune table's change columns)."""
    return t(f"artisanat.measure.{measure}")


def family_label(family: str) -> str:
    return t("artisanat.family.total") if family == TOTAL else label(family, SectorFamily)


def format_value(measure: str, value: float | None) -> str:
    """A measure's value the French way: '1 234', '12,3 %', '238,5', '+12', '−3,4 %'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if measure == "relative_1y":
        return fmt_signed(value * 100, RATIO_DECIMALS) + "\u00a0%"
    if measure in RATIOS:
        return fmt_percent(value, RATIO_DECIMALS)
    if measure == Indicator.DENSITY:
        return fmt_number(value, DENSITY_DECIMALS)
    if measure in SIGNED:
        return fmt_signed(value)
    return fmt_int(value)


def shown_text(measure: str, value: float | None, hidden: bool) -> str:
    """What a cell shows: SECRET_MARK when hidden, else its formatted value."""
    return SECRET_MARK if hidden else format_value(measure, value)
