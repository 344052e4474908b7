"""A database file holding the test geography, the reference tables and the template workbook's example rows.

The example rows of data/templates/modeles.xlsx refer to one another (company E-0001, synergy S-001,
programme eit_vendomois...), so importing the workbook gives every fixture file something to refer to.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dashboard.config import TEMPLATES_DIR
from dashboard.imports import import_workbook
from dashboard.imports.docs import WORKBOOK_NAME
from tests.world.files import IMPORT_DAY, new_database


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
