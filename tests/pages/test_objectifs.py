"""Objectifs et réalisations through app.py: demo database (Vendômois seed figures), small database, empty."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.codes import Pillar
from dashboard.i18n import label
from tests.pages import run_page
from tests.world.build import build_world_db

PAGE = "pages/objectifs.py"
VENDOMOIS = "epci:200072072"


def open_view(at: AppTest, tab: str) -> AppTest:
    """A click on one of the tabs under the cards: only the open one is drawn (dashboard.ui.lazy)."""
    at.session_state["obj.views"] = tab
    return at.run()


def page_text(at: AppTest) -> str:
    parts = [c.value for c in at.caption] + [m.value for m in at.markdown] + [m.label for m in at.metric]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_world_db(tmp_path_factory.mktemp("objectifs") / "small.duckdb")


def test_objectifs_on_the_demo_shows_the_vendomois_sheet(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    at = run_page(monkeypatch, demo_db_path, PAGE, {"territoire": VENDOMOIS, "annee": "2022"})
    assert not at.exception
    assert at.title[0].value == "Objectifs et réalisations"
    text = page_text(at)
    # seed 002: reference 2019 and targets 2020 / 2022, exactly
    assert "Référence 2019 : 70 · Objectif 2020 : 80 · Objectif 2022 : 100" in text
    assert "Référence 2019 : 3 · Objectif 2020 : 12 · Objectif 2022 : 24" in text
    assert "Référence 2019 : 2 · Objectif 2020 : 6 · Objectif 2022 : 12" in text
    assert "Objectif : EIT sur le Vendômois — CTE Pays Vendômois" in text
    labels = [m.label for m in at.metric]
    assert labels[:3] == [
        "Ateliers ou rencontres organisés",
        "Entreprises mobilisées (diagnostiquées et/ou engagées dans des synergies)",
        "Synergies (hors abandonnées)",
    ]
    assert [tab.label for tab in at.tabs][:4] == [
        "Objectifs : part atteinte",
        "Les trois piliers",
        "Trajectoire",
        "Tous les indicateurs, par pilier",
    ]
    charts = [json.loads(chart.proto.spec)["layout"]["title"]["text"] for chart in at.get("plotly_chart")]
    assert len(charts) == 1 and "Objectifs : part atteinte" in charts[0]  # the open tab's chart only
    assert not at.dataframe  # the radar's and the pillars' tables: once their tab is opened
    open_view(at, "Les trois piliers")
    (radar_table,) = at.dataframe
    assert "Pilier" in radar_table.value.columns


def test_only_the_open_pillar_table_is_drawn(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    at = run_page(monkeypatch, demo_db_path, PAGE, {"territoire": VENDOMOIS, "annee": "2022"})
    open_view(at, "Tous les indicateurs, par pilier")
    pillars = [label(pillar) for pillar in Pillar]
    assert [tab.label for tab in at.tabs][4:] == pillars

    def pillar_tables() -> list:
        return [frame.value for frame in at.dataframe if "Indicateur" in frame.value.columns]

    (first,) = pillar_tables()
    at.session_state["obj.table.pillar"] = pillars[1]  # a click on the second pillar's tab
    at.run()
    assert not at.exception
    (second,) = pillar_tables()
    assert set(first["Indicateur"]).isdisjoint(second["Indicateur"])


def test_objectifs_figures_are_the_hand_counts(monkeypatch: pytest.MonkeyPatch, small_db: Path) -> None:
    at = run_page(monkeypatch, small_db, PAGE, {"territoire": VENDOMOIS, "annee": "2022"})
    assert not at.exception
    values = {m.label: m.value for m in at.metric}
    assert values["Entreprises mobilisées (diagnostiquées et/ou engagées dans des synergies)"] == "4\u00a0entreprises"
    assert values["Déchets d'activités économiques enfouis (t par an)"] == "800\u00a0t/an"
    text = page_text(at)
    assert "67\u00a0% de l'objectif 2022 (6\u00a0entreprises)" in text
    assert "Dans les temps" not in text or "En retard" in text


def test_drill_down_names_only_on_request(monkeypatch: pytest.MonkeyPatch, small_db: Path) -> None:
    at = run_page(monkeypatch, small_db, PAGE, {"territoire": VENDOMOIS, "annee": "2022"})
    assert not any(s.key == "obj.drill.code" for s in at.selectbox)  # closed: neither run nor sent
    at.session_state["obj.drill.open"] = True  # a click on « Ce qu'il y a derrière un chiffre »
    at.run()
    at.selectbox(key="obj.drill.code").set_value("companies_mobilised").run()
    drill = at.dataframe[0].value  # the drill-down table: the first one drawn (then the entry history, if any)
    assert len(drill) == 4  # the hand count: 4 companies mobilised in 2022
    assert any(c.value.startswith("4 enregistrements derrière la valeur") for c in at.caption), [
        c.value for c in at.caption
    ]
    assert "Alpha Cartonnage" not in drill.to_string()  # company A (README.md §2)
    at.checkbox(key="obj.drill.names").check().run()
    assert not at.exception
    assert any("Alpha Cartonnage" in df.value.to_string() for df in at.dataframe)


def test_entry_saves_and_shows_history(monkeypatch: pytest.MonkeyPatch, world_db_file: Path) -> None:
    own = world_db_file  # this test writes: never into the copy the others share
    at = run_page(monkeypatch, own, PAGE, {"territoire": VENDOMOIS, "annee": "2022"})
    assert not any(box.key == "obj.entry.code" for box in at.selectbox)  # the form: drawn once its section is opened
    at.session_state["obj.entry.open"] = True  # a click on « Saisir ou corriger une valeur »
    at.run()
    at.selectbox(key="obj.entry.code").set_value("copil_meetings")
    at.selectbox(key="obj.entry.kind").set_value("actual")
    at.text_input(key="obj.entry.value").input("4")
    at.text_input(key="obj.entry.source").input("Compte rendu du COPIL")
    submit = next(b for b in at.button if b.label == "Enregistrer")  # the form's (the sidebar has Se déconnecter)
    submit.click().run()
    assert not at.exception
    assert any(
        "Valeur enregistrée : Réunions du comité de pilotage (COPIL), réalisé 2022" in s.value for s in at.success
    )
    history = at.dataframe[-1].value
    assert history["Auteur"].tolist() == ["test.admin.all"]  # the signed-in account, no free text (issue 13)
    # a value out of bounds is refused with a French message, nothing saved
    at.text_input(key="obj.entry.value").input("99")
    next(b for b in at.button if b.label == "Enregistrer").click().run()
    assert any("inférieure ou égale à 52" in e.value for e in at.error)
    assert len(at.dataframe[-1].value) == 1
    # 1e400 (infinite once read) is out of range, not an empty value; nothing saved either
    at.text_input(key="obj.entry.value").input("1e400")
    next(b for b in at.button if b.label == "Enregistrer").click().run()
    errors = " ".join(e.value for e in at.error)
    assert "« 1e400 »" in errors and "nombre hors limites" in errors and "vide" not in errors  # shown escaped
    assert len(at.dataframe[-1].value) == 1
    # a French number with a decimal comma is read as written
    at.selectbox(key="obj.entry.code").set_value("fte_dedicated")
    at.text_input(key="obj.entry.value").input("2,5")
    next(b for b in at.button if b.label == "Enregistrer").click().run()
    assert any("2,5" in s.value and "ETP" in s.value for s in at.success)


def test_objectifs_on_an_empty_database(monkeypatch: pytest.MonkeyPatch, empty_db_path: Path) -> None:
    at = run_page(monkeypatch, empty_db_path, PAGE)
    assert not at.exception
    assert "aucune donnée" in at.info[0].value


def test_programme_scope_and_comparison_of_epci(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    at = run_page(monkeypatch, demo_db_path, PAGE, {"territoire": VENDOMOIS, "annee": "2022"})
    at.selectbox(key="obj.scope").set_value("programme|eit_vendomois").run()
    assert not at.exception
    text = page_text(at)
    assert "Référence 2019 : 70 · Objectif 2020 : 80 · Objectif 2022 : 100" in text  # the programme's own targets
    assert not at.get("radio")  # the comparison is closed: neither run nor sent
    at.session_state["obj.compare.open"] = True  # a click on « Comparaison »
    at.run()
    at.radio(key="obj.compare.what").set_value("epci").run()
    assert not at.exception
    assert any(c.value.startswith("Ensemble sans double compte : ") for c in at.caption)


def test_a_quarter_in_progress(monkeypatch: pytest.MonkeyPatch, small_db: Path) -> None:
    at = run_page(monkeypatch, small_db, PAGE, {"territoire": VENDOMOIS, "annee": "2022", "trimestre": "4"})
    assert not at.exception
    assert "Valeurs au 30/11/2022" in page_text(at)  # the data stop before the end of the quarter
