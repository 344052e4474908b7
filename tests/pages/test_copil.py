"""Mode COPIL through app.py: the Vendômois seed figures on screen, navigation, no company name, empty db."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.pages import run_page

PAGE = "pages/copil.py"
VENDOMOIS = "epci:200072072"


def page_text(at: AppTest) -> str:
    return "\n".join([c.value for c in at.caption] + [m.value for m in at.markdown] + [h.value for h in at.header])


def test_copil_first_screen_shows_the_vendomois_targets(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    at = run_page(monkeypatch, demo_db_path, PAGE, {"territoire": VENDOMOIS, "annee": "2022"})
    assert not at.exception
    assert not at.title  # full screen: no page header, the screen's own title only
    text = page_text(at)
    assert "Où en sont nos objectifs ?" in text and "Écran 1 / 5" in text
    assert "Référence 2019 : 70 · Objectif 2020 : 80 · Objectif 2022 : 100" in text
    assert "Référence 2019 : 3 · Objectif 2020 : 12 · Objectif 2022 : 24" in text
    assert "Référence 2019 : 2 · Objectif 2020 : 6 · Objectif 2022 : 12" in text
    assert text.count("<svg") == 1  # the chart, drawn as an SVG scaled to the screen
    assert not at.dataframe  # no company-level table in COPIL mode


def test_copil_navigation(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    at = run_page(monkeypatch, demo_db_path, PAGE, {"territoire": VENDOMOIS, "annee": "2022"})
    assert at.button(key="copil.prev").disabled
    at.button(key="copil.next").click().run()
    assert not at.exception
    text = page_text(at)
    assert "Activités et résultats : entreprises et synergies" in text and "Écran 2 / 5" in text
    assert at.query_params["ecran"] in ("2", ["2"])  # AppTest hands back a string or a list
    for _ in range(3):
        at.button(key="copil.next").click().run()
    assert "Écran 5 / 5" in page_text(at) and at.button(key="copil.next").disabled
    assert not at.exception


def test_copil_never_shows_company_names(monkeypatch: pytest.MonkeyPatch, world_db_file: Path) -> None:
    path = world_db_file
    at = run_page(monkeypatch, path, PAGE, {"territoire": VENDOMOIS, "annee": "2022"})
    for _ in range(5):
        assert not at.exception
        assert "Alpha Cartonnage" not in page_text(at)  # company A (README.md §2)
        if at.button(key="copil.next").disabled:
            break
        at.button(key="copil.next").click().run()


def test_copil_on_an_empty_database(monkeypatch: pytest.MonkeyPatch, empty_db_path: Path) -> None:
    at = run_page(monkeypatch, empty_db_path, PAGE)
    assert not at.exception
    assert "aucune donnée" in at.info[0].value
