"""Writing a geography into the database, and custom perimeters built from its communes.

Both functions take the cursor of an open `Database.transaction()`, so that a caller can group them with its
other writes, all or nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import duckdb
import pyarrow as pa
import shapely

from dashboard.codes import Level
from dashboard.geography.build import union_coverage
from dashboard.geography.model import MEMBERSHIP_COLUMNS, TERRITORY_COLUMNS, ReferenceGeography, territory_id
from dashboard.i18n import t

# Arrow types of the frames: explicit, so that an all-NULL column still has the column's type.
_TERRITORY_SCHEMA = pa.schema(
    [
        ("territory_id", pa.string()),
        ("level", pa.string()),
        ("code", pa.string()),
        ("name", pa.string()),
        ("population", pa.int64()),
        ("geometry", pa.binary()),
        ("centroid_lon", pa.float64()),
        ("centroid_lat", pa.float64()),
        ("source", pa.string()),
    ]
)
_MEMBERSHIP_SCHEMA = pa.schema([("member_id", pa.string()), ("container_id", pa.string())])
# A perimeter code becomes part of a URL and of a territory id: same rule as dashboard/geography/territories.py.
_PERIMETER_CODE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}")
_COMMUNE_PREFIX = f"{Level.COMMUNE.value}:"

_INSERT_TERRITORIES = f"""
    INSERT INTO territory ({", ".join(TERRITORY_COLUMNS)}, is_demo)
    SELECT {", ".join(TERRITORY_COLUMNS)}, FALSE FROM geography_territories
"""  # column names are constants of this package, never user input
_INSERT_MEMBERSHIPS = f"""
    INSERT INTO territory_membership ({", ".join(MEMBERSHIP_COLUMNS)})
    SELECT {", ".join(MEMBERSHIP_COLUMNS)} FROM geography_memberships
"""


def write_geography(cursor: duckdb.DuckDBPyConnection, geo: ReferenceGeography) -> None:
    """Bulk-insert the territories (is_demo = FALSE) and memberships through Arrow tables, in one statement each."""
    territories = pa.Table.from_pandas(
        geo.territories[list(TERRITORY_COLUMNS)], schema=_TERRITORY_SCHEMA, preserve_index=False
    )
    memberships = pa.Table.from_pandas(
        geo.memberships[list(MEMBERSHIP_COLUMNS)], schema=_MEMBERSHIP_SCHEMA, preserve_index=False
    )
    cursor.register("geography_territories", territories)
    cursor.register("geography_memberships", memberships)
    try:
        cursor.execute(_INSERT_TERRITORIES)
        cursor.execute(_INSERT_MEMBERSHIPS)
    finally:
        cursor.unregister("geography_territories")
        cursor.unregister("geography_memberships")


def add_perimeter(
    cursor: duckdb.DuckDBPyConnection,
    code: str,
    name: str,
    commune_ids: Sequence[str],
    source: str,
    is_demo: bool = False,
) -> str:
    """Create the custom perimeter 'perimetre:<code>' made of communes already in the database.

    `commune_ids` are territory ids ('commune:41269') or bare INSEE codes ('41269'). The perimeter's boundary is
    the union of its communes' boundaries, its population their sum (NULL when none is known), and every
    commune becomes a member of it. Returns the perimeter's territory id; raises ValueError (French message)
    on a malformed code, an empty name or list, an existing perimeter or communes missing from the database.
    """
    if not _PERIMETER_CODE_RE.fullmatch(code):
        raise ValueError(t("geography.error.perimeter_bad_code", code=code))
    if not name.strip():
        raise ValueError(t("geography.error.perimeter_empty_name", code=code))
    ids = list(dict.fromkeys(c if c.startswith(_COMMUNE_PREFIX) else _COMMUNE_PREFIX + c for c in commune_ids))
    if not ids:
        raise ValueError(t("geography.error.perimeter_no_commune", code=code))
    perimeter_id = territory_id(Level.PERIMETRE, code)
    exists = cursor.execute("SELECT count(*) FROM territory WHERE territory_id = $id", {"id": perimeter_id})
    if exists.fetchone()[0]:
        raise ValueError(t("geography.error.perimeter_exists", code=code))

    rows = cursor.execute(
        "SELECT territory_id, population, geometry FROM territory "
        "WHERE level = $level AND territory_id IN (SELECT unnest($ids::VARCHAR[]))",
        {"level": Level.COMMUNE.value, "ids": ids},
    ).fetchall()
    unknown = sorted(set(ids) - {row[0] for row in rows})
    if unknown:
        shown = ", ".join(u.removeprefix(_COMMUNE_PREFIX) for u in unknown)
        raise ValueError(t("geography.error.perimeter_unknown_communes", code=code, communes=shown))

    populations = [row[1] for row in rows if row[1] is not None]
    geometries = [shapely.from_wkb(row[2]) for row in rows if row[2] is not None]
    boundary = union_coverage(geometries) if geometries else None
    centroid = shapely.point_on_surface(boundary) if boundary is not None else None
    cursor.execute(
        "INSERT INTO territory (territory_id, level, code, name, population, geometry, centroid_lon, centroid_lat, "
        "source, is_demo) VALUES ($id, $level, $code, $name, $population, $geometry, $lon, $lat, $source, $is_demo)",
        {
            "id": perimeter_id,
            "level": Level.PERIMETRE.value,
            "code": code,
            "name": name.strip(),
            "population": sum(populations) if populations else None,
            "geometry": shapely.to_wkb(boundary, output_dimension=2) if boundary is not None else None,
            "lon": centroid.x if centroid is not None else None,
            "lat": centroid.y if centroid is not None else None,
            "source": source,
            "is_demo": is_demo,
        },
    )
    cursor.execute(
        "INSERT INTO territory_membership (member_id, container_id) SELECT unnest($ids::VARCHAR[]), $perimeter",
        {"ids": ids, "perimeter": perimeter_id},
    )
    return perimeter_id
