"""Pairs of points within a great-circle radius that share a join key, without comparing all pairs.

Points are binned on a latitude/longitude grid whose cells are at least one radius wide at the highest
latitude present, so that two points within the radius always lie in the same or in adjacent cells. Each
left point looks up the 3 × 3 neighbouring cells *with its own key* (a category) in the right points sorted
by (key, cell): a sort-based equi-join in numpy (np.searchsorted), then the exact haversine distance filters
the candidates. Work is proportional to the number of candidate pairs in neighbouring cells, not to n × m.

Why hand-written: scikit-learn's BallTree and scipy's cKDTree are not dependencies of the project, and a tree
per category would still need a key-aware join around it; the grid join is about fifty lines of numpy, keyed
on the category in the same pass, and yields pairs in bounded chunks so that memory stays flat on dense areas.

Limits: pairs across the ±180° meridian are not found (no French territory straddles it); latitudes are
capped at MAX_ABS_LATITUDE for the cell width (polar points would need infinitely wide cells).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

# Mean Earth radius (IUGG), km: the usual sphere for great-circle distances.
EARTH_RADIUS_KM = 6371.0088
# Cell widths are computed for latitudes up to this bound; beyond it longitude cells would blow up.
MAX_ABS_LATITUDE = 85.0
# Grid cells per axis at most, so that (key, row, column) packs into one int64 even for tiny radii.
MAX_CELLS_PER_AXIS = 1 << 20
# Candidate pairs materialised at once: bounds memory (about 40 bytes each) on dense areas.
DEFAULT_CHUNK_PAIRS = 4_000_000
# Safety margin on the cell width against floating-point rounding at the cell boundaries.
CELL_MARGIN = 1.000001


@dataclass(frozen=True)
class PairChunk:
    """Pairs (left index, right index) within the radius, with their distance in km."""

    left: np.ndarray
    right: np.ndarray
    distance_km: np.ndarray


def haversine_km(lon1: np.ndarray, lat1: np.ndarray, lon2: np.ndarray, lat2: np.ndarray) -> np.ndarray:
    """Great-circle distance in km between arrays of points given in degrees."""
    lon1, lat1, lon2, lat2 = (np.radians(a) for a in (lon1, lat1, lon2, lat2))
    hav = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(hav, 0.0, 1.0)))


def _cell_size_deg(radius_km: float, lat_max: float, lat_span: float, lon_span: float) -> tuple[float, float]:
    """Cell height and width in degrees: at least the radius, and coarse enough for MAX_CELLS_PER_AXIS."""
    angle = radius_km / EARTH_RADIUS_KM
    height = np.degrees(angle) * CELL_MARGIN
    cos_max = np.cos(np.radians(min(lat_max, MAX_ABS_LATITUDE)))
    # Largest longitude gap between two points within the radius, both at |latitude| <= lat_max
    # (from the haversine formula: hav(d) >= cos²(lat_max) · hav(Δlon)).
    width = 2 * np.degrees(np.arcsin(min(1.0, np.sin(angle / 2) / cos_max))) * CELL_MARGIN
    return max(height, lat_span / MAX_CELLS_PER_AXIS), max(width, lon_span / MAX_CELLS_PER_AXIS)


def iter_pairs_within(
    left_lon: np.ndarray,
    left_lat: np.ndarray,
    left_key: np.ndarray,
    right_lon: np.ndarray,
    right_lat: np.ndarray,
    right_key: np.ndarray,
    radius_km: float,
    *,
    left_group: np.ndarray | None = None,
    chunk_pairs: int = DEFAULT_CHUNK_PAIRS,
) -> Iterator[PairChunk]:
    """Yield every (left i, right j) with equal keys and distance <= radius_km, in chunks.

    Keys are non-negative integers. When `left_group` is given (non-decreasing integers, one per left
    point), a group's pairs are never split across chunks, so that per-group selections (top k, greedy
    clustering) can run chunk by chunk; a single group larger than `chunk_pairs` makes one larger chunk.
    Within a chunk pairs are ordered by left index.
    """
    if radius_km <= 0:
        raise ValueError("radius_km must be positive")
    n_left = len(left_lon)
    if n_left == 0 or len(right_lon) == 0:
        return
    lats = np.concatenate([left_lat, right_lat])
    lons = np.concatenate([left_lon, right_lon])
    lat_min, lon_min = lats.min(), lons.min()
    height, width = _cell_size_deg(
        radius_km, float(np.abs(lats).max()), float(lats.max() - lat_min), float(lons.max() - lon_min)
    )

    # Rows/columns start at 1 so that the neighbour at -1 is still a valid (empty) cell.
    def cells(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return (
            np.floor((lat - lat_min) / height).astype(np.int64) + 1,
            np.floor((lon - lon_min) / width).astype(np.int64) + 1,
        )

    n_rows = int(np.floor((lats.max() - lat_min) / height)) + 3
    n_cols = int(np.floor((lons.max() - lon_min) / width)) + 3
    max_key = int(max(left_key.max(), right_key.max()))
    if (max_key + 1) * n_rows * n_cols >= 1 << 62:
        raise ValueError("too many join keys for the grid packing")

    def pack(key: np.ndarray, row: np.ndarray, col: np.ndarray) -> np.ndarray:
        return (key.astype(np.int64) * n_rows + row) * n_cols + col

    right_row, right_col = cells(right_lon, right_lat)
    right_packed = pack(right_key, right_row, right_col)
    right_order = np.argsort(right_packed, kind="stable")
    cell_keys, cell_start, cell_count = np.unique(right_packed[right_order], return_index=True, return_counts=True)

    # For each left point and each of the 9 neighbouring cells: where its right points start, and how many.
    left_row, left_col = cells(left_lon, left_lat)
    starts = np.zeros((9, n_left), dtype=np.int64)
    counts = np.zeros((9, n_left), dtype=np.int64)
    for n, (d_row, d_col) in enumerate((r, c) for r in (-1, 0, 1) for c in (-1, 0, 1)):
        wanted = pack(left_key, left_row + d_row, left_col + d_col)
        pos = np.minimum(np.searchsorted(cell_keys, wanted), len(cell_keys) - 1)
        hit = cell_keys[pos] == wanted
        starts[n] = np.where(hit, cell_start[pos], 0)
        counts[n] = np.where(hit, cell_count[pos], 0)

    per_left = counts.sum(axis=0)
    bounds = _chunk_bounds(per_left, left_group, chunk_pairs)
    for lo, hi in itertools.pairwise(bounds):
        chunk_counts = counts[:, lo:hi].T.ravel()  # left-major: pairs come out ordered by left index
        total = int(chunk_counts.sum())
        if total == 0:
            continue
        chunk_starts = starts[:, lo:hi].T.ravel()
        left_idx = np.repeat(np.repeat(np.arange(lo, hi), 9), chunk_counts)
        # Position inside each run of right points: a global arange minus the run's offset.
        run_offset = np.repeat(np.cumsum(chunk_counts) - chunk_counts, chunk_counts)
        right_sorted_pos = np.repeat(chunk_starts, chunk_counts) + (np.arange(total) - run_offset)
        right_idx = right_order[right_sorted_pos]
        distance = haversine_km(left_lon[left_idx], left_lat[left_idx], right_lon[right_idx], right_lat[right_idx])
        keep = distance <= radius_km
        yield PairChunk(left_idx[keep], right_idx[keep], distance[keep])


def _chunk_bounds(per_left: np.ndarray, left_group: np.ndarray | None, chunk_pairs: int) -> list[int]:
    """Left-index boundaries of chunks of about `chunk_pairs` candidates, cut only between groups."""
    n = len(per_left)
    cumulative = np.cumsum(per_left)
    # Allowed cuts: anywhere, or only where a new group starts.
    cut_points = np.arange(1, n) if left_group is None else np.flatnonzero(np.diff(left_group)) + 1
    bounds = [0]
    while bounds[-1] < n:
        done = cumulative[bounds[-1] - 1] if bounds[-1] > 0 else 0
        # The last allowed cut at or below the budget; at least one group per chunk.
        target = np.searchsorted(cumulative, done + chunk_pairs, side="right")
        allowed = cut_points[(cut_points > bounds[-1]) & (cut_points <= target)]
        if len(allowed):
            bounds.append(int(allowed[-1]))
        else:
            later = cut_points[cut_points > bounds[-1]]
            bounds.append(int(later[0]) if len(later) else n)
    return bounds
