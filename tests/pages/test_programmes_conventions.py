"""Programmes and conventions pages through app.py, on the demo and on an empty database."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pages import run_page

PROGRAMMES, CONVENTIONS = "pages/programmes.py", "pages/conventions.py"


def test_programmes_page_on_the_demo_database(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    at = run_page(monkeypatch, demo_db_path, PROGRAMMES)
    assert not at.exception
    assert at.selectbox(key="programmes.detail").value == "eit_vendomois"
    assert {m.label: m.value for m in at.metric}["Entreprises diagnostiquées en 2018"] == "70 entreprises"


def test_programmes_page_follows_the_territory(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    # Fos-sur-Mer lies in PIICTO's perimeter, in the Aix-Marseille-Provence metropolis and in the PACA region
    at = run_page(monkeypatch, demo_db_path, PROGRAMMES, {"territoire": "commune:13039", "annee": "2020"})
    assert not at.exception
    detail = at.selectbox(key="programmes.detail")
    assert [option.split(" – ")[0] for option in detail.options] == [
        "Authentic Provence",
        "L'Argile circulaire",
        "PIICTO",
    ]
    detail.set_value("piicto").run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Tonnes de CO2 évitées par an"] == "4\u202f800 tCO2/an"


def test_conventions_page_on_the_demo_database(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    at = run_page(monkeypatch, demo_db_path, CONVENTIONS, {"territoire": "epci:200066348"})
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Plafond"] == "4\u202f000\u00a0€"
    assert metrics["Montant dû à ce jour"] == "2\u202f000\u00a0€"  # 3/5 companies and 1/2 events by 31/10/2026


@pytest.mark.parametrize("page", [PROGRAMMES, CONVENTIONS])
def test_pages_on_an_empty_database(monkeypatch: pytest.MonkeyPatch, empty_db_path: Path, page: str) -> None:
    at = run_page(monkeypatch, empty_db_path, page)
    assert not at.exception
    assert any("Aucune donnée" in info.value for info in at.info)
