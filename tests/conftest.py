"""Shared fixtures: in-memory databases for pure tests, and database files for page tests.

`demo_db_path` builds the full demo database once per test session (it is the slowest fixture, about a
minute); page and browser tests share it read-only.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.db import Database
from tests.factories import insert_test_territories

# OBSERVATOIRE_TEST_STORE=postgresql runs the tests built on `empty_db` / `geo_db` against the shared PostgreSQL
# store (a new database of a private cluster per test) instead of an in-memory DuckDB: a measurement of the
# server install (run with PYTHONPATH=.server-site, see docs/deployment.md §5), not part of the default run.
TEST_STORE_ENV = "OBSERVATOIRE_TEST_STORE"


@pytest.fixture
def empty_db(request: pytest.FixtureRequest) -> Iterator[Database]:
    if os.environ.get(TEST_STORE_ENV) == "postgresql":
        db = Database(request.getfixturevalue("store_url"))
    else:
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

    Under pytest-xdist the workers share one build (the first worker builds it under a file lock) and each
    gets its own copy: a DuckDB file is held by one process at a time.
    """
    from dashboard.demo.build import build_demo_database

    own = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        build_demo_database(own)
        return own
    shared = tmp_path_factory.getbasetemp().parent / "demo-shared.duckdb"
    with open(shared.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not shared.exists():
            building = shared.with_suffix(".building")
            build_demo_database(building)
            building.rename(shared)
    shutil.copyfile(shared, own)
    return own


@pytest.fixture(scope="session")
def empty_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file with the schema and nothing else: pages must explain there is no data."""
    path = tmp_path_factory.mktemp("empty") / "empty.duckdb"
    Database(path).close()
    return path


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[object]:
    """A private PostgreSQL cluster for the shared-store tests (tests/world/postgres.py). Skipped only where the
    PostgreSQL binaries are missing on a developer's machine; in CI (CI=true) they must run."""
    from tests.world.postgres import postgres_bin_dir, start_cluster

    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        message = "PostgreSQL binaries (initdb, pg_ctl) not found: apt-get install postgresql"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    # Not under pytest's temporary root (see start_cluster): a folder of its own in /tmp, removed at the end.
    folder = Path(tempfile.mkdtemp(prefix="observatoire-pg-"))
    try:
        cluster = start_cluster(bin_dir, folder)
        yield cluster
        cluster.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def store_url(postgres_cluster: object, request: pytest.FixtureRequest) -> str:
    """A new, empty PostgreSQL database of the private cluster: the URL a server sets in OBSERVATOIRE_DB."""
    readable = "".join(c if c.isalnum() else "_" for c in request.node.name.lower())[:40]
    name = f"t_{readable}_{uuid.uuid4().hex[:8]}"  # parametrised names can share their first 40 characters
    return postgres_cluster.create_database(name)  # type: ignore[attr-defined]
