"""Synergies core on the registers records of the test world (tests/world/README.md §4)."""

from __future__ import annotations

import pytest

from dashboard.codes import AbandonmentReason, ImpactKind, SynergyStatus
from dashboard.db import Database
from dashboard.eit import metrics, synergies
from dashboard.scope import Period
from tests.world.build import MINERVOIS, VENDOMOIS, insert_registers_part

ID, ST, PR, RE, AB = (
    SynergyStatus.IDENTIFIED,
    SynergyStatus.IN_STUDY,
    SynergyStatus.IN_PROGRESS,
    SynergyStatus.REALISED,
    SynergyStatus.ABANDONED,
)


@pytest.fixture
def db(empty_db: Database) -> Database:
    with empty_db.transaction() as cur:
        insert_registers_part(cur)
    return empty_db


def test_funnel_2022_equals_the_hand_count(db: Database):
    funnel = synergies.funnel(db, VENDOMOIS, Period(2022))
    # S1..S7 are identified by 31/12/2022 (S8 is Minervois, S9 comes in 2023)
    assert funnel.total == 7
    # reached: identified all 7; study S1 S2 S3 S4 S7 (S2 and S4 skipped it, later stages imply it);
    # in progress S1 S2 S4 (S7 only in 2023); realised S1 S2
    assert [(s.stage, s.reached) for s in funnel.steps] == [(ID, 7), (ST, 5), (PR, 3), (RE, 2)]
    # current status: S5 identified, S7 in study, S4 in progress, S1 S2 realised, S3 S6 abandoned
    assert [(s.stage, s.current) for s in funnel.steps] == [(ID, 1), (ST, 1), (PR, 1), (RE, 2)]
    assert [s.conversion_to_next for s in funnel.steps] == [pytest.approx(5 / 7), 0.6, pytest.approx(2 / 3), None]
    assert funnel.abandoned == 2
    assert funnel.abandoned_by_reason == {AbandonmentReason.TECHNICAL: 1, AbandonmentReason.ECONOMIC: 1}
    assert funnel.abandoned_by_stage == {ID: 1, ST: 1}  # S6 never left identification, S3 was in study
    assert funnel.days_to_realisation == (300, 303)  # S1 10/01→06/11/2021, S2 01/02→01/12/2021
    assert funnel.median_days_to_realisation == 301.5


def test_funnel_2023_adds_the_later_events(db: Database):
    funnel = synergies.funnel(db, VENDOMOIS, Period(2023))
    assert funnel.total == 8  # S9 identified 01/03/2023
    assert [s.reached for s in funnel.steps] == [8, 5, 4, 3]  # S7 in progress then realised in 2023
    assert funnel.days_to_realisation == (300, 303, 345)  # S7 01/05/2022→11/04/2023
    assert funnel.median_days_to_realisation == 303


def test_funnel_of_a_quarter_stops_at_its_end(db: Database):
    funnel = synergies.funnel(db, VENDOMOIS, Period(2022, 1))  # up to 31/03/2022
    assert funnel.total == 5  # S1 S2 S3 S6 S4 (S4 identified 01/03/2022)
    assert funnel.current_counts() == {ID: 2, ST: 0, PR: 0, RE: 2, AB: 1}  # S4 S6 identified, S3 abandoned
    assert funnel.abandoned_by_reason == {AbandonmentReason.TECHNICAL: 1}


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
    # Saint-Ouen: synergies with D (S1, S4, S6) as participant
    assert synergies.funnel(db, "commune:41226", Period(2022)).total == 3
    # Minervois: only S8 (X is not in any Vendômois synergy)
    minervois = synergies.funnel(db, MINERVOIS, Period(2022))
    assert minervois.total == 1 and minervois.reached(RE) == 1


def test_empty_funnel(db: Database):
    funnel = synergies.funnel(db, VENDOMOIS, Period(2020))
    assert funnel.total == 0 and all(s.reached == 0 and s.conversion_to_next is None for s in funnel.steps)
    assert funnel.median_days_to_realisation is None
    overview = synergies.overview(db, "commune:34099", Period(2022))  # Courniou: no company, no synergy
    assert overview.listed.empty and overview.per_year.empty and overview.funnel.total == 0
    assert float(overview.impact_totals["value"].sum()) == 0


