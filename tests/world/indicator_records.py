"""Records behind the indicator tests (targets, declared values, synergies, events) of the Vendômois and Minervois."""

from __future__ import annotations

import datetime as dt

import duckdb

from dashboard.db import set_meta
from dashboard.reference_data import load_reference_data
from tests.factories import insert_test_territories

VENDOMOIS = "epci:200072072"  # communes Vendôme 41269, Saint-Ouen 41226
MINERVOIS = "epci:200066348"  # communes Saint-Pons 34284, Courniou 34099
VENDOME = "commune:41269"
D = dt.date


def insert_indicator_records(cur: duckdb.DuckDBPyConnection) -> None:
    """Reference data + test geography + records.

    Companies: A, B, E in Vendôme; C in Saint-Ouen; D in Saint-Pons.
    Diagnostics: A 2021-03-10 and 2022-05-02; B 2022-11-15; D 2022-02-01.
    Flows: A 3 on its 2021 diagnostic + 1 on its 2022 one; B 2; C 1 without diagnostic; D 2.
    Synergies (status events):
      S1 Vendômois, A supplier + C receiver: identified 2021-06-01, realised 2022-03-01;
         impacts tonnes 12.5 declared, tco2e 3 computed, jobs 1 estimated;
      S2 Vendômois, B: identified 2022-10-01, abandoned 2022-12-01; impact tonnes 40 (never counted);
      S3 Saint-Pons, D + C: identified 2023-01-15;
      S4 Minervois, D: identified 2020-01-01, in progress 2022-06-30;
      S5 Vendômois, A + B (mutualisation): identified 2022-01-10, in study 2022-04-01;
      S6 Vendômois, E alone: identified 2022-02-01, realised 2022-08-01; impacts energy 50 MWh declared,
         savings 2 000 € estimated.
    Events: E1 workshop Vendômois 2021-04-01, 10 people (A, B); E2 thematic meeting Vendôme 2022-09-15, 6 (A, C);
      E3 COPIL Vendômois 2022-01-20, 12; E4 workshop Minervois 2022-05-05, 8 (D); E5 launch Vendômois 2023-02-01.
    Programme P1 (perimeter Vendômois): companies_mobilised reference 2019 = 2, targets 2020 = 3, 2022 = 6.
      Its own records (programme_id = p1): diagnostics dA1, dA2, dB1; synergies S1, S2, S5, S6 (E1-E5 are not
      its own): companies mobilised by P1 = 2 at the end of 2021 (A, C), 4 at the end of 2022 (+ B, E).
    Vendômois own values: waste_landfilled reference 2019 = 1000, target 2022 = 600, actual 2022 = 800;
      synergies_abandoned target 2022 = 0; jobs_created target 2022 = 0; fte_dedicated actual 2022 = 1.5.
    """
    load_reference_data(cur)
    insert_test_territories(cur)
    cur.execute("INSERT INTO organisation VALUES ('cci41', 'CCI 41', 'cci')")
    cur.execute(
        "INSERT INTO programme (programme_id, name, carrier_org_id, perimeter_territory_id, source) "
        "VALUES ('p1', 'Démarche EIT test', 'cci41', $vendomois, 'test')",
        {"vendomois": VENDOMOIS},
    )
    companies = [("A", VENDOME), ("B", VENDOME), ("E", VENDOME), ("C", "commune:41226"), ("D", "commune:34284")]
    cur.executemany(
        "INSERT INTO company (company_id, name, sector_family, size_band, commune_id) "
        "VALUES (?, 'Entreprise ' || ?, 'fabrication', '1-9', ?)",
        [(cid, cid, commune) for cid, commune in companies],
    )
    cur.executemany(
        "INSERT INTO diagnostic (diagnostic_id, company_id, diagnostic_date, kind, programme_id) "
        "VALUES (?, ?, ?, 'flash', ?)",
        [("dA1", "A", D(2021, 3, 10), "p1"), ("dA2", "A", D(2022, 5, 2), "p1"), ("dB1", "B", D(2022, 11, 15), "p1"),
         ("dD1", "D", D(2022, 2, 1), None)],
    )  # fmt: skip
    flow_rows = [("A", "dA1")] * 3 + [("A", "dA2"), ("B", "dB1"), ("B", "dB1"), ("C", None), ("D", "dD1"), ("D", "dD1")]
    cur.executemany(
        "INSERT INTO flow (flow_id, company_id, diagnostic_id, direction, category_code, frequency) "
        "VALUES (?, ?, ?, 'out', 'carton', 'monthly')",
        [(f"f{i}", company, diagnostic) for i, (company, diagnostic) in enumerate(flow_rows)],
    )
    cur.executemany(
        "INSERT INTO synergy (synergy_id, title, synergy_type, territory_id, origin, source, programme_id) "
        "VALUES (?, ?, ?, ?, 'manual', 'test', ?)",
        [
            ("S1", "Cartons", "substitution", VENDOMOIS, "p1"),
            ("S2", "Palettes", "substitution", VENDOMOIS, "p1"),
            ("S3", "Boues", "substitution", "commune:34284", None),
            ("S4", "Chaleur", "substitution", MINERVOIS, None),
            ("S5", "Achat groupé d'énergie", "mutualisation", VENDOMOIS, "p1"),
            ("S6", "Récupération de chaleur", "substitution", VENDOMOIS, "p1"),
        ],
    )
    cur.executemany(
        "INSERT INTO synergy_status_event (synergy_id, status, event_date, abandonment_reason) VALUES (?, ?, ?, ?)",
        [
            ("S1", "identified", D(2021, 6, 1), None),
            ("S1", "realised", D(2022, 3, 1), None),
            ("S2", "identified", D(2022, 10, 1), None),
            ("S2", "abandoned", D(2022, 12, 1), "economic"),
            ("S3", "identified", D(2023, 1, 15), None),
            ("S4", "identified", D(2020, 1, 1), None),
            ("S4", "in_progress", D(2022, 6, 30), None),
            ("S5", "identified", D(2022, 1, 10), None),
            ("S5", "in_study", D(2022, 4, 1), None),
            ("S6", "identified", D(2022, 2, 1), None),
            ("S6", "realised", D(2022, 8, 1), None),
        ],
    )
    cur.executemany(
        "INSERT INTO synergy_participant VALUES (?, ?, ?)",
        [("S1", "A", "supplier"), ("S1", "C", "receiver"), ("S2", "B", "member"), ("S3", "D", "supplier"),
         ("S3", "C", "receiver"), ("S4", "D", "member"), ("S5", "A", "member"), ("S5", "B", "member"),
         ("S6", "E", "receiver")],
    )  # fmt: skip
    cur.executemany(
        "INSERT INTO synergy_impact VALUES (?, ?, ?, ?, 'test', DATE '2022-12-31')",
        [("S1", "tonnes", 12.5, "declared"), ("S1", "tco2e", 3.0, "computed"), ("S1", "jobs", 1.0, "estimated"),
         ("S2", "tonnes", 40.0, "estimated"), ("S6", "energy_mwh", 50.0, "declared"),
         ("S6", "savings_eur", 2000.0, "estimated")],
    )  # fmt: skip
    cur.executemany(
        "INSERT INTO event (event_id, event_kind, event_date, title, territory_id, attendance_total) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [("E1", "workshop", D(2021, 4, 1), "Atelier cartons", VENDOMOIS, 10),
         ("E2", "thematic_meeting", D(2022, 9, 15), "Rencontre énergie", VENDOME, 6),
         ("E3", "copil", D(2022, 1, 20), "COPIL", VENDOMOIS, 12),
         ("E4", "workshop", D(2022, 5, 5), "Atelier chaleur", MINERVOIS, 8),
         ("E5", "launch", D(2023, 2, 1), "Lancement phase 2", VENDOMOIS, 20)],
    )  # fmt: skip
    cur.executemany(
        "INSERT INTO event_participant VALUES (?, ?)",
        [("E1", "A"), ("E1", "B"), ("E2", "A"), ("E2", "C"), ("E4", "D")],
    )
    values = [
        ("companies_mobilised", "programme", "p1", 2019, "reference", 2.0),
        ("companies_mobilised", "programme", "p1", 2020, "target", 3.0),
        ("companies_mobilised", "programme", "p1", 2022, "target", 6.0),
        ("waste_landfilled", "territory", VENDOMOIS, 2019, "reference", 1000.0),
        ("waste_landfilled", "territory", VENDOMOIS, 2022, "target", 600.0),
        ("waste_landfilled", "territory", VENDOMOIS, 2022, "actual", 800.0),
        ("synergies_abandoned", "territory", VENDOMOIS, 2022, "target", 0.0),
        ("jobs_created", "territory", VENDOMOIS, 2022, "target", 0.0),
        ("fte_dedicated", "territory", VENDOMOIS, 2022, "actual", 1.5),
    ]
    cur.executemany(
        "INSERT INTO indicator_value (indicator_code, scope_type, scope_id, territory_id, programme_id, period_year, "
        "value_kind, value, provenance, source, as_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'declared', 'Fiche test', ?)",
        [
            (code, scope, sid, sid if scope == "territory" else None, sid if scope == "programme" else None, year,
             kind, value, D(2022, 6, 1))
            for code, scope, sid, year, kind, value in values
        ],
    )  # fmt: skip
    set_meta(cur, "data_as_of", "2022-11-30")
