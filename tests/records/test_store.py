"""Record editing: one rule set with the import, history and versions, restore, archive, concurrent edits."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from dashboard.auth import Actor, Role
from dashboard.codes import ChangeAction, RecordEntity
from dashboard.db import Database
from dashboard.eit import metrics
from dashboard.geography.territories import Period
from dashboard.i18n import t
from dashboard.imports.loader import import_file
from dashboard.records import store
from tests.world.record_forms import BY, SAINT_PONS, company_cells, flow_cells

VENDOMOIS = "epci:200072072"
PERIOD = Period(2026, 0)


@pytest.fixture
def db(editing_db: Database) -> Database:
    """The test geography and the reference nomenclature (tests/world/record_forms.py `editing_world`)."""
    return editing_db


def _create_company(db: Database, **changes: str) -> str:
    outcome = store.save(db, RecordEntity.COMPANY, company_cells(**changes), by=BY, expected_version=None)
    assert outcome.ok, outcome.problems
    assert outcome.record_id is not None
    return outcome.record_id


def _diagnostic(db: Database, company_id: str) -> str:
    main = {
        "identifiant": "",
        "entreprise": company_id,
        "demarche": "",
        "date_diagnostic": "15/03/2026",
        "type": "flash",
        "organisme_conseiller": "",
    }
    flows = [flow_cells("out", "palettes", "12", "pallet"), flow_cells("in", "carton", "3,5", "t")]
    outcome = store.save(db, RecordEntity.DIAGNOSTIC, main, {"flows": flows}, by=BY, expected_version=None)
    assert outcome.ok, outcome.problems
    assert outcome.record_id is not None
    return outcome.record_id


def _counts(db: Database) -> tuple[int, int, int]:
    return (
        metrics.companies_mobilised(db, VENDOMOIS, PERIOD).cumulative,
        metrics.diagnostics(db, VENDOMOIS, PERIOD).cumulative,
        metrics.flows(db, VENDOMOIS, PERIOD).cumulative,
    )


def _table_rows(db: Database) -> dict[str, int]:
    return db.table_counts()


def test_a_rule_is_refused_identically_by_the_form_and_the_import(db: Database, tmp_path: Path):
    typed = company_cells(identifiant="E-1", code_commune="4126")  # a lost leading zero, as a spreadsheet does
    outcome = store.save(db, RecordEntity.COMPANY, typed, by=BY, expected_version=None)
    csv = tmp_path / "companies.csv"
    csv.write_text(";".join(typed) + "\n" + ";".join(typed.values()) + "\n", encoding="utf-8")
    imported = import_file(db, "companies", csv)
    assert not outcome.ok and not imported.ok
    assert [(p.field, p.message) for p in outcome.problems] == [(p.column, p.message) for p in imported.problems]
    assert "4126" in outcome.problems[0].message and "04126" in outcome.problems[0].message


def test_a_refused_save_says_what_to_fix_field_by_field_and_writes_nothing(db: Database):
    before = _table_rows(db)
    typed = company_cells(nom="", effectif="énorme", siret="123")
    outcome = store.save(db, RecordEntity.COMPANY, typed, by="", expected_version=None)
    fields = {p.field for p in outcome.problems}
    assert fields == {store.BY_FIELD, "nom", "effectif", "siret"}
    assert _table_rows(db) == before


def test_a_save_failing_in_the_database_writes_nothing(db: Database, monkeypatch: pytest.MonkeyPatch):
    company_id = _create_company(db)
    before = _table_rows(db)
    main = {
        "identifiant": "",
        "entreprise": company_id,
        "demarche": "",
        "date_diagnostic": "15/03/2026",
        "type": "flash",
        "organisme_conseiller": "",
    }
    flows = [flow_cells("out", "palettes", "12", "pallet")]

    def broken_log(*args: object, **kwargs: object) -> None:  # the history row cannot be written
        raise __import__("duckdb").ConstraintException("history refused")

    monkeypatch.setattr(store, "_log", broken_log)
    outcome = store.save(db, RecordEntity.DIAGNOSTIC, main, {"flows": flows}, by=BY, expected_version=None)
    assert not outcome.ok and "history refused" in outcome.problems[0].message
    assert _table_rows(db) == before  # neither the diagnostic nor its flow


def test_history_lists_each_step_with_who_and_the_values_before_and_after(db: Database):
    company_id = _create_company(db)
    state = store.open_record(db, RecordEntity.COMPANY, company_id)
    cells, _ = store.form_cells(RecordEntity.COMPANY, state.snapshot)
    outcome = store.save(db, RecordEntity.COMPANY, cells | {"effectif": "10-49"}, by="Alex", expected_version=1)
    assert outcome.ok and outcome.version == 2
    changes = store.history(db, RecordEntity.COMPANY, company_id)
    assert changes["action"].tolist() == [ChangeAction.EDIT, ChangeAction.CREATE]
    assert changes["changed_by"].tolist() == ["Alex", BY]
    edit = changes.iloc[0]
    assert (edit.before["main"]["size_band"], edit.after["main"]["size_band"]) == ("1-9", "10-49")
    assert store.changed_fields(edit.before, edit.after) == ["size_band"]
    # saving the same values again writes nothing
    again = store.save(db, RecordEntity.COMPANY, cells | {"effectif": "10-49"}, by="Alex", expected_version=2)
    assert again.ok and not again.changed and len(store.history(db, RecordEntity.COMPANY, company_id)) == 2


def test_opening_a_record_writes_nothing_and_leaves_the_data_version_as_it_was(db: Database):
    """A form opens its record on every page load: a read, never counted as a committed write (on the shared
    store each committed write changes the version every worker's cache keys on)."""
    company_id = _create_company(db)
    before = db.change_count()
    state = store.open_record(db, RecordEntity.COMPANY, company_id)
    assert state.version == 1 and state.snapshot is not None
    assert db.change_count() == before


def test_restore_of_a_previous_version_is_a_new_version(db: Database):
    company_id = _create_company(db)
    diagnostic_id = _diagnostic(db, company_id)
    state = store.open_record(db, RecordEntity.DIAGNOSTIC, diagnostic_id)
    main, parts = store.form_cells(RecordEntity.DIAGNOSTIC, state.snapshot)
    edited = store.save(
        db,
        RecordEntity.DIAGNOSTIC,
        main | {"type": "complete"},
        {"flows": parts["flows"][:1]},
        by=BY,
        expected_version=1,
    )
    assert edited.ok and _counts(db)[2] == 1
    restored = store.restore(db, RecordEntity.DIAGNOSTIC, diagnostic_id, 1, by="Alex", expected_version=2)
    assert restored.ok and restored.version == 3
    after = store.open_record(db, RecordEntity.DIAGNOSTIC, diagnostic_id).snapshot
    assert after == state.snapshot  # the kind and both flows are back, with their identifiers
    assert store.history(db, RecordEntity.DIAGNOSTIC, diagnostic_id)["action"].iloc[0] == ChangeAction.RESTORE


def test_archive_removes_the_record_from_figures_and_unarchive_brings_it_back(db: Database):
    company_id = _create_company(db)
    _diagnostic(db, company_id)
    assert _counts(db) == (1, 1, 2)
    archived = store.set_archived(db, RecordEntity.COMPANY, company_id, True, by=BY, expected_version=1)
    assert archived.ok
    assert _counts(db) == (0, 0, 0)  # the company takes its diagnostic and flows with it
    assert db.query_value("SELECT count(*) FROM company") == 0
    assert db.query_value("SELECT count(*) FROM main.company") == 1  # kept, restorable
    back = store.set_archived(db, RecordEntity.COMPANY, company_id, False, by=BY, expected_version=2)
    assert back.ok and _counts(db) == (1, 1, 2)
    actions = store.history(db, RecordEntity.COMPANY, company_id)["action"].tolist()
    assert actions == [ChangeAction.UNARCHIVE, ChangeAction.ARCHIVE, ChangeAction.CREATE]


def test_archived_records_are_listed_by_name_and_date_not_by_identifier(db: Database):
    company_id = _create_company(db, nom="Menuiserie Archivée")
    diagnostic_id = _diagnostic(db, company_id)
    assert store.set_archived(db, RecordEntity.DIAGNOSTIC, diagnostic_id, True, by=BY, expected_version=1).ok
    assert store.set_archived(db, RecordEntity.COMPANY, company_id, True, by=BY, expected_version=1).ok
    companies = store.archived_records(db, RecordEntity.COMPANY)
    assert companies[["record_id", "name"]].values.tolist() == [[company_id, "Menuiserie Archivée"]]
    assert companies["day"].isna().all()  # a company has no date of its own
    diagnostics = store.archived_records(db, RecordEntity.DIAGNOSTIC)
    assert diagnostics[["record_id", "name"]].values.tolist() == [[diagnostic_id, "Menuiserie Archivée"]]
    assert str(diagnostics["day"].iloc[0])[:10] == "2026-03-15"
    assert store.archived_records(db, RecordEntity.SYNERGY).empty


def test_a_conflicting_save_is_refused_and_both_versions_are_kept(db: Database):
    company_id = _create_company(db)
    opened = store.open_record(db, RecordEntity.COMPANY, company_id)  # two people open version 1
    cells, _ = store.form_cells(RecordEntity.COMPANY, opened.snapshot)
    first = store.save(db, RecordEntity.COMPANY, cells | {"nom": "Menuiserie Dupont"}, by="Alex", expected_version=1)
    second = store.save(db, RecordEntity.COMPANY, cells | {"nom": "Menuiserie Durand"}, by="Sam", expected_version=1)
    assert first.ok and not second.ok and second.conflict is not None
    assert second.conflict.current is not None and second.conflict.current["main"]["name"] == "Menuiserie Dupont"
    assert second.conflict.submitted["main"]["nom"] == "Menuiserie Durand"
    assert second.conflict.changed_by == "Alex"
    assert db.query_value("SELECT name FROM company WHERE company_id = $id", {"id": company_id}) == "Menuiserie Dupont"
    kept = db.query_rows("SELECT submitted_by, based_on, current_version, submitted_json::VARCHAR FROM record_conflict")
    assert [row[:3] for row in kept] == [("Sam", 1, 2)] and "Menuiserie Durand" in kept[0][3]


def test_editing_keeps_the_records_own_key_and_siret_but_refuses_another_ones(db: Database):
    first = _create_company(db, siret="73282932000074")
    second = _create_company(db, nom="Scierie", code_commune=SAINT_PONS)
    cells, _ = store.form_cells(RecordEntity.COMPANY, store.open_record(db, RecordEntity.COMPANY, first).snapshot)
    assert store.save(db, RecordEntity.COMPANY, cells | {"nom": "Autre nom"}, by=BY, expected_version=1).ok
    other, _ = store.form_cells(RecordEntity.COMPANY, store.open_record(db, RecordEntity.COMPANY, second).snapshot)
    clash = store.save(db, RecordEntity.COMPANY, other | {"siret": "73282932000074"}, by=BY, expected_version=1)
    assert [p.field for p in clash.problems] == ["siret"]


def test_a_synergy_moves_to_realised_with_its_date_and_an_abandonment_needs_its_reason(db: Database):
    supplier, receiver = _create_company(db), _create_company(db, nom="Scierie")
    main, parts = _synergy_cells(supplier, receiver)
    created = store.save(db, RecordEntity.SYNERGY, main, parts, by=BY, expected_version=None)
    assert created.ok, created.problems
    figure, by_status = metrics.synergies(db, VENDOMOIS, PERIOD)
    assert figure.cumulative == 1 and by_status[metrics.SynergyStatus.REALISED] == 1
    impacts = metrics.impact_totals(metrics.synergy_impacts(db, VENDOMOIS, PERIOD)).set_index("impact_kind")
    assert impacts.loc["tonnes", "value"] == 12
    assert db.query_value("SELECT source FROM synergy_impact") == "Bilan"  # its own source, not the synergy's
    abandoned = parts | {
        "synergy_status_events": [*parts["synergy_status_events"], {"statut": "abandoned", "date": "01/09/2026"}]
    }
    refused = store.save(
        db, RecordEntity.SYNERGY, main | {"identifiant": created.record_id}, abandoned, by=BY, expected_version=1
    )
    assert [(p.part, p.row, p.field) for p in refused.problems] == [("synergy_status_events", 2, "motif_abandon")]


def _synergy_cells(supplier: str, receiver: str) -> tuple[dict[str, str], dict[str, list[dict[str, str]]]]:
    """A realised synergy between two companies, with a declared impact."""
    main = {
        "identifiant": "",
        "titre": "Palettes",
        "type": "substitution",
        "categorie": "palettes",
        "demarche": "",
        "territoire": VENDOMOIS,
        "description": "",
        "source": "Chargé de mission",
    }
    parts = {
        "synergy_status_events": [
            {"statut": "identified", "date": "01/02/2026"},
            {"statut": "realised", "date": "01/06/2026"},
        ],
        "synergy_participants": [
            {"entreprise": supplier, "role": "supplier"},
            {"entreprise": receiver, "role": "receiver"},
        ],
        "synergy_impacts": [
            {
                "impact": "tonnes",
                "valeur": "12",
                "nature_valeur": "declared",
                "source": "Bilan",
                "date_valeur": "30/06/2026",
            }
        ],
    }
    return main, parts


def test_a_convention_action_realisation_is_declared_with_its_evidence(db: Database):
    with db.transaction() as cur:
        cur.execute("INSERT INTO organisation VALUES ('cma', 'CMA', 'cma')")
        cur.execute(
            "INSERT INTO convention (convention_id, title, territory_id, start_date, end_date, ceiling_eur, "
            "payment_rule, source) VALUES ('c1', 'Convention', 'epci:200066348', DATE '2026-01-01', "
            "DATE '2026-12-31', 4000, 'pro_rata', 'test')"
        )
        cur.execute(
            "INSERT INTO convention_action (convention_id, action_code, label, flat_amount_eur, committed_quantity, "
            "quantity_unit) VALUES ('c1', 'geometiers', 'Accès Géométiers', 500, 1, 'accès')"
        )
    state = store.open_record(db, RecordEntity.CONVENTION_ACTION, "c1/geometiers")
    cells, _ = store.form_cells(RecordEntity.CONVENTION_ACTION, state.snapshot)
    declared = cells | {
        "quantite_realisee": "1",
        "date_realisation": "15/05/2026",
        "justificatif_realisation": "Attestation d'accès",
    }
    outcome = store.save(db, RecordEntity.CONVENTION_ACTION, declared, by=BY, expected_version=0)
    assert outcome.ok, outcome.problems
    row = db.query_rows("SELECT realised_quantity, realised_as_of, realisation_source FROM convention_action")[0]
    assert row == (1.0, dt.date(2026, 5, 15), "Attestation d'accès")


def test_a_change_the_database_engine_cannot_make_is_refused_on_its_field_and_writes_nothing(db: Database):
    company_id = _create_company(db)
    diagnostic_id = _diagnostic(db, company_id)  # the company is now referred to
    before = _table_rows(db)
    cells, _ = store.form_cells(RecordEntity.COMPANY, store.open_record(db, RecordEntity.COMPANY, company_id).snapshot)
    moved = store.save(db, RecordEntity.COMPANY, cells | {"code_commune": "41226"}, by=BY, expected_version=1)
    assert [p.field for p in moved.problems] == ["code_commune"]
    assert (
        f"({diagnostic_id})" in moved.problems[0].message or f"Diagnostic {diagnostic_id}" in moved.problems[0].message
    )
    assert _table_rows(db) == before


def test_a_company_no_record_refers_to_yet_moves_to_another_commune_and_changes_its_siret(db: Database):
    company_id = _create_company(db, siret="73282932000074")
    cells, _ = store.form_cells(RecordEntity.COMPANY, store.open_record(db, RecordEntity.COMPANY, company_id).snapshot)
    moved = store.save(
        db, RecordEntity.COMPANY, cells | {"code_commune": "41226", "siret": ""}, by=BY, expected_version=1
    )
    assert moved.ok, moved.problems
    row = db.query_rows("SELECT commune_id, siret FROM company WHERE company_id = $id", {"id": company_id})
    assert row == [("commune:41226", None)]


def test_the_cache_key_of_a_territory_changes_with_the_edits_touching_it_only(db: Database):
    assert store.last_change(db) == 0
    _create_company(db)  # in Vendôme
    assert store.last_change(db, VENDOMOIS) == store.last_change(db) > 0
    assert store.last_change(db, "epci:200066348") == 0  # the Minervois' cached figures stay valid
    assert store.territory_argument(("territory", VENDOMOIS, 2026)) == VENDOMOIS
    assert store.territory_argument(("programme", "eit_vendomois", 2026)) is None


def test_every_field_of_an_editable_record_has_a_french_label():
    from dashboard.i18n.messages_records import FIELD_LABELS
    from dashboard.records.entities import SPECS

    headers = {c.header for spec in SPECS.values() for tpl in (spec.main, *spec.parts) for c in tpl.columns}
    assert headers <= set(FIELD_LABELS)


def test_a_flow_unit_that_does_not_fit_its_category_is_refused_identically_by_the_form_and_the_import(
    db: Database, tmp_path: Path
):
    company_id = _create_company(db)
    main = {
        "identifiant": "D-1",
        "entreprise": company_id,
        "demarche": "",
        "date_diagnostic": "15/03/2026",
        "type": "flash",
        "organisme_conseiller": "",
    }
    assert store.save(db, RecordEntity.DIAGNOSTIC, main, by=BY, expected_version=None).ok
    flow = flow_cells("out", "palettes", "12", "t") | {"identifiant": "F-1"}  # tonnes of pallets
    state = store.open_record(db, RecordEntity.DIAGNOSTIC, "D-1")
    form = store.save(db, RecordEntity.DIAGNOSTIC, main, {"flows": [flow]}, by=BY, expected_version=state.version)
    row = flow | {"entreprise": company_id, "diagnostic": "D-1"}
    csv = tmp_path / "flows.csv"
    csv.write_text(";".join(row) + "\n" + ";".join(row.values()) + "\n", encoding="utf-8")
    imported = import_file(db, "flows", csv)
    assert [(p.field, p.message) for p in form.problems] == [(p.column, p.message) for p in imported.problems]
    assert [p.field for p in form.problems] == ["unite"]


# ---------------------------------------------------------------------------------------------- purge
ADMIN = Actor("u-admin", "admin", "Administratrice", frozenset({Role.ADMINISTRATOR}))
OFFICER = Actor("u-41", "charge41", "Chargé", frozenset({Role.PROJECT_OFFICER}), frozenset({VENDOMOIS}))
READER = Actor("u-copil", "lecteur", "Lecteur", frozenset({Role.COPIL_READER}))


def test_only_an_administrator_purges_an_archived_record_and_its_values_leave_the_history(db: Database):
    company_id = _create_company(db)
    diagnostic_id = _diagnostic(db, company_id)
    live = store.purge(db, RecordEntity.DIAGNOSTIC, diagnostic_id, expected_version=1, actor=ADMIN)
    assert [p.message for p in live.problems] == [t("records.error.purge_live")]
    assert store.set_archived(db, RecordEntity.DIAGNOSTIC, diagnostic_id, True, by=BY, expected_version=1).ok
    before = _table_rows(db)
    for actor in (None, OFFICER, READER):
        refused = store.purge(db, RecordEntity.DIAGNOSTIC, diagnostic_id, expected_version=2, actor=actor)
        assert [p.message for p in refused.problems] == [t("records.error.purge_admin")]
    assert _table_rows(db) == before
    purged = store.purge(db, RecordEntity.DIAGNOSTIC, diagnostic_id, expected_version=2, actor=ADMIN)
    assert purged.ok and purged.version == 3
    assert db.query_value("SELECT count(*) FROM main.diagnostic") == 0
    assert db.query_value("SELECT count(*) FROM main.flow") == 0  # its parts, in the first of two transactions
    assert db.query_value("SELECT count(*) FROM record_archive") == 0
    steps = store.history(db, RecordEntity.DIAGNOSTIC, diagnostic_id)
    assert steps["action"].tolist() == [ChangeAction.PURGE, ChangeAction.ARCHIVE, ChangeAction.CREATE]
    assert steps["changed_by"].tolist()[0] == "admin"
    assert steps["before"].isna().all() and steps["after"].isna().all()  # nothing left to restore
    assert store.versions(db, RecordEntity.DIAGNOSTIC, diagnostic_id) == {}
    assert _counts(db) == (0, 0, 0) and db.query_value("SELECT count(*) FROM company") == 1  # its company stays


def test_a_purge_is_refused_while_other_records_refer_to_it_and_names_them(db: Database):
    company_id, partner = _create_company(db), _create_company(db, nom="Scierie")
    diagnostic_id = _diagnostic(db, company_id)
    main, parts = _synergy_cells(company_id, partner)
    synergy = store.save(db, RecordEntity.SYNERGY, main, parts, by=BY, expected_version=None)
    assert synergy.ok
    assert store.set_archived(db, RecordEntity.COMPANY, company_id, True, by=BY, expected_version=1).ok
    before = _table_rows(db)
    refused = store.purge(db, RecordEntity.COMPANY, company_id, expected_version=2, actor=ADMIN)
    named = f"Diagnostic {diagnostic_id} ; Synergie « Palettes » ({synergy.record_id})"
    assert [p.message for p in refused.problems] == [t("records.error.purge_referenced", records=named)]
    assert _table_rows(db) == before
    assert store.set_archived(db, RecordEntity.DIAGNOSTIC, diagnostic_id, True, by=BY, expected_version=1).ok
    again = store.purge(db, RecordEntity.COMPANY, company_id, expected_version=2, actor=ADMIN)
    assert f"Diagnostic {diagnostic_id}, archivée" in again.problems[0].message


def test_a_record_without_parts_is_purged_in_one_transaction_and_a_failure_writes_nothing(
    db: Database, monkeypatch: pytest.MonkeyPatch
):
    company_id = _create_company(db)
    assert store.set_archived(db, RecordEntity.COMPANY, company_id, True, by=BY, expected_version=1).ok
    before = _table_rows(db)

    def failing_log(*args: object, **kwargs: object) -> None:
        raise duckdb.ConstraintException("disk full")

    monkeypatch.setattr(store, "_log", failing_log)
    failed = store.purge(db, RecordEntity.COMPANY, company_id, expected_version=2, actor=ADMIN)
    assert not failed.ok and _table_rows(db) == before
    assert store.versions(db, RecordEntity.COMPANY, company_id)  # the snapshots were not erased either
    monkeypatch.undo()
    assert store.purge(db, RecordEntity.COMPANY, company_id, expected_version=2, actor=ADMIN).ok
    assert db.query_value("SELECT count(*) FROM main.company") == 0
