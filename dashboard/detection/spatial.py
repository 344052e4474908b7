"""Pairs of points within a great-circle radius that share a join key, without comparing all pairs.

Points are binned on a latitude/longitude grid whose cells are at least half a radius wide at the highest
latitude present, so that two points within the radius always lie at most two cells apart. Each left point
looks up the 5 × 5 neighbouring cells *with its own key* (a category) in the right points sorted
by (key, cell): an equi-join through a hash table of occupied cells, then the exact great-circle distance
(through the chord between unit vectors, no trigonometry per candidate) filters the candidates. Work is
proportional to the number of candidate pairs in neighbouring cells, not to n × m.

Why hand-written: scikit-learn's BallTree and scipy's cKDTree are not dependencies of the project, and a tree
per category would still need a key-aware join around it; the grid join is keyed on the category in the same
pass and yields pairs in bounded chunks so that memory stays flat on dense areas. The loop over candidates is
compiled with numba (`_pairs_within_chord`; the substitution engine runs its own compiled loop over the same
runs of candidates): in numpy, each of the hundreds of millions of candidates of a national run went through
a dozen temporary arrays.

Limits: pairs across the ±180° meridian are not found (no French territory straddles it); latitudes are
capped at MAX_ABS_LATITUDE for the cell width (polar points would need infinitely wide cells).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

import numba
import numpy as np
import pandas as pd

# Mean Earth radius (IUGG), km: the usual sphere for great-circle distances.
EARTH_RADIUS_KM = 6371.0088
# Cell widths are computed for latitudes up to this bound; beyond it longitude cells would blow up.
MAX_ABS_LATITUDE = 85.0
# Grid cells per axis at most, so that (key, row, column) packs into one int64 even for tiny radii.
MAX_CELLS_PER_AXIS = 1 << 20
# Candidate pairs materialised at once: bounds memory (about 40 bytes each) on dense areas. A chunk's arrays
# (8 MB) stay under glibc's largest mmap threshold (32 MB), so freed memory is reused rather than unmapped and
# faulted in again: at 40 000 companies, system time 3,9 s with 4 million, 1,6 s with 1 million.
DEFAULT_CHUNK_PAIRS = 1_000_000
# Threads processing chunks at once: the reference machine has 2 cores; more threads would only add memory.
DEFAULT_WORKERS = min(2, os.cpu_count() or 1)
# Grid cells per radius: cells of half a radius and 5 × 5 neighbours cover 6.25 r² around a point instead of
# 9 r² with cells of one radius, so fewer candidates fail the distance test (measured faster at national scale).
CELLS_PER_RADIUS = 2
# Safety margin on the cell width against floating-point rounding at the cell boundaries.
CELL_MARGIN = 1.000001


T = TypeVar("T")


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


class PairIndex:
    """The grid join of a left and a right point set, ready to yield its pairs chunk by chunk.

    Keys are non-negative integers; only points with equal keys pair. When `left_group` is given
    (non-decreasing integers, one per left point), a group's pairs are never split across chunks, so that
    per-group selections (top k, greedy clustering) can run chunk by chunk; a single group larger than
    `chunk_pairs` makes one larger chunk. Within a chunk, pairs are ordered by left index.
    """

    def __init__(
        self,
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
    ) -> None:
        if radius_km <= 0:
            raise ValueError("radius_km must be positive")
        n_left = len(left_lon)
        self.bounds: list[tuple[int, int]] = []
        if n_left == 0 or len(right_lon) == 0:
            return
        lats = np.concatenate([left_lat, right_lat])
        lons = np.concatenate([left_lon, right_lon])
        lat_min, lon_min = lats.min(), lons.min()
        height, width = _cell_size_deg(
            radius_km / CELLS_PER_RADIUS,
            float(np.abs(lats).max()),
            float(lats.max() - lat_min),
            float(lons.max() - lon_min),
        )
        reach = CELLS_PER_RADIUS  # neighbour cells to look at on each side

        # Rows/columns start at `reach` so that the farthest neighbours are still valid (empty) cells.
        def cells(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            return (
                np.floor((lat - lat_min) / height).astype(np.int64) + reach,
                np.floor((lon - lon_min) / width).astype(np.int64) + reach,
            )

        n_rows = int(np.floor((lats.max() - lat_min) / height)) + 2 * reach + 1
        n_cols = int(np.floor((lons.max() - lon_min) / width)) + 2 * reach + 1
        max_key = int(max(left_key.max(), right_key.max()))
        if (max_key + 1) * n_rows * n_cols >= 1 << 62:
            raise ValueError("too many join keys for the grid packing")

        def pack(key: np.ndarray, row: np.ndarray, col: np.ndarray) -> np.ndarray:
            return (key.astype(np.int64) * n_rows + row) * n_cols + col

        right_row, right_col = cells(right_lon, right_lat)
        right_packed = pack(right_key, right_row, right_col)
        self.right_order = np.argsort(right_packed, kind="stable")
        cell_keys, cell_start, cell_count = np.unique(
            right_packed[self.right_order], return_index=True, return_counts=True
        )
        # Right coordinates in sorted order: each run of candidates then reads contiguous memory.
        self.right_xyz = unit_vectors(right_lon[self.right_order], right_lat[self.right_order])
        self.left_xyz = unit_vectors(left_lon, left_lat)
        # Comparing squared chords avoids trigonometry on every candidate pair.
        self.max_chord_squared = (2 * np.sin(radius_km / EARTH_RADIUS_KM / 2)) ** 2

        # For each left point and each neighbouring cell: where its right points start, and how many.
        left_row, left_col = cells(left_lon, left_lat)
        index_type = np.int32 if len(right_lon) < np.iinfo(np.int32).max else np.int64
        offsets = [(r, c) for r in range(-reach, reach + 1) for c in range(-reach, reach + 1)]
        self.starts = np.zeros((n_left, len(offsets)), dtype=index_type)
        self.counts = np.zeros((n_left, len(offsets)), dtype=index_type)
        # A hash table of occupied cells: one lookup per (left point, neighbour), not a binary search.
        cell_index = pd.Index(cell_keys)
        # pack(key, row + d_row, col + d_col) is the left point's own cell shifted by d_row * n_cols + d_col:
        # one buffer for all neighbours rather than fresh temporaries per neighbour (memory faulted in anew).
        own_cell = pack(left_key, left_row, left_col)
        neighbour = np.empty_like(own_cell)
        for n, (d_row, d_col) in enumerate(offsets):
            np.add(own_cell, d_row * n_cols + d_col, out=neighbour)
            pos = cell_index.get_indexer(neighbour)
            hit = np.flatnonzero(pos >= 0)
            self.starts[hit, n] = cell_start[pos[hit]]
            self.counts[hit, n] = cell_count[pos[hit]]
        self._per_left = self.counts.sum(axis=1, dtype=np.int64)
        cuts = _chunk_bounds(self._per_left, left_group, chunk_pairs)
        self.bounds = [(lo, hi) for lo, hi in itertools.pairwise(cuts) if self._per_left[lo:hi].any()]

    def pairs(self, lo: int, hi: int) -> PairChunk:
        """The pairs within the radius of left points lo..hi-1."""
        left_idx, right_idx, chord_squared = self.chord_pairs(lo, hi)
        return PairChunk(left_idx, right_idx, chords_to_km(chord_squared))

    def chord_pairs(self, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(left, right, squared chord) of the pairs within the radius of left points lo..hi-1: `chord_km`
        turns a squared chord into km, for the few pairs whose distance is needed."""
        total = self.candidates(lo, hi)
        left_idx = np.empty(total, dtype=np.int64)
        right_pos = np.empty(total, dtype=np.int64)
        chord_squared = np.empty(total, dtype=np.float64)
        kept = _pairs_within_chord(
            lo, hi, self.starts, self.counts, self.left_xyz, self.right_xyz, self.max_chord_squared,
            left_idx, right_pos, chord_squared,
        )  # fmt: skip
        return left_idx[:kept], self.right_order[right_pos[:kept]], chord_squared[:kept]

    def candidates(self, lo: int, hi: int) -> int:
        """Candidate pairs (in the neighbouring cells, before the distance test) of left points lo..hi-1."""
        return int(self._per_left[lo:hi].sum())

    def map_ranges(self, process: Callable[[int, int], T], workers: int = DEFAULT_WORKERS) -> list[T]:
        """`process(lo, hi)` for every chunk's left range, in chunk order, on `workers` threads (numpy and the
        compiled loops release the GIL, so two chunks really run at once); at most `workers` at a time."""
        if workers <= 1 or len(self.bounds) <= 1:
            return [process(lo, hi) for lo, hi in self.bounds]
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(lambda bounds: process(*bounds), self.bounds))

    def map_chunks(self, process: Callable[[PairChunk], T], workers: int = DEFAULT_WORKERS) -> list[T]:
        """`process(chunk)` for every chunk of pairs, in chunk order, on `workers` threads."""
        return self.map_ranges(lambda lo, hi: process(self.pairs(lo, hi)), workers)


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
    """Yield every (left i, right j) with equal keys and distance <= radius_km, in chunks (see PairIndex)."""
    index = PairIndex(
        left_lon,
        left_lat,
        left_key,
        right_lon,
        right_lat,
        right_key,
        radius_km,
        left_group=left_group,
        chunk_pairs=chunk_pairs,
    )
    for lo, hi in index.bounds:
        yield index.pairs(lo, hi)


