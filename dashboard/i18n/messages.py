"""UI messages, merged from one module per area (messages_<area>.py) so parallel work never collides."""

from __future__ import annotations

import datetime as dt

from . import (
    messages_artisanat,
    messages_auth,
    messages_chrome,
    messages_cli,
    messages_conventions,
    messages_data,
    messages_demo,
    messages_detection,
    messages_exports,
    messages_geography,
    messages_home,
    messages_imports,
    messages_indicators,
    messages_maps,
    messages_operations,
    messages_programmes,
    messages_records,
    messages_report,
    messages_self_assessment,
    messages_shell,
    messages_synergies,
)
from .formatting import fmt_date

MESSAGES: dict[str, str] = {}
for _module in (
    messages_shell,
    messages_home,
    messages_programmes,
    messages_conventions,
    messages_data,
    messages_exports,
    messages_imports,
    messages_geography,
    messages_demo,
    messages_cli,
    messages_detection,
    messages_artisanat,
    messages_self_assessment,
    messages_synergies,
    messages_records,
    messages_maps,
    messages_indicators,
    messages_auth,
    messages_operations,
    messages_report,
    messages_chrome,
):
    _overlap = MESSAGES.keys() & _module.MESSAGES.keys()
    if _overlap:
        raise RuntimeError(f"duplicate message keys: {sorted(_overlap)}")
    MESSAGES.update(_module.MESSAGES)


def t(key: str, /, **values: object) -> str:
    """The French message `key`, with {placeholders} filled from `values`."""
    return MESSAGES[key].format(**values) if values else MESSAGES[key]


def t_count(key: str, count: float, /, **values: object) -> str:
    """`key`, or its singular form `key + "_one"` when `count` is 0 or 1 (French: « 1 identifiée », « 0 identifiée »)."""
    singular = key + "_one"
    return t(singular if abs(count) < 2 and singular in MESSAGES else key, **values)


def data_as_of(value: dt.date | None) -> str:
    """'Données au 31/10/2026', or a sentence of its own when the date is unknown (never 'Données au date inconnue')."""
    return t("data.as_of", date=fmt_date(value)) if value is not None else t("data.as_of_unknown")
