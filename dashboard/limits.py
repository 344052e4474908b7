"""Production limits on what users type or import (documented in docs/deployment.md).

A number beyond MAX_ABS_NUMBER is a typing error in any quantity, amount or count of a territory (and beyond
2**53 a float no longer holds every unit; `1e400` reads as infinity); a text longer than MAX_TEXT_CHARS is not
a name, a source or a comment. Both are refused with a French message naming the limit.
"""

from __future__ import annotations

from dashboard.i18n import fmt_number, t

MAX_ABS_NUMBER = 1e15
MAX_TEXT_CHARS = 5_000


class TextTooLongError(ValueError):
    """A text over MAX_TEXT_CHARS was refused before anything was written; the message is French."""


def text_problem(text: str | None, field: str) -> str | None:
    """The French refusal of a text longer than MAX_TEXT_CHARS for the field named `field`, or None."""
    if text is None or len(text) <= MAX_TEXT_CHARS:
        return None
    return t("limits.text", column=field, chars=fmt_number(MAX_TEXT_CHARS, 0))
