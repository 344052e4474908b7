"""Detection against the database: a territory's inputs, accepting and dismissing proposals."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from dashboard.codes import ParticipantRole
from dashboard.db import Database
from dashboard.detection import (
    Proposal,
    accept_proposal,
    detect_for_territory,
    dismiss_proposal,
    excluded_keys,
    load_inputs,
)
from tests.detection.fixtures import (
    MUTUALISATION_COMPANIES,
    MUTUALISATION_FLOWS,
    SUBSTITUTION_COMPANIES,
    SUBSTITUTION_FLOWS,
    insert_fixture,
)

VENDOMOIS = "epci:200072072"  # Vendôme and Saint-Ouen: the V site
SAINT_PONS = "commune:34284"  # the P site


@pytest.fixture
def substitution_db(geo_db: Database) -> Database:
    insert_fixture(geo_db, SUBSTITUTION_COMPANIES, SUBSTITUTION_FLOWS)
    return geo_db


def _pair(result, supplier: str, receiver: str):
    frame = result.substitutions
    return frame[(frame["supplier_id"] == supplier) & (frame["receiver_id"] == receiver)].iloc[0]


def test_inputs_are_the_territory_companies_and_their_flows(substitution_db: Database) -> None:
    inputs = load_inputs(substitution_db, VENDOMOIS)
    assert set(inputs.companies["company_id"]) == {f"V{i:02d}" for i in range(1, 11)}
    assert set(inputs.flows["company_id"]) <= set(inputs.companies["company_id"])
    assert len(inputs.categories) == 15 and len(inputs.compatibility) == 3
    assert inputs.excluded_keys == frozenset()


def test_detection_for_a_territory_only_pairs_its_companies(substitution_db: Database) -> None:
    result = detect_for_territory(substitution_db, SAINT_PONS, radius_km=10.0)
    pairs = set(zip(result.substitutions["supplier_id"], result.substitutions["receiver_id"], strict=True))
    assert pairs == {("P01", "P02"), ("P01", "P04"), ("P01", "P05"), ("P01", "P06")}


def test_accepting_creates_an_identified_synergy_with_its_participants(substitution_db: Database) -> None:
    result = detect_for_territory(substitution_db, VENDOMOIS, radius_km=10.0)
    row = _pair(result, "V01", "V02")
    synergy_id = accept_proposal(
        substitution_db, Proposal.from_row(row), territory_id=VENDOMOIS, on=dt.date(2026, 3, 2)
    )
    synergy = substitution_db.query_df("SELECT * FROM synergy_current WHERE synergy_id = $id", {"id": synergy_id})
    assert synergy.loc[0, "synergy_type"] == "substitution"
    assert synergy.loc[0, "origin"] == "detection"
    assert synergy.loc[0, "category_code"] == "dechet_carton"
    assert synergy.loc[0, "territory_id"] == VENDOMOIS
    assert synergy.loc[0, "status"] == "identified"
    assert synergy.loc[0, "identified_date"].date() == dt.date(2026, 3, 2)
    assert synergy.loc[0, "description"] == row["explanation"]
    participants = substitution_db.query_rows(
        "SELECT company_id, role FROM synergy_participant WHERE synergy_id = $id ORDER BY role", {"id": synergy_id}
    )
    assert participants == [("V02", "receiver"), ("V01", "supplier")]
    events = substitution_db.query_rows(
        "SELECT status, event_date FROM synergy_status_event WHERE synergy_id = $id", {"id": synergy_id}
    )
    assert events == [("identified", dt.date(2026, 3, 2))]


def test_accepted_proposals_are_not_proposed_again(substitution_db: Database) -> None:
    result = detect_for_territory(substitution_db, VENDOMOIS, radius_km=10.0)
    proposal = Proposal.from_row(_pair(result, "V01", "V02"))
    accept_proposal(substitution_db, proposal, territory_id=VENDOMOIS)
    assert proposal.proposal_key in excluded_keys(substitution_db)
    again = detect_for_territory(substitution_db, VENDOMOIS, radius_km=10.0)
    assert proposal.proposal_key not in set(again.substitutions["proposal_key"])
    assert len(again.substitutions) == len(result.substitutions) - 1
    with pytest.raises(ValueError, match="already"):
        accept_proposal(substitution_db, proposal, territory_id=VENDOMOIS)


def test_dismissed_proposals_are_remembered(substitution_db: Database) -> None:
    result = detect_for_territory(substitution_db, VENDOMOIS, radius_km=10.0)
    key = _pair(result, "V06", "V05")["proposal_key"]
    dismiss_proposal(substitution_db, key, "Chaleur à trop basse température")
    dismiss_proposal(substitution_db, key, "deuxième fois")  # idempotent
    stored = substitution_db.query_rows("SELECT comment FROM synergy_dismissal WHERE proposal_key = $k", {"k": key})
    assert stored == [("Chaleur à trop basse température",)]
    again = detect_for_territory(substitution_db, VENDOMOIS, radius_km=10.0)
    assert key not in set(again.substitutions["proposal_key"])


def test_a_failed_acceptance_writes_nothing(substitution_db: Database) -> None:
    result = detect_for_territory(substitution_db, VENDOMOIS, radius_km=10.0)
    proposal = Proposal.from_row(_pair(result, "V01", "V02"))
    unknown_company = ("INCONNUE", ParticipantRole.MEMBER)
    broken = Proposal(**{**proposal.__dict__, "participants": (*proposal.participants, unknown_company)})
    with pytest.raises(duckdb.ConstraintException, match="foreign key"):
        accept_proposal(substitution_db, broken, territory_id=VENDOMOIS)
    assert substitution_db.query_value("SELECT count(*) FROM synergy") == 0
    assert substitution_db.query_value("SELECT count(*) FROM synergy_status_event") == 0


def test_accepting_a_mutualisation_makes_every_company_a_member(geo_db: Database) -> None:
    insert_fixture(geo_db, MUTUALISATION_COMPANIES, MUTUALISATION_FLOWS)
    result = detect_for_territory(geo_db, VENDOMOIS, radius_km=10.0)
    row = result.mutualisations.iloc[0]
    assert row["category_code"] == "competence_formation_reglementaire"
    synergy_id = accept_proposal(geo_db, Proposal.from_row(row), territory_id=VENDOMOIS)
    participants = geo_db.query_rows(
        "SELECT company_id, role FROM synergy_participant WHERE synergy_id = $id ORDER BY company_id",
        {"id": synergy_id},
    )
    assert participants == [(c, "member") for c in ("M01", "M02", "M03", "M04")]
    assert geo_db.query_value("SELECT synergy_type FROM synergy WHERE synergy_id = $id", {"id": synergy_id}) == (
        "mutualisation"
    )


def test_a_company_without_coordinates_is_placed_at_its_commune_centroid(geo_db: Database) -> None:
    companies = SUBSTITUTION_COMPANIES.copy()
    companies.loc[companies["company_id"] == "V02", ["longitude", "latitude"]] = None
    insert_fixture(geo_db, companies, SUBSTITUTION_FLOWS)
    result = detect_for_territory(geo_db, VENDOMOIS, radius_km=10.0)
    row = _pair(result, "V01", "V02")
    assert bool(row["approximate_location"])
    assert "distance approximative" in row["explanation"]
