"""The test world (tests/world/README.md) in memory, for the permission matrix."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dashboard.db import Database
from tests.world.build import insert_world


@pytest.fixture
def eit_db() -> Iterator[Database]:
    db = Database(":memory:")
    with db.transaction() as cur:
        insert_world(cur)
    yield db
    db.close()