@numba.njit(inline="always")
def squared_chord(left_xyz: np.ndarray, i: int, right_xyz: np.ndarray, j: int) -> float:
    """Squared chord between left unit vector i and right unit vector j, summed x, then y, then z (as numpy
    did: the same pairs pass the test)."""
    dx = left_xyz[0, i] - right_xyz[0, j]
    dy = left_xyz[1, i] - right_xyz[1, j]
    dz = left_xyz[2, i] - right_xyz[2, j]
    chord_squared = dx * dx
    chord_squared += dy * dy
    chord_squared += dz * dz
    return chord_squared


@numba.njit(inline="always")
def chord_km(chord_squared: float) -> float:
    """Great-circle distance (km) of a squared chord between unit vectors. Every distance of the detection
    goes through this one compiled formula (numpy's vectorised arcsin may differ in the last bit)."""
    return 2 * EARTH_RADIUS_KM * np.arcsin(min(np.sqrt(chord_squared) / 2, 1.0))


@numba.njit(nogil=True, cache=True)
def chords_to_km(chord_squared: np.ndarray) -> np.ndarray:
    """`chord_km` of each squared chord."""
    distance = np.empty(len(chord_squared))
    for k in range(len(chord_squared)):
        distance[k] = chord_km(chord_squared[k])
    return distance


