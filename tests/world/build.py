"""The test world: one small frozen database shared by the core tests (records and hand counts: README.md).

`insert_world(cur)` writes it into an open transaction; `build_world_db(path)` writes it into a database file
(the small database of the page, UI and browser tests). Tests change a copy, never the world itself.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from dashboard.artisanat.statistics import FIGURES
from dashboard.db import Database, set_meta
from dashboard.reference_data import QUESTIONNAIRE_ID, load_reference_data
from tests.factories import insert_test_territories
from tests.world.blocks import small_block_file

VENDOMOIS = "epci:200072072"  # communes Vendôme 41269, Saint-Ouen 41226
MINERVOIS = "epci:200066348"  # communes Saint-Pons 34284, Courniou 34099
VENDOME = "commune:41269"
SAINT_OUEN = "commune:41226"
SAINT_PONS = "commune:34284"
COURNIOU = "commune:34099"  # no record at all: the empty commune
PROGRAMME = "p1"  # "Démarche EIT test", perimeter the Vendômois
DATA_AS_OF = "2022-11-30"  # meta data_as_of: the data date inside 2022
D = dt.date

# id, name, sector family, NAF code, size band, commune, longitude, latitude (README.md §2). Only B has coordinates:
# the others are placed at their commune's centre. F has no EIT record: it only answered the self-assessment.
COMPANIES = [
    ("A", "Alpha Cartonnage", "alimentation", "10.71C", "1-9", VENDOME, None, None),
    ("B", "Beta Métal", "fabrication", "25.11Z", "10-49", VENDOME, 1.07, 47.8),
    ("E", "Epsilon Bois", "fabrication", "16.23Z", "1-9", VENDOME, None, None),
    ("F", "Phi Coiffure", "services", "96.02A", "0", VENDOME, None, None),
    ("C", "Gamma Plomberie", "batiment", "43.22A", "1-9", SAINT_OUEN, None, None),
    ("D", "Delta Conserverie", "alimentation", "10.39A", "50-249", SAINT_PONS, None, None),
]
# id, company, date, kind, programme
DIAGNOSTICS = [
    ("dA1", "A", D(2021, 3, 10), "flash", PROGRAMME),
    ("dA2", "A", D(2022, 5, 2), "complete", PROGRAMME),
    ("dB1", "B", D(2022, 11, 15), "biowaste", PROGRAMME),
    ("dD1", "D", D(2022, 2, 1), "flash", None),
]
# id, company, diagnostic, direction, category (reference nomenclature), quantity, unit, frequency. C's flow has
# no diagnostic (undated: always counted, never in a year's register).
FLOWS = [
    ("f0", "A", "dA1", "out", "carton", 2.0, "t", "monthly"),
    ("f1", "A", "dA1", "in", "emballages_calage", 1.0, "t", "yearly"),
    ("f2", "A", "dA1", "out", "palettes", 100.0, "pallet", "yearly"),
    ("f3", "A", "dA2", "out", "carton", 500.0, "kg", "weekly"),
    ("f4", "B", "dB1", "out", "chaleur_fatale", 500.0, "MWh", "yearly"),
    ("f5", "B", "dB1", "out", "carton", 10.0, "t", "yearly"),
    ("f6", "C", None, "in", "emballages_calage", 3.0, "t", "yearly"),
    ("f7", "D", "dD1", "out", "carton", 10.0, "t", "yearly"),
    ("f8", "D", "dD1", "out", "carton", None, None, "monthly"),
]
# id, title, type, territory, programme, demo record
SYNERGIES = [
    ("S1", "Cartons", "substitution", VENDOMOIS, PROGRAMME, False),
    ("S2", "Palettes", "substitution", VENDOMOIS, PROGRAMME, True),
    ("S3", "Boues", "substitution", SAINT_PONS, None, False),
    ("S4", "Chaleur", "substitution", MINERVOIS, None, False),
    ("S5", "Achat groupé d'énergie", "mutualisation", VENDOMOIS, PROGRAMME, False),
    ("S6", "Récupération de chaleur", "substitution", VENDOMOIS, PROGRAMME, False),
    ("S7", "Collecte mutualisée des chutes", "mutualisation", VENDOMOIS, None, False),  # in progress at the end of 2022
]
STATUS_EVENTS = [
    ("S1", "identified", D(2021, 6, 1), None),
    ("S1", "in_study", D(2021, 9, 1), None),
    ("S1", "realised", D(2022, 3, 1), None),
    ("S2", "identified", D(2022, 10, 1), None),
    ("S2", "abandoned", D(2022, 12, 1), "economic"),
    ("S3", "identified", D(2023, 1, 15), None),
    ("S3", "in_study", D(2023, 3, 1), None),
    ("S3", "abandoned", D(2023, 6, 1), "technical"),
    ("S4", "identified", D(2020, 1, 1), None),
    ("S4", "in_progress", D(2022, 6, 30), None),
    ("S5", "identified", D(2022, 1, 10), None),
    ("S5", "in_study", D(2022, 4, 1), None),
    ("S5", "in_progress", D(2023, 2, 1), None),
    ("S5", "realised", D(2023, 4, 11), None),
    ("S6", "identified", D(2022, 2, 1), None),
    ("S6", "realised", D(2022, 8, 1), None),
    ("S7", "identified", D(2022, 6, 1), None),
    ("S7", "in_study", D(2022, 7, 1), None),
    ("S7", "in_progress", D(2022, 10, 3), None),
]
PARTICIPANTS = [
    ("S1", "A", "supplier"), ("S1", "C", "receiver"), ("S2", "B", "member"), ("S3", "D", "supplier"),
    ("S3", "C", "receiver"), ("S4", "D", "member"), ("S5", "A", "member"), ("S5", "B", "member"),
    ("S6", "E", "receiver"), ("S3", "B", "coordinator"), ("S7", "B", "member"), ("S7", "E", "member"),
]  # fmt: skip
IMPACTS = [  # synergy, kind, value, basis, as of
    ("S1", "tonnes", 12.5, "declared", D(2022, 12, 31)), ("S1", "tco2e", 3.0, "computed", D(2022, 12, 31)),
    ("S1", "jobs", 1.0, "estimated", D(2022, 12, 31)), ("S2", "tonnes", 40.0, "estimated", D(2022, 12, 31)),
    ("S6", "energy_mwh", 50.0, "declared", D(2022, 12, 31)), ("S6", "savings_eur", 2000.0, "estimated", D(2022, 12, 31)),
    ("S5", "savings_eur", 5000.0, "estimated", D(2023, 6, 30)),
]  # fmt: skip
EVENTS = [
    ("E1", "workshop", D(2021, 4, 1), "Atelier cartons", VENDOMOIS, 10),
    ("E2", "thematic_meeting", D(2022, 9, 15), "Rencontre énergie", VENDOME, 6),
    ("E3", "copil", D(2022, 1, 20), "COPIL", VENDOMOIS, 12),
    ("E4", "workshop", D(2022, 5, 5), "Atelier chaleur", MINERVOIS, 8),
    ("E5", "launch", D(2023, 2, 1), "Lancement phase 2", VENDOMOIS, 20),
]
# Self-assessments on the shipped questionnaire: (company, [(submitted on, points of each energy question, points
# of every other question)]); README.md §4.
SELF_ASSESSMENTS = [
    ("A", [(D(2024, 3, 1), 2, 2), (D(2025, 10, 1), 4, 2)]),
    ("B", [(D(2024, 4, 1), 0, 0)]),
    ("E", [(D(2024, 5, 1), 1, 1), (D(2025, 9, 15), 3, 3)]),
    ("F", [(D(2024, 6, 1), 2, 2), (D(2025, 11, 1), 2, 2)]),
    ("C", [(D(2025, 10, 10), 4, 4)]),
    ("D", [(D(2025, 1, 1), 4, 4)]),
]
SA_ENERGY_THEME = "energie"
# Artisan statistics (README.md §5): commune, year, family: establishments, creations, closures, employees, owners (total, <30, 30-44, 45-54, 55+),
# women. Owner bands add up to the owners' total (a schema constraint).
ARTISAN_STATS = [
    (VENDOME, 2024, "alimentation", 20, 3, 2, 60, 20, 2, 6, 5, 7, 6),
    (VENDOME, 2024, "batiment", 35, 5, 4, 90, 35, 3, 10, 10, 12, 4),
    (VENDOME, 2024, "fabrication", 12, 1, 1, 40, 12, 1, 3, 4, 4, 3),
    (VENDOME, 2024, "services", 25, 4, 2, 30, 25, 4, 8, 6, 7, 12),
    (SAINT_OUEN, 2024, "alimentation", 2, 1, 0, 3, 2, 0, 1, 0, 1, 1),
    (SAINT_OUEN, 2024, "batiment", 8, 1, 1, 12, 8, 1, 2, 2, 3, 1),
    (SAINT_OUEN, 2024, "services", 4, 0, 1, 2, 4, 0, 1, 1, 2, 2),
    (SAINT_PONS, 2024, "batiment", 6, 1, 0, 10, 6, 0, 2, 2, 2, 1),
    (SAINT_PONS, 2024, "alimentation", 3, 0, 1, 5, 3, 0, 1, 1, 1, 1),
    (VENDOME, 2023, "alimentation", 19, 2, 1, 55, 19, 2, 6, 5, 6, 6),
    (VENDOME, 2023, "batiment", 34, 4, 3, 85, 34, 3, 10, 10, 11, 4),
    (VENDOME, 2023, "fabrication", 12, 1, 1, 38, 12, 1, 3, 4, 4, 3),
    (VENDOME, 2023, "services", 23, 3, 1, 28, 23, 4, 7, 6, 6, 11),
    (SAINT_OUEN, 2023, "alimentation", 1, 1, 0, 1, 1, 0, 1, 0, 0, 1),
    (SAINT_OUEN, 2023, "batiment", 8, 1, 1, 11, 8, 1, 2, 2, 3, 1),
    (SAINT_OUEN, 2023, "services", 5, 0, 1, 3, 5, 0, 1, 2, 2, 2),
    (VENDOME, 2019, "alimentation", 17, 2, 2, 50, 17, 2, 5, 5, 5, 5),
    (VENDOME, 2019, "batiment", 30, 3, 3, 80, 30, 3, 9, 9, 9, 3),
    (VENDOME, 2019, "fabrication", 10, 1, 0, 35, 10, 1, 3, 3, 3, 2),
    (VENDOME, 2019, "services", 20, 2, 2, 25, 20, 3, 7, 5, 5, 9),
    (SAINT_OUEN, 2019, "batiment", 7, 1, 0, 10, 7, 1, 2, 2, 2, 1),
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
        "INSERT INTO company (company_id, name, sector_family, naf_code, size_band, commune_id, longitude, latitude) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        COMPANIES,
    )
    cur.executemany(
        "INSERT INTO diagnostic (diagnostic_id, company_id, diagnostic_date, kind, programme_id) VALUES (?, ?, ?, ?, ?)",
        DIAGNOSTICS,
    )
    cur.executemany(
        "INSERT INTO flow (flow_id, company_id, diagnostic_id, direction, category_code, quantity, unit_code, "
        "frequency) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        FLOWS,
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
    cur.executemany("INSERT INTO synergy_impact VALUES (?, ?, ?, ?, 'test', ?)", IMPACTS)
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
    _insert_self_assessments(cur)
    cur.executemany(
        f"INSERT INTO artisan_stat (commune_id, year, sector_family, {', '.join(FIGURES)}, source) "
        f"VALUES ({', '.join(['?'] * (3 + len(FIGURES)))}, 'test')",
        ARTISAN_STATS,
    )
    if data_as_of is not None:
        set_meta(cur, "data_as_of", data_as_of)


def _insert_self_assessments(cur: duckdb.DuckDBPyConnection) -> None:
    """SELF_ASSESSMENTS: response `<company><n>`, every question of the energy theme at its energy points, the
    others at the other points."""
    questions = cur.execute(
        "SELECT question_code, theme_code FROM sa_question WHERE questionnaire_id = $q", {"q": QUESTIONNAIRE_ID}
    ).fetchall()
    responses, answers = [], []
    for company, submitted in SELF_ASSESSMENTS:
        for index, (submitted_on, energy_points, other_points) in enumerate(submitted):
            response_id = f"{company}{index}"
            responses.append((response_id, QUESTIONNAIRE_ID, company, submitted_on))
            answers += [
                (response_id, QUESTIONNAIRE_ID, code, energy_points if theme == SA_ENERGY_THEME else other_points)
                for code, theme in questions
            ]
    cur.executemany("INSERT INTO sa_response VALUES (?, ?, ?, ?, FALSE)", responses)
    cur.executemany("INSERT INTO sa_answer VALUES (?, ?, ?, ?)", answers)


def build_world_db(path: Path, *, data_as_of: str | None = DATA_AS_OF, dataset: str | None = None) -> Path:
    """A database file holding the world (`dataset`: the meta that marks a demo database, when given), in small
    blocks (tests/world/blocks.py)."""
    db = Database(small_block_file(path))
    try:
        with db.transaction() as cur:
            insert_world(cur, data_as_of=data_as_of)
            if dataset is not None:
                set_meta(cur, "dataset", dataset)
    finally:
        db.close()
    return path
