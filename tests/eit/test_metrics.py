"""Home-page figures on the test world (tests/world/README.md: its records and hand counts)."""

from __future__ import annotations

import pytest

from dashboard.codes import ScopeType, SynergyStatus, ValueKind
from dashboard.db import Database, set_meta
from dashboard.eit import metrics
from dashboard.eit.metrics import Headline
from dashboard.scope import Period
from tests.world.build import MINERVOIS, VENDOMOIS, D


@pytest.fixture
def home_db(world_db: Database) -> Database:
    """The test world, read-only (tests/conftest.py): a test that writes takes `writable_world_db`."""
    return world_db


def test_companies_mobilised_cumulative_and_new_in_period(home_db: Database) -> None:
    figure = metrics.companies_mobilised(home_db, VENDOMOIS, Period(2022))
    # A (diagnostic 2021), C (synergy S1 2021), B (S5 2022-01-10), E (S6 2022-02-01); S3 is 2023; S7 (B, E,
    # 2022-06-01) mobilises no new company.
    assert (figure.cumulative, figure.in_period) == (4, 2)
    # A's 2 diagnostics + B's diagnostic + participations A/S1, C/S1, B/S2, A/S5, B/S5, E/S6, B/S7, E/S7
    assert figure.record_count == 11


def test_companies_mobilised_by_quarter(home_db: Database) -> None:
    figure = metrics.companies_mobilised(home_db, VENDOMOIS, Period(2021, 2))
    # up to 2021-06-30: A (March) and C (S1 identified 1 June, in Q2)
    assert (figure.cumulative, figure.in_period) == (2, 1)


def test_companies_of_a_commune_and_of_another_epci(home_db: Database) -> None:
    assert metrics.companies_mobilised(home_db, "commune:41226", Period(2022)).cumulative == 1  # C
    other = metrics.companies_mobilised(home_db, MINERVOIS, Period(2022))
    assert (other.cumulative, other.in_period) == (1, 0)  # D, first mobilised by S4 in 2020


def test_diagnostics_and_flows(home_db: Database) -> None:
    diag = metrics.diagnostics(home_db, VENDOMOIS, Period(2022))
    assert (diag.cumulative, diag.in_period) == (3, 2)
    flows = metrics.flows(home_db, VENDOMOIS, Period(2022))
    # A 4 + B 2 + C's undated 1; in 2022: A 1 + B 2
    assert (flows.cumulative, flows.in_period, flows.undated) == (7, 3, 1)
    early = metrics.flows(home_db, VENDOMOIS, Period(2021))
    assert (early.cumulative, early.in_period) == (4, 3)  # A's 3 of 2021 + C's undated one


def test_synergy_impacts_count_realised_synergies_only(writable_world_db: Database) -> None:
    # the world's impacts: S1 (realised 2022-03-01), S2's 40 t (abandoned: never counted), S6 (realised 2022-08-01)
    with writable_world_db.transaction() as cur:  # in progress in Minervois: not counted until it is realised
        cur.execute("INSERT INTO synergy_impact VALUES ('S4', 'tonnes', 7.0, 'estimated', 'test', DATE '2022-12-31')")
    impacts = metrics.synergy_impacts(writable_world_db, VENDOMOIS, Period(2022))
    assert sorted(impacts["synergy_id"]) == ["S1", "S1", "S1", "S6", "S6"]
    totals = metrics.impact_totals(impacts).set_index("impact_kind")
    assert totals.loc["tonnes", "value"] == 12.5 and totals.loc["tonnes", "declared"] == 12.5
    assert totals.loc["tco2e", "computed"] == 3.0 and totals.loc["tco2e", "synergy_count"] == 1
    assert totals.loc["water_m3", "value"] == 0.0 and len(totals) == 6  # every kind listed, zero when none
    assert totals.loc["jobs", "estimated"] == 1.0
    # before S1 was realised (2022-03-01) nothing is diverted
    assert metrics.synergy_impacts(writable_world_db, VENDOMOIS, Period(2021)).empty
    assert (
        metrics.impact_totals(metrics.synergy_impacts(writable_world_db, MINERVOIS, Period(2022)))["value"].sum() == 0
    )


def test_synergy_status_as_of_period_end(home_db: Database) -> None:
    figure, counts = metrics.synergies(home_db, VENDOMOIS, Period(2022))
    # S1 S6 realised, S2 abandoned, S5 in study, S7 in progress; S3 (participant C) not identified before 2023;
    # S4 is elsewhere
    assert counts[SynergyStatus.REALISED] == 2 and counts[SynergyStatus.ABANDONED] == 1
    assert counts[SynergyStatus.IN_STUDY] == 1 and counts[SynergyStatus.IN_PROGRESS] == 1
    assert sum(counts.values()) == 5
    assert (figure.cumulative, figure.in_period) == (4, 3)  # S1 S5 S6 S7 engaged; S5 S6 S7 identified in 2022

    _, mid_2021 = metrics.synergies(home_db, VENDOMOIS, Period(2021, 3))
    assert mid_2021[SynergyStatus.IN_STUDY] == 1 and sum(mid_2021.values()) == 1

    later, later_counts = metrics.synergies(home_db, VENDOMOIS, Period(2024))
    assert later_counts[SynergyStatus.ABANDONED] == 2  # S2, and S3 (through its participant C) on 01/06/2023
    assert later.cumulative == 4  # S1 S5 S6 (S5 realised on 11/04/2023), S7 (still in progress)
    assert later_counts[SynergyStatus.IN_PROGRESS] == 1  # S7


