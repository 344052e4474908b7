"""Shared fixtures: in-memory databases for pure tests, and database files for page tests.

`demo_db_path` builds the full demo database once per test session (it is the slowest fixture, about a
minute); page and browser tests share it read-only.
"""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.db import Database
from tests.factories import insert_test_territories
from tests.world.files import built_once


# The test processes build many short-lived pandas and plotly objects: with Python's default thresholds the cyclic
# garbage collector ran often enough to cost about 3 % of their CPU (tests/pages, tests/indicators and tests/eit,
# user + system time, two runs each: 94,4 and 94,8 s → 91,5 and 92,2 s; measured with a `gc.freeze()` after
# collection too, not kept: nanobind then reports leaked objects at exit). Tests keep their memory for a short time.
def pytest_configure(config: pytest.Config) -> None:
    gc.set_threshold(50_000, 20, 100)


# The longest modules (servers, Chromium, many page loads: 50-90 s each) are run first, then the other browser
# modules, then the ones on the demo database: with `--dist loadfile --no-loadscope-reorder` (the README's
# command) pytest-xdist hands out modules in this order, so no worker is left alone with a long one at the end
# (its default order, by number of tests, put these one-test modules last: about 40 s of tail on four workers).
LONGEST_MODULES = (
    "test_proxy_browser.py",
    "test_copil_reader_crawl.py",
    "test_record_forms_browser.py",
    "test_pages_browser.py",
    "test_copil_browser.py",
)


def _module_rank(module_items: list[pytest.Item]) -> tuple[int, int]:
    name = module_items[0].path.name
    if name in LONGEST_MODULES:
        return (0, LONGEST_MODULES.index(name))
    if any(item.get_closest_marker("browser") for item in module_items):
        return (1, 0)
    if any(item.get_closest_marker("slow") for item in module_items):
        return (2, 0)
    return (3, 0)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that needs the full demo database (directly or through another fixture) is `slow`: the mark
    follows the fixture, so that `-m "not slow"` never builds the demo by surprise. Then modules are ordered
    longest first (`LONGEST_MODULES`); a module's tests keep their order."""
    for item in items:
        if "demo_db_path" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
    modules: dict[Path, list[pytest.Item]] = {}
    for item in items:
        modules.setdefault(item.path, []).append(item)
    ordered = sorted(modules.values(), key=_module_rank)  # stable: collection order within a rank
    items[:] = [item for module_items in ordered for item in module_items]


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


# OBSERVATOIRE_TEST_STORE=postgresql runs the tests built on `empty_db` / `geo_db` against the shared PostgreSQL
# store (a new database of a private cluster per test) instead of an in-memory DuckDB: a measurement of the
# server install (run with PYTHONPATH=.server-site, see docs/deployment.md §5), not part of the default run.
TEST_STORE_ENV = "OBSERVATOIRE_TEST_STORE"


@pytest.fixture(scope="session")
def _schema_only_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file holding the schema only, built once per run: creating the schema costs about half a
    second per database (0,45-0,6 s measured under load), copying this file about a tenth of it."""
    return built_once(tmp_path_factory, "schema-only.duckdb", lambda path: Database(path).close())


@pytest.fixture(scope="session")
def _geography_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The schema and the test geography (tests/factories.py), built once per run for `geo_db`."""

    def build(path: Path) -> None:
        db = Database(path)
        with db.transaction() as cur:
            insert_test_territories(cur)
        db.close()

    return built_once(tmp_path_factory, "test-geography.duckdb", build)


@pytest.fixture
def empty_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """A new database of the test's own with the schema only (a copy of a file built once; see above). Where
    the test asks for `geo_db` too, the copy is of the file that also holds the test geography: `geo_db` is
    this same database with the geography, as when it was inserted here."""
    if os.environ.get(TEST_STORE_ENV) == "postgresql":
        db = Database(request.getfixturevalue("store_url"))
    else:
        shared = "_geography_db_path" if "geo_db" in request.fixturenames else "_schema_only_db_path"
        db = Database(_private_copy(request.getfixturevalue(shared), tmp_path_factory))
    yield db
    db.close()


