"""The Démarches page's sections (dashboard/ui/programmes.py): a synergy's impacts in French."""

from __future__ import annotations

import pandas as pd

from dashboard.ui.programmes import impacts_text


def test_impacts_read_in_french_with_their_basis_and_plural() -> None:
    impacts = pd.DataFrame(
        {
            "impact_kind": ["jobs", "jobs", "tonnes"],
            "value": [1.0, 3.0, 12.5],
            "basis": ["declared", "estimated", "computed"],
        }
    )
    assert impacts_text(impacts) == "1 emploi (déclaré) · 3 emplois (estimé) · 12,5 t (calculé)"
