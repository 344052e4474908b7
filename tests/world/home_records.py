"""Records behind the home page's headline figures, with their hand counts in the tests that use them."""

from __future__ import annotations

import datetime as dt

import duckdb

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
