"""Synergies core on the test world (tests/world/README.md §2, hand counts §6)."""

from __future__ import annotations

import pytest

from dashboard.codes import AbandonmentReason, ImpactKind, SynergyStatus
from dashboard.db import Database
from dashboard.eit import metrics, synergies
from dashboard.scope import Period
from tests.world.build import MINERVOIS, VENDOMOIS

ID, ST, PR, RE, AB = (
    SynergyStatus.IDENTIFIED,
    SynergyStatus.IN_STUDY,
    SynergyStatus.IN_PROGRESS,
    SynergyStatus.REALISED,
    SynergyStatus.ABANDONED,
)


@pytest.fixture
def db(world_db: Database) -> Database:
    return world_db


def test_funnel_2022_equals_the_hand_count(db: Database):
    funnel = synergies.funnel(db, VENDOMOIS, Period(2022))
    # S1 S2 S5 S6 S7 are identified by 31/12/2022 (S3 comes in 2023, S4 is Minervois)
    assert funnel.total == 5
    # reached: identified all 5; study S1 S5 S6 S7 (S6 skipped it, later stages imply it; S2 was abandoned
    # before); in progress S1 S6 (implied by realised) S7; realised S1 S6
    assert [(s.stage, s.reached) for s in funnel.steps] == [(ID, 5), (ST, 4), (PR, 3), (RE, 2)]
    # current status: S5 in study, S7 in progress (since 03/10/2022), S1 S6 realised, S2 abandoned
    assert [(s.stage, s.current) for s in funnel.steps] == [(ID, 0), (ST, 1), (PR, 1), (RE, 2)]
    assert [s.conversion_to_next for s in funnel.steps] == [0.8, 0.75, pytest.approx(2 / 3), None]
    assert funnel.abandoned == 1
    assert funnel.abandoned_by_reason == {AbandonmentReason.ECONOMIC: 1}
    assert funnel.abandoned_by_stage == {ID: 1}  # S2 never left identification
    assert funnel.days_to_realisation == (181, 273)  # S6 01/02→01/08/2022, S1 01/06/2021→01/03/2022
    assert funnel.median_days_to_realisation == 227


def test_funnel_2023_adds_the_later_events(db: Database):
    funnel = synergies.funnel(db, VENDOMOIS, Period(2023))
    assert funnel.total == 6  # S3 identified 15/01/2023 (through its receiver C, in Saint-Ouen)
    # S3 studied then abandoned; S5 in progress then realised in 2023; S7 still in progress
    assert [s.reached for s in funnel.steps] == [6, 5, 4, 3]
    assert [s.current for s in funnel.steps] == [0, 0, 1, 3]  # S7; S1 S5 S6
    assert funnel.days_to_realisation == (181, 273, 456)  # S5 10/01/2022→11/04/2023
    assert funnel.median_days_to_realisation == 273
    assert funnel.abandoned_by_reason == {AbandonmentReason.TECHNICAL: 1, AbandonmentReason.ECONOMIC: 1}
    assert funnel.abandoned_by_stage == {ID: 1, ST: 1}  # S2 never left identification, S3 was in study


def test_funnel_of_a_quarter_stops_at_its_end(db: Database):
    funnel = synergies.funnel(db, VENDOMOIS, Period(2022, 1))  # up to 31/03/2022
    assert funnel.total == 3  # S1, S5 (10/01/2022), S6 (01/02/2022); S7 comes in June, S2 in October
    assert funnel.current_counts() == {ID: 2, ST: 0, PR: 0, RE: 1, AB: 0}  # S5 S6 identified, S1 realised 01/03
    assert funnel.abandoned_by_reason == {}


@pytest.mark.parametrize("year", [2020, 2021, 2022, 2023])
@pytest.mark.parametrize("territory", [VENDOMOIS, MINERVOIS, "commune:41226", "region:24"])
def test_funnel_counts_equal_metrics_synergies(db: Database, territory: str, year: int):
    """The synergies page and the targets/home pages show the same status counts."""
    period = Period(year)
    funnel = synergies.funnel(db, territory, period)
    headline, counts = metrics.synergies(db, territory, period)
    assert funnel.current_counts() == counts
    assert funnel.total == headline.record_count
    assert funnel.total - funnel.abandoned == headline.cumulative


def test_scope_follows_participants(db: Database):
    # Saint-Ouen: synergies with C (S1; S3 in 2023) as participant
    assert synergies.funnel(db, "commune:41226", Period(2023)).total == 2
    # Minervois in 2022: only S4 (S3, in Saint-Pons, is identified in 2023), in progress since 30/06/2022
    minervois = synergies.funnel(db, MINERVOIS, Period(2022))
    assert minervois.total == 1 and minervois.reached(PR) == 1


def test_empty_funnel(db: Database):
    funnel = synergies.funnel(db, VENDOMOIS, Period(2020))
    assert funnel.total == 0 and all(s.reached == 0 and s.conversion_to_next is None for s in funnel.steps)
    assert funnel.median_days_to_realisation is None
    overview = synergies.overview(db, "commune:34099", Period(2022))  # Courniou: no company, no synergy
    assert overview.listed.empty and overview.per_year.empty and overview.funnel.total == 0
    assert float(overview.impact_totals["value"].sum()) == 0