@numba.njit(nogil=True, cache=True)
def _pairs_within_chord(
    lo: int,
    hi: int,
    starts: np.ndarray,
    counts: np.ndarray,
    left_xyz: np.ndarray,
    right_xyz: np.ndarray,
    max_chord_squared: float,
    out_left: np.ndarray,
    out_right: np.ndarray,
    out_chord_squared: np.ndarray,
) -> int:
    """Fill the out_* arrays with the candidates of left points lo..hi-1 (their runs of right positions in
    the neighbouring cells) whose squared chord is within `max_chord_squared`; return how many.

    Compiled (numba): numpy would materialise every candidate, half of which fail the test, in a dozen
    temporary arrays; the loop reads each candidate once."""
    n = 0
    for i in range(lo, hi):
        for run in range(starts.shape[1]):
            first = starts[i, run]
            for j in range(first, first + counts[i, run]):
                chord_squared = squared_chord(left_xyz, i, right_xyz, j)
                if chord_squared <= max_chord_squared:
                    out_left[n] = i
                    out_right[n] = j
                    out_chord_squared[n] = chord_squared
                    n += 1
    return n


def unit_vectors(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """(3, n) Cartesian unit vectors of points given in degrees."""
    lon_rad, lat_rad = np.radians(lon), np.radians(lat)
    cos_lat = np.cos(lat_rad)
    return np.stack([cos_lat * np.cos(lon_rad), cos_lat * np.sin(lon_rad), np.sin(lat_rad)])


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
