"""Sidebar filters through app.py: defaults, changes reflected in the header and the URL, URL restore."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.runtime.state.query_params import QueryParams
from streamlit.testing.v1 import AppTest

from tests.pages import run_page

VENDOMOIS = "epci:200072072"


def header(at: AppTest) -> str:
    """The header as read on screen: the Markdown escapes of names (dashboard.ui.text.md_escape) removed."""
    return re.sub(r"\\(.)", r"\1", at.markdown[0].value)


def params(at: AppTest) -> dict[str, str]:
    return dict(at.query_params)


def companies(at: AppTest) -> str:
    return next(m.value for m in at.metric if m.label == "Entreprises mobilisées")


def test_defaults_when_the_url_is_empty(monkeypatch: pytest.MonkeyPatch, small_db_path: Path) -> None:
    at = run_page(monkeypatch, small_db_path)
    assert not at.exception
    assert header(at).startswith("**CA Territoires Vendômois — Intercommunalité (EPCI)** · Année 2022")
    assert params(at) == {"territoire": VENDOMOIS, "annee": "2022", "trimestre": "0"}
    assert at.selectbox(key="sidebar.level").value == "epci"
    assert at.selectbox(key="sidebar.territory").value == VENDOMOIS


def test_changing_the_level_picks_the_containing_territory(
    monkeypatch: pytest.MonkeyPatch, small_db_path: Path
) -> None:
    at = run_page(monkeypatch, small_db_path)
    at.selectbox(key="sidebar.level").set_value("departement").run()
    assert not at.exception
    assert header(at).startswith("**Loir-et-Cher — Département**")
    assert params(at)["territoire"] == "departement:41"
    at.selectbox(key="sidebar.level").set_value("region").run()
    assert header(at).startswith("**Centre-Val de Loire — Région**")
    assert params(at)["territoire"] == "region:24"


def test_communes_are_chosen_within_a_department(monkeypatch: pytest.MonkeyPatch, small_db_path: Path) -> None:
    at = run_page(monkeypatch, small_db_path)
    at.selectbox(key="sidebar.level").set_value("commune").run()
    assert params(at)["territoire"] == "commune:41269"  # the most active commune of the Vendômois
    assert at.selectbox(key="sidebar.departement").value == "departement:41"
    assert at.selectbox(key="sidebar.territory").options == ["Saint-Ouen (41226)", "Vendôme (41269)"]
    at.selectbox(key="sidebar.departement").set_value("departement:34").run()
    assert params(at)["territoire"] == "commune:34284"
    at.selectbox(key="sidebar.territory").set_value("commune:34099").run()
    assert not at.exception
    assert header(at).startswith("**Courniou — Commune**")
    assert params(at)["territoire"] == "commune:34099"


def test_a_commune_is_found_in_all_of_france(monkeypatch: pytest.MonkeyPatch, small_db_path: Path) -> None:
    at = run_page(monkeypatch, small_db_path)
    at.selectbox(key="sidebar.level").set_value("commune").run()
    assert at.selectbox(key="sidebar.departement").value == "departement:41"
    at.text_input(key="sidebar.commune_search").input("courn").run()  # a commune of the Hérault, from Loir-et-Cher
    results = at.selectbox(key="sidebar.commune_search_pick")
    assert results.options == ["Courniou (34)"]
    results.set_value("commune:34099").run()
    assert not at.exception
    assert header(at).startswith("**Courniou — Commune**")
    assert params(at)["territoire"] == "commune:34099"
    assert at.text_input(key="sidebar.commune_search").value == ""
    at.text_input(key="sidebar.commune_search").input("zzz").run()
    assert any("Aucune commune" in caption.value for caption in at.caption)


def test_changing_the_period_updates_header_url_and_figures(
    monkeypatch: pytest.MonkeyPatch, small_db_path: Path
) -> None:
    at = run_page(monkeypatch, small_db_path)
    assert companies(at) == "4"  # Vendômois 2022: A, B, C, E (tests/world/README.md)
    at.selectbox(key="sidebar.year").set_value(2021).run()
    at.selectbox(key="sidebar.quarter").set_value(2).run()
    assert not at.exception
    assert "2e trimestre 2021" in header(at)
    assert params(at) == {"territoire": VENDOMOIS, "annee": "2021", "trimestre": "2"}
    assert companies(at) == "2"  # up to 30/06/2021: A and C (tests/world/README.md)


def test_a_shared_url_is_restored(monkeypatch: pytest.MonkeyPatch, small_db_path: Path) -> None:
    at = run_page(
        monkeypatch, small_db_path, query_params={"territoire": "commune:41226", "annee": "2021", "trimestre": "3"}
    )
    assert not at.exception
    assert header(at).startswith("**Saint-Ouen — Commune** · 3e trimestre 2021")
    assert at.selectbox(key="sidebar.level").value == "commune"
    assert at.selectbox(key="sidebar.territory").value == "commune:41226"
    assert (at.selectbox(key="sidebar.year").value, at.selectbox(key="sidebar.quarter").value) == (2021, 3)


@pytest.mark.parametrize(
    "bad",
    [
        {"territoire": "epci:999999999", "annee": "2022", "trimestre": "0"},
        {"territoire": "epci:2000'; DROP TABLE territory;--", "annee": "abc", "trimestre": "9"},
        {"territoire": "", "annee": "1800", "trimestre": "-1"},
        {"annee": "2015"},  # a year without data
    ],
)
def test_invalid_url_values_fall_back_to_defaults(
    monkeypatch: pytest.MonkeyPatch, small_db_path: Path, bad: dict[str, str]
) -> None:
    at = run_page(monkeypatch, small_db_path, query_params=bad)
    assert not at.exception
    assert header(at).startswith("**CA Territoires Vendômois — Intercommunalité (EPCI)** · Année 2022")
    assert params(at) == {"territoire": VENDOMOIS, "annee": "2022", "trimestre": "0"}  # the URL is normalised


def test_a_programme_perimeter_keeps_its_level(monkeypatch: pytest.MonkeyPatch, small_db_path: Path) -> None:
    at = run_page(monkeypatch, small_db_path)
    at.selectbox(key="sidebar.level").set_value("perimetre").run()
    assert params(at)["niveau"] == "perimetre"
    assert at.selectbox(key="sidebar.territory").options == ["CA Territoires Vendômois — Démarche EIT test"]
    restored = run_page(monkeypatch, small_db_path, query_params=params(at))
    assert restored.selectbox(key="sidebar.level").value == "perimetre"


def test_the_session_keeps_the_selection_when_the_url_loses_it(
    monkeypatch: pytest.MonkeyPatch, small_db_path: Path
) -> None:
    at = run_page(monkeypatch, small_db_path, query_params={"territoire": "epci:200066348", "annee": "2021"})
    at.query_params.clear()  # as after a page switch that drops the query string
    at.run()
    assert header(at).startswith("**CC du Minervois au Caroux")
    assert params(at)["territoire"] == "epci:200066348" and params(at)["annee"] == "2021"


def test_a_page_change_writes_the_selection_into_the_url_in_one_message(
    monkeypatch: pytest.MonkeyPatch, small_db_path: Path
) -> None:
    """A click in the page menu sends no query string: the sidebar writes it back in one message, which the browser
    handles as one history entry and one redraw (it was one per parameter: three)."""
    at = run_page(monkeypatch, small_db_path, query_params={"territoire": "epci:200066348", "annee": "2021"})
    sent: list[str] = []
    original = QueryParams._send_query_param_msg
    monkeypatch.setattr(QueryParams, "_send_query_param_msg", lambda self: (sent.append(str(self)), original(self)))
    at.query_params.clear()  # as after a click in the page menu
    at.run()
    assert len(sent) == 1
    assert params(at) == {"territoire": "epci:200066348", "annee": "2021", "trimestre": "0"}
    at.run()  # nothing to write when the URL already says it
    assert len(sent) == 1
