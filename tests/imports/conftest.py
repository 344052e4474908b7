"""A database file holding the test geography, the reference tables and the template workbook's example rows.

The example rows of data/templates/modeles.xlsx refer to one another (company E-0001, synergy S-001,
programme eit_vendomois...), so importing the workbook gives every fixture file something to refer to.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest

from dashboard.config import TEMPLATES_DIR
from dashboard.db import Database
from dashboard.imports import import_workbook
from dashboard.imports.docs import WORKBOOK_NAME
from dashboard.reference_data import load_reference_data
from tests.factories import insert_test_territories

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "imports"  # one small file per defect
IMPORT_DAY = dt.date(2026, 11, 20)  # fixed so that meta data_as_of is known


def new_database(path: Path) -> Database:
    """A database file with the test geography and the reference tables (units, nomenclature, questionnaire)."""
    db = Database(path)
    with db.transaction() as cursor:
        insert_test_territories(cursor)
        load_reference_data(cursor)
    return db


@pytest.fixture(scope="session")
def examples_db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once: tests get their own copy through `db_file`."""
    path = tmp_path_factory.mktemp("imports") / "examples.duckdb"
    db = new_database(path)
    result = import_workbook(db, TEMPLATES_DIR / WORKBOOK_NAME, today=IMPORT_DAY)
    db.close()
    assert result.ok, result.problems
    return path


@pytest.fixture
def db_file(examples_db_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "base.duckdb"
    shutil.copyfile(examples_db_file, path)
    return path


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
