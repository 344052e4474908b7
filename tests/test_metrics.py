"""Home-page figures on a small frozen dataset whose counts are worked out by hand below.

`insert_home_records` is also used by the page tests (tests/pages, tests/ui) as their small database.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from dashboard import metrics
from dashboard.codes import ScopeType, SynergyStatus, ValueKind
from dashboard.db import Database, set_meta
from dashboard.metrics import Headline
from dashboard.territories import Period
from tests.factories import insert_test_territories

VENDOMOIS = "epci:200072072"  # communes Vendôme 41269, Saint-Ouen 41226
MINERVOIS = "epci:200066348"  # communes Saint-Pons 34284, Courniou 34099
D = dt.date


def insert_home_records(cur: duckdb.DuckDBPyConnection) -> None:
    """Test geography + a handful of companies, diagnostics, flows, synergies, events and targets.

    Companies: A, B, E in Vendôme; C in Saint-Ouen; D in Saint-Pons (E is never mobilised).
    Diagnostics: A 2021-03-10 and 2022-05-02; B 2022-11-15; D 2022-02-01.
    Flows: A 3 on its 2021 diagnostic + 1 on its 2022 one; B 2; C 1 without diagnostic; D 2.
    Synergies: S1 (Vendômois; A, C) identified 2021-06-01, in study 2021-09-01, realised 2022-03-01;
      S2 (Vendômois; B, demo) identified 2022-10-01, abandoned 2022-12-01;
      S3 (Saint-Pons; D, C) identified 2023-01-15; S4 (Minervois; D) identified 2020-01-01, in progress 2022-06-30.
    Events: workshop Vendômois 2021-04-01; thematic meeting Vendôme 2022-09-15; COPIL Vendômois 2022-01-20;
      workshop Minervois 2022-05-05.
    Targets: Vendômois companies_mobilised target 2022 = 4, reference 2020 = 1; programme P1 (perimeter
      Vendômois) companies_mobilised target 2022 = 10, synergies targets 2022 = 2 and 2023 = 5.
    """
    insert_test_territories(cur)
    cur.execute("INSERT INTO organisation VALUES ('cci41', 'CCI 41', 'cci')")
    cur.execute(
        "INSERT INTO programme (programme_id, name, carrier_org_id, perimeter_territory_id, source) "
        "VALUES ('p1', 'Démarche EIT test', 'cci41', $vendomois, 'test')",
        {"vendomois": VENDOMOIS},
    )
    companies = [
        ("A", "commune:41269"),
        ("B", "commune:41269"),
        ("E", "commune:41269"),
        ("C", "commune:41226"),
        ("D", "commune:34284"),
    ]
    cur.executemany(
        "INSERT INTO company (company_id, name, sector_family, size_band, commune_id) "
        "VALUES (?, 'Entreprise ' || ?, 'fabrication', '1-9', ?)",
        [(cid, cid, commune) for cid, commune in companies],
    )
    cur.executemany(
        "INSERT INTO diagnostic (diagnostic_id, company_id, diagnostic_date, kind) VALUES (?, ?, ?, 'flash')",
        [
            ("dA1", "A", D(2021, 3, 10)),
            ("dA2", "A", D(2022, 5, 2)),
            ("dB1", "B", D(2022, 11, 15)),
            ("dD1", "D", D(2022, 2, 1)),
        ],
    )
    flow_rows = [("A", "dA1")] * 3 + [("A", "dA2"), ("B", "dB1"), ("B", "dB1"), ("C", None), ("D", "dD1"), ("D", "dD1")]
    cur.execute("INSERT INTO flow_category (category_code, label, family) VALUES ('carton', 'Cartons', 'dechet')")
    cur.executemany(
        "INSERT INTO flow (flow_id, company_id, diagnostic_id, direction, category_code, frequency) "
        "VALUES (?, ?, ?, 'out', 'carton', 'monthly')",
        [(f"f{i}", company, diagnostic) for i, (company, diagnostic) in enumerate(flow_rows)],
    )
    cur.executemany(
        "INSERT INTO synergy (synergy_id, title, synergy_type, territory_id, origin, source, is_demo) "
        "VALUES (?, ?, 'substitution', ?, 'manual', 'test', ?)",
        [
            ("S1", "Cartons", VENDOMOIS, False),
            ("S2", "Palettes", VENDOMOIS, True),
            ("S3", "Boues", "commune:34284", False),
            ("S4", "Chaleur", MINERVOIS, False),
        ],
    )
    cur.executemany(
        "INSERT INTO synergy_status_event (synergy_id, status, event_date, abandonment_reason) VALUES (?, ?, ?, ?)",
        [
            ("S1", "identified", D(2021, 6, 1), None),
            ("S1", "in_study", D(2021, 9, 1), None),
            ("S1", "realised", D(2022, 3, 1), None),
            ("S2", "identified", D(2022, 10, 1), None),
            ("S2", "abandoned", D(2022, 12, 1), "economic"),
            ("S3", "identified", D(2023, 1, 15), None),
            ("S4", "identified", D(2020, 1, 1), None),
            ("S4", "in_progress", D(2022, 6, 30), None),
        ],
    )
    cur.executemany(
        "INSERT INTO synergy_participant VALUES (?, ?, ?)",
        [
            ("S1", "A", "supplier"),
            ("S1", "C", "receiver"),
            ("S2", "B", "member"),
            ("S3", "D", "supplier"),
            ("S3", "C", "receiver"),
            ("S4", "D", "member"),
        ],
    )
    cur.executemany(
        "INSERT INTO event (event_id, event_kind, event_date, title, territory_id) VALUES (?, ?, ?, ?, ?)",
        [
            ("E1", "workshop", D(2021, 4, 1), "Atelier cartons", VENDOMOIS),
            ("E2", "thematic_meeting", D(2022, 9, 15), "Rencontre énergie", "commune:41269"),
            ("E3", "copil", D(2022, 1, 20), "COPIL", VENDOMOIS),
            ("E4", "workshop", D(2022, 5, 5), "Atelier chaleur", MINERVOIS),
        ],
    )
    cur.executemany(
        "INSERT INTO indicator (indicator_code, label, unit, decimals, pillar, direction, realisation, mandatory, "
        "definition) VALUES (?, ?, 'nombre', 0, 'activites_resultats', 'higher_better', 'computed', TRUE, ?)",
        [("companies_mobilised", "Entreprises mobilisées", "test"), ("synergies", "Synergies", "test")],
    )
    values = [
        ("companies_mobilised", "territory", VENDOMOIS, 2022, "target", 4.0),
        ("companies_mobilised", "territory", VENDOMOIS, 2020, "reference", 1.0),
        ("companies_mobilised", "programme", "p1", 2022, "target", 10.0),
        ("synergies", "programme", "p1", 2022, "target", 2.0),
        ("synergies", "programme", "p1", 2023, "target", 5.0),
    ]
    cur.executemany(
        "INSERT INTO indicator_value (indicator_code, scope_type, scope_id, territory_id, programme_id, period_year, "
        "value_kind, value, provenance, source, as_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'declared', 'Fiche test', ?)",
        [
            (
                code,
                scope,
                sid,
                sid if scope == "territory" else None,
                sid if scope == "programme" else None,
                year,
                kind,
                value,
                D(2019, 6, 26),
            )
            for code, scope, sid, year, kind, value in values
        ],
    )


@pytest.fixture
def home_db(empty_db: Database) -> Database:
    with empty_db.transaction() as cur:
        insert_home_records(cur)
    return empty_db


def test_companies_mobilised_cumulative_and_new_in_period(home_db: Database) -> None:
    figure = metrics.companies_mobilised(home_db, VENDOMOIS, Period(2022))
    # A (diagnostic 2021), C (synergy S1 2021), B (first mobilised 2022-10-01 by S2); E never; S3 is 2023.
    assert (figure.cumulative, figure.in_period) == (3, 1)
    # A's 2 diagnostics + B's diagnostic + participations A/S1, C/S1, B/S2
    assert figure.record_count == 6


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


def test_synergy_impacts_count_realised_synergies_only(home_db: Database) -> None:
    with home_db.transaction() as cur:
        cur.executemany(
            "INSERT INTO synergy_impact VALUES (?, ?, ?, ?, 'test', DATE '2022-12-31')",
            [
                ("S1", "tonnes", 12.5, "declared"),
                ("S1", "tco2e", 3.0, "computed"),
                ("S2", "tonnes", 40.0, "estimated"),  # abandoned: never counted
                ("S4", "tonnes", 7.0, "estimated"),  # in progress in Minervois until it is realised
            ],
        )
    impacts = metrics.synergy_impacts(home_db, VENDOMOIS, Period(2022))
    assert sorted(impacts["synergy_id"]) == ["S1", "S1"]
    totals = metrics.impact_totals(impacts).set_index("impact_kind")
    assert totals.loc["tonnes", "value"] == 12.5 and totals.loc["tonnes", "declared"] == 12.5
    assert totals.loc["tco2e", "computed"] == 3.0 and totals.loc["tco2e", "synergy_count"] == 1
    assert totals.loc["jobs", "value"] == 0.0 and len(totals) == 6
    # before S1 was realised (2022-03-01) nothing is diverted
    assert metrics.synergy_impacts(home_db, VENDOMOIS, Period(2021)).empty
    assert metrics.impact_totals(metrics.synergy_impacts(home_db, MINERVOIS, Period(2022)))["value"].sum() == 0


def test_synergy_status_as_of_period_end(home_db: Database) -> None:
    figure, counts = metrics.synergies(home_db, VENDOMOIS, Period(2022))
    # S1 realised, S2 abandoned; S3 (participant C) not identified before 2023; S4 is elsewhere
    assert counts[SynergyStatus.REALISED] == 1 and counts[SynergyStatus.ABANDONED] == 1
    assert sum(counts.values()) == 2
    assert (figure.cumulative, figure.in_period) == (1, 0)

    _, mid_2021 = metrics.synergies(home_db, VENDOMOIS, Period(2021, 3))
    assert mid_2021[SynergyStatus.IN_STUDY] == 1 and sum(mid_2021.values()) == 1

    later, later_counts = metrics.synergies(home_db, VENDOMOIS, Period(2024))
    assert later_counts[SynergyStatus.IDENTIFIED] == 1  # S3 through its participant C
    assert later.cumulative == 2


def test_events_split_company_meetings_from_steering(home_db: Database) -> None:
    period = Period(2022)
    company_events = metrics.events(
        home_db, VENDOMOIS, period, metrics.COMPANY_EVENT_KINDS, Headline.WORKSHOPS_MEETINGS
    )
    assert (company_events.cumulative, company_events.in_period) == (2, 1)  # E1 2021, E2 (Vendôme) 2022
    steering = metrics.events(home_db, VENDOMOIS, period, metrics.STEERING_EVENT_KINDS, Headline.WORKSHOPS_MEETINGS)
    assert (steering.cumulative, steering.in_period) == (1, 1)


def test_targets_prefer_the_territory_then_the_next_year(home_db: Database) -> None:
    summary = metrics.home_summary(home_db, VENDOMOIS, 2022, 0)
    companies = summary.figures[Headline.COMPANIES_MOBILISED]
    assert companies.target is not None and companies.target.value == 4  # territory's own beats programme's 10
    assert companies.target.scope_type == ScopeType.TERRITORY
    assert companies.achievement == pytest.approx(3 / 4)
    assert companies.reference is not None and (companies.reference.year, companies.reference.value) == (2020, 1)

    synergy = summary.figures[Headline.SYNERGIES]
    assert synergy.target is not None and synergy.target.scope_name == "Démarche EIT test"
    assert synergy.achievement == pytest.approx(1 / 2)

    before = metrics.home_summary(home_db, VENDOMOIS, 2021, 0).figures[Headline.SYNERGIES].target
    assert before is not None and before.year == 2022  # no 2021 target: the next one
    after = metrics.home_summary(home_db, VENDOMOIS, 2025, 0).figures[Headline.SYNERGIES].target
    assert after is not None and (after.year, after.value) == (2023, 5)  # the latest earlier one
    assert summary.figures[Headline.DIAGNOSTICS].target is None


def test_home_summary_flags(home_db: Database) -> None:
    vendomois = metrics.home_summary(home_db, VENDOMOIS, 2022, 0)
    assert vendomois.has_records and vendomois.demo_rows_in_scope  # S2 is a demo record
    minervois = metrics.home_summary(home_db, MINERVOIS, 2022, 0)
    assert minervois.has_records and not minervois.demo_rows_in_scope
    assert not metrics.home_summary(home_db, "commune:34099", 2022, 0).has_records  # Courniou: nothing


def test_home_summary_on_a_database_without_records(geo_db: Database) -> None:
    summary = metrics.home_summary(geo_db, VENDOMOIS, 2022, 0)
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
    values = metrics.target_values(home_db, VENDOMOIS, ["companies_mobilised"])
    assert metrics.pick_target(values, 2022, ValueKind.TARGET).value == 4
    assert metrics.pick_target(values.iloc[0:0], 2022, ValueKind.TARGET) is None


def test_database_has_records(geo_db: Database) -> None:
    assert not metrics.database_has_records(geo_db)  # a geography alone is not data
    with geo_db.transaction() as cur:
        cur.execute(
            "INSERT INTO company (company_id, name, sector_family, size_band, commune_id) "
            "VALUES ('Z', 'Z', 'services', '0', 'commune:41269')"
        )
    assert metrics.database_has_records(geo_db)
