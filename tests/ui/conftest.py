"""Database files for the UI tests: the hand-counted small dataset (tests/test_metrics.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pages import build_small_db


@pytest.fixture(scope="session")
def small_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_small_db(tmp_path_factory.mktemp("small") / "small.duckdb")
