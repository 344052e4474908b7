"""Auto-évaluation page through app.py: demo database (40 Vendômois actors, two rounds) and empty database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.pages import run_page

PAGE = "pages/autoevaluation.py"


def chart_titles(at) -> list[str]:
    return [json.loads(chart.proto.spec)["layout"]["title"]["text"] for chart in at.get("plotly_chart")]


def test_demo_aggregate_of_the_vendomois(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    at = run_page(monkeypatch, demo_db_path, PAGE, {"territoire": "epci:200072072", "annee": "2026"})
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Acteurs répondants"] == "40"
    assert metrics["Score moyen"].endswith("/5")
    assert metrics["Progression des acteurs"].startswith("+")
    captions = "\n".join(c.value for c in at.caption)
    assert "80 réponses au total" in captions
    assert "sur 40 acteurs ayant répondu au moins deux fois" in captions
    (radar,) = chart_titles(at)  # the first tab: the scores by theme
    assert "Score moyen par thème" in radar
    assert not at.dataframe  # the levels, the yearly series and the table are drawn when their tab is opened
    at.session_state["sa.views"] = "Niveaux atteints"  # a click on the tab: the page reruns and draws it
    at.run()
    assert not at.exception
    (levels,) = chart_titles(at)
    assert "par niveau" in levels
    assert "Niveaux : Niveau débutant à partir de 0,0/5" in "\n".join(c.value for c in at.caption)
    at.session_state["sa.views"] = "Évolution par année"
    at.run()
    assert not at.exception
    (yearly,) = chart_titles(at)
    assert "réponses de chaque année" in yearly
    titles = [radar, levels, yearly]
    at.session_state["sa.views"] = "Détail par thème"
    at.run()
    assert not at.exception and not chart_titles(at)
    assert "« Acteurs suivis » : les 40 acteurs ayant répondu au moins deux fois" in "\n".join(
        c.value for c in at.caption
    )
    table = at.dataframe[0].value
    assert list(table["Thème"]) == [
        "Énergie",
        "Déchets et économie circulaire",
        "Eau, agriculture, biodiversité",
        "Mobilité",
    ]
    assert all("," in value for value in table["Score moyen (dernière réponse)"])  # French decimals
    assert len(titles) == 3
    assert all("Communauté d'agglomération Territoires Vendômois" in title for title in titles)


def test_period_before_any_response_says_there_is_none(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    at = run_page(monkeypatch, demo_db_path, PAGE, {"territoire": "epci:200072072", "annee": "2023"})
    assert not at.exception
    assert any("Aucune donnée d'auto-évaluation" in info.value for info in at.info)


def test_year_change_from_the_sidebar_cuts_later_responses(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    at = run_page(monkeypatch, demo_db_path, PAGE, {"territoire": "epci:200072072", "annee": "2026"})
    at.selectbox(key="sidebar.year").set_value(2024).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Acteurs répondants"] == "40"
    assert metrics["Progression des acteurs"] == "s"  # one round only by the end of 2024
    assert "40 réponses au total" in "\n".join(c.value for c in at.caption)


def test_empty_database(monkeypatch: pytest.MonkeyPatch, empty_db_path: Path) -> None:
    at = run_page(monkeypatch, empty_db_path, PAGE)
    assert not at.exception
    assert any("Aucune donnée" in info.value for info in at.info)
