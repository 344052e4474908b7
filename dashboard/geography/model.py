"""The reference geography as two frames, ready to be written into `territory` and `territory_membership`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from dashboard.codes import Level

# Progress of a long build: fraction done (0..1) and a French message for the user.
ProgressCallback = Callable[[float, str], None]

# Columns of `territory` that a geography fills (is_demo is always FALSE for reference data).
TERRITORY_COLUMNS: tuple[str, ...] = (
    "territory_id",
    "level",
    "code",
    "name",
    "population",
    "geometry",
    "centroid_lon",
    "centroid_lat",
    "source",
)
MEMBERSHIP_COLUMNS: tuple[str, ...] = ("member_id", "container_id")


def territory_id(level: Level, code: str) -> str:
    """The stored id of a territory: '<level>:<code>' (the schema checks the same rule)."""
    return f"{level.value}:{code}"


@dataclass(frozen=True)
class ReferenceGeography:
    """Territories (one row per commune, EPCI, department, region) and their flattened memberships.

    `territories` has exactly TERRITORY_COLUMNS: population is a nullable integer, geometry WKB bytes (WGS84)
    or None, centroids a point inside the polygon. `memberships` lists every commune under its EPCI, department
    and region, every EPCI under the department(s) and region(s) of its communes, every department under its
    region.
    """

    territories: pd.DataFrame
    memberships: pd.DataFrame

    def count(self, level: Level) -> int:
        """Number of territories of one level."""
        return int((self.territories["level"] == level.value).sum())
