"""Check digits of French business identifiers (SIREN, SIRET): a typo in one digit is caught, not stored.

Both follow the Luhn formula: from the right, every second digit is doubled (9 subtracted when above 9) and the
sum is a multiple of 10. One exception, documented by INSEE: the establishments of La Poste (SIREN 356 000 000)
are numbered in sequence, so their SIRET satisfies "sum of the 14 digits is a multiple of 5" instead (the head
office, 35600000000048, satisfies Luhn's).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

LA_POSTE_SIREN = "356000000"


def luhn_ok(digits: str) -> bool:
    """The Luhn check of a string of digits."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def siret_ok(siret: str) -> bool:
    """A 14-digit SIRET whose check digit is right (La Poste's rule for its own establishments)."""
    if len(siret) != 14 or not siret.isdigit():
        return False
    if siret.startswith(LA_POSTE_SIREN) and not luhn_ok(siret):
        return sum(int(char) for char in siret) % 5 == 0
    return luhn_ok(siret)


def sirets_ok(sirets: pd.Series) -> pd.Series:
    """siret_ok over a column of 14-digit strings, vectorised (a national register extract has a million rows)."""
    if sirets.empty:
        return pd.Series(True, index=sirets.index)
    digits = (np.frombuffer("".join(sirets).encode("ascii"), dtype=np.uint8) - ord("0")).reshape(-1, 14).astype(int)
    doubled = digits[:, 0::2] * 2  # from the right, every second digit: positions 0, 2 ... 12 of 14
    luhn = (doubled - 9 * (doubled > 9)).sum(axis=1) + digits[:, 1::2].sum(axis=1)
    la_poste = sirets.str.startswith(LA_POSTE_SIREN).to_numpy() & (digits.sum(axis=1) % 5 == 0)
    return pd.Series((luhn % 10 == 0) | la_poste, index=sirets.index)
