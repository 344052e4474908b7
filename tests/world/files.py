"""Fixture files and bare databases of the test world (README.md §7), shared by the import, CLI, locking,
backup, geography and Données page tests."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from dashboard.db import Database
from tests.world.record_forms import editing_world

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"
IMPORT_FIXTURES = FIXTURES_DIR / "imports"  # one small file per defect
GEOGRAPHY_FIXTURES = FIXTURES_DIR / "geography"
IMPORT_DAY = dt.date(2026, 11, 20)  # fixed so that meta data_as_of is known


def new_database(path: Path) -> Database:
    """A database file with the test geography and the reference tables (units, nomenclature, questionnaire)."""
    return editing_world(Database(path))


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
