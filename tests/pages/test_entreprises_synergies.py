"""Entreprises et diagnostics, Synergies: pages through app.py on the test world (tests/world/README.md §2, its
hand counts §6; filters and selections), on the demo database and on an empty database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.pages import run_page
from tests.world.build import VENDOMOIS, build_world_db

COMPANIES = "pages/entreprises.py"
SYNERGIES = "pages/synergies.py"


@pytest.fixture(scope="module")
def eit_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The world with its data stopping on 30/06/2023, so that 2022 is whole and 2023 half."""
    return build_world_db(tmp_path_factory.mktemp("eit") / "eit.duckdb", data_as_of="2023-06-30")


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _text(at) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info])


def _open_synergies_tab(at, label: str):
    """A click on one of the synergies page's tabs: only the open one is drawn (dashboard.ui.lazy)."""
    at.session_state["synergies.section"] = label
    return at.run()


# ---------------------------------------------------------------------------------------------- entreprises
def test_registers_and_filters(monkeypatch: pytest.MonkeyPatch, eit_db_path: Path) -> None:
    at = run_page(monkeypatch, eit_db_path, COMPANIES, {"territoire": VENDOMOIS, "annee": "2022"})
    assert not at.exception
    # A B C E F; dA1 dA2 dB1; in f1 f6; out f0 f2 f3 (A) f4 f5 (B): every record, whatever the year
    assert _metrics(at) == {"Entreprises": "5", "Diagnostics": "3", "Flux entrants": "2", "Flux sortants": "5"}
    assert "Première campagne : 1 entreprise diagnostiquée en 2021" in _text(at)  # A
    companies = at.dataframe[0].value
    assert list(companies["Entreprise"]) == sorted(
        ["Alpha Cartonnage", "Beta Métal", "Gamma Plomberie", "Epsilon Bois", "Phi Coiffure"]
    )
    assert "Delta Conserverie" not in set(companies["Entreprise"])  # Saint-Pons is outside the Vendômois

    at.multiselect(key="registers.filter.sector").set_value(["fabrication"]).run()
    assert _metrics(at)["Entreprises"] == "2"  # B, E
    at.multiselect(key="registers.filter.sector").set_value([]).run()
    at.multiselect(key="registers.filter.category").set_value(["dechet"]).run()
    assert _metrics(at) == {"Entreprises": "2", "Diagnostics": "3", "Flux entrants": "0", "Flux sortants": "4"}
    at.selectbox(key="registers.filter.direction").set_value("in").run()
    assert _metrics(at)["Entreprises"] == "0"
    assert any("Aucune donnée ne correspond" in info.value for info in at.info)
    at.multiselect(key="registers.filter.category").set_value([]).run()
    assert _metrics(at)["Entreprises"] == "2"  # A, C take something in
    at.selectbox(key="registers.filter.direction").set_value("__all__").run()
    at.selectbox(key="registers.filter.year").set_value(2022).run()
    # A and B (dA2, dB1); f3 f4 f5; A's f1 was recorded in 2021, C's f6 is undated
    assert _metrics(at) == {"Entreprises": "2", "Diagnostics": "2", "Flux entrants": "0", "Flux sortants": "3"}
    at.selectbox(key="registers.filter.year").set_value("__all__").run()
    at.text_input(key="registers.filter.search").set_value("beta").run()
    assert _metrics(at)["Entreprises"] == "1"
    assert not at.exception


def test_open_tab_stays_open_when_filters_change(monkeypatch: pytest.MonkeyPatch, eit_db_path: Path) -> None:
    at = run_page(monkeypatch, eit_db_path, COMPANIES, {"territoire": VENDOMOIS, "annee": "2022"})
    at.session_state["registers.tab"] = "Flux"  # a click on the tab: its table only
    at.run()
    assert any("Sens" in frame.value.columns for frame in at.dataframe)
    assert not any("Dernier diagnostic" in frame.value.columns for frame in at.dataframe)  # the companies' table
    at.multiselect(key="registers.filter.category").set_value(["dechet"]).run()
    flows = next(frame.value for frame in at.dataframe if "Sens" in frame.value.columns)
    assert len(flows) == 4  # the four outgoing waste flows (Flux sortants above): f0 f2 f3 f5


