"""Data access: one DuckDB connection per process, a cursor per query, transactions for writes.

DuckDB connections are not thread-safe and Streamlit serves sessions on threads, so every read takes
its own cursor. DuckDB allows many read-only processes or one writer: the dashboard process is the
writer (its edits and imports go through `transaction`); the CLI refuses politely when the file is
held by a running dashboard.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

SCHEMA_SQL = resources.files("dashboard").joinpath("schema.sql").read_text(encoding="utf-8")

Params = Mapping[str, Any] | None


class DatabaseLockedError(RuntimeError):
    """The database file is held by another process (usually a running dashboard)."""


class Database:
    """A DuckDB file (or ':memory:') with the project schema applied."""

    def __init__(self, path: Path | str, *, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        try:
            self._conn = duckdb.connect(self.path, read_only=read_only)
        except duckdb.IOException as exc:  # lock held by another process
            raise DatabaseLockedError(str(exc)) from exc
        # Serialises writers inside this process; readers never wait for it.
        self._write_lock = threading.Lock()
        self._has_live: bool | None = None  # whether the file has the `live` views (see _read_cursor)
        # Only a new file gets the schema: re-running it on an existing one would rewrite its views, and a
        # rejected import must leave the file byte-for-byte unchanged.
        if not read_only and not self._has_schema():
            self._conn.execute(SCHEMA_SQL)

    def _has_schema(self) -> bool:
        return bool(self._conn.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'meta'").fetchone()[0])

    def _read_cursor(self) -> duckdb.DuckDBPyConnection:
        """A fresh cursor that reads live records only: the `live` schema's views (schema.sql) hide archived
        records, and are searched before the base tables. The one place the "not archived" rule applies."""
        cursor = self._conn.cursor()
        if self._has_live is None:  # files made before the live views keep reading their tables as they are
            self._has_live = bool(
                cursor.execute("SELECT count(*) FROM duckdb_schemas() WHERE schema_name = 'live'").fetchone()[0]
            )
        if self._has_live:
            cursor.execute("SET search_path = 'live,main'")
        return cursor

    # ------------------------------------------------------------------ reads
    def query_df(self, sql: str, params: Params = None) -> pd.DataFrame:
        """Run a read query with named parameters ($name) on a fresh cursor; return a DataFrame."""
        cursor = self._read_cursor()
        try:
            return cursor.execute(sql, params or {}).df()
        finally:
            cursor.close()

    def query_rows(self, sql: str, params: Params = None) -> list[tuple[Any, ...]]:
        cursor = self._read_cursor()
        try:
            return cursor.execute(sql, params or {}).fetchall()
        finally:
            cursor.close()

    def query_rows_joining(
        self, sql: str, frames: Mapping[str, pd.DataFrame], params: Params = None
    ) -> list[tuple[Any, ...]]:
        """A read query that joins in-memory frames, registered under the given names on a fresh cursor."""
        cursor = self._read_cursor()
        try:
            for name, frame in frames.items():
                cursor.register(name, frame)
            return cursor.execute(sql, params or {}).fetchall()
        finally:
            cursor.close()

    def query_value(self, sql: str, params: Params = None) -> Any:
        rows = self.query_rows(sql, params)
        return rows[0][0] if rows else None

    # ------------------------------------------------------------------ writes
    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """All-or-nothing write: commit on success, roll back on any exception."""
        if self.read_only:
            raise PermissionError("read-only database")
        with self._write_lock:
            cursor = self._conn.cursor()
            cursor.begin()
            try:
                yield cursor
            except BaseException:
                cursor.rollback()
                raise
            else:
                cursor.commit()
            finally:
                cursor.close()

    # ------------------------------------------------------------------ metadata
    def get_meta(self, key: str) -> str | None:
        return self.query_value("SELECT value FROM meta WHERE key = $key", {"key": key})

    def table_counts(self) -> dict[str, int]:
        """Row count of every base table, for `python -m dashboard info` and the data page."""
        names = [
            r[0]
            for r in self.query_rows(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY table_name"
            )
        ]
        cursor = self._conn.cursor()
        try:
            # Table names come from the catalogue, never from user input.
            return {n: cursor.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
        finally:
            cursor.close()

    def close(self) -> None:
        self._conn.close()


def set_meta(cursor: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    """Upsert a metadata key inside an open transaction."""
    cursor.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ($key, $value)", {"key": key, "value": value})
