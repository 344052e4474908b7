"""Production limits on what users type or import (documented in docs/deployment.md).

A number beyond MAX_ABS_NUMBER is a typing error in any quantity, amount or count of a territory (and beyond
2**53 a float no longer holds every unit; `1e400` reads as infinity); a text longer than MAX_TEXT_CHARS is not
a name, a source or a comment. Both are refused with a French message naming the limit.
"""

from __future__ import annotations

MAX_ABS_NUMBER = 1e15
MAX_TEXT_CHARS = 5_000