def test_company_sheet_and_reference(monkeypatch: pytest.MonkeyPatch, eit_db_path: Path) -> None:
    at = run_page(monkeypatch, eit_db_path, COMPANIES, {"territoire": VENDOMOIS, "annee": "2022"})
    assert not at.get("plotly_chart")  # the Sankey and the sheet: drawn once their section is opened
    assert not any(box.key == "registers.sheet.company" for box in at.selectbox)
    at.session_state["registers.sankey.open"] = True  # a click on « Flux du territoire par catégorie »
    at.run()
    (sankey,) = at.get("plotly_chart")
    spec = json.loads(sankey.proto.spec)
    assert spec["data"][0]["type"] == "sankey"
    assert "CA Territoires Vendômois" in spec["layout"]["title"]["text"]
    at.session_state["registers.sankey.open"] = False  # closed again: not drawn
    at.session_state["registers.sheet.open"] = True  # a click on « Fiche entreprise »
    at.run()
    assert not at.get("plotly_chart")
    at.selectbox(key="registers.sheet.company").set_value("A").run()
    assert not at.exception
    text = _text(at)
    assert "**Commune** : Vendôme" in text and "Synergies (2)" in text
    tables = [frame.value for frame in at.dataframe]
    sheet_synergies = next(frame for frame in tables if "Autres participants" in frame.columns)
    assert list(sheet_synergies["Synergie"]) == ["Cartons", "Achat groupé d'énergie"]  # S1, S5
    assert "Fournisseur du flux" in set(sheet_synergies["Rôle"])
    assert not any("Peut alimenter" in frame.columns for frame in tables)  # its tab is drawn when opened
    at.session_state["registers.tab"] = "Nomenclature et compatibilités"  # a click on the tab
    at.run()
    assert not at.exception
    tables = [frame.value for frame in at.dataframe]
    assert not any("Dernier diagnostic" in frame.columns for frame in tables)  # the companies' tab is not drawn
    nomenclature = next(frame for frame in tables if "Chapitre liste des déchets" in frame.columns)
    assert len(nomenclature) == 111  # every category of data/reference/flow_categories.csv
    compatibility = next(frame for frame in tables if "Peut alimenter" in frame.columns)
    # the 56 pairs of data/reference/flow_compatibility.csv by output then input label
    assert compatibility.values.tolist()[0][:2] == [
        "Articles déclassés réemployables",
        "Matières premières et produits",
    ]


