"""Detection against the database: a territory's inputs, accepting and dismissing proposals."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from dashboard.codes import ParticipantRole
from dashboard.db import Database
from dashboard.detection import (
    Proposal,
    StaleProposalError,
    accept_proposal,
    detect_for_territory,
    dismiss_proposal,
    excluded_keys,
    load_inputs,
)
from dashboard.detection.preview import detection_preview, proposal_to_act_on
from tests.detection.fixtures import (
    MUTUALISATION_COMPANIES,
    MUTUALISATION_FLOWS,
    SUBSTITUTION_COMPANIES,
    SUBSTITUTION_FLOWS,
    insert_fixture,
    insert_fixture_rows,
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
    with pytest.raises(StaleProposalError, match="déjà été acceptée"):
        accept_proposal(substitution_db, proposal, territory_id=VENDOMOIS)


def test_dismissed_proposals_are_remembered(substitution_db: Database) -> None:
    result = detect_for_territory(substitution_db, VENDOMOIS, radius_km=10.0)
    key = _pair(result, "V06", "V05")["proposal_key"]
    dismiss_proposal(substitution_db, key, "Chaleur à trop basse température")
    with pytest.raises(StaleProposalError, match="écartée entre-temps"):
        dismiss_proposal(substitution_db, key, "deuxième fois")  # the first dismissal is kept
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


def test_an_accepted_synergy_carries_its_companies_demo_flag(substitution_db: Database) -> None:
    # Imported (real) companies: the synergy is real, even in a database that also holds demo data.
    result = detect_for_territory(substitution_db, VENDOMOIS, radius_km=10.0)
    real = accept_proposal(substitution_db, Proposal.from_row(_pair(result, "V01", "V02")), territory_id=VENDOMOIS)
    with substitution_db.transaction() as cur:
        cur.execute("UPDATE company SET is_demo = TRUE WHERE company_id = 'V06'")
    demo = accept_proposal(substitution_db, Proposal.from_row(_pair(result, "V06", "V05")), territory_id=VENDOMOIS)
    flags = dict(substitution_db.query_rows("SELECT synergy_id, is_demo FROM synergy"))
    assert flags == {real: False, demo: True}


def test_a_partner_across_the_boundary_is_proposed_and_marked(substitution_db: Database) -> None:
    # Courniou (commune:34099) borders Saint-Pons: a pallet user there, 6,5 km west of the supplier P01.
    neighbour = SUBSTITUTION_COMPANIES.iloc[:0].copy()
    neighbour.loc[0] = ("C01", "Caisserie de Courniou", 2.68, 43.48, "commune:34099")
    flows = SUBSTITUTION_FLOWS.iloc[:0].copy()
    flows.loc[0] = ("F900", "C01", "in", "dechet_palette", 900.0, "u", "yearly")
    insert_fixture_rows(substitution_db, neighbour, flows)
    inputs = load_inputs(substitution_db, SAINT_PONS, 10.0)
    assert not dict(zip(inputs.companies["company_id"], inputs.companies["in_territory"], strict=True))["C01"]
    result = detect_for_territory(substitution_db, SAINT_PONS, radius_km=10.0)
    row = _pair(result, "P01", "C01")
    assert bool(row["outside_territory"]) and not bool(_pair(result, "P01", "P02")["outside_territory"])
    assert "Caisserie de Courniou est hors territoire" in row["explanation"]
    # Beyond the radius, or without the radius (the territory alone), the neighbour is not read.
    assert "C01" not in set(load_inputs(substitution_db, SAINT_PONS).companies["company_id"])
    assert "C01" not in set(
        detect_for_territory(substitution_db, SAINT_PONS, radius_km=5.0).substitutions["receiver_id"]
    )
    # Mutualisations take the neighbour too: the pallet need shared with Saint-Pons's users, C01 named as such.
    (pallets,) = [row for _, row in result.mutualisations.iterrows() if "C01" in row["member_ids"]]
    assert pallets["outside_member_ids"] == ("C01",)
    assert "Caisserie de Courniou (hors territoire)" in pallets["explanation"]


def test_a_stale_key_is_refused_from_a_second_tab(substitution_db: Database) -> None:
    """Two tabs show the same best proposal; tab A accepts it; tab B's click must create exactly that
    proposal or be refused, never another one that took its place in B's recomputed list."""
    tab_a = detection_preview(substitution_db, VENDOMOIS, 10.0)
    tab_b = detection_preview(substitution_db, VENDOMOIS, 10.0)
    displayed = tab_b.proposals["proposal_key"].iloc[0]
    assert tab_a.proposals["proposal_key"].iloc[0] == displayed
    first = accept_proposal(substitution_db, proposal_to_act_on(tab_a, displayed), territory_id=VENDOMOIS)
    # Tab B reruns after its click: the list is recomputed, the displayed key is gone.
    rerun = detection_preview(substitution_db, VENDOMOIS, 10.0)
    assert rerun.proposals["proposal_key"].iloc[0] != displayed
    with pytest.raises(StaleProposalError, match="n’est plus proposée"):
        proposal_to_act_on(rerun, displayed)
    # A tab acting on its own (stale) copy is refused inside the transaction.
    with pytest.raises(StaleProposalError, match="déjà été acceptée"):
        accept_proposal(substitution_db, proposal_to_act_on(tab_b, displayed), territory_id=VENDOMOIS)
    with pytest.raises(StaleProposalError):
        dismiss_proposal(substitution_db, displayed, "trop tard")
    assert substitution_db.query_rows("SELECT synergy_id, source FROM synergy") == [(first, f"detection:{displayed}")]
    assert substitution_db.query_value("SELECT count(*) FROM synergy_dismissal") == 0
