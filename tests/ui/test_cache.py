"""The cached database follows OBSERVATOIRE_DB; cached reads follow the data version."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.config import DB_PATH_ENV
from dashboard.db import Database, set_meta
from dashboard.ui import cache


def count_territories(db: Database) -> int:
    """A module-level read function, as `cache.cached` requires."""
    return int(db.query_value("SELECT count(*) FROM territory"))


def _insert_region(db: Database, code: str) -> None:
    with db.transaction() as cur:
        cur.execute(
            "INSERT INTO territory (territory_id, level, code, name, source) VALUES ($id, 'region', $code, 'R', 't')",
            {"id": f"region:{code}", "code": code},
        )


def test_get_database_is_one_connection_per_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(DB_PATH_ENV, str(tmp_path / "a.duckdb"))
    first = cache.get_database()
    assert cache.get_database() is first
    monkeypatch.setenv(DB_PATH_ENV, str(tmp_path / "b.duckdb"))
    other = cache.get_database()
    assert other is not first and other.path == str(tmp_path / "b.duckdb")


def test_cached_reads_follow_the_data_version(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(DB_PATH_ENV, str(tmp_path / "versioned.duckdb"))
    db = cache.get_database()
    assert cache.cached(count_territories) == 0
    _insert_region(db, "11")
    assert cache.cached(count_territories) == 0  # same data version: the cached value is served
    with db.transaction() as cur:
        set_meta(cur, "data_as_of", "2026-01-31")  # what an import or the demo build does
    assert cache.cached(count_territories) == 1
    _insert_region(db, "24")
    cache.invalidate_data_cache()
    assert cache.cached(count_territories) == 2