def test_types_per_year(db: Database):
    per_year = synergies.types_per_year(db, VENDOMOIS, Period(2022)).set_index(["year", "synergy_type"])
    assert per_year.loc[(2021, "substitution"), "identified"] == 1  # S1
    assert per_year.loc[(2021, "mutualisation"), "identified"] == 0  # zeros included
    assert per_year.loc[(2022, "substitution"), "identified"] == 2  # S2, S6
    assert per_year.loc[(2022, "mutualisation"), "identified"] == 2  # S5, S7
    assert per_year.loc[(2021, "substitution"), "realised"] == 0  # S1 is realised in 2022, its realisation year
    assert per_year.loc[(2022, "mutualisation"), "realised"] == 0
    assert per_year.loc[(2022, "substitution"), "realised"] == 2  # S1, S6
    assert len(per_year) == 4  # 2021 and 2022, both types
    assert synergies.types_per_year(db, VENDOMOIS, Period(2020)).empty


def test_overview_impacts_are_metrics_impacts(db: Database):
    overview = synergies.overview(db, VENDOMOIS, Period(2022))
    totals = overview.impact_totals.set_index("impact_kind")
    # realised at the end of 2022: S1 and S6; S2's 40 t are not counted (abandoned)
    assert totals.loc[ImpactKind.TONNES.value, "value"] == 12.5
    assert totals.loc[ImpactKind.TONNES.value, "declared"] == 12.5
    assert totals.loc[ImpactKind.TCO2E.value, "computed"] == 3
    assert totals.loc[ImpactKind.SAVINGS_EUR.value, "estimated"] == 2000
    assert totals.loc[ImpactKind.WATER_M3.value, "value"] == 0
    expected = metrics.impact_totals(metrics.synergy_impacts(db, VENDOMOIS, Period(2022)))
    assert overview.impact_totals.equals(expected)
    later = synergies.overview(db, VENDOMOIS, Period(2023)).impact_totals.set_index("impact_kind")
    assert later.loc["savings_eur", "value"] == 7000 and later.loc["savings_eur", "estimated"] == 7000  # + S5
    assert overview.status_counts == overview.funnel.current_counts()
    # engaged S1 S5 S6 S7; S5 S6 S7 identified in 2022
    assert overview.headline.cumulative == 4 and overview.headline.in_period == 3


def test_list_and_filters(db: Database):
    listed = synergies.synergy_list(db, VENDOMOIS, Period(2022))
    assert list(listed["synergy_id"]) == ["S2", "S7", "S6", "S5", "S1"]  # latest identified first
    row = listed.set_index("synergy_id").loc["S5"]
    assert row["status"] == "in_study" and row["participants"] == 2
    assert str(row["status_date"].date()) == "2022-04-01"  # events after the period end (2023) are ignored
    row = listed.set_index("synergy_id").loc["S7"]
    assert row["status"] == "in_progress" and row["participants"] == 2  # B, E
    assert str(row["status_date"].date()) == "2022-10-03"
    assert synergies.filter_list(listed, statuses=("in_progress",))["synergy_id"].tolist() == ["S7"]
    assert synergies.filter_list(listed, statuses=("abandoned",))["synergy_id"].tolist() == ["S2"]
    assert synergies.filter_list(listed, types=("mutualisation",))["synergy_id"].tolist() == ["S7", "S5"]
    assert synergies.filter_list(listed, search="CHALEUR")["synergy_id"].tolist() == ["S6"]
    assert synergies.filter_list(listed, statuses=("realised",), types=("substitution",))["synergy_id"].tolist() == [
        "S6",
        "S1",
    ]


def test_detail_with_and_without_names(db: Database):
    detail = synergies.synergy_detail(db, "S3")
    assert detail is not None
    # by role (coordinator, supplier, receiver), whatever the company ids (B 2, D 4, C 3)
    assert detail.participants["role"].tolist() == ["coordinator", "supplier", "receiver"]
    assert detail.participants["company"].tolist() == ["Beta Métal", "Delta Conserverie", "Gamma Plomberie"]
    assert synergies.synergy_detail(db, "S1").history["status"].tolist() == ["identified", "in_study", "realised"]
    assert synergies.synergy_detail(db, "S1").impacts[["impact_kind", "value", "basis"]].values.tolist() == [
        ["jobs", 1.0, "estimated"], ["tco2e", 3.0, "computed"], ["tonnes", 12.5, "declared"],
    ]  # fmt: skip
    anonymous = synergies.synergy_detail(db, "S3", show_names=False)
    assert anonymous is not None
    # companies are numbered by id over the whole database: A 1, B 2, C 3, D 4
    assert anonymous.participants["company"].tolist() == ["Entreprise n° 2", "Entreprise n° 4", "Entreprise n° 3"]
    abandoned = synergies.synergy_detail(db, "S2")
    assert abandoned is not None and abandoned.history["abandonment_reason"].tolist()[-1] == "economic"
    assert synergies.synergy_detail(db, "nope") is None
