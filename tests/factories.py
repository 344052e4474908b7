"""Small frozen reference data for pure tests: a made-up region with 4 communes in 2 EPCI.

Codes are real-looking but the geometry is simple boxes, so tests never need the national files.
"""

from __future__ import annotations

import duckdb
import shapely

# (code, name, population, epci code, box (minx, miny, maxx, maxy))
TEST_COMMUNES = [
    ("41269", "Vendôme", 15_857, "200072072", (1.02, 47.75, 1.12, 47.83)),
    ("41226", "Saint-Ouen", 3_304, "200072072", (1.05, 47.83, 1.12, 47.86)),
    ("34284", "Saint-Pons-de-Thomières", 2_000, "200066348", (2.72, 43.45, 2.80, 43.52)),
    ("34099", "Courniou", 600, "200066348", (2.65, 43.45, 2.72, 43.52)),
]
TEST_EPCI = [
    ("200072072", "CA Territoires Vendômois", "41", "24"),
    ("200066348", "CC du Minervois au Caroux", "34", "76"),
]
TEST_DEPARTEMENTS = [("41", "Loir-et-Cher", "24"), ("34", "Hérault", "76")]
TEST_REGIONS = [("24", "Centre-Val de Loire"), ("76", "Occitanie")]


def insert_test_territories(cursor: duckdb.DuckDBPyConnection) -> None:
    """Insert the test geography (territory + flattened membership) into an open connection."""
    rows = []
    members: list[tuple[str, str]] = []
    for code, name, population, epci, box in TEST_COMMUNES:
        geom = shapely.box(*box)
        rows.append(
            (
                f"commune:{code}",
                "commune",
                code,
                name,
                population,
                shapely.to_wkb(geom),
                geom.centroid.x,
                geom.centroid.y,
            )
        )
        dep = code[:2]
        region = next(r for d, _, r in TEST_DEPARTEMENTS if d == dep)
        members += [
            (f"commune:{code}", f"epci:{epci}"),
            (f"commune:{code}", f"departement:{dep}"),
            (f"commune:{code}", f"region:{region}"),
        ]
    for code, name, dep, region in TEST_EPCI:
        pop = sum(p for _, _, p, e, _ in TEST_COMMUNES if e == code)
        rows.append((f"epci:{code}", "epci", code, name, pop, None, None, None))
        members += [(f"epci:{code}", f"departement:{dep}"), (f"epci:{code}", f"region:{region}")]
    for code, name, region in TEST_DEPARTEMENTS:
        rows.append((f"departement:{code}", "departement", code, name, None, None, None, None))
        members.append((f"departement:{code}", f"region:{region}"))
    for code, name in TEST_REGIONS:
        rows.append((f"region:{code}", "region", code, name, None, None, None, None))
    cursor.executemany(
        "INSERT INTO territory (territory_id, level, code, name, population, geometry, centroid_lon, centroid_lat, "
        "source, is_demo) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'test', FALSE)",
        rows,
    )
    cursor.executemany("INSERT INTO territory_membership (member_id, container_id) VALUES (?, ?)", members)
