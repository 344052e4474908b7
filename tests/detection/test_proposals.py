"""Stable proposal keys and the Proposal handed to accept_proposal."""

from __future__ import annotations

import numpy as np

from dashboard.codes import Direction, ParticipantRole, SynergyType
from dashboard.detection import Proposal, proposal_key
from dashboard.detection.proposals import distance_score, substitution_keys
from tests.detection.fixtures import run_mutualisations, run_substitutions


def test_substitution_keys_depend_on_direction_and_categories() -> None:
    key = proposal_key(SynergyType.SUBSTITUTION, ("dechet_carton", "matiere_emballage"), ("A", "B"))
    assert key == proposal_key(SynergyType.SUBSTITUTION, ("dechet_carton", "matiere_emballage"), ("A", "B"))
    assert key != proposal_key(SynergyType.SUBSTITUTION, ("dechet_carton", "matiere_emballage"), ("B", "A"))
    assert key != proposal_key(SynergyType.SUBSTITUTION, ("dechet_carton", "dechet_carton"), ("A", "B"))
    assert len(key) == 32 and int(key, 16) >= 0


def test_mutualisation_keys_ignore_member_order_but_not_direction() -> None:
    key = proposal_key(SynergyType.MUTUALISATION, ("in", "dechet_palette"), ("C", "A", "B"))
    assert key == proposal_key(SynergyType.MUTUALISATION, ("in", "dechet_palette"), ("A", "B", "C"))
    assert key != proposal_key(SynergyType.MUTUALISATION, ("out", "dechet_palette"), ("A", "B", "C"))
    assert key != proposal_key(SynergyType.MUTUALISATION, ("in", "dechet_palette"), ("A", "B"))


def test_column_wise_keys_equal_the_scalar_recipe() -> None:
    keys = substitution_keys(
        np.array(["dechet_carton", "dechet_bois"], dtype=object),
        np.array(["matiere_emballage", "matiere_combustible"], dtype=object),
        np.array(["A", "C"], dtype=object),
        np.array(["B", "D"], dtype=object),
    )
    assert keys.tolist() == [
        proposal_key(SynergyType.SUBSTITUTION, ("dechet_carton", "matiere_emballage"), ("A", "B")),
        proposal_key(SynergyType.SUBSTITUTION, ("dechet_bois", "matiere_combustible"), ("C", "D")),
    ]


def test_distance_score_halves_at_ten_km() -> None:
    assert distance_score(0.0) == 1.0
    assert distance_score(10.0) == 0.5
    assert distance_score(5.0) > distance_score(6.0)


def test_proposal_from_rows() -> None:
    substitution = run_substitutions().iloc[0]
    proposal = Proposal.from_row(substitution)
    assert proposal.synergy_type == SynergyType.SUBSTITUTION
    assert proposal.participants == (
        (substitution["supplier_id"], ParticipantRole.SUPPLIER),
        (substitution["receiver_id"], ParticipantRole.RECEIVER),
    )
    assert proposal.category_code == substitution["output_category"]
    assert proposal.input_category_code == substitution["input_category"]

    mutualisation = run_mutualisations().iloc[0]
    proposal = Proposal.from_row(mutualisation)
    assert proposal.direction == Direction(mutualisation["direction"])
    assert [c for c, _ in proposal.participants] == list(mutualisation["member_ids"])
    assert {role for _, role in proposal.participants} == {ParticipantRole.MEMBER}
