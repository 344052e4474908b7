"""The registers records of the test world: companies A-E, X and synergies S1-S9 with names, NAF codes and
flows in several units (every record and why it is not merged with the core records: tests/world/README.md §4;
hand counts beside the assertions of tests/eit/test_registers.py and tests/eit/test_synergies.py)."""

from __future__ import annotations

import duckdb

from tests.factories import insert_test_territories
from tests.world.build import MINERVOIS, VENDOMOIS, D

__all__ = ["COMPANIES", "MINERVOIS", "VENDOMOIS", "insert_eit_records"]


COMPANIES = [
    ("A", "Alpha Cartonnage", "alimentation", "10.71C", "1-9", "commune:41269"),
    ("B", "Beta Métal", "fabrication", "25.11Z", "10-49", "commune:41269"),
    ("C", "Gamma Coiffure", "services", "96.02A", "0", "commune:41269"),
    ("D", "Delta Plomberie", "batiment", "43.22A", "1-9", "commune:41226"),
    ("E", "Epsilon Bois", "fabrication", "16.23Z", "1-9", "commune:41226"),
    ("X", "Xi Conserverie", "alimentation", "10.39A", "50-249", "commune:34284"),
]


def insert_eit_records(cur: duckdb.DuckDBPyConnection) -> None:
    """Insert the test geography and the records of the module docstring."""
    insert_test_territories(cur)
    cur.executemany(
        "INSERT INTO unit VALUES (?, ?, ?, ?)",
        [("t", "tonne", "mass", 1.0), ("kg", "kilogramme", "mass", 0.001), ("MWh", "MWh", "energy", 1.0),
         ("pallet", "palette", "count", 1.0)],
    )  # fmt: skip
    cur.executemany(
        "INSERT INTO flow_category (category_code, parent_code, label, family) VALUES (?, ?, ?, ?)",
        [("dechet", None, "Déchets", "dechet"), ("matiere", None, "Matières", "matiere"),
         ("energie", None, "Énergie", "energie"), ("carton", "dechet", "Cartons", "dechet"),
         ("palettes", "dechet", "Palettes usagées", "dechet"),
         ("emballages_calage", "matiere", "Emballages et calage", "matiere"),
         ("chaleur_fatale", "energie", "Chaleur fatale", "energie")],
    )  # fmt: skip
    cur.execute("INSERT INTO flow_compatibility VALUES ('carton', 'emballages_calage', 'Cartons en calage', 'test')")
    cur.executemany(
        "INSERT INTO company (company_id, name, sector_family, naf_code, size_band, commune_id, longitude, latitude) "
        "VALUES (?, ?, ?, ?, ?, ?, 1.07, 47.8)",
        COMPANIES,
    )
    cur.executemany(
        "INSERT INTO diagnostic (diagnostic_id, company_id, diagnostic_date, kind) VALUES (?, ?, ?, ?)",
        [("dA", "A", D(2021, 3, 10), "flash"), ("dB", "B", D(2022, 5, 2), "complete"),
         ("dC", "C", D(2022, 6, 1), "biowaste"), ("dD", "D", D(2021, 9, 1), "flash"),
         ("dX", "X", D(2022, 2, 2), "flash")],
    )  # fmt: skip
    cur.executemany(
        "INSERT INTO flow (flow_id, company_id, diagnostic_id, direction, category_code, quantity, unit_code, "
        "frequency) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [("fA1", "A", "dA", "out", "carton", 2.0, "t", "monthly"),
         ("fA2", "A", "dA", "in", "emballages_calage", 1.0, "t", "yearly"),
         ("fB1", "B", "dB", "out", "palettes", 100.0, "pallet", "yearly"),
         ("fB2", "B", "dB", "out", "chaleur_fatale", 500.0, "MWh", "yearly"),
         ("fC1", "C", "dC", "out", "carton", 500.0, "kg", "weekly"),
         ("fD1", "D", "dD", "in", "emballages_calage", 3.0, "t", "yearly"),
         ("fX1", "X", "dX", "out", "carton", 10.0, "t", "yearly")],
    )  # fmt: skip
    synergies = [
        ("S1", "Cartons en calage", "substitution", VENDOMOIS),
        ("S2", "Achat groupé d'énergie", "mutualisation", VENDOMOIS),
        ("S3", "Palettes reconditionnées", "substitution", VENDOMOIS),
        ("S4", "Collecte groupée de DEEE", "mutualisation", VENDOMOIS),
        ("S5", "Covoiturage", "mutualisation", VENDOMOIS),
        ("S6", "Chaleur fatale", "substitution", VENDOMOIS),
        ("S7", "Cartons ondulés", "substitution", VENDOMOIS),
        ("S8", "Boues", "substitution", MINERVOIS),
        ("S9", "Formation mutualisée", "mutualisation", VENDOMOIS),
    ]
    cur.executemany(
        "INSERT INTO synergy (synergy_id, title, synergy_type, territory_id, origin, source) "
        "VALUES (?, ?, ?, ?, 'manual', 'test')",
        synergies,
    )
    cur.executemany(
        "INSERT INTO synergy_status_event (synergy_id, status, event_date, abandonment_reason) VALUES (?, ?, ?, ?)",
        [("S1", "identified", D(2021, 1, 10), None), ("S1", "in_study", D(2021, 3, 1), None),
         ("S1", "in_progress", D(2021, 6, 1), None), ("S1", "realised", D(2021, 11, 6), None),
         ("S2", "identified", D(2021, 2, 1), None), ("S2", "realised", D(2021, 12, 1), None),
         ("S3", "identified", D(2021, 5, 1), None), ("S3", "in_study", D(2021, 7, 1), None),
         ("S3", "abandoned", D(2022, 1, 15), "technical"),
         ("S4", "identified", D(2022, 3, 1), None), ("S4", "in_progress", D(2022, 6, 1), None),
         ("S5", "identified", D(2022, 4, 1), None),
         ("S6", "identified", D(2022, 2, 1), None), ("S6", "abandoned", D(2022, 5, 1), "economic"),
         ("S7", "identified", D(2022, 5, 1), None), ("S7", "in_study", D(2022, 9, 1), None),
         ("S7", "in_progress", D(2023, 2, 1), None), ("S7", "realised", D(2023, 4, 11), None),
         ("S8", "identified", D(2021, 1, 1), None), ("S8", "realised", D(2021, 6, 1), None),
         ("S9", "identified", D(2023, 3, 1), None)],
    )  # fmt: skip
    cur.executemany(
        "INSERT INTO synergy_participant VALUES (?, ?, ?)",
        [("S1", "A", "supplier"), ("S1", "D", "receiver"), ("S2", "A", "member"), ("S2", "B", "member"),
         ("S2", "C", "coordinator"), ("S3", "B", "supplier"), ("S3", "C", "receiver"), ("S4", "C", "member"),
         ("S4", "D", "member"), ("S5", "A", "member"), ("S6", "B", "supplier"), ("S6", "D", "receiver"),
         ("S7", "A", "supplier"), ("S7", "C", "receiver"), ("S8", "X", "supplier"), ("S9", "B", "member")],
    )  # fmt: skip
    cur.executemany(
        "INSERT INTO synergy_impact VALUES (?, ?, ?, ?, 'test', ?)",
        [("S1", "tonnes", 120.0, "declared", D(2021, 12, 31)), ("S1", "tco2e", 30.0, "computed", D(2021, 12, 31)),
         ("S2", "savings_eur", 5000.0, "estimated", D(2021, 12, 31)),
         ("S3", "tonnes", 50.0, "declared", D(2021, 12, 31)), ("S7", "tonnes", 80.0, "estimated", D(2023, 6, 30))],
    )  # fmt: skip
