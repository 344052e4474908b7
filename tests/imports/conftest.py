"""A database file of each test's own holding the test geography, the reference tables and the template workbook's
example rows (a copy of tests/conftest.py `examples_db_file`).

The example rows of data/templates/modeles.xlsx refer to one another (company E-0001, synergy S-001,
programme eit_vendomois...), so importing the workbook gives every fixture file something to refer to.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture
def db_file(examples_db_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "base.duckdb"
    shutil.copyfile(examples_db_file, path)
    return path