def test_events_split_company_meetings_from_steering(home_db: Database) -> None:
    period = Period(2022)
    company_events = metrics.events(
        home_db, VENDOMOIS, period, metrics.COMPANY_EVENT_KINDS, Headline.WORKSHOPS_MEETINGS
    )
    assert (company_events.cumulative, company_events.in_period) == (2, 1)  # E1 2021, E2 (Vendôme) 2022
    steering = metrics.events(home_db, VENDOMOIS, period, metrics.STEERING_EVENT_KINDS, Headline.WORKSHOPS_MEETINGS)
    assert (steering.cumulative, steering.in_period) == (1, 1)


def test_targets_prefer_the_territory_then_the_next_year(home_db: Database) -> None:
    summary = metrics.home_summary(home_db, VENDOMOIS, Period(2022))
    flows = summary.figures[Headline.FLOWS]
    assert flows.target is not None and flows.target.value == 14  # territory's own beats programme's 20
    assert flows.target.scope_type == ScopeType.TERRITORY
    assert flows.achievement == pytest.approx(7 / 14)

    companies = summary.figures[Headline.COMPANIES_MOBILISED]  # the programme's target when it has none
    assert companies.target is not None and companies.target.value == 6
    assert companies.target.scope_type == ScopeType.PROGRAMME
    assert companies.achievement == pytest.approx(4 / 6)
    assert companies.reference is not None and (companies.reference.year, companies.reference.value) == (2019, 2)

    synergy = summary.figures[Headline.SYNERGIES]
    assert synergy.target is not None and synergy.target.scope_name == "Démarche EIT test"
    assert synergy.achievement == pytest.approx(4 / 2)  # S1 S5 S6 S7 against P1's 2

    before = metrics.home_summary(home_db, VENDOMOIS, Period(2021)).figures[Headline.SYNERGIES].target
    assert before is not None and before.year == 2022  # no 2021 target: the next one
    after = metrics.home_summary(home_db, VENDOMOIS, Period(2025)).figures[Headline.SYNERGIES].target
    assert after is not None and (after.year, after.value) == (2023, 5)  # the latest earlier one
    assert summary.figures[Headline.DIAGNOSTICS].target is None


def test_home_summary_flags(home_db: Database) -> None:
    vendomois = metrics.home_summary(home_db, VENDOMOIS, Period(2022))
    assert vendomois.has_records and vendomois.demo_rows_in_scope  # S2 is a demo record
    minervois = metrics.home_summary(home_db, MINERVOIS, Period(2022))
    assert minervois.has_records and not minervois.demo_rows_in_scope
    assert not metrics.home_summary(home_db, "commune:34099", Period(2022)).has_records  # Courniou: nothing


def test_home_summary_on_a_database_without_records(geo_db: Database) -> None:
    summary = metrics.home_summary(geo_db, VENDOMOIS, Period(2022))
    assert not summary.has_records
    assert all(f.cumulative == 0 and f.target is None for f in summary.figures.values())


def test_dataset_info_reads_meta_then_import_log(empty_db: Database) -> None:
    assert metrics.dataset_info(empty_db) == metrics.DatasetInfo(None, False, False)
    with empty_db.transaction() as cur:
        cur.execute(
            "INSERT INTO import_log (imported_at, entity, file_name, row_count, sha256) "
            "VALUES (TIMESTAMP '2025-03-04 10:00:00', 'companies', 'x.csv', 1, 'abc')"
        )
    assert metrics.dataset_info(empty_db) == metrics.DatasetInfo(D(2025, 3, 4), True, False)
    with empty_db.transaction() as cur:
        set_meta(cur, "data_as_of", "2026-11-22")
        set_meta(cur, "dataset", "demo")
    assert metrics.dataset_info(empty_db) == metrics.DatasetInfo(D(2026, 11, 22), False, True)


def test_pick_target_ignores_other_kinds(home_db: Database) -> None:
    values = metrics.target_values(home_db, VENDOMOIS, ["companies_mobilised"])  # reference 2019 = 2 beside
    assert metrics.pick_target(values, 2022, ValueKind.TARGET).value == 6
    assert metrics.pick_target(values.iloc[0:0], 2022, ValueKind.TARGET) is None


def test_database_has_records(geo_db: Database) -> None:
    assert not metrics.database_has_records(geo_db)  # a geography alone is not data
    with geo_db.transaction() as cur:
        cur.execute(
            "INSERT INTO company (company_id, name, sector_family, size_band, commune_id) "
            "VALUES ('Z', 'Z', 'services', '0', 'commune:41269')"
        )
    assert metrics.database_has_records(geo_db)
