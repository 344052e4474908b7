"""Every word and number format the user sees, in one package so that a translation is possible.

- `label(enum_member)` gives the French label of a stored code (dashboard.codes).
- `t(key, **values)` gives a UI message; messages live in the `messages_*.py` modules of this package,
  one per area, merged into MESSAGES.
- `fmt_*` format numbers, percentages, amounts and dates the French way (1 234,5 ; 12 % ; 22/11/2026),
  through Babel's CLDR data rather than hand-written rules.
"""

from __future__ import annotations

from .codes_fr import CODE_LABELS, label, options
from .formatting import (
    PLOTLY_SEPARATORS,
    fmt_date,
    fmt_eur,
    fmt_int,
    fmt_number,
    fmt_percent,
    fmt_signed,
    parse_number,
)
from .messages import MESSAGES, data_as_of, t, t_count

__all__ = [
    "CODE_LABELS",
    "MESSAGES",
    "PLOTLY_SEPARATORS",
    "data_as_of",
    "fmt_date",
    "fmt_eur",
    "fmt_int",
    "fmt_number",
    "fmt_percent",
    "fmt_signed",
    "label",
    "options",
    "parse_number",
    "t",
    "t_count",
]
