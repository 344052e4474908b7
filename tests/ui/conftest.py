"""Database files for the UI tests: the test world (tests/world/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.world.build import build_world_db


@pytest.fixture(scope="session")
def small_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_world_db(tmp_path_factory.mktemp("small") / "small.duckdb")


@pytest.fixture
def own_world_db_path(world_db_file: Path) -> Path:
    """A world database file of the test's own, for tests that save records: saving moves the data date
    (meta data_as_of) to today, which the shared copy of `small_db_path` must never see."""
    return world_db_file
