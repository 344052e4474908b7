"""Fixture files and bare databases of the test world (README.md §7), shared by the import, CLI, locking,
backup, geography and Données page tests."""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from dashboard.db import Database
from tests.world.blocks import small_block_file
from tests.world.record_forms import editing_world

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"
IMPORT_FIXTURES = FIXTURES_DIR / "imports"  # one small file per defect
GEOGRAPHY_FIXTURES = FIXTURES_DIR / "geography"
IMPORT_DAY = dt.date(2026, 11, 20)  # fixed so that meta data_as_of is known


def new_database(path: Path) -> Database:
    """A database file with the test geography and the reference tables (units, nomenclature, questionnaire), in
    small blocks (tests/world/blocks.py)."""
    return editing_world(Database(small_block_file(path)))


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]) -> Path:
    """The file `name`, written by `build(path)` once per test run and shared by every pytest-xdist worker: the
    first worker builds it under a file lock, the others wait for it. A DuckDB file must then be copied before
    it is opened (one process holds a DuckDB file at a time)."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER") is not None:
        root = root.parent  # the run's folder, above the workers' own
    shared = root / name
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not shared.exists():
            building = root / f"{name}.building"
            build(building)
            building.rename(shared)
    return shared
