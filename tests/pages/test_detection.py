"""Détection de synergies page through app.py: proposals, filters, accepting and dismissing through the UI.

Accepting and dismissing write: those tests run on their own copy of the demo database (`run_page(copy=False)`
on a file of theirs), so that the other page tests keep the demo's figures.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.codes import FlowFamily
from dashboard.detection.preview import detection_preview
from dashboard.ui.cache import get_database
from dashboard.ui.detection import LISTED, SECTIONS_KEY, ZOOM_KEY
from tests.pages import run_page

PAGE = "pages/detection.py"
VENDOMOIS = {"territoire": "epci:200072072", "annee": "2026"}


def text(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption]).replace("\u202f", " ")


def counts(at: AppTest) -> tuple[int, int]:
    """(shown, total) from « 376 pistes affichées sur 1 208 proposées »."""
    match = re.search(r"\*\*([\d ]+) pistes affichées sur ([\d ]+) proposées", text(at))
    assert match, "no proposal count on the page"
    return tuple(int(group.replace(" ", "")) for group in match.groups())  # type: ignore[return-value]


def table(at: AppTest):
    return at.dataframe[0].value


@pytest.fixture
def own_demo(demo_db_path: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "demo.duckdb"
    shutil.copy2(demo_db_path, copy)
    return copy


def test_demo_proposals_of_the_vendomois(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    at = run_page(monkeypatch, demo_db_path, PAGE, VENDOMOIS)
    assert not at.exception
    assert at.title[0].value == "Détection de synergies"
    shown, total = counts(at)
    assert total == 1_208 and 0 < shown < total  # the 50 % default score hides the weakest ones
    assert "(1 152 substitutions, 56 mutualisations)" in text(at)
    rows = table(at)
    assert list(rows.columns) == ["Score", "Piste", "Entreprises", "Distance", "Explication"]
    assert shown > LISTED and len(rows) == LISTED  # the best 200 on screen, all of them in the download
    total_shown = f"{shown:,}".replace(",", " ")  # French thousands, as text() folds them
    listed = "Les 200 pistes les mieux notées sont listées ici et dans le choix ci-dessous, sur "
    assert listed + total_shown in text(at)
    assert len(at.selectbox(key="detect.proposal").options) == LISTED
    labels = [b.label.replace("\u202f", " ") for b in at.get("download_button")]  # the maps' PNG too
    assert f"Télécharger les {total_shown} pistes affichées (CSV)" in labels
    assert rows["Score"].iloc[0].replace("\u202f", " ").replace("\u00a0", " ") == "95 %"
    assert rows["Explication"].iloc[0].startswith("Cartons et papiers (sortant, 30,3 t/an) de Négoce de matériaux 025")
    # The choice list names the companies: two proposals to two companies never look identical.
    assert (
        at.selectbox(key="detect.proposal")
        .format_func(at.selectbox(key="detect.proposal").value)
        .endswith("· Négoce de matériaux 025 (démo) → Plomberie chauffage 096 (démo)")
    )
    assert [tab.label for tab in at.tabs] == ["Liste des pistes", "Carte des pistes"]
    assert not at.get("plotly_chart")  # the list first; the overview map once its tab is opened
    at.session_state[SECTIONS_KEY] = "Carte des pistes"  # a click on the tab (dashboard.ui.lazy)
    at.run()
    assert not at.exception
    assert not at.dataframe  # the list's tab is closed: its table is neither built nor sent
    assert len(at.selectbox(key="detect.proposal").options) == LISTED  # the decision stays under both tabs
    maps = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    assert len(maps) == 1  # the preview; the zoom on the selected proposal once its expander is opened
    names = [trace.get("name", "") for trace in maps[0]["data"]]
    assert "Piste sélectionnée" in names and any(name.startswith("Substitutions (") for name in names)
    at.session_state[ZOOM_KEY] = True  # a click on « Carte zoomée sur la piste sélectionnée »
    at.run()
    assert not at.exception
    maps = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    assert len(maps) == 2
    assert all(spec["layout"]["geo"]["visible"] is False for spec in maps)  # SVG, no base layer, no tile
    zoom_names = [trace.get("name", "") for trace in maps[1]["data"]]
    assert "Piste sélectionnée" in zoom_names and not any(name.startswith("Substitutions (") for name in zoom_names)
    span = [
        spec["layout"]["geo"]["lonaxis"]["range"][1] - spec["layout"]["geo"]["lonaxis"]["range"][0] for spec in maps
    ]
    assert span[1] < span[0]  # fitted to the proposal


def test_filters_change_the_proposals(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    at = run_page(monkeypatch, demo_db_path, PAGE, VENDOMOIS)
    at.checkbox(key="detect.type.substitution").uncheck().run()
    assert not at.exception
    assert all(title.startswith("Mutualisation") for title in table(at)["Piste"])
    at.checkbox(key="detect.type.substitution").check().run()
    at.multiselect(key="detect.families").set_value([FlowFamily.ENERGIE]).run()
    assert all("énergie" in row.lower() or "chaleur" in row.lower() for row in table(at)["Explication"])
    at.multiselect(key="detect.families").set_value([]).run()
    at.slider(key="detect.min_score").set_value(0).run()
    assert counts(at) == (1_208, 1_208)
    at.slider(key="detect.radius").set_value(2).run()
    assert not at.exception
    narrower, _ = counts(at)
    assert narrower < 1_208  # fewer companies within 2 km
    at.slider(key="detect.min_score").set_value(100).run()
    assert any("Aucune piste ne correspond" in info.value for info in at.info)


def test_accepting_creates_the_synergy_with_its_participants(monkeypatch: pytest.MonkeyPatch, own_demo: Path) -> None:
    at = run_page(monkeypatch, own_demo, PAGE, VENDOMOIS, copy=False)
    key = at.selectbox(key="detect.proposal").value
    at.button(key="detect.accept").click().run()
    assert not at.exception
    # the message's Markdown source escapes the imported names (dashboard.ui.text.md_escape): read it as shown
    success = re.sub(r"\\(.)", r"\1", "\n".join(s.value for s in at.success))
    assert "Synergie créée : « Substitution : Cartons et papiers vers Emballages et calage »" in success
    assert (
        "Négoce de matériaux 025 (démo) (fournisseur du flux), Plomberie chauffage 096 (démo) (receveur du flux)"
        in success
    )
    db = get_database()
    synergy = db.query_df("SELECT * FROM synergy_current WHERE source = $source", {"source": f"detection:{key}"})
    assert len(synergy) == 1
    assert (synergy.loc[0, "origin"], synergy.loc[0, "status"], synergy.loc[0, "synergy_type"]) == (
        "detection",
        "identified",
        "substitution",
    )
    assert synergy.loc[0, "territory_id"] == "epci:200072072" and bool(synergy.loc[0, "is_demo"])
    participants = db.query_rows(
        "SELECT c.name, p.role FROM synergy_participant p JOIN company c USING (company_id) "
        "WHERE synergy_id = $id ORDER BY role DESC",
        {"id": synergy.loc[0, "synergy_id"]},
    )
    assert participants == [
        ("Négoce de matériaux 025 (démo)", "supplier"),
        ("Plomberie chauffage 096 (démo)", "receiver"),
    ]
    # not proposed again, on the page (its choice fell back to another proposal) and by the engine; the total
    # may stay the same: the supplier's next-best receiver beyond the top 5 per output can take the place
    assert at.selectbox(key="detect.proposal").value != key
    assert at.selectbox(key="detect.proposal").value in set(
        detection_preview(db, "epci:200072072", 10.0).proposals["proposal_key"]
    )
    assert key not in set(detection_preview(db, "epci:200072072", 10.0).proposals["proposal_key"])
    # the map page draws it among the territory's synergies of 2026 (38 before), identified today
    at.switch_page("pages/carte.py").run()
    assert not at.exception
    drawn = 39 if dt.date.today().year <= 2026 else 38  # a synergy identified after 2026 is not in 2026's map
    assert f"{drawn} synergies tracées en fin de période" in text(at)


def test_a_second_tab_never_accepts_another_proposal(monkeypatch: pytest.MonkeyPatch, own_demo: Path) -> None:
    """Two tabs show the same best proposal; A accepts it; B's click is refused (nothing created), never turned
    into the proposal that took its place in B's recomputed list."""
    tab_a = run_page(monkeypatch, own_demo, PAGE, VENDOMOIS, copy=False)
    tab_b = run_page(monkeypatch, own_demo, PAGE, VENDOMOIS, copy=False)
    displayed = tab_b.selectbox(key="detect.proposal").value
    assert tab_a.selectbox(key="detect.proposal").value == displayed
    tab_a.button(key="detect.accept").click().run()
    assert not tab_a.exception and tab_a.success
    tab_b.button(key="detect.accept").click().run()
    assert not tab_b.exception
    assert any("n’est plus proposée" in error.value for error in tab_b.error)
    sources = get_database().query_rows("SELECT source FROM synergy WHERE origin = 'detection'")
    assert sources == [(f"detection:{displayed}",)]