def test_types_per_year(db: Database):
    per_year = synergies.types_per_year(db, VENDOMOIS, Period(2022)).set_index(["year", "synergy_type"])
    assert per_year.loc[(2021, "substitution"), "identified"] == 2  # S1, S3
    assert per_year.loc[(2021, "mutualisation"), "identified"] == 1  # S2
    assert per_year.loc[(2022, "substitution"), "identified"] == 2  # S6, S7
    assert per_year.loc[(2022, "mutualisation"), "identified"] == 2  # S4, S5
    assert per_year.loc[(2021, "substitution"), "realised"] == 1  # S1
    assert per_year.loc[(2021, "mutualisation"), "realised"] == 1  # S2
    assert per_year.loc[(2022, "substitution"), "realised"] == 0
    assert len(per_year) == 4  # 2021 and 2022, both types
    assert synergies.types_per_year(db, VENDOMOIS, Period(2020)).empty


def test_overview_impacts_are_metrics_impacts(db: Database):
    overview = synergies.overview(db, VENDOMOIS, Period(2022))
    totals = overview.impact_totals.set_index("impact_kind")
    # realised at the end of 2022: S1 and S2; S3's 50 t are not counted (abandoned), S7's 80 t not yet
    assert totals.loc[ImpactKind.TONNES.value, "value"] == 120
    assert totals.loc[ImpactKind.TONNES.value, "declared"] == 120
    assert totals.loc[ImpactKind.TCO2E.value, "computed"] == 30
    assert totals.loc[ImpactKind.SAVINGS_EUR.value, "estimated"] == 5000
    assert totals.loc[ImpactKind.JOBS.value, "value"] == 0
    expected = metrics.impact_totals(metrics.synergy_impacts(db, VENDOMOIS, Period(2022)))
    assert overview.impact_totals.equals(expected)
    later = synergies.overview(db, VENDOMOIS, Period(2023)).impact_totals.set_index("impact_kind")
    assert later.loc["tonnes", "value"] == 200 and later.loc["tonnes", "estimated"] == 80
    assert overview.status_counts == overview.funnel.current_counts()
    assert overview.headline.cumulative == 5 and overview.headline.in_period == 3  # S4 S5 S7 identified in 2022


def test_list_and_filters(db: Database):
    listed = synergies.synergy_list(db, VENDOMOIS, Period(2022))
    assert list(listed["synergy_id"]) == ["S7", "S5", "S4", "S6", "S3", "S2", "S1"]  # latest identified first
    row = listed.set_index("synergy_id").loc["S7"]
    assert row["status"] == "in_study" and row["participants"] == 2
    assert str(row["status_date"].date()) == "2022-09-01"  # events after the period end are ignored
    assert synergies.filter_list(listed, statuses=("abandoned",))["synergy_id"].tolist() == ["S6", "S3"]
    assert synergies.filter_list(listed, types=("mutualisation",))["synergy_id"].tolist() == ["S5", "S4", "S2"]
    assert synergies.filter_list(listed, search="CARTONS")["synergy_id"].tolist() == ["S7", "S1"]
    assert synergies.filter_list(listed, statuses=("realised",), types=("substitution",))["synergy_id"].tolist() == [
        "S1"
    ]


def test_detail_with_and_without_names(db: Database):
    detail = synergies.synergy_detail(db, "S2")
    assert detail is not None
    assert detail.participants["role"].tolist() == ["coordinator", "member", "member"]
    assert detail.participants["company"].tolist() == ["Gamma Coiffure", "Alpha Cartonnage", "Beta Métal"]
    assert detail.history["status"].tolist() == ["identified", "realised"]
    assert detail.impacts[["impact_kind", "value", "basis"]].values.tolist() == [["savings_eur", 5000.0, "estimated"]]
    anonymous = synergies.synergy_detail(db, "S2", show_names=False)
    assert anonymous is not None
    # companies are numbered by id over the whole database: A 1, B 2, C 3
    assert anonymous.participants["company"].tolist() == ["Entreprise n° 3", "Entreprise n° 1", "Entreprise n° 2"]
    abandoned = synergies.synergy_detail(db, "S3")
    assert abandoned is not None and abandoned.history["abandonment_reason"].tolist()[-1] == "technical"
    assert synergies.synergy_detail(db, "nope") is None