def _private_copy(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of `shared` in a folder of its own (never the test's tmp_path, which a test may list)."""
    own = tmp_path_factory.mktemp("db") / shared.name
    shutil.copyfile(shared, own)
    return own


@pytest.fixture
def geo_db(empty_db: Database) -> Database:
    """`empty_db` with the test geography (copied with the file, or inserted into the shared store)."""
    if os.environ.get(TEST_STORE_ENV) == "postgresql":
        with empty_db.transaction() as cur:
            insert_test_territories(cur)
    return empty_db


@pytest.fixture(scope="session")
def editing_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test geography and the reference tables (tests/world/files.py `new_database`), built once per run:
    loading the reference tables costs about 0,8 s per database under load. Copy it before opening it."""
    from tests.world.files import new_database

    return built_once(tmp_path_factory, "editing-world.duckdb", lambda path: new_database(path).close())


@pytest.fixture
def editing_db(request: pytest.FixtureRequest, editing_db_path: Path, tmp_path_factory: pytest.TempPathFactory
               ) -> Iterator[Database]:  # fmt: skip
    """A copy of `editing_db_path` of the test's own (on the shared store: `empty_db` filled the same way)."""
    if os.environ.get(TEST_STORE_ENV) == "postgresql":
        from tests.world.record_forms import editing_world

        db = editing_world(request.getfixturevalue("empty_db"))
        yield db
        return
    db = Database(_private_copy(editing_db_path, tmp_path_factory))
    yield db
    db.close()


@pytest.fixture(scope="session")
def examples_db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test geography, the reference tables and the template workbook's example rows (imported on
    IMPORT_DAY), built once per run and shared by the xdist workers (about 2,5 s of CPU a build): the import
    tests and the backup tests copy it before opening it."""
    from dashboard.config import TEMPLATES_DIR
    from dashboard.imports import import_workbook
    from dashboard.imports.docs import WORKBOOK_NAME
    from tests.world.files import IMPORT_DAY, new_database

    def build(path: Path) -> None:
        db = new_database(path)
        try:
            result = import_workbook(db, TEMPLATES_DIR / WORKBOOK_NAME, today=IMPORT_DAY)
        finally:
            db.close()
        assert result.ok, result.problems

    return built_once(tmp_path_factory, "examples.duckdb", build)


@pytest.fixture(scope="session")
def world_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test world (tests/world/README.md) in a file, built once per run and shared by the xdist workers."""
    from tests.world.build import build_world_db

    return built_once(tmp_path_factory, "world.duckdb", build_world_db)


@pytest.fixture
def world_db_file(world_db_path: Path, tmp_path: Path) -> Path:
    """A closed copy of the test world file in the test's tmp_path, for tests that open it by path (run_page with
    copy=False, the command line) and may write to it: the same file as build_world_db(path) with its defaults,
    copied rather than built (about 0,05 s of CPU against 0,4 s)."""
    path = tmp_path / "world.duckdb"
    shutil.copyfile(world_db_path, path)
    return path


@pytest.fixture
def world_db(request: pytest.FixtureRequest) -> Iterator[Database]:
    """The test world, read-only: the file built once, opened read-only by every test that only reads it (the
    xdist workers can all read one file). A write raises DuckDB's read-only error: a test that writes asks for
    `writable_world_db`. Copying the 23 MB file for each of about 150 readers was the suite's largest kernel
    cost (perf: 3 % of all CPU, in `sendfile`)."""
    if os.environ.get(TEST_STORE_ENV) == "postgresql":
        db = _world_on_the_store(request)
    else:
        db = Database(request.getfixturevalue("world_db_path"), read_only=True)
    yield db
    db.close()


@pytest.fixture
def writable_world_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
                      ) -> Iterator[Database]:  # fmt: skip
    """A copy of the test world of the test's own, which it may change: copying the file built once costs about
    a sixth of inserting the world (0,15 s against 0,8 s measured under load)."""
    if os.environ.get(TEST_STORE_ENV) == "postgresql":
        db = _world_on_the_store(request)
    else:
        db = Database(_private_copy(request.getfixturevalue("world_db_path"), tmp_path_factory))
    yield db
    db.close()


def _world_on_the_store(request: pytest.FixtureRequest) -> Database:
    """The test world inserted into the shared store (a new database for each test: `store_url`)."""
    from tests.world.build import insert_world

    db = Database(request.getfixturevalue("store_url"))
    with db.transaction() as cur:
        insert_world(cur)
    return db


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