def test_dismissing_remembers_the_proposal(monkeypatch: pytest.MonkeyPatch, own_demo: Path) -> None:
    at = run_page(monkeypatch, own_demo, PAGE, VENDOMOIS, copy=False)
    at.selectbox(key="detect.proposal").select_index(1).run()
    key = at.selectbox(key="detect.proposal").value
    first = at.selectbox(key="detect.proposal").options[0]
    at.text_input(key="detect.comment").input("Échange déjà en place").run()
    at.button(key="detect.dismiss").click().run()
    assert not at.exception
    assert any("Piste écartée" in s.value and "ne sera plus proposée" in s.value for s in at.success)
    db = get_database()
    assert db.query_rows("SELECT comment FROM synergy_dismissal WHERE proposal_key = $k", {"k": key}) == [
        ("Échange déjà en place",)
    ]
    assert at.selectbox(key="detect.proposal").value != key
    assert at.selectbox(key="detect.proposal").options[0] == first  # the best one is still there
    assert db.query_value("SELECT count(*) FROM synergy WHERE origin = 'detection'") == 0  # nothing created
    at.slider(key="detect.radius").set_value(15).run()  # another radius: still not proposed
    assert key not in set(detection_preview(db, "epci:200072072", 15.0).proposals["proposal_key"])


def test_territory_without_flows(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    at = run_page(monkeypatch, demo_db_path, PAGE, {"territoire": "commune:41001", "annee": "2026"})  # Ambloy
    assert not at.exception
    assert any("aucun flux à comparer" in info.value for info in at.info)


def test_empty_database(monkeypatch: pytest.MonkeyPatch, empty_db_path: Path) -> None:
    at = run_page(monkeypatch, empty_db_path, PAGE)
    assert not at.exception
    assert any("Aucune donnée : aucun flux à comparer" in info.value for info in at.info)