def test_companies_on_the_demo(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    at = run_page(monkeypatch, demo_db_path, COMPANIES, {"territoire": VENDOMOIS, "annee": "2026"})
    assert not at.exception
    assert "Première campagne : 70 entreprises diagnostiquées en 2018" in _text(at)  # seed 002
    assert int(_metrics(at)["Entreprises"].replace("\u202f", "")) >= 70


# ---------------------------------------------------------------------------------------------- synergies
def test_synergies_funnel_list_and_detail(monkeypatch: pytest.MonkeyPatch, eit_db_path: Path) -> None:
    at = run_page(monkeypatch, eit_db_path, SYNERGIES, {"territoire": VENDOMOIS, "annee": "2022"})
    assert not at.exception
    metrics = _metrics(at)
    assert metrics["Synergies engagées"] == "4"  # S1 S5 S6 S7
    assert metrics["Synergies réalisées"] == "2"  # S1 S6
    assert metrics["Taux de réalisation"] == "40\u00a0%"  # 2 / 5
    assert metrics["Délai médian de réalisation"] == "227 jours"  # 181 and 273 days
    text = _text(at)
    assert "5 synergies identifiées au 31/12/2022" in text
    assert "Abandonnées : 1" in text and "Non rentable : 1" in text  # S2
    (funnel,) = (table.value for table in at.table)  # the funnel's tab only: the others are drawn when chosen
    assert list(funnel["Ont atteint l'étape"]) == ["5", "4", "3", "2"]  # S7 reached « en cours »
    assert list(funnel["Passage à l'étape suivante"]) == ["80\u00a0%", "75\u00a0%", "67\u00a0%", "–"]
    # S1's 12,5 t, shown without decimals, half to even (fmt_number)
    (impacts,) = (table.value for table in _open_synergies_tab(at, "Impacts des synergies réalisées").table)
    assert impacts.loc["Tonnes valorisées ou évitées par an", "Total"] == "12"

    listing = _open_synergies_tab(at, "Liste des synergies")
    listing.multiselect(key="synergies.filter.status").set_value(["in_progress"]).run()
    assert "1 synergie affichée sur 5." in _text(at)  # S7, in progress since 03/10/2022
    at.multiselect(key="synergies.filter.status").set_value(["abandoned"]).run()
    assert "1 synergie affichée sur 5." in _text(at)
    at.selectbox(key="synergies.detail").set_value("S2").run()
    assert not at.exception
    tables = [frame.value for frame in at.dataframe]
    history = next(frame for frame in tables if "Motif d'abandon" in frame.columns)
    assert list(history["Statut"]) == ["Identifiée", "Abandonnée"]
    assert list(history["Motif d'abandon"])[-1] == "Non rentable"
    participants = next(frame for frame in tables if "Rôle" in frame.columns and "Commune" in frame.columns)
    assert list(participants["Entreprise"]) == ["Beta Métal"]


def test_synergies_year_change_from_the_sidebar(monkeypatch: pytest.MonkeyPatch, eit_db_path: Path) -> None:
    at = run_page(monkeypatch, eit_db_path, SYNERGIES, {"territoire": VENDOMOIS, "annee": "2022"})
    at.selectbox(key="sidebar.year").set_value(2023).run()
    assert not at.exception
    assert _metrics(at)["Synergies réalisées"] == "3"  # S5 realised in April 2023
    assert "6 synergies identifiées au 30/06/2023" in _text(at)  # S3 too; the data stop at 30/06/2023
    _open_synergies_tab(at, "Substitution et mutualisation par année").radio(
        key="synergies.per_year.measure"
    ).set_value("realised").run()
    assert not at.exception


@pytest.mark.parametrize(
    ("page", "message"),
    [
        (SYNERGIES, "Aucune donnée de synergie pour Courniou"),
        (COMPANIES, "Aucune donnée d'entreprise localisée sur Courniou"),
    ],
)
def test_territory_without_records(monkeypatch: pytest.MonkeyPatch, eit_db_path: Path, page: str, message: str) -> None:
    at = run_page(monkeypatch, eit_db_path, page, {"territoire": "commune:34099", "annee": "2022"})
    assert not at.exception
    assert any(message in info.value for info in at.info)


def test_synergies_on_the_demo_match_the_home_page(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    at = run_page(monkeypatch, demo_db_path, SYNERGIES, {"territoire": VENDOMOIS, "annee": "2026"})
    assert not at.exception
    home = run_page(monkeypatch, demo_db_path, "pages/accueil.py", {"territoire": VENDOMOIS, "annee": "2026"})
    assert _metrics(at)["Synergies engagées"] == _metrics(home)["Synergies engagées"]
    assert "38 synergies identifiées au 31/10/2026" in _text(at)  # the data stop at 31/10/2026


@pytest.mark.parametrize("page", [COMPANIES, SYNERGIES])
def test_empty_database(monkeypatch: pytest.MonkeyPatch, empty_db_path: Path, page: str) -> None:
    at = run_page(monkeypatch, empty_db_path, page)
    assert not at.exception
    assert any("Aucune donnée" in info.value for info in at.info)


def test_impacts_detail_is_drawn_once_opened(monkeypatch: pytest.MonkeyPatch, eit_db_path: Path) -> None:
    at = run_page(monkeypatch, eit_db_path, SYNERGIES, {"territoire": VENDOMOIS, "annee": "2022"})

    def detail_tables() -> list:
        return [f.value for f in at.dataframe if {"Synergie", "Impact"} <= set(f.value.columns)]

    _open_synergies_tab(at, "Impacts des synergies réalisées")
    assert not detail_tables()  # closed: neither built nor sent
    at.session_state["synergies.impacts.detail.open"] = True  # a click on « Détail des impacts… »
    at.run()
    assert not at.exception
    (detail,) = detail_tables()
    assert len(detail) >= 1
