"""Home page through app.py: demo database, small hand-counted database, empty database, empty territory."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.db import Database
from tests.factories import insert_test_territories
from tests.pages import run_page
from tests.world.build import build_world_db

HEADLINE_LABELS = [
    "Entreprises mobilisées",
    "Diagnostics réalisés",
    "Flux recensés",
    "Synergies engagées",
    "Ateliers et rencontres",
    "Réunions de pilotage",
]


def metrics_by_label(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_world_db(tmp_path_factory.mktemp("home") / "small.duckdb")


def test_home_on_the_demo_database(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    at = run_page(monkeypatch, demo_db_path)
    assert not at.exception
    assert at.title[0].value == "Accueil"
    # the most active territory of the demo, at the latest year with data
    assert at.markdown[0].value.startswith("**Communauté d'agglomération Territoires Vendômois — Intercommunalité")
    assert at.query_params["territoire"] == "epci:200072072"
    assert "Données de démonstration" in at.markdown[0].value
    assert list(metrics_by_label(at)) == HEADLINE_LABELS
    text = captions(at)
    # the Vendômois action sheet's figures (seed 002), shown against the computed realisations
    assert "Objectif 2022 : 100 (EIT sur le Vendômois)" in text
    assert "Référence 2019 : 70" in text
    assert "Objectif 2022 : 24 (EIT sur le Vendômois)" in text
    assert len(at.get("plotly_chart")) == 2


def test_home_figures_are_the_hand_counts(monkeypatch: pytest.MonkeyPatch, small_db: Path) -> None:
    at = run_page(monkeypatch, small_db)
    assert not at.exception
    # the test world's hand counts for the Vendômois, 2022 (tests/world/README.md)
    assert metrics_by_label(at) == dict(zip(HEADLINE_LABELS, ["4", "3", "7", "4", "2", "1"], strict=True))
    text = captions(at)
    assert "Objectif 2022 : 14 (CA Territoires Vendômois) — 50\u00a0% atteint" in text  # flows: its own target
    assert "Objectif 2022 : 6 (Démarche EIT test) — 67\u00a0% atteint" in text  # companies: the programme's
    assert "Objectif 2022 : 2 (Démarche EIT test) — 200\u00a0% atteint" in text  # synergies: S1 S5 S6 S7
    assert "cumul au 30/11/2022" in text  # the period is cut at the data date
    assert len(at.get("plotly_chart")) == 2
    assert at.expander[0].label == "Comment ces chiffres sont-ils calculés ?"
    # links only to the pages app.py registers
    assert [link.proto.page for link in at.page_link] == ["objectifs", "programmes", "conventions", "donnees"]


def test_home_on_the_empty_database(monkeypatch: pytest.MonkeyPatch, empty_db_path: Path) -> None:
    at = run_page(monkeypatch, empty_db_path)
    assert not at.exception
    assert "ne contient encore aucune donnée" in at.info[0].value
    assert at.code[0].value == "python -m dashboard build-demo"
    assert not at.metric


def test_home_on_a_geography_without_records(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    db = Database(tmp_path / "geo.duckdb")
    with db.transaction() as cur:
        insert_test_territories(cur)
    db.close()
    at = run_page(monkeypatch, tmp_path / "geo.duckdb")
    assert not at.exception
    assert "ne contient encore aucune donnée" in at.info[0].value


def test_home_on_a_territory_without_records(monkeypatch: pytest.MonkeyPatch, small_db: Path) -> None:
    at = run_page(monkeypatch, small_db, query_params={"territoire": "commune:34099"})
    assert not at.exception
    assert at.info[0].value.startswith(
        "Aucun enregistrement (entreprise, diagnostic, synergie, événement ou indicateur) pour Courniou"
    )
    assert "par exemple CA Territoires Vendômois" in at.info[0].value
    assert not at.metric
