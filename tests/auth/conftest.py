"""The small EIT world (tests/world/eit_records.py) in memory, for the permission matrix."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dashboard.db import Database
from tests.world.eit_records import insert_eit_records


@pytest.fixture
def eit_db() -> Iterator[Database]:
    db = Database(":memory:")
    with db.transaction() as cur:
        insert_eit_records(cur)
    yield db
    db.close()
