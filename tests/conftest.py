"""Shared fixtures: in-memory databases for pure tests, and database files for page tests.

`demo_db_path` builds the full demo database once per test session (it is the slowest fixture, about a
minute); page and browser tests share it read-only.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.db import Database
from tests.factories import insert_test_territories
from tests.world.files import built_once


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that needs the full demo database (directly or through another fixture) is `slow`: the mark
    follows the fixture, so that `-m "not slow"` never builds the demo by surprise."""
    for item in items:
        if "demo_db_path" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashing() -> Iterator[None]:
    """argon2id with its lowest costs in tests: the production parameters cost about half a second per hash on
    a loaded 2-core machine, and every signed-in page test creates an account. Hashes stay argon2id (their
    parameters are stored in each hash); the browser tests' own Streamlit process keeps the real ones."""
    from argon2 import PasswordHasher

    from dashboard.auth import passwords

    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    real = passwords._HASHER, passwords._DUMMY_HASH
    passwords._HASHER, passwords._DUMMY_HASH = cheap, cheap.hash("observatoire-dummy-password")
    yield
    passwords._HASHER, passwords._DUMMY_HASH = real


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


@pytest.fixture(scope="session")
def demo_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The full demo database, built once per test run.

    Under pytest-xdist the workers share one build (tests/world/files.py `built_once`) and each gets its own
    copy: a DuckDB file is held by one process at a time.
    """
    from dashboard.demo.build import build_demo_database

    shared = built_once(tmp_path_factory, "demo-shared.duckdb", build_demo_database)
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        return shared
    own = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    shutil.copyfile(shared, own)
    return own


@pytest.fixture(scope="session")
def empty_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file with the schema and nothing else: pages must explain there is no data."""
    path = tmp_path_factory.mktemp("empty") / "empty.duckdb"
    Database(path).close()
    return path
