"""The grid join finds exactly the pairs a brute-force comparison finds, within the radius, per key."""

from __future__ import annotations

import numpy as np
import pytest

from dashboard.detection.spatial import PairIndex, haversine_km, iter_pairs_within


def test_haversine_paris_lyon() -> None:
    # Hôtel de Ville of Paris to that of Lyon: 392 km as the crow flies.
    distance = haversine_km(np.array([2.3522]), np.array([48.8566]), np.array([4.8357]), np.array([45.7640]))[0]
    assert distance == pytest.approx(392, abs=1)


def _brute_force(lon, lat, key, lon2, lat2, key2, radius):
    found = set()
    for i in range(len(lon)):
        d = haversine_km(np.full(len(lon2), lon[i]), np.full(len(lon2), lat[i]), lon2, lat2)
        for j in np.flatnonzero((d <= radius) & (key2 == key[i])):
            found.add((i, int(j)))
    return found


@pytest.mark.parametrize(("radius_km", "chunk_pairs"), [(5.0, 10_000_000), (20.0, 50), (60.0, 7)])
def test_grid_join_equals_brute_force(radius_km: float, chunk_pairs: int) -> None:
    rng = np.random.default_rng(7)
    # Points around Lille, Marseille and Réunion: high and low latitudes, both hemispheres.
    centres = np.array([(3.06, 50.63), (5.37, 43.30), (55.45, -20.88)])
    left_centre, right_centre = rng.integers(0, 3, 300), rng.integers(0, 3, 250)
    lon = centres[left_centre, 0] + rng.normal(0, 0.3, 300)
    lat = centres[left_centre, 1] + rng.normal(0, 0.2, 300)
    lon2 = centres[right_centre, 0] + rng.normal(0, 0.3, 250)
    lat2 = centres[right_centre, 1] + rng.normal(0, 0.2, 250)
    key, key2 = rng.integers(0, 3, 300), rng.integers(0, 3, 250)

    found, distances = set(), {}
    for chunk in iter_pairs_within(lon, lat, key, lon2, lat2, key2, radius_km, chunk_pairs=chunk_pairs):
        assert np.all(np.diff(chunk.left) >= 0)  # ordered by left index within a chunk
        for i, j, d in zip(chunk.left.tolist(), chunk.right.tolist(), chunk.distance_km.tolist(), strict=True):
            found.add((i, j))
            distances[(i, j)] = d
    expected = _brute_force(lon, lat, key, lon2, lat2, key2, radius_km)
    assert expected  # the test means something
    assert found == expected
    i, j = next(iter(expected))
    assert distances[(i, j)] == pytest.approx(
        haversine_km(lon[i : i + 1], lat[i : i + 1], lon2[j : j + 1], lat2[j : j + 1])[0], abs=1e-6
    )


def test_pairs_just_inside_and_just_outside_the_radius() -> None:
    km_per_degree = np.pi * 6371.0088 / 180
    lat = 47.79 + np.array([0.0, 9.99, 10.01]) / km_per_degree
    lon = np.full(3, 1.07)
    key = np.zeros(3, dtype=np.int64)
    chunks = list(iter_pairs_within(lon[:1], lat[:1], key[:1], lon, lat, key, 10.0))
    assert sorted(chunks[0].right.tolist()) == [0, 1]


def test_chunks_never_split_a_group() -> None:
    rng = np.random.default_rng(3)
    n = 200
    lon, lat = 2.0 + rng.normal(0, 0.05, n), 47.0 + rng.normal(0, 0.05, n)
    key = np.zeros(n, dtype=np.int64)
    group = np.sort(rng.integers(0, 20, n))
    index = PairIndex(lon, lat, key, lon, lat, key, 15.0, left_group=group, chunk_pairs=100)
    assert len(index.bounds) > 1
    seen: set[int] = set()
    for lo, hi in index.bounds:
        groups = set(group[lo:hi].tolist())
        assert not groups & seen
        seen |= groups
    results = index.map_chunks(lambda chunk: len(chunk.left), workers=2)
    assert sum(results) == len(_brute_force(lon, lat, key, lon, lat, key, 15.0))


def test_the_radius_must_be_positive() -> None:
    one = np.array([1.0])
    with pytest.raises(ValueError, match="radius"):
        list(iter_pairs_within(one, one, np.array([0]), one, one, np.array([0]), 0.0))
