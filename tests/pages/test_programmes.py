"""Démarches page through app.py: demo database (list, sheet, comparison table and chart) and empty database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.pages import run_page

PAGE = "pages/programmes.py"
NNBSP = "\u202f"  # French thousands separator


def open_comparison(at: AppTest) -> AppTest:
    """A click on « Démarches côte à côte »: drawn only once its tab is chosen (dashboard.ui.lazy)."""
    at.session_state["programmes.section"] = "Démarches côte à côte"
    return at.run()


def chart_title(at: AppTest) -> str:
    (chart,) = at.get("plotly_chart")
    return json.loads(chart.proto.spec)["layout"]["title"]["text"]


def test_programmes_of_the_default_territory(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    at = run_page(monkeypatch, demo_db_path, PAGE)
    assert not at.exception
    assert at.title[0].value == "Démarches"
    subheaders = [s.value for s in at.subheader]
    assert "Démarches du territoire (1)" in subheaders  # the Vendômois: its own programme only
    (listing, *_) = at.dataframe
    assert listing.value["Démarche"].tolist() == ["EIT sur le Vendômois"]
    assert listing.value["Budget"].tolist() == [f"220{NNBSP}472\u00a0€"]
    assert listing.value["ETP"].tolist() == ["–"]  # not stated by the action sheet: never 0
    sheet = "\n".join(m.value for m in at.markdown)
    assert "**Porteur** : CCI Loir-et-Cher (CCI 41)" in sheet
    assert "**Financeurs** : ADEME (25" in sheet
    assert {m.label: m.value for m in at.metric}["Flux recensés (environ)"] == f"1{NNBSP}000 flux"


def test_comparison_table_and_chart(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    at = run_page(monkeypatch, demo_db_path, PAGE)
    assert not at.table and not at.get("plotly_chart")  # the sheet's tab is open: the comparison is not drawn
    table = open_comparison(at).table[0].value
    assert "PIICTO" in table.columns and len(table.columns) == 9  # 8 PACA programmes + the Vendômois
    assert table.loc["Tonnes par an valorisées ou évitées", "PIICTO"] == f"35{NNBSP}900"  # 35,9 kt
    assert table.loc["Tonnes par an valorisées ou évitées", "EBG"] == "–"  # not published, not 0
    assert table.loc["Diagnostics réalisés", "ADETO"] == "85"  # 50 biowaste + 20 pallets + 15 complete
    assert table.loc["Synergies identifiées (potentielles ou à tester)", "Entrepreneurs des Sorgues"] == "42"
    assert "9 démarches comparées" in chart_title(at)

    at.selectbox(key="programmes.compare.figure").set_value("tco2").run()
    assert not at.exception
    title = chart_title(at)
    assert title.startswith("<b>Tonnes de CO2 évitées par an, par démarche</b>")
    assert "données au 31/10/2026" in title

    at.multiselect(key="programmes.compare.programmes").set_value(["piicto", "ebg"]).run()
    assert not at.exception
    assert at.table[0].value.columns.tolist() == ["EBG", "PIICTO"]


def test_programme_sheet_with_synergies_and_impacts(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    at = run_page(monkeypatch, demo_db_path, PAGE, {"territoire": "region:93"})
    assert not at.exception
    assert "Démarches du territoire (8)" in [s.value for s in at.subheader]
    at.selectbox(key="programmes.detail").set_value("piicto").run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Kilotonnes par an de matière valorisée / déchets évités"] == "35,9 kt/an"
    synergies = next(d.value for d in at.dataframe if "Synergie" in d.value.columns)
    impacts = dict(zip(synergies["Synergie"], synergies["Impacts par an"], strict=True))
    assert impacts["Boues de décarbonatation valorisées en sous-couche routière"] == f"16{NNBSP}000 t (déclaré)"
    assert impacts["Projet HyaMMED : hydrogène coproduit pour huit camions de mobilité lourde"] == (
        f"2{NNBSP}000 tCO2e (estimé)"
    )
    assert "Réalisée : 3 · En cours : 2 · Identifiée : 1" in [m.value for m in at.markdown]


def test_territory_without_programme_lists_all(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    at = run_page(monkeypatch, demo_db_path, PAGE, {"territoire": "epci:200066348"})
    assert not at.exception
    assert any("Aucune démarche n'a de périmètre sur" in info.value for info in at.info)
    assert "Toutes les démarches (9)" in [s.value for s in at.subheader]


def test_empty_database(monkeypatch: pytest.MonkeyPatch, empty_db_path: Path) -> None:
    at = run_page(monkeypatch, empty_db_path, PAGE)
    assert not at.exception
    assert any(info.value.startswith("Aucune donnée de démarche") for info in at.info)
    assert not at.table and not at.get("plotly_chart")
