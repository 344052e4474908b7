"""Artisan statistics of four communes (Vendômois and Minervois) over a few years (tests/world/README.md §5)."""

from __future__ import annotations

import duckdb

from dashboard.artisanat.statistics import FIGURES
from tests.world.build import COURNIOU, MINERVOIS, SAINT_OUEN, SAINT_PONS, VENDOME, VENDOMOIS

__all__ = ["COURNIOU", "MINERVOIS", "SAINT_OUEN", "SAINT_PONS", "STATS", "VENDOME", "VENDOMOIS", "insert_stats"]

# commune, year, family: establishments, creations, closures, employees, owners (total, <30, 30-44, 45-54, 55+),
# women. Owner bands add up to the owners' total (a schema constraint).
STATS = [
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


def insert_stats(cursor: duckdb.DuckDBPyConnection, rows: list[tuple] = STATS) -> None:
    cursor.executemany(
        f"INSERT INTO artisan_stat (commune_id, year, sector_family, {', '.join(FIGURES)}, source) "
        f"VALUES ({', '.join(['?'] * (3 + len(FIGURES)))}, 'test')",
        rows,
    )
