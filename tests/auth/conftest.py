"""The small EIT world (the registers part of the test world (tests/world/build.py, README.md §6)) in memory, for the permission matrix."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dashboard.db import Database
from tests.world.build import insert_registers_part


@pytest.fixture
def eit_db() -> Iterator[Database]:
    db = Database(":memory:")
    with db.transaction() as cur:
        insert_registers_part(cur)
    yield db
    db.close()
