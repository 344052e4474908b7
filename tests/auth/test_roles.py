"""Role × action matrix through the core functions: every company-level read and every write, for each role, inside
and outside the chargé de mission's territory (the Vendômois; company D and synergy S4 of the test world are in the
Minervois)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from dashboard.auth.roles import (
    Actor,
    Grant,
    PermissionDenied,
    Role,
    ScopeType,
    actor_from_grants,
    covers_territory,
    may_read_companies,
)
from dashboard.codes import ParticipantRole, SynergyType
from dashboard.db import Database
from dashboard.detection import accept_proposal, dismiss_proposal
from dashboard.detection.preview import detection_preview
from dashboard.detection.proposals import Proposal
from dashboard.eit import maps, registers, synergies
from dashboard.eit.registers import RegisterFilters
from dashboard.geography.territories import Period
from dashboard.imports import import_files
from dashboard.imports.export import COMPANY_LEVEL_ENTITIES, export_bytes, workbook_bytes
from dashboard.indicators import values as ind
from tests.world.actors import ACTORS, ADMIN, OFFICER, READER
from tests.world.build import MINERVOIS, VENDOMOIS, insert_world

PERIOD = Period(2022, 0)
Read = Callable[[Database, Actor, str], object]

# Every core read returning company-level data, called for a territory.
COMPANY_READS: dict[str, Read] = {
    "registers.companies": lambda db, a, tid: registers.companies(db, tid, RegisterFilters(), True, a),
    "registers.companies (pseudonymes)": lambda db, a, tid: registers.companies(db, tid, RegisterFilters(), False, a),
    "registers.diagnostics": lambda db, a, tid: registers.diagnostics(db, tid, RegisterFilters(), True, a),
    "registers.flows": lambda db, a, tid: registers.flows(db, tid, RegisterFilters(), True, a),
    "registers.company_sheet": lambda db, a, tid: registers.company_sheet(db, tid, "A", True, a),
    "maps.map_companies": lambda db, a, tid: maps.map_companies(db, tid, PERIOD, a),
    "maps.synergy_links": lambda db, a, tid: maps.synergy_links(db, tid, PERIOD, a),
    "synergies.synergy_detail": lambda db, a, tid: synergies.synergy_detail(
        db, "S1" if tid == VENDOMOIS else "S4", True, a
    ),
    "indicators.records_behind": lambda db, a, tid: ind.records_behind(db, tid, PERIOD, "companies_mobilised", False, a),
    "detection.detection_preview": lambda db, a, tid: detection_preview(db, tid, 20.0, 3, a),
}  # fmt: skip

# Who may read company-level data where: (role, territory) -> allowed
READ_RULE = {
    ("administrator", VENDOMOIS): True,
    ("administrator", MINERVOIS): True,
    ("project_officer", VENDOMOIS): True,
    ("project_officer", MINERVOIS): False,
    ("copil_reader", VENDOMOIS): False,
    ("copil_reader", MINERVOIS): False,
}


@pytest.fixture(scope="module")
def reads_db() -> Iterator[Database]:
    """The test world, built once for the 60 read cases (reads change no record; a database per case cost
    most of their time)."""
    db = Database(":memory:")
    with db.transaction() as cur:
        insert_world(cur)
    yield db
    db.close()


@pytest.mark.parametrize("read", list(COMPANY_READS))
@pytest.mark.parametrize(("role", "territory"), list(READ_RULE))
def test_company_level_reads(reads_db: Database, read: str, role: str, territory: str) -> None:
    call = COMPANY_READS[read]
    if READ_RULE[(role, territory)]:
        call(reads_db, ACTORS[role], territory)
    else:
        with pytest.raises(PermissionDenied):
            call(reads_db, ACTORS[role], territory)


def test_refusals_say_why_in_french(eit_db: Database) -> None:
    with pytest.raises(PermissionDenied, match="lecteur COPIL"):
        registers.companies(eit_db, VENDOMOIS, RegisterFilters(), False, READER)
    with pytest.raises(PermissionDenied, match=r"CC du Minervois au Caroux.*hors de vos territoires"):
        maps.map_companies(eit_db, MINERVOIS, PERIOD, OFFICER)


def test_aggregates_stay_open_to_every_role(eit_db: Database) -> None:
    for actor in (ADMIN, OFFICER, READER):
        assert not ind.records_behind(eit_db, VENDOMOIS, PERIOD, "synergies", False, actor).empty


def test_the_officer_reads_inside_its_territory_only(eit_db: Database) -> None:
    inside = registers.companies(eit_db, VENDOMOIS, RegisterFilters(), True, OFFICER)
    assert set(inside["name"]) == {  # A, B, E, F in Vendôme, C in Saint-Ouen
        "Alpha Cartonnage",
        "Beta Métal",
        "Epsilon Bois",
        "Phi Coiffure",
        "Gamma Plomberie",
    }
    assert covers_territory(eit_db, OFFICER, "commune:41269")  # Vendôme, inside the Vendômois
    assert not covers_territory(eit_db, OFFICER, "commune:34284")  # Saint-Pons, in the Minervois
    assert not covers_territory(eit_db, OFFICER, "region:76")  # Occitanie holds the Minervois
    assert not may_read_companies(eit_db, OFFICER, None)  # the whole database


def test_a_programme_grant_covers_its_perimeter(eit_db: Database) -> None:
    with eit_db.transaction() as cur:  # carried by the world's CCI 41
        cur.execute(
            "INSERT INTO programme (programme_id, name, carrier_org_id, perimeter_territory_id, source) "
            "VALUES ('eit-minervois', 'EIT Minervois', 'cci41', $t, 'test')",
            {"t": MINERVOIS},
        )
    perimeters = {"eit-minervois": MINERVOIS}
    officer = actor_from_grants(
        "u", "p", "P", [Grant(Role.PROJECT_OFFICER, ScopeType.PROGRAMME, "eit-minervois")], perimeters
    )
    assert not registers.companies(eit_db, MINERVOIS, RegisterFilters(), True, officer).empty
    with pytest.raises(PermissionDenied):
        registers.companies(eit_db, VENDOMOIS, RegisterFilters(), True, officer)


# ---------------------------------------------------------------------------------------------- exports
def test_a_project_officer_exports_its_territory_only(eit_db: Database) -> None:
    inside = export_bytes(eit_db, "companies", "csv", scope=VENDOMOIS, actor=OFFICER).decode("utf-8-sig")
    assert "Alpha Cartonnage" in inside and "Delta Conserverie" not in inside  # A in Vendôme, D in Saint-Pons
    with pytest.raises(PermissionDenied):
        export_bytes(eit_db, "companies", "csv", scope=MINERVOIS, actor=OFFICER)


@pytest.mark.parametrize(
    ("role", "allowed"), [("administrator", True), ("project_officer", False), ("copil_reader", False)]
)
def test_company_exports_need_the_whole_database(eit_db: Database, role: str, allowed: bool) -> None:
    assert {"companies", "diagnostics", "flows", "synergy_participants"} <= COMPANY_LEVEL_ENTITIES
    for call in (lambda: export_bytes(eit_db, "companies", "csv", actor=ACTORS[role]),
                 lambda: workbook_bytes(eit_db, ["companies", "flows"], ACTORS[role])):  # fmt: skip
        if allowed:
            assert call()
        else:
            with pytest.raises(PermissionDenied):
                call()
    # shared reference data is exported to everyone
    assert b"carton" in export_bytes(eit_db, "flow_categories", "csv", actor=ACTORS[role])


# ---------------------------------------------------------------------------------------------- writes
def _proposal(key: str, supplier: str, receiver: str) -> Proposal:
    return Proposal(
        proposal_key=key,
        synergy_type=SynergyType.SUBSTITUTION,
        category_code="carton",
        participants=((supplier, ParticipantRole.SUPPLIER), (receiver, ParticipantRole.RECEIVER)),
        score=0.8,
        title="Cartons",
        explanation="test",
    )


WRITE_RULE = [  # role, territory of the records, allowed
    ("administrator", VENDOMOIS, True),
    ("administrator", MINERVOIS, True),
    ("project_officer", VENDOMOIS, True),
    ("project_officer", MINERVOIS, False),
    ("copil_reader", VENDOMOIS, False),
    ("copil_reader", MINERVOIS, False),
]


def _audit_rows(db: Database) -> list[tuple[str, str]]:
    return db.query_rows("SELECT user_label, action FROM audit_event ORDER BY event_id")


@pytest.mark.parametrize(("role", "territory", "allowed"), WRITE_RULE)
def test_accepting_a_proposal(eit_db: Database, role: str, territory: str, allowed: bool) -> None:
    # Vendômois: B (Vendôme) supplies C (Saint-Ouen); Minervois: D (Saint-Pons) supplies C across the boundary
    supplier, receiver = ("B", "C") if territory == VENDOMOIS else ("D", "C")
    proposal = _proposal(f"k-{territory}", supplier, receiver)
    before = eit_db.query_value("SELECT count(*) FROM synergy")
    actor = ACTORS[role]
    if allowed:
        synergy_id = accept_proposal(eit_db, proposal, territory_id=territory, on=dt.date(2022, 5, 1), actor=actor)
        assert eit_db.query_value("SELECT count(*) FROM synergy") == before + 1
        assert ("accept_proposal", synergy_id, actor.login) in eit_db.query_rows(
            "SELECT action, record_id, user_label FROM audit_event"
        )
    else:
        with pytest.raises(PermissionDenied):
            accept_proposal(eit_db, proposal, territory_id=territory, on=dt.date(2022, 5, 1), actor=actor)
        assert eit_db.query_value("SELECT count(*) FROM synergy") == before
        assert _audit_rows(eit_db) == []


@pytest.mark.parametrize(("role", "territory", "allowed"), WRITE_RULE)
def test_dismissing_a_proposal(eit_db: Database, role: str, territory: str, allowed: bool) -> None:
    companies = ["B", "C"] if territory == VENDOMOIS else ["D", "C"]
    actor = ACTORS[role]

    def dismiss() -> None:
        dismiss_proposal(eit_db, "k1", "déjà fait", actor=actor, company_ids=companies, territory_id=territory)

    if allowed:
        dismiss()
        assert _audit_rows(eit_db) == [(actor.login, "dismiss_proposal")]
    else:
        with pytest.raises(PermissionDenied):
            dismiss()
        assert eit_db.query_value("SELECT count(*) FROM synergy_dismissal") == 0


def test_a_project_officer_cannot_edit_outside_its_territories(eit_db: Database) -> None:
    """The one sentence of the issue: inside the Vendômois yes, a Minervois company (even paired with a Vendômois
    one) no, and nothing is written."""
    accept_proposal(eit_db, _proposal("in", "A", "C"), territory_id=VENDOMOIS, actor=OFFICER)
    with pytest.raises(PermissionDenied, match="Saint-Pons"):
        accept_proposal(eit_db, _proposal("across", "D", "A"), territory_id=VENDOMOIS, actor=OFFICER)
    with pytest.raises(PermissionDenied, match="hors de vos territoires"):
        accept_proposal(eit_db, _proposal("out", "D", "D"), territory_id=MINERVOIS, actor=OFFICER)
    assert eit_db.query_value("SELECT count(*) FROM synergy WHERE source LIKE 'detection:%'") == 1


# ---------------------------------------------------------------------------------------------- imports
COMPANY_HEADER = "identifiant;nom;siret;code_naf;famille;effectif;code_commune;longitude;latitude;zone_activites\n"


def _companies_csv(tmp_path: Path, commune: str) -> Path:
    path = tmp_path / "companies.csv"
    path.write_text(COMPANY_HEADER + f"N-1;Nouvelle Menuiserie;;16.23Z;fabrication;1-9;{commune};;;\n", "utf-8")
    return path


@pytest.mark.parametrize(("role", "territory", "allowed"), WRITE_RULE)
def test_importing_companies(eit_db: Database, tmp_path: Path, role: str, territory: str, allowed: bool) -> None:
    commune = "41269" if territory == VENDOMOIS else "34284"
    actor = ACTORS[role]
    path = _companies_csv(tmp_path, commune)
    if role == "copil_reader":
        with pytest.raises(PermissionDenied):
            import_files(eit_db, [path], entity="companies", actor=actor)
        return
    result = import_files(eit_db, [path], entity="companies", actor=actor)
    assert result.ok == allowed
    written = eit_db.query_value("SELECT count(*) FROM company WHERE company_id = 'N-1'")
    assert written == (1 if allowed else 0)
    if allowed:
        assert _audit_rows(eit_db) == [(actor.login, "import")]
    else:  # located like every import problem: file, row, column
        assert [(p.file, p.row, p.column) for p in result.problems] == [("companies.csv", 2, "code_commune")]
        assert "hors de vos territoires" in result.problems[0].message


def test_shared_reference_data_is_imported_by_an_administrator_only(eit_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "organisations.csv"
    path.write_text("identifiant;nom;type\ncma41;CMA Loir-et-Cher;cma\n", "utf-8")
    refused = import_files(eit_db, [path], entity="organisations", actor=OFFICER)
    assert not refused.ok and "seul un administrateur" in refused.problems[0].message
    assert import_files(eit_db, [path], entity="organisations", actor=ADMIN).ok


def test_the_command_line_is_trusted_and_audited_as_such(eit_db: Database, tmp_path: Path) -> None:
    assert import_files(eit_db, [_companies_csv(tmp_path, "34284")], entity="companies").ok
    assert _audit_rows(eit_db) == [("ligne de commande", "import")]


def test_record_forms_check_the_role_in_the_core(empty_db: Database) -> None:
    """A lecteur COPIL cannot write a record; a chargé de mission cannot write outside its territories, and can inside;
    a refusal writes nothing (dashboard.records.store checks the actor inside the transaction)."""
    from dashboard.auth.roles import Role
    from dashboard.codes import RecordEntity
    from dashboard.records import store
    from tests.world.record_forms import company_cells, editing_world

    db = editing_world(empty_db)
    vendome = company_cells()  # a company in Vendôme (Vendômois)

    def count() -> int:
        return int(db.query_value("SELECT count(*) FROM company"))

    reader = Actor("u1", "lecteur", "Lecteur", frozenset({Role.COPIL_READER}))
    refused = store.save(db, RecordEntity.COMPANY, vendome, by="lecteur", expected_version=None, actor=reader)
    assert refused.problems and count() == 0
    minervois = Actor("u2", "charge34", "Chargée", frozenset({Role.PROJECT_OFFICER}), frozenset({"epci:243400694"}))
    refused = store.save(db, RecordEntity.COMPANY, vendome, by="charge34", expected_version=None, actor=minervois)
    assert refused.problems and "Vendôme" in refused.problems[0].message and count() == 0
    vendomois = Actor("u3", "charge41", "Chargé", frozenset({Role.PROJECT_OFFICER}), frozenset({"epci:200072072"}))
    saved = store.save(db, RecordEntity.COMPANY, vendome, by="charge41", expected_version=None, actor=vendomois)
    assert not saved.problems and count() == 1
