"""Record forms through AppTest on the Entreprises page: a refused save keeps what was typed and says what to
fix under each field; a save refused because someone saved first shows both versions."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.codes import RecordEntity
from dashboard.records import store
from dashboard.ui.cache import get_database
from tests.pages import run_page
from tests.world.record_forms import BY, company_cells

PAGE = "pages/entreprises.py"
NEW = "rec.company.new"


def open_section(at, key: str):
    """Open a closed entry section as a click does: the page reruns and draws its form (dashboard.ui.lazy)."""
    assert not any(b.key and b.key.startswith("rec.") for b in at.button)  # closed: no form sent
    at.session_state[key] = True
    return at.run()


def test_a_refused_save_keeps_what_was_typed_and_says_what_to_fix_field_by_field(
    monkeypatch: pytest.MonkeyPatch, own_world_db_path: Path
):
    at = open_section(run_page(monkeypatch, own_world_db_path, PAGE), "records.section.company")
    assert not at.exception
    at.text_input(key=f"{NEW}.f.nom").input("Menuiserie du Loir")
    at.text_input(key=f"{NEW}.f.siret").input("123")
    at.button(key=f"{NEW}.save").click().run()
    assert not at.exception
    assert at.text_input(key=f"{NEW}.f.nom").value == "Menuiserie du Loir"  # kept on screen
    assert at.text_input(key=f"{NEW}.f.siret").value == "123"
    messages = [error.value for error in at.error]
    # the import's own message, under the field, and in the summary with the field's label, which the message names
    # too (the import names its column « siret »)
    assert any(m.startswith("« 123 » n'a pas la forme attendue pour « SIRET »") for m in messages)
    assert not any("« siret »" in m for m in messages)
    assert any(m.startswith("Rien n'a été enregistré") and "**SIRET**" in m for m in messages)
    assert not any("**Saisi par**" in m for m in messages)  # signed in: the account is the author, nothing to type


def test_a_save_after_someone_elses_shows_both_versions_and_keeps_the_typing(
    monkeypatch: pytest.MonkeyPatch, own_world_db_path: Path
):
    at = open_section(run_page(monkeypatch, own_world_db_path, PAGE), "records.section.company")
    at.selectbox(key="records.pick.company").select("A").run()
    key = "rec.company.A"
    at.text_input(key=f"{key}.f.nom").input("Entreprise A (Sam)")
    # meanwhile someone else saves the same record, from the version the form was opened at
    other = get_database()  # the app's own connection: DuckDB lets one process write the file
    cells, _ = store.form_cells(RecordEntity.COMPANY, store.open_record(other, RecordEntity.COMPANY, "A").snapshot)
    assert store.save(
        other, RecordEntity.COMPANY, cells | {"nom": "Entreprise A (Alex)"}, by="Alex", expected_version=0
    ).ok
    at.button(key=f"{key}.save").click().run()
    assert not at.exception
    assert any("Alex a enregistré cette fiche" in w.value for w in at.warning)
    tables = [frame.value for frame in at.dataframe if "Champ" in frame.value.columns]
    assert tables[0].to_dict("records") == [
        {"Champ": "Nom", "Version enregistrée": "Entreprise A (Alex)", "Votre saisie": "Entreprise A (Sam)"}
    ]
    assert at.text_input(key=f"{key}.f.nom").value == "Entreprise A (Sam)"  # nothing typed is lost
    assert other.query_value("SELECT name FROM company WHERE company_id = 'A'") == "Entreprise A (Alex)"


def test_a_flow_added_with_the_row_form_joins_the_grid_and_is_saved_with_the_diagnostic(
    monkeypatch: pytest.MonkeyPatch, own_world_db_path: Path
):
    at = open_section(run_page(monkeypatch, own_world_db_path, PAGE), "records.section.diagnostic")
    new, row = "rec.diagnostic.new", "rec.diagnostic.new.add.flows"
    at.selectbox(key=f"{row}.sens").select("out")
    at.selectbox(key=f"{row}.categorie").select("carton")  # the small base's one category, no unit
    at.text_input(key=f"{row}.description").input("cartons d'emballage")
    at.selectbox(key=f"{row}.frequence").select("yearly")
    next(b for b in at.button if b.label == "Ajouter ce flux").click().run()
    assert not at.exception
    grid = at.session_state[f"{new}.g.flows"]
    assert grid[["sens", "categorie", "description", "frequence"]].to_dict("records") == [
        {"sens": "out", "categorie": "carton", "description": "cartons d'emballage", "frequence": "yearly"}
    ]
    assert any("Ligne ajoutée au tableau" in c.value for c in at.caption)
    at.selectbox(key=f"{new}.f.entreprise").select("A")
    at.selectbox(key=f"{new}.f.type").select("flash")
    at.button(key=f"{new}.save").click().run()
    assert not at.exception and not at.error
    flows = get_database().query_rows(
        "SELECT category_code, description FROM flow WHERE company_id = 'A' AND description IS NOT NULL"
    )
    assert flows == [("carton", "cartons d'emballage")]


def test_a_record_archived_then_purged_from_the_form_leaves_the_pick_lists_and_the_database(
    monkeypatch: pytest.MonkeyPatch, own_world_db_path: Path
):
    """Archive (a write: the page runs again) and an administrator's purge (a button's callback asking for a run
    of the page), each said in the form."""
    at = open_section(run_page(monkeypatch, own_world_db_path, PAGE), "records.section.company")
    cells = company_cells(nom="Scierie du Perche")
    saved = store.save(get_database(), RecordEntity.COMPANY, cells, {}, by=BY, expected_version=None)
    assert saved.ok and saved.record_id is not None
    record, key = saved.record_id, f"rec.company.{saved.record_id}"
    at.run().selectbox(key="records.pick.company").select(record).run()
    assert not any(c.key == f"{key}.archive.confirm" for c in at.checkbox)  # the history is closed: not run
    at.session_state[f"{key}.history"] = True  # opened, as a click does (dashboard.ui.lazy)
    at.run().checkbox(key=f"{key}.archive.confirm").check().run()
    at.button(key=f"{key}.archive").click().run()
    assert not at.exception
    assert any("Scierie du Perche" in s.value and "version 2" in s.value for s in at.success)
    assert not any("Scierie du Perche" in o for o in at.selectbox(key="records.pick.company").options)  # not to edit
    at.selectbox(key="records.archived.company").select(record).run()
    at.session_state[f"{key}.history"] = True
    at.run().checkbox(key=f"{key}.purge.confirm").check().run()
    at.button(key=f"{key}.purge").click().run()
    assert not at.exception
    purged = f"Purgée définitivement : Entreprise « Scierie du Perche » (identifiant {record})."
    assert any(s.value.startswith(purged) for s in at.success), [s.value for s in at.success]
    assert get_database().query_value("SELECT count(*) FROM company WHERE company_id = $id", {"id": record}) == 0
    assert not any("Scierie du Perche" in o for box in at.selectbox for o in box.options)  # nor to bring back
