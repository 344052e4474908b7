"""The test world (tests/world/README.md), for the permission matrix."""

from __future__ import annotations

import pytest

from dashboard.db import Database


@pytest.fixture
def eit_db(writable_world_db: Database) -> Database:
    """The test world of the test's own, writable: a copy of the file built once (tests/conftest.py); building
    it in memory for each test cost about 0,4 s of CPU per test (the schema, then the world's rows). Writable
    even for the refusals: a refused write must be refused by the role check, not by a read-only file."""
    return writable_world_db
