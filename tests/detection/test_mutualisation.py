"""Mutualisation clusters on the frozen fixture: groups of at least N companies around a centre."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.detection import MUTUALISATION_COLUMNS
from dashboard.detection.proposals import MUTUALISATION_WEIGHTS
from tests.detection.fixtures import MUTUALISATION_COMPANIES, place, run_mutualisations


def _by_category(frame: pd.DataFrame) -> dict[tuple[str, str], pd.Series]:
    return {(row["direction"], row["category_code"]): row for _, row in frame.iterrows()}


def test_expected_clusters_at_10_km() -> None:
    frame = run_mutualisations(10.0)
    assert list(frame.columns) == MUTUALISATION_COLUMNS
    clusters = _by_category(frame)
    assert set(clusters) == {("in", "competence_formation_reglementaire"), ("out", "dechet_palette")}
    training = clusters[("in", "competence_formation_reglementaire")]
    assert training["member_ids"] == ("M01", "M02", "M03", "M04")  # centre (ties: smallest id), then nearest
    assert training["member_count"] == 4
    assert training["max_distance_km"] == pytest.approx(3.0)


def test_members_are_within_the_radius_of_the_centre_not_of_each_other() -> None:
    pallets = _by_category(run_mutualisations(10.0))[("out", "dechet_palette")]
    assert pallets["centre_id"] == "M05"
    assert set(pallets["member_ids"]) == {"M05", "M06", "M07"}  # M06 and M07 are 12 km apart
    assert pallets["max_distance_km"] == pytest.approx(6.0)


def test_energy_outputs_are_not_group_collections_and_small_groups_are_not_proposed() -> None:
    clusters = _by_category(run_mutualisations(10.0))
    assert ("out", "energie_chaleur_fatale") not in clusters
    assert ("in", "energie_besoin_chaleur") not in clusters  # two companies only
    with_two = _by_category(run_mutualisations(10.0, min_companies=2))
    assert set(with_two[("in", "energie_besoin_chaleur")]["member_ids"]) == {"M08", "M09"}


def test_radius_is_respected_at_the_boundary() -> None:
    # M13 is 10.1 km from M12, the company near both others.
    assert ("in", "energie_electricite") not in _by_category(run_mutualisations(10.0))
    wider = _by_category(run_mutualisations(10.2))[("in", "energie_electricite")]
    assert wider["centre_id"] == "M12"
    assert set(wider["member_ids"]) == {"M11", "M12", "M13"}


def test_a_company_belongs_to_one_cluster_per_category() -> None:
    companies = pd.concat(
        [
            MUTUALISATION_COMPANIES,
            pd.DataFrame(
                [(f"X{i}", f"Atelier {i}", *place("V", 30.0 + 4 * i), "commune:41269") for i in range(8)],
                columns=MUTUALISATION_COMPANIES.columns,
            ),
        ]
    )
    flows = pd.DataFrame(
        [(f"G{i}", f"X{i}", "in", "matiere_emballage", None, None, "yearly") for i in range(8)],
        columns=["flow_id", "company_id", "direction", "category_code", "quantity", "unit_code", "frequency"],
    )
    from dashboard.detection import detect_mutualisations
    from tests.detection.fixtures import CATEGORIES, UNITS

    # Eight companies 4 km apart in a line: clusters of companies within 5 km of a centre, never overlapping.
    frame = detect_mutualisations(companies, flows, CATEGORIES, UNITS, radius_km=5.0)
    members = [m for ids in frame["member_ids"] for m in ids]
    assert len(members) == len(set(members))
    assert len(frame) == 2
    assert (frame["max_distance_km"] <= 5.0).all()


def test_scores_and_quantities() -> None:
    training = _by_category(run_mutualisations(10.0))[("in", "competence_formation_reglementaire")]
    assert training["known_quantity_count"] == 3  # M03 gave no quantity
    assert training["total_base_quantity"] == pytest.approx(69.0)
    assert training["score_quantity"] == pytest.approx(3 / 4)
    assert training["score_size"] == pytest.approx(4 / (4 + 3))
    assert training["score"] == pytest.approx(
        sum(weight * training[column] for column, weight in MUTUALISATION_WEIGHTS.items())
    )


def test_dismissed_clusters_are_not_proposed_again() -> None:
    frame = run_mutualisations(10.0)
    key = frame.iloc[0]["proposal_key"]
    again = run_mutualisations(10.0, dismissed_keys={key})
    assert key not in set(again["proposal_key"])
    assert len(again) == len(frame) - 1


def test_minimum_group_size_is_at_least_two() -> None:
    with pytest.raises(ValueError, match="min_companies"):
        run_mutualisations(10.0, min_companies=1)


def test_neighbours_across_the_boundary_join_the_territorys_clusters_only() -> None:
    """With the territory's companies as focus: a cluster holding one of them takes neighbours within the
    radius (named « hors territoire »); a cluster of neighbours only is not proposed."""
    territory = ["M01", "M02", "M03", "M05", "M06"]  # M04 and M07 lie across the boundary
    clusters = _by_category(run_mutualisations(10.0, focus_company_ids=territory))
    training = clusters[("in", "competence_formation_reglementaire")]
    assert training["member_ids"] == ("M01", "M02", "M03", "M04")
    assert training["outside_member_ids"] == ("M04",)
    assert "Atelier Fournier (hors territoire)" in training["explanation"]
    assert "(hors territoire)" not in training["explanation"].replace("Atelier Fournier (hors territoire)", "")
    assert clusters[("out", "dechet_palette")]["outside_member_ids"] == ("M07",)
    # Electricity users M11-M13, all outside: nothing for this territory, at any radius.
    assert ("in", "energie_electricite") not in _by_category(run_mutualisations(10.2, focus_company_ids=territory))
    # Without a focus, nobody is outside.
    assert all(ids == () for ids in run_mutualisations(10.2)["outside_member_ids"])
