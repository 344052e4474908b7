"""Observatoire de l'artisanat through app.py: demo database (Vendômois, 2026), interactions, empty database."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from dashboard.i18n import fmt_int, t
from tests.pages import run_page

PAGE = "pages/artisanat.py"
VENDOMOIS = {"territoire": "epci:200072072", "annee": "2026"}


def titles(at) -> list[str]:
    return [json.loads(chart.proto.spec)["layout"]["title"]["text"] for chart in at.get("plotly_chart")]


def chart(at, start: str) -> dict:
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    return next(spec for spec in specs if spec["layout"]["title"]["text"].startswith(f"<b>{start}"))


def table_with(at, column: str):
    return next(frame.value for frame in at.dataframe if column in frame.value.columns)


TABS = (
    "Profil du territoire",
    "Familles de métiers",
    "Évolution",
    "Carte des communes",
    "Comparaison",
    "Classement des communes",
    "Qui visiter ?",
)
CHART_TABS = TABS[1:6]  # the profile shows cards, « Qui visiter ? » a list


def open_tab(at, label: str):
    """Choose a tab as a click does: the page reruns and draws that tab only (dashboard.ui.lazy)."""
    at.session_state["artisanat.tab"] = label
    return at.run()


def titles_of_every_tab(at) -> list[str]:
    shown = []
    for label in CHART_TABS:
        shown += titles(open_tab(at, label))
    return shown


def test_demo_profile_of_the_vendomois(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    at = run_page(monkeypatch, demo_db_path, PAGE, VENDOMOIS)
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Établissements"] == "1\u202f289"  # demo statistics, all families, 1 January 2026
    assert metrics["Immatriculations"] == "125"
    assert metrics["Densité pour 10 000 hab."] == "238,3"
    assert metrics["Part des dirigeants de 55 ans ou plus"].endswith("\u00a0%")
    changes = {m.label: m.proto.delta for m in at.metric}  # each card's changes, grey, without an arrow
    assert changes["Établissements"] == "Sur un an : +24 (+1,9\u00a0%) · sur cinq ans : +156 (+13,8\u00a0%)"
    assert changes["Solde immatriculations − radiations"] == "Sur un an : −14 · sur cinq ans : −23"
    captions = "\n".join(c.value for c in at.caption)
    assert "« s » : secret statistique" in captions and "Seuil appliqué : 3 établissements" in captions
    assert not titles(at)  # the profile tab only: its cards; the charts in the other tabs when opened
    shown = titles_of_every_tab(at)
    assert len(shown) == 5  # families, series, map, comparison, ranking
    assert all("Communauté d'agglomération Territoires Vendômois" in title for title in shown)
    assert all("données au 31/10/2026" in title for title in shown)
    assert chart(open_tab(at, "Carte des communes"), "Établissements par commune")["data"][1]["type"] == "choropleth"


def test_only_the_open_tab_is_drawn(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    at = run_page(monkeypatch, demo_db_path, PAGE, VENDOMOIS)
    assert len(at.metric) == 8 and not titles(at) and not at.dataframe  # the profile: its cards only
    open_tab(at, "Familles de métiers")
    (only,) = titles(at)  # the families' chart, nothing of the other tabs
    assert only.startswith("<b>Établissements par famille") and "évolution" not in only
    assert len(at.dataframe) == 1 and not at.metric  # the families' table; the full table once opened
    at.session_state["artisanat.families.detail.open"] = True  # a click on the expander
    at.run()
    families, full_families = (frame.value for frame in at.dataframe)
    assert len(full_families.columns) > len(families.columns)
    open_tab(at, "Évolution")
    (only,) = titles(at)
    assert "évolution" in only.lower() and not at.dataframe
    at.session_state["artisanat.series.detail.open"] = True
    at.run()
    (series,) = (frame.value for frame in at.dataframe)
    assert "Année" in series.columns
    open_tab(at, "Carte des communes")
    assert not at.exception
    assert [chart(at, "Établissements par commune")["data"][0]["type"]] == [
        json.loads(c.proto.spec)["data"][0]["type"] for c in at.get("plotly_chart")
    ]  # the map alone
    assert table_with(at, "Code INSEE") is not None
    assert not at.metric  # the profile's cards are not drawn under the map


def test_a_kept_comparison_is_the_territory_s_own(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    """The territories compared, kept while another tab is open, belong to the territory they were chosen for:
    after a change of territory the comparison offers the new territory's own references, all of them."""
    at = run_page(monkeypatch, demo_db_path, PAGE, VENDOMOIS)
    open_tab(at, "Comparaison")
    assert at.multiselect(key="artisanat.references").value == ["departement:41", "region:24"]  # Loir-et-Cher, CVL
    open_tab(at, "Carte des communes")
    at.query_params["territoire"] = "epci:200066348"  # Minervois au Caroux (Hérault, Occitanie)
    at.run()
    open_tab(at, "Comparaison")
    references = at.multiselect(key="artisanat.references")
    assert not at.exception
    assert references.value == ["departement:34", "region:76"]  # Hérault, Occitanie: not the Vendômois' choice


