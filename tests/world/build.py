"""The test world: one small frozen database shared by the core tests (records and hand counts: README.md).

`insert_world(cur)` writes it into an open transaction; `build_world_db(path)` writes it into a database file
(the small database of the page, UI and browser tests). Tests change a copy, never the world itself.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from dashboard.db import Database, set_meta
from dashboard.reference_data import load_reference_data
from tests.factories import insert_test_territories

VENDOMOIS = "epci:200072072"  # communes Vendôme 41269, Saint-Ouen 41226
MINERVOIS = "epci:200066348"  # communes Saint-Pons 34284, Courniou 34099
VENDOME = "commune:41269"
SAINT_OUEN = "commune:41226"
SAINT_PONS = "commune:34284"
COURNIOU = "commune:34099"  # no record at all: the empty commune
PROGRAMME = "p1"  # "Démarche EIT test", perimeter the Vendômois
DATA_AS_OF = "2022-11-30"  # meta data_as_of: the data date inside 2022
D = dt.date

COMPANIES = [("A", VENDOME), ("B", VENDOME), ("E", VENDOME), ("C", SAINT_OUEN), ("D", SAINT_PONS)]
DIAGNOSTICS = [
    ("dA1", "A", D(2021, 3, 10), PROGRAMME),
    ("dA2", "A", D(2022, 5, 2), PROGRAMME),
    ("dB1", "B", D(2022, 11, 15), PROGRAMME),
    ("dD1", "D", D(2022, 2, 1), None),
]
# (company, diagnostic): C's flow has no diagnostic (undated, always counted)
FLOWS = [("A", "dA1")] * 3 + [("A", "dA2"), ("B", "dB1"), ("B", "dB1"), ("C", None), ("D", "dD1"), ("D", "dD1")]
# id, title, type, territory, programme, demo record
SYNERGIES = [
    ("S1", "Cartons", "substitution", VENDOMOIS, PROGRAMME, False),
    ("S2", "Palettes", "substitution", VENDOMOIS, PROGRAMME, True),
    ("S3", "Boues", "substitution", SAINT_PONS, None, False),
    ("S4", "Chaleur", "substitution", MINERVOIS, None, False),
    ("S5", "Achat groupé d'énergie", "mutualisation", VENDOMOIS, PROGRAMME, False),
    ("S6", "Récupération de chaleur", "substitution", VENDOMOIS, PROGRAMME, False),
]
STATUS_EVENTS = [
    ("S1", "identified", D(2021, 6, 1), None),
    ("S1", "in_study", D(2021, 9, 1), None),
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
]
PARTICIPANTS = [
    ("S1", "A", "supplier"), ("S1", "C", "receiver"), ("S2", "B", "member"), ("S3", "D", "supplier"),
    ("S3", "C", "receiver"), ("S4", "D", "member"), ("S5", "A", "member"), ("S5", "B", "member"),
    ("S6", "E", "receiver"),
]  # fmt: skip
IMPACTS = [
    ("S1", "tonnes", 12.5, "declared"), ("S1", "tco2e", 3.0, "computed"), ("S1", "jobs", 1.0, "estimated"),
    ("S2", "tonnes", 40.0, "estimated"), ("S6", "energy_mwh", 50.0, "declared"),
    ("S6", "savings_eur", 2000.0, "estimated"),
]  # fmt: skip
EVENTS = [
    ("E1", "workshop", D(2021, 4, 1), "Atelier cartons", VENDOMOIS, 10),
    ("E2", "thematic_meeting", D(2022, 9, 15), "Rencontre énergie", VENDOME, 6),
    ("E3", "copil", D(2022, 1, 20), "COPIL", VENDOMOIS, 12),
    ("E4", "workshop", D(2022, 5, 5), "Atelier chaleur", MINERVOIS, 8),
    ("E5", "launch", D(2023, 2, 1), "Lancement phase 2", VENDOMOIS, 20),
]
EVENT_PARTICIPANTS = [("E1", "A"), ("E1", "B"), ("E2", "A"), ("E2", "C"), ("E4", "D")]
# indicator, scope type, scope id, year, kind, value
INDICATOR_VALUES = [
    ("companies_mobilised", "programme", PROGRAMME, 2019, "reference", 2.0),
    ("companies_mobilised", "programme", PROGRAMME, 2020, "target", 3.0),
    ("companies_mobilised", "programme", PROGRAMME, 2022, "target", 6.0),
    ("synergies", "programme", PROGRAMME, 2022, "target", 2.0),
    ("synergies", "programme", PROGRAMME, 2023, "target", 5.0),
    ("flows_recorded", "programme", PROGRAMME, 2022, "target", 20.0),  # loses to the Vendômois' own 14
    ("flows_recorded", "territory", VENDOMOIS, 2022, "target", 14.0),
    ("waste_landfilled", "territory", VENDOMOIS, 2019, "reference", 1000.0),
    ("waste_landfilled", "territory", VENDOMOIS, 2022, "target", 600.0),
    ("waste_landfilled", "territory", VENDOMOIS, 2022, "actual", 800.0),
    ("synergies_abandoned", "territory", VENDOMOIS, 2022, "target", 0.0),
    ("jobs_created", "territory", VENDOMOIS, 2022, "target", 0.0),
    ("fte_dedicated", "territory", VENDOMOIS, 2022, "actual", 1.5),
]


def insert_world(cur: duckdb.DuckDBPyConnection, *, data_as_of: str | None = DATA_AS_OF) -> None:
    """Reference data (catalogue, nomenclature, questionnaire), the test geography and the records of README.md.

    `data_as_of=None` leaves the data date unknown (meta absent), as in a database built without one.
    """
    load_reference_data(cur)
    insert_test_territories(cur)
    cur.execute("INSERT INTO organisation VALUES ('cci41', 'CCI 41', 'cci')")
    cur.execute(
        "INSERT INTO programme (programme_id, name, carrier_org_id, perimeter_territory_id, source) "
        "VALUES ($id, 'Démarche EIT test', 'cci41', $vendomois, 'test')",
        {"id": PROGRAMME, "vendomois": VENDOMOIS},
    )
    cur.executemany(
        "INSERT INTO company (company_id, name, sector_family, size_band, commune_id) "
        "VALUES (?, 'Entreprise ' || ?, 'fabrication', '1-9', ?)",
        [(cid, cid, commune) for cid, commune in COMPANIES],
    )
    cur.executemany(
        "INSERT INTO diagnostic (diagnostic_id, company_id, diagnostic_date, kind, programme_id) "
        "VALUES (?, ?, ?, 'flash', ?)",
        DIAGNOSTICS,
    )
    cur.executemany(
        "INSERT INTO flow (flow_id, company_id, diagnostic_id, direction, category_code, frequency) "
        "VALUES (?, ?, ?, 'out', 'carton', 'monthly')",
        [(f"f{i}", company, diagnostic) for i, (company, diagnostic) in enumerate(FLOWS)],
    )
    cur.executemany(
        "INSERT INTO synergy (synergy_id, title, synergy_type, territory_id, programme_id, is_demo, origin, source) "
        "VALUES (?, ?, ?, ?, ?, ?, 'manual', 'test')",
        SYNERGIES,
    )
    cur.executemany(
        "INSERT INTO synergy_status_event (synergy_id, status, event_date, abandonment_reason) VALUES (?, ?, ?, ?)",
        STATUS_EVENTS,
    )
    cur.executemany("INSERT INTO synergy_participant VALUES (?, ?, ?)", PARTICIPANTS)
    cur.executemany("INSERT INTO synergy_impact VALUES (?, ?, ?, ?, 'test', DATE '2022-12-31')", IMPACTS)
    cur.executemany(
        "INSERT INTO event (event_id, event_kind, event_date, title, territory_id, attendance_total) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        EVENTS,
    )
    cur.executemany("INSERT INTO event_participant VALUES (?, ?)", EVENT_PARTICIPANTS)
    cur.executemany(
        "INSERT INTO indicator_value (indicator_code, scope_type, scope_id, territory_id, programme_id, period_year, "
        "value_kind, value, provenance, source, as_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'declared', 'Fiche test', ?)",
        [
            (code, scope, sid, sid if scope == "territory" else None, sid if scope == "programme" else None, year,
             kind, value, D(2022, 6, 1))
            for code, scope, sid, year, kind, value in INDICATOR_VALUES
        ],
    )  # fmt: skip
    if data_as_of is not None:
        set_meta(cur, "data_as_of", data_as_of)


def build_world_db(path: Path, *, data_as_of: str | None = DATA_AS_OF, dataset: str | None = None) -> Path:
    """A database file holding the world (`dataset`: the meta that marks a demo database, when given)."""
    db = Database(path)
    try:
        with db.transaction() as cur:
            insert_world(cur, data_as_of=data_as_of)
            if dataset is not None:
                set_meta(cur, "dataset", dataset)
    finally:
        db.close()
    return path
