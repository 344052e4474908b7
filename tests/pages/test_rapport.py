"""Rapport trimestriel through app.py: freeze the figures, find them as a source, read the deltas."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pages import run_page

PAGE = "pages/rapport.py"
VENDOMOIS = "epci:200072072"


@pytest.mark.slow
def test_freeze_then_compare_with_the_live_figures(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    at = run_page(monkeypatch, demo_db_path, PAGE, {"territoire": VENDOMOIS, "annee": "2026", "trimestre": "3"})
    assert not at.exception
    assert any("Aucun chiffre figé" in c.value for c in at.caption) or at.selectbox(key="rapport.source")
    at.text_input[0].set_value("COPIL de décembre")
    at.button[[b.label for b in at.button].index("Figer les chiffres")].click().run()
    assert not at.exception
    assert any("Chiffres figés sous le nom « COPIL de décembre »" in s.value for s in at.success)
    at.run()
    sources = at.selectbox(key="rapport.source").options
    assert any("Figés : COPIL de décembre" in option for option in sources)
    deltas = at.dataframe[0].value
    assert list(deltas.columns) == ["Indicateur", "Avant", "Après", "Écart", "Unité"]
    row = deltas[deltas["Indicateur"] == "Ateliers ou rencontres organisés"].iloc[0]
    assert row["Avant"] == row["Après"] and row["Écart"] == "0"  # frozen just now: nothing changed yet
