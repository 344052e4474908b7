"""Carte page through app.py: demo database, the home page's hand-counted database, empty database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.codes import FlowFamily
from dashboard.eit.maps import CommuneMeasure
from dashboard.ui.carte import SECTIONS_KEY, TABLE_KEY
from tests.pages import run_page
from tests.world.build import build_world_db

PAGE = "pages/carte.py"
VENDOMOIS = {"territoire": "epci:200072072", "annee": "2026"}


def specs(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def trace_names(spec: dict) -> list[str]:
    return [trace.get("name", "") for trace in spec["data"]]


def text(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption]).replace("\u202f", " ")


def open_section(at: AppTest, label: str) -> AppTest:
    """A click on one of the page's two tabs: only the open one's map is drawn (dashboard.ui.lazy)."""
    at.session_state[SECTIONS_KEY] = label
    return at.run()


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_world_db(tmp_path_factory.mktemp("carte") / "small.duckdb")


def test_demo_map_of_the_vendomois(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    at = run_page(monkeypatch, demo_db_path, PAGE, VENDOMOIS)
    assert not at.exception
    assert at.title[0].value == "Carte"
    assert [tab.label for tab in at.tabs] == ["Entreprises et synergies", "Chiffres par commune"]
    assert "**110 entreprises sur la carte** · 38 synergies tracées en fin de période" in text(at)
    (companies,) = specs(at)  # one map at a time: the commune figures' map once its tab is opened
    assert companies["layout"]["geo"]["visible"] is False  # SVG maps over our boundaries: no base layer, no tile
    names = trace_names(companies)
    assert "Fabrication (19)" in names and "Réalisée (19)" in names
    assert "Communauté d'agglomération Territoires Vendômois" in companies["layout"]["title"]["text"]
    assert "(démo)" in json.dumps(companies, ensure_ascii=False)  # names in the hover, by default
    assert "Total du territoire" not in text(at)

    open_section(at, "Chiffres par commune")
    assert not at.exception
    (choropleth,) = specs(at)
    assert choropleth["layout"]["geo"]["visible"] is False
    assert [trace["type"] for trace in choropleth["data"]] == ["scattergeo", "choropleth"]  # the anchor first
    assert len(choropleth["data"][1]["locations"]) == 65  # the EPCI's communes
    assert "Total du territoire : 110 entreprises mobilisées." in text(at)


def test_colour_filter_links_and_names(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    at = run_page(monkeypatch, demo_db_path, PAGE, VENDOMOIS)
    at.radio(key="map.colour_by").set_value("flow_family").run()
    assert not at.exception
    names = trace_names(specs(at)[0])
    assert any(name.startswith("Déchets (") for name in names)
    assert not any(name.startswith("Fabrication") for name in names)

    at.multiselect(key="map.families").set_value([FlowFamily.EAU]).run()
    # the Vendômois companies recording a water flow (demo: SELECT count(DISTINCT company_id) … family = 'eau')
    assert "**20 entreprises sur la carte**" in text(at)

    at.toggle(key="map.show_links").set_value(False).run()
    assert not any(name.startswith("Réalisée") for name in trace_names(specs(at)[0]))
    assert "synergies tracées" not in text(at)

    at.toggle(key="map.show_names").set_value(False).run()
    assert not at.exception
    assert "(démo)" not in json.dumps(specs(at)[0], ensure_ascii=False)  # no company name anywhere

    # a look at the commune figures and back: every choice kept (names turned off before a COPIL stay off)
    open_section(at, "Chiffres par commune")
    open_section(at, "Entreprises et synergies")
    assert not at.exception
    assert at.toggle(key="map.show_names").value is False and at.toggle(key="map.show_links").value is False
    assert at.radio(key="map.colour_by").value == "flow_family"
    assert "**20 entreprises sur la carte**" in text(at)
    assert "(démo)" not in json.dumps(specs(at)[0], ensure_ascii=False)


def test_choropleth_measure_matches_the_home_page(monkeypatch: pytest.MonkeyPatch, small_db: Path) -> None:
    # the test world's Vendômois in 2022 (tests/world/README.md): 4 companies mobilised, 3 diagnostics, 7 flows;
    # the map places every company located there (dashboard.eit.maps): A, B, E, F in Vendôme and C in Saint-Ouen:
    # 5, F too (it only answered the self-assessment, never mobilised); B alone has coordinates, 4 at the centre
    at = run_page(monkeypatch, small_db, PAGE, {"territoire": "epci:200072072", "annee": "2022"})
    assert not at.exception
    assert "**5 entreprises sur la carte** · dont 4 placées au centre de leur commune" in text(at)
    open_section(at, "Chiffres par commune")
    assert "Total du territoire : 4 entreprises mobilisées." in text(at)
    at.selectbox(key="map.measure").set_value(CommuneMeasure.FLOWS).run()
    assert "Total du territoire : 7 flux enregistrés." in text(at)
    (choropleth,) = specs(at)
    title = choropleth["layout"]["title"]["text"]
    assert title.startswith("<b>Flux enregistrés par commune</b>")
    at.selectbox(key="map.measure").set_value(CommuneMeasure.DIAGNOSTICS).run()
    assert "Total du territoire : 3 diagnostics réalisés." in text(at)
    assert not at.dataframe  # the table by commune: drawn once its expander is opened
    at.session_state[TABLE_KEY] = True
    at.run()
    (table,) = at.dataframe
    assert sum(int(value.replace("\u202f", "")) for value in table.value["Diagnostics réalisés"]) == 3
    # back to the companies and again to the figures: the measure chosen is kept
    open_section(at, "Entreprises et synergies")
    open_section(at, "Chiffres par commune")
    assert "Total du territoire : 3 diagnostics réalisés." in text(at)


def test_territory_without_company(monkeypatch: pytest.MonkeyPatch, small_db: Path) -> None:
    at = run_page(monkeypatch, small_db, PAGE, {"territoire": "commune:34099", "annee": "2022"})  # Courniou
    assert not at.exception
    assert any("Aucune entreprise enregistrée dans les communes de Courniou" in info.value for info in at.info)


def test_empty_database(monkeypatch: pytest.MonkeyPatch, empty_db_path: Path) -> None:
    at = run_page(monkeypatch, empty_db_path, PAGE)
    assert not at.exception
    assert any("Aucune donnée" in info.value for info in at.info)
