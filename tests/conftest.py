"""Shared fixtures: an empty schema'd database and one with the small test geography."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dashboard.db import Database
from tests.factories import insert_test_territories


@pytest.fixture
def empty_db() -> Iterator[Database]:
    db = Database(":memory:")
    yield db
    db.close()


@pytest.fixture
def geo_db(empty_db: Database) -> Database:
    with empty_db.transaction() as cur:
        insert_test_territories(cur)
    return empty_db
