"""Commune boundaries for every map: a scope's communes as simplified GeoJSON with the box around them.

Read from `territory.geometry` (WKB, WGS84): maps need no download and no tiles.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely

from dashboard.db import Database

# Simplification tolerance as a share of the territory's largest side: 1/800 keeps commune shapes
# recognisable on a screen-wide map (under a pixel) while dividing the vertex count of big territories.
SIMPLIFY_SHARE = 1 / 800
# Coordinates kept in the GeoJSON: at most 5 decimals (about 1 m), fewer for a larger territory (`coordinate_decimals`):
# the rounding stays under a quarter of the simplification tolerance, so nothing the simplified outline shows moves.
# The boundaries are most of a map's payload (an EPCI's 65 communes: 44 kB at 5 decimals, 36 kB at 4).
COORDINATE_DECIMALS = 5
MIN_COORDINATE_DECIMALS = 3  # about 100 m: a region's map (1 754 communes) at its full extent


@dataclass(frozen=True)
class Bounds:
    west: float
    south: float
    east: float
    north: float

    @property
    def center(self) -> tuple[float, float]:
        """(lon, lat) of the middle of the box."""
        return (self.west + self.east) / 2, (self.south + self.north) / 2


@dataclass(frozen=True)
class CommuneShapes:
    """A territory's communes as GeoJSON, and the box around them (None when no commune has a boundary)."""

    geojson: dict[str, Any]
    bounds: Bounds | None
    names: dict[str, str]  # commune territory id -> name, communes without a boundary included

    @property
    def drawn(self) -> int:
        return len(self.geojson["features"])

    def only(self, commune_ids: Iterable[str]) -> dict[str, Any]:
        """The GeoJSON of these communes alone, for a map trace that colours a few of them: a map of several traces
        would otherwise carry every commune's shape once per trace in its payload."""
        wanted = set(commune_ids)
        return {"type": "FeatureCollection", "features": [f for f in self.geojson["features"] if f["id"] in wanted]}


def coordinate_decimals(tolerance: float) -> int:
    """Decimals of degree to keep for outlines simplified with `tolerance` (degrees): the fewest whose rounding
    (half a unit of the last decimal) stays under a quarter of the tolerance, between 3 and COORDINATE_DECIMALS."""
    if tolerance <= 0:
        return COORDINATE_DECIMALS
    needed = math.ceil(-math.log10(tolerance / 2))  # 0.5 × 10^-d ≤ tolerance / 4
    return min(max(needed, MIN_COORDINATE_DECIMALS), COORDINATE_DECIMALS)


def _rounded(coordinates: Any, decimals: int) -> Any:
    if isinstance(coordinates, (list, tuple)) and coordinates and isinstance(coordinates[0], (int, float)):
        return [round(float(c), decimals) for c in coordinates]
    return [_rounded(part, decimals) for part in coordinates]


def geometry_to_geojson(geometry: shapely.Geometry, decimals: int = COORDINATE_DECIMALS) -> dict[str, Any]:
    """A shapely geometry as a GeoJSON geometry mapping, coordinates rounded to `decimals`."""
    mapping = shapely.geometry.mapping(geometry)
    return {"type": mapping["type"], "coordinates": _rounded(mapping["coordinates"], decimals)}


def _wkb(value: object) -> bytes | None:
    """WKB bytes of a geometry cell, None when missing (pandas 3 reads a NULL blob as NaN or NA)."""
    if not isinstance(value, (bytes, bytearray, memoryview)):
        return None
    return bytes(value)  # DuckDB returns bytearray, which shapely would read as a sequence of ints


def commune_shapes(db: Database, scope: str) -> CommuneShapes:
    """The scope's communes (a commune: itself; a programme: its perimeter's), simplified in proportion to the
    territory's size. The one source of commune boundaries for every map."""
    rows = db.query_df(
        """
        SELECT t.territory_id, t.name, t.geometry::BLOB AS geometry
        FROM territory t WHERE t.territory_id IN (SELECT commune_id FROM scope_communes($scope))
        ORDER BY t.territory_id
        """,
        {"scope": scope},
    )
    names = dict(zip(rows["territory_id"], rows["name"], strict=True))
    wkbs = [_wkb(value) for value in rows["geometry"]]
    drawn = [
        (tid, name, shapely.from_wkb(wkb))
        for tid, name, wkb in zip(rows["territory_id"], rows["name"], wkbs, strict=True)
        if wkb is not None
    ]
    if not drawn:
        return CommuneShapes({"type": "FeatureCollection", "features": []}, None, names)
    geometries = np.array([geometry for _, _, geometry in drawn], dtype=object)
    west, south, east, north = shapely.total_bounds(geometries)
    tolerance = max(east - west, north - south) * SIMPLIFY_SHARE
    simplified = shapely.simplify(geometries, tolerance, preserve_topology=True)
    decimals = coordinate_decimals(tolerance)
    features = [
        {
            "type": "Feature",
            "id": tid,
            "properties": {"name": name},
            "geometry": geometry_to_geojson(geometry, decimals),
        }
        for (tid, name, _), geometry in zip(drawn, simplified, strict=True)
        if not geometry.is_empty
    ]
    return CommuneShapes(
        {"type": "FeatureCollection", "features": features},
        Bounds(float(west), float(south), float(east), float(north)),
        names,
    )


def boundaries_source(db: Database, scope: str) -> str | None:
    """Where the scope's commune boundaries come from (territory.source), None without boundaries."""
    return db.query_value(
        """
        SELECT string_agg(DISTINCT t.source, ' ; ' ORDER BY t.source)
        FROM territory t
        WHERE t.territory_id IN (SELECT commune_id FROM scope_communes($scope)) AND t.geometry IS NOT NULL
        """,
        {"scope": scope},
    )
