"""Data page through app.py: content summary, import with its report, templates, export, on the demo and on an
empty database."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dashboard.db import Database
from dashboard.imports.content import TABLE_TITLES
from dashboard.imports.export import scoped_row_count
from dashboard.ui.donnees import COLUMNS_KEY, TABLES_KEY
from dashboard.ui.sidebar import SESSION_KEY
from tests.pages import run_page
from tests.world.files import IMPORT_FIXTURES as FIXTURES

PAGE = "pages/donnees.py"  # as registered in app.py
REGISTER_FIXTURES = Path(__file__).parents[1] / "fixtures" / "register"


def test_data_page_on_the_demo_database(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    at = run_page(monkeypatch, demo_db_path, PAGE)
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    db = Database(demo_db_path, read_only=True)
    communes, companies = db.query_rows(
        "SELECT (SELECT count(*) FROM territory WHERE level = 'commune'), (SELECT count(*) FROM company)"
    )[0]
    db.close()
    assert metrics["Communes"] == f"{communes:,}".replace(",", "\u202f")
    assert metrics["Entreprises suivies"] == f"{companies:,}".replace(",", "\u202f")
    assert any("Base de démonstration" in caption.value for caption in at.caption)
    assert at.selectbox(key="data.import.entity").value == "__classeur__"
    at.session_state[TABLES_KEY] = True  # a click on « Nombre de lignes par table »
    at.run()
    (tables,) = at.dataframe
    rows = dict(zip(tables.value["Table"], tables.value["Lignes"], strict=True))
    assert rows[TABLE_TITLES["company"]] == f"{companies:,}".replace(",", "\u202f")


def test_template_and_export_choices(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    at = run_page(monkeypatch, demo_db_path, PAGE)
    assert not at.dataframe  # the two reference tables: drawn once their expander is opened (dashboard.ui.lazy)
    at.session_state[COLUMNS_KEY] = True  # a click on « Colonnes du modèle choisi »
    at.run()
    at.selectbox(key="data.templates.entity").set_value("flows").run()
    at.selectbox(key="data.export.entity").set_value("programmes").run()
    assert not at.exception
    headers = [frame.value for frame in at.dataframe if "Colonne" in frame.value.columns]
    assert headers and headers[0]["Colonne"].tolist()[:3] == ["identifiant", "entreprise", "diagnostic"]
    assert any(
        button.label == "Télécharger « Démarches (programmes EIT ou d'observatoire) »"
        for button in at.get("download_button")
    )


def test_a_placed_entity_is_exported_for_the_territory_shown(
    monkeypatch: pytest.MonkeyPatch, demo_db_path: Path
) -> None:
    at = run_page(monkeypatch, demo_db_path, PAGE)
    at.selectbox(key="data.export.entity").set_value("companies").run()
    assert not at.exception
    only = at.checkbox(key="data.export.scoped")
    assert only.value is True and "Seulement les lignes du territoire affiché" in only.label
    db = Database(demo_db_path, read_only=True)
    territory = at.session_state[SESSION_KEY].territory.territory_id  # the sidebar's default territory
    shown = db.query_value("SELECT count(*) FROM scope_companies($s)", {"s": territory})
    db.close()
    assert any(caption.value == f"{shown} lignes." for caption in at.caption)


def test_a_dated_entity_is_exported_for_the_period_shown(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    at = run_page(monkeypatch, demo_db_path, PAGE)
    at.selectbox(key="data.export.entity").set_value("diagnostics").run()
    assert not at.exception
    selection = at.session_state[SESSION_KEY]
    dated = at.checkbox(key="data.export.dated")
    assert dated.value is True and "Seulement les lignes datées de la période affichée" in dated.label
    db = Database(demo_db_path, read_only=True)
    in_period = scoped_row_count(db, "diagnostics", selection.territory.territory_id, selection.period)
    in_territory = scoped_row_count(db, "diagnostics", selection.territory.territory_id)
    db.close()
    assert any(caption.value == f"{in_period} lignes." for caption in at.caption)
    dated.uncheck().run()
    assert any(caption.value == f"{in_territory} lignes." for caption in at.caption)
    assert at.radio(key="data.export.format").options == ["CSV", "XLSX"]


def test_data_page_on_an_empty_database(monkeypatch: pytest.MonkeyPatch, empty_db_path: Path) -> None:
    at = run_page(monkeypatch, empty_db_path, PAGE)
    assert not at.exception
    assert any("Aucune donnée dans la base" in info.value for info in at.info)


def test_upload_shows_the_report_then_imports(
    monkeypatch: pytest.MonkeyPatch, empty_db_path: Path, tmp_path: Path
) -> None:
    at = _page_on_own_copy(monkeypatch, empty_db_path, tmp_path)

    at.selectbox(key="data.import.entity").set_value("companies").run()
    at.file_uploader(key="data.import.file.one").upload(
        "entreprises.csv", (FIXTURES / "companies_unknown_commune.csv").read_bytes(), "text/csv"
    ).run()
    at.button(key="data.import.run").click().run()
    assert not at.exception
    assert "Import refusé, rien n'a été enregistré : 2 problèmes à corriger dans entreprises.csv" in at.error[0].value
    report = at.table[0].value
    assert report["Ligne"].tolist() == [2, 3]
    assert report["Colonne"].tolist() == ["code_commune", "code_commune"]
    assert report["Fichier"].unique().tolist() == ["entreprises.csv"]

    at.selectbox(key="data.import.entity").set_value("organisations").run()
    organisations = "identifiant;nom;type\ncma41;CMA Centre-Val de Loire;Chambre de métiers et de l'artisanat\n"
    at.file_uploader(key="data.import.file.one").upload("orgs.csv", organisations.encode(), "text/csv").run()
    at.button(key="data.import.run").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Import réussi : orgs.csv.")
    assert "Organisations (porteurs, financeurs, parties aux conventions) : 1" in at.success[0].value


def test_register_extract_upload_refused_then_imported(
    monkeypatch: pytest.MonkeyPatch, demo_db_path: Path, tmp_path: Path
) -> None:
    """The demo register already covers Vendôme: without "remplacer" the extract is refused and nothing changes."""
    own_copy = tmp_path / "register.duckdb"  # this test writes: never into the copy other page tests share
    shutil.copyfile(demo_db_path, own_copy)
    at = run_page(monkeypatch, own_copy, PAGE, copy=False)
    extract = (REGISTER_FIXTURES / "etablissements_petit.csv").read_bytes()
    before = _register_rows(at)

    at.file_uploader(key="data.register.file").upload("extrait.csv", extract, "text/csv").run()
    at.button(key="data.register.run").click().run()
    assert not at.exception
    assert "Import refusé, rien n'a été enregistré" in at.error[0].value
    assert _register_rows(at) == before

    at.checkbox(key="data.register.replace").check().run()
    at.button(key="data.register.run").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Import réussi : extrait.csv.")
    assert _register_rows(at) != before


def test_a_long_report_is_grouped_with_the_full_list_to_download_and_notices_shown(
    monkeypatch: pytest.MonkeyPatch, empty_db_path: Path, tmp_path: Path
) -> None:
    at = _page_on_own_copy(monkeypatch, empty_db_path, tmp_path)
    at.selectbox(key="data.import.entity").set_value("companies").run()
    header = "Liste des entreprises;;\nidentifiant;nom;famille;effectif;code_commune;Téléphone\n"
    # 150 rows, each with an unknown family and an unknown commune
    rows = "".join(f"E-{i};Entreprise {i};Boulangerie;1-9;99999;02 54\n" for i in range(150))
    at.file_uploader(key="data.import.file.one").upload("liste.csv", (header + rows).encode("cp1252"), "text/csv").run()
    at.button(key="data.import.run").click().run()
    assert not at.exception
    assert at.error[0].value.startswith("Import refusé, rien n'a été enregistré : 300 problèmes")
    grouped = next(frame.value for frame in at.dataframe if "Nombre" in frame.value.columns)
    assert grouped["Nombre"].tolist() == ["150", "150"]
    assert grouped["Lignes"].iloc[0].startswith("3, 4, 5, 6, 7, 8, 9, 10 … (150 lignes)")
    assert any(b.label == "Télécharger le rapport complet (CSV)" for b in at.get("download_button"))
    notices = next(info.value for info in at.info if "liste.csv" in info.value)
    assert "lu en Windows-1252" in notices
    assert "titre" in notices and "Téléphone" in notices


def test_upload_widgets_say_their_texts_in_french(monkeypatch: pytest.MonkeyPatch, empty_db_path: Path) -> None:
    at = run_page(monkeypatch, empty_db_path, PAGE)
    styles = " ".join(str(element.proto) for element in at.get("html"))
    assert ".st-key-data-register-file" in styles and "Choisir un fichier" in styles
    assert "Mo au plus par fichier ; CSV" in styles


def _page_on_own_copy(monkeypatch: pytest.MonkeyPatch, source: Path, tmp_path: Path):
    """The page on a copy of `source` of its own (the test imports: never into the copy other tests share)."""
    own_copy = tmp_path / "page.duckdb"
    shutil.copyfile(source, own_copy)
    return run_page(monkeypatch, own_copy, PAGE, copy=False)


def _register_rows(at) -> int:
    from dashboard.ui.cache import get_database

    return int(get_database().query_value("SELECT count(*) FROM establishment WHERE NOT is_demo"))


def test_the_content_counts_what_was_just_imported(
    monkeypatch: pytest.MonkeyPatch, demo_db_path: Path, tmp_path: Path
) -> None:
    """The content summary sits above the import: after a successful import the page runs again, so the count
    beside « Import réussi » already includes the new company (it used to show the count from before)."""
    at = _page_on_own_copy(monkeypatch, demo_db_path, tmp_path)
    before = {m.label: m.value for m in at.metric}["Entreprises suivies"]
    company = (
        "identifiant;nom;siret;code_naf;famille;effectif;code_commune;longitude;latitude;zone_activites\n"
        "Z-0001;Menuiserie Zêta;;16.23Z;fabrication;1-9;41269;1,0662;47,7930;\n"
    )
    at.selectbox(key="data.import.entity").set_value("companies").run()
    at.file_uploader(key="data.import.file.one").upload("zeta.csv", company.encode(), "text/csv").run()
    at.button(key="data.import.run").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Import réussi : zeta.csv.")
    after = {m.label: m.value for m in at.metric}["Entreprises suivies"]
    assert int(after.replace("\u202f", "")) == int(before.replace("\u202f", "")) + 1


def test_a_database_without_data_date_says_so_in_correct_french(
    monkeypatch: pytest.MonkeyPatch, demo_db_path: Path, tmp_path: Path
) -> None:
    """No `data_as_of` date: a sentence of its own, never « Données au date inconnue »."""
    own_copy = tmp_path / "undated.duckdb"
    shutil.copyfile(demo_db_path, own_copy)
    db = Database(own_copy)
    with db.transaction() as cursor:
        cursor.execute("DELETE FROM meta WHERE key = 'data_as_of'")
    db.close()
    at = run_page(monkeypatch, own_copy, PAGE, copy=False)
    assert not at.exception
    captions = [caption.value for caption in at.caption if caption.value.startswith("Base de démonstration")]
    assert captions and captions[0].endswith("fictifs. Date des données inconnue.")
    assert not any("au date" in caption.value for caption in at.caption)