def test_choices_in_other_tabs_are_kept(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    """The comparison and « Qui visiter ? » tabs are drawn only when open (dashboard.ui.lazy): their choices are
    kept while another tab is open, and given back when they are opened again."""
    at = run_page(monkeypatch, demo_db_path, PAGE, VENDOMOIS)
    assert not at.multiselect and not at.checkbox  # neither tab is drawn under the profile
    open_tab(at, "Comparaison")
    at.multiselect(key="artisanat.references").set_value(["departement:41"]).run()
    open_tab(at, "Qui visiter ?")
    at.checkbox(key="targeting.owners_55").check().run()
    at.multiselect(key="targeting.families").set_value(["batiment"]).run()
    at.checkbox(key="targeting.recent").check().run()
    at.number_input(key="targeting.recent_years").set_value(4).run()
    narrowed = next(m.value for m in at.markdown if "correspond" in m.value)
    open_tab(at, "Carte des communes")
    assert not at.multiselect and not at.checkbox
    open_tab(at, "Comparaison")
    assert at.multiselect(key="artisanat.references").value == ["departement:41"]
    open_tab(at, "Qui visiter ?")
    assert at.checkbox(key="targeting.owners_55").value
    assert at.multiselect(key="targeting.families").value == ["batiment"]
    assert at.number_input(key="targeting.recent_years").value == 4
    assert next(m.value for m in at.markdown if "correspond" in m.value) == narrowed


def test_who_to_visit_stays_drawn_while_its_list_is_shown(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    """The rows picked in the list cannot be given back to a new table: while the list is shown, the tab is drawn
    (hidden) under the others too."""
    at = open_tab(run_page(monkeypatch, demo_db_path, PAGE, VENDOMOIS), "Qui visiter ?")
    at.toggle(key="targeting.show").set_value(True).run()
    open_tab(at, "Carte des communes")
    assert table_with(at, "Pourquoi") is not None  # the list, in its hidden tab
    open_tab(at, "Qui visiter ?")
    assert at.toggle(key="targeting.show").value
    at.toggle(key="targeting.show").set_value(False).run()
    open_tab(at, "Carte des communes")
    assert not at.toggle


def test_who_to_visit_is_not_drawn_hidden_after_a_visit_to_another_page(
    monkeypatch: pytest.MonkeyPatch, demo_db_path: Path
) -> None:
    """Back from another page the picked rows are gone: the tab is drawn when opened again, its list toggle on."""
    at = open_tab(run_page(monkeypatch, demo_db_path, PAGE, VENDOMOIS), "Qui visiter ?")
    at.toggle(key="targeting.show").set_value(True).run()
    open_tab(at, "Carte des communes")
    at.switch_page("pages/carte.py").run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert not at.toggle  # « Qui visiter ? » not computed under the tab shown
    assert not any("Pourquoi" in frame.value.columns for frame in at.dataframe)
    open_tab(at, "Qui visiter ?")
    assert at.toggle(key="targeting.show").value  # its choice given back
    assert table_with(at, "Pourquoi") is not None


def test_indicator_and_family_change_every_chart(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    at = run_page(monkeypatch, demo_db_path, PAGE, VENDOMOIS)
    at.selectbox(key="artisanat.measure").set_value("density").run()
    assert not at.exception
    assert sum(title.startswith("<b>Densité artisanale") for title in titles_of_every_tab(at)) == 5
    open_tab(at, "Profil du territoire")
    at.selectbox(key="artisanat.family").set_value("batiment").run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Établissements"] == "498"  # building trades only
    open_tab(at, "Carte des communes")
    assert "Bâtiment" in chart(at, "Densité artisanale (pour 10 000 habitants) par commune")["layout"]["title"]["text"]


def test_reference_territories_can_be_chosen(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    at = open_tab(run_page(monkeypatch, demo_db_path, PAGE, VENDOMOIS), "Comparaison")
    bars = chart(at, "Établissements (Ensemble de l'artisanat) : comparaison")["data"][0]
    assert bars["x"] == ["Communauté d'agglomération Territoires Vendômois", "Loir-et-Cher", "Centre-Val de Loire"]
    at.multiselect(key="artisanat.references").set_value(["departement:41"]).run()
    assert not at.exception
    bars = chart(at, "Établissements (Ensemble de l'artisanat) : comparaison")["data"][0]
    assert bars["x"] == ["Communauté d'agglomération Territoires Vendômois", "Loir-et-Cher"]
    assert list(table_with(at, "Territoire")["Territoire"]) == bars["x"]


def test_threshold_masks_commune_cells(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    at = open_tab(run_page(monkeypatch, demo_db_path, PAGE, VENDOMOIS), "Carte des communes")
    communes = table_with(at, "Code INSEE")
    assert (communes["Immatriculations"] == "s").sum() > 0  # small communes: 1 or 2 creations are secret
    masked_map = chart(at, "Établissements par commune")
    assert any(trace.get("name") == "« s » : secret statistique" for trace in masked_map["data"])
    at.number_input(key="artisanat.threshold").set_value(1).run()
    assert not at.exception
    communes = table_with(at, "Code INSEE")
    assert not (communes == "s").any().any()
    assert "aucun chiffre n'est masqué" in "\n".join(c.value for c in at.caption)
    at.number_input(key="artisanat.threshold").set_value(5).run()
    strict = table_with(at, "Code INSEE")
    assert (strict["Établissements"] == "s").sum() >= (communes["Établissements"] == "s").sum()


def test_who_to_visit_hands_establishments_over_once(
    monkeypatch: pytest.MonkeyPatch, demo_db_path: Path, tmp_path: Path
) -> None:
    own = tmp_path / "demo.duckdb"  # this test writes: its own copy
    shutil.copy2(demo_db_path, own)
    at = run_page(monkeypatch, own, PAGE, {"territoire": "commune:41269", "annee": "2026"}, copy=False)
    assert not at.exception
    open_tab(at, "Qui visiter ?")
    everything = next(m.value for m in at.markdown if "correspond" in m.value)
    at.checkbox(key="targeting.reusable").check().run()
    at.checkbox(key="targeting.owners_55").check().run()
    narrowed = next(m.value for m in at.markdown if "correspond" in m.value)
    assert narrowed != everything
    at.toggle(key="targeting.show").set_value(True).run()
    assert not at.exception
    listing = table_with(at, "Pourquoi")
    assert (listing["Âge du dirigeant"] == "55 ans ou plus").all()
    assert listing["Flux valorisables connus"].str.len().gt(0).all()
    count = len(listing)
    at.button(key="targeting.handover").click().run()
    assert not at.exception
    assert at.success[0].value == t("targeting.handover.done", added=fmt_int(count), skipped="0")
    at.button(key="targeting.handover").click().run()
    assert at.success[0].value == t("targeting.handover.done", added="0", skipped=fmt_int(count))
    at.run()
    assert (table_with(at, "Pourquoi")["Déjà au registre des diagnostics"] == "oui").all()


def test_territory_without_statistics(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    at = run_page(monkeypatch, demo_db_path, PAGE, {"territoire": "commune:75056", "annee": "2026"})
    assert not at.exception
    assert any("Aucune donnée de l'artisanat pour Paris" in info.value for info in at.info)


def test_empty_database(monkeypatch: pytest.MonkeyPatch, empty_db_path: Path) -> None:
    at = run_page(monkeypatch, empty_db_path, PAGE)
    assert not at.exception
    assert any("Aucune donnée" in info.value for info in at.info)


def test_a_small_commune_shows_s_in_its_cards(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    at = run_page(monkeypatch, demo_db_path, PAGE, {"territoire": "commune:41001", "annee": "2026"})
    at.selectbox(key="artisanat.family").set_value("alimentation").run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Établissements"] == "s"  # Ambloy's food trades: 2 establishments in the demo
    assert metrics["Densité pour 10 000 hab."] == "s"  # derived from a hidden figure
    families = chart(open_tab(at, "Familles de métiers"), "Établissements par famille")["data"][0]
    assert families["x"][0] is None and families["text"][0] == "s"
    assert "2" not in [str(v) for v in families["x"]]


def test_who_to_visit_outside_the_register(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    # Marseille has demo statistics but no demo register: the list says so instead of "nothing matches"
    at = run_page(monkeypatch, demo_db_path, PAGE, {"territoire": "commune:13055", "annee": "2026"})
    assert not at.exception
    open_tab(at, "Qui visiter ?")
    assert any("ne couvre pas Marseille" in info.value for info in at.info)
