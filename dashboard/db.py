"""Data access: one DuckDB connection per process, a cursor per query, transactions for writes.

DuckDB connections are not thread-safe and Streamlit serves sessions on threads, so every read takes
its own cursor. DuckDB allows many read-only processes or one writer: the dashboard process is the
writer (its edits and imports go through `transaction`); the CLI refuses politely when the file is
held by a running dashboard.
"""

from __future__ import annotations

import hashlib
import random
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pandas as pd

from dashboard import pgstore

SCHEMA_SQL = resources.files("dashboard").joinpath("schema.sql").read_text(encoding="utf-8")

T = TypeVar("T")
# A write on the shared store refused for another process's concurrent transaction is run again, this many times
# in all at most (`Database.write`); a duplicate key is tried once more only (a race, or the caller's own error).
WRITE_ATTEMPTS = 4
UNIQUE_ATTEMPTS = 2
# A write whose connection to the shared store was lost before its commit (the server restarting: `pg_ctl
# restart -m fast` takes one to a few seconds) is run again after these pauses, then reported.
INTERRUPTED_PAUSES_S = (0.5, 1.0, 2.0, 4.0)

# The schema's fingerprint, recorded in meta: a file made by another version of schema.sql is brought up to date.
SCHEMA_VERSION = hashlib.sha256(SCHEMA_SQL.encode("utf-8")).hexdigest()[:16]

Params = Mapping[str, Any] | None
_PARAMETER = re.compile(r"\$([A-Za-z_]\w*)")


def _bound(sql: str, params: Params) -> dict[str, Any]:
    """The parameters the query names: DuckDB refuses extra ones, and shared parameter sets (a scope with its
    period: dashboard.scope.scope_params) are passed whole to queries that use only part of them."""
    if not params:
        return {}
    used = set(_PARAMETER.findall(sql))
    return {name: value for name, value in params.items() if name in used}


# Tables whose CHECK lists may grow (a new action code) in a file made by an earlier schema, which
# `CREATE TABLE IF NOT EXISTS` leaves as it was and DuckDB cannot alter: rebuilt from the schema's own definition,
# rows kept. Only tables that no foreign key or view refers to can be rebuilt so.
REBUILT_WHEN_CHECKS_GROW = ("record_change",)  # 'purge' (issue 12)
_CHECKS = (
    "SELECT constraint_text FROM duckdb_constraints() WHERE table_name = $t AND constraint_type = 'CHECK' ORDER BY 1"
)


def _rebuild_tables_whose_checks_grew(conn: duckdb.DuckDBPyConnection) -> None:
    schema = duckdb.connect()  # what a new file gets, to compare with
    schema.execute(SCHEMA_SQL)
    for table in REBUILT_WHEN_CHECKS_GROW:
        if conn.execute(_CHECKS, {"t": table}).fetchall() == schema.execute(_CHECKS, {"t": table}).fetchall():
            continue
        found = re.search(rf"CREATE TABLE IF NOT EXISTS {table} \(.*?\n\);", SCHEMA_SQL, re.DOTALL)
        assert found is not None, table
        columns = ", ".join(
            row[0]
            for row in conn.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = $t ORDER BY column_index", {"t": table}
            ).fetchall()
        )
        conn.execute("BEGIN")
        try:  # names come from the constant list above and the file's own catalogue
            conn.execute(f"ALTER TABLE {table} RENAME TO {table}_rebuilt")
            conn.execute(found.group(0))
            conn.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {table}_rebuilt")
            conn.execute(f"DROP TABLE {table}_rebuilt")
            conn.execute("COMMIT")
        except duckdb.Error:
            conn.execute("ROLLBACK")
            raise
    schema.close()


class DatabaseLockedError(RuntimeError):
    """The database file is held by another process (usually a running dashboard)."""


class Database:
    """A DuckDB file (or ':memory:') with the project schema applied, or the shared PostgreSQL store.

    `path` is a file, ':memory:', or a `postgresql://…` URL: then the tables live in PostgreSQL, shared by
    several dashboard processes and the CLI, and this process queries them through an in-memory DuckDB
    (dashboard/pgstore.py). Reads, `transaction()` and the rest keep their API on both.
    """

    def __init__(self, path: Path | str, *, read_only: bool = False) -> None:
        self.store_url = pgstore.store_url(path)
        self.path = self.store_url or str(path)
        self.read_only = read_only
        if self.store_url is not None:
            # PostgreSQL isolates processes itself: no file lock, the schema is applied by pgstore.connect.
            self._conn = pgstore.connect(self.store_url, SCHEMA_SQL, SCHEMA_VERSION)
            self._write_lock = threading.Lock()
            self._has_live = True
            self.commits = 0
            self._store_version = (float("-inf"), 0, 0)  # (read at, this process's commits then, version)
            return
        try:
            self._conn = duckdb.connect(self.path, read_only=read_only)
        except duckdb.IOException as exc:  # lock held by another process
            raise DatabaseLockedError(str(exc)) from exc
        # Serialises writers inside this process; readers never wait for it.
        self._write_lock = threading.Lock()
        self._has_live: bool | None = None  # whether the file has the `live` views (see _read_cursor)
        # Committed write transactions of this connection. While this process holds the file no other process
        # can write it (DuckDB's lock), so an unchanged count means unchanged data: caches key on it.
        self.commits = 0
        # A new file gets the schema; a file made by an earlier schema gets it again (every statement is
        # idempotent: new tables, views and scope macros are added, data untouched). A file already at this
        # schema is not written to: a rejected import must leave it byte-for-byte unchanged.
        if not read_only and self._schema_version() != SCHEMA_VERSION:
            self._conn.execute(SCHEMA_SQL)
            _rebuild_tables_whose_checks_grew(self._conn)
            set_meta(self._conn, "schema_version", SCHEMA_VERSION)

    def _schema_version(self) -> str | None:
        """The schema version recorded in the file, '' for a schema older than versions, None for a new file."""
        if not self._conn.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'meta'").fetchone()[0]:
            return None
        row = self._conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return "" if row is None else str(row[0])

    def _store_cursor(self, *, reading: bool) -> duckdb.DuckDBPyConnection:
        """A fresh cursor on the shared store: its tables by default, behind the `live` views when reading."""
        cursor = self._conn.cursor()
        cursor.execute(f"USE {pgstore.STORE}.main")
        cursor.execute(f"SET search_path = '{pgstore.search_path(reading=reading)}'")
        return cursor

    def _read_cursor(self) -> duckdb.DuckDBPyConnection:
        """A fresh cursor that reads live records only: the `live` schema's views (schema.sql) hide archived
        records, and are searched before the base tables. The one place the "not archived" rule applies."""
        if self.store_url is not None:
            return self._store_cursor(reading=True)
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
            return cursor.execute(sql, _bound(sql, params)).df()
        finally:
            cursor.close()

    def query_rows(self, sql: str, params: Params = None) -> list[tuple[Any, ...]]:
        cursor = self._read_cursor()
        try:
            return cursor.execute(sql, _bound(sql, params)).fetchall()
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
            return cursor.execute(sql, _bound(sql, params)).fetchall()
        finally:
            cursor.close()

    def query_value(self, sql: str, params: Params = None) -> Any:
        rows = self.query_rows(sql, params)
        return rows[0][0] if rows else None

    # ------------------------------------------------------------------ writes
    @contextmanager
    def _cursor_in_transaction(self, *, writing: bool) -> Iterator[duckdb.DuckDBPyConnection]:
        """`writing`: count the commit in the shared store's version (see `transaction`'s `data_change`)."""
        cursor = self._store_cursor(reading=False) if self.store_url is not None else self._conn.cursor()
        cursor.begin()
        try:
            yield cursor
            if writing and self.store_url is not None:
                pgstore.record_commit(cursor)  # the store's version: counted only if this commits
        except BaseException as error:
            lost = self.store_url is not None and pgstore.is_connection_lost(error)
            try:
                cursor.rollback()
            except duckdb.Error:
                if not lost:
                    raise
                # The connection is gone, and PostgreSQL rolled the transaction back when its client went.
            if lost:
                raise pgstore.StoreInterruptedError(str(error), maybe_committed=False) from error
            if self.store_url is not None and pgstore.is_constraint_violation(error):
                # PostgreSQL's refusal reaches DuckDB as a plain error: callers catch ConstraintException.
                raise duckdb.ConstraintException(str(error)) from error
            raise
        else:
            try:
                cursor.commit()
            except duckdb.Error as error:
                if self.store_url is not None and pgstore.is_connection_lost(error):
                    raise pgstore.StoreInterruptedError(str(error), maybe_committed=True) from error
                raise
        finally:
            cursor.close()

    @contextmanager
    def transaction(self, *, data_change: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
        """All-or-nothing write: commit on success, roll back on any exception.

        `data_change=False` for bookkeeping that no page shows through the cache (sign-in and sign-out audit
        lines, failed-attempt counters): on the shared store every other commit changes the version that every
        worker's cache keys on, so each sign-in would empty every worker's cache (a cold page on the store
        costs seconds: benches/README.md). Never for a write a cached read shows."""
        if self.read_only:
            raise PermissionError("read-only database")
        with self._write_lock:
            with self._cursor_in_transaction(writing=data_change) as cursor:
                yield cursor
            self.commits += 1

    def write(self, body: Callable[[duckdb.DuckDBPyConnection], T], *, data_change: bool = True) -> T:
        """`body(cursor)` in one transaction (`transaction()`), run again from the start when the shared store
        aborted it for another process's concurrent transaction (`retrying`).

        A context manager cannot run its block twice, hence a function: `body` must read everything it decides
        on through `cursor` (a new attempt sees the other transaction's committed work, so a record saved
        meanwhile gives the caller's own "changed meanwhile" refusal) and do nothing outside the transaction.
        On the embedded file one process writes at a time: one attempt, as `transaction()`."""

        def attempt() -> T:
            with self.transaction(data_change=data_change) as cursor:
                return body(cursor)

        return self.retrying(attempt)

    def retrying(self, run: Callable[[], T]) -> T:
        """`run()` again from the start when the shared store aborted its transaction for another process's
        concurrent transaction: a serialization failure or a deadlock (up to WRITE_ATTEMPTS in all), a duplicate
        key (once more: the new attempt sees the other transaction's row, and the caller's checks refuse it by
        name, e.g. "identifiant déjà pris").

        For a writer whose checks read through `Database` before its one transaction (an import validates
        thousands of rows without holding this process's write lock): `run` makes the checks and the
        transaction, so a new attempt checks again against what the other process committed. `run` must open
        one write transaction at most and change nothing outside it. On the embedded file: one attempt.

        A write whose connection was lost before its commit (nothing of it written) is run again after each of
        INTERRUPTED_PAUSES_S; one lost while committing is reported at once (it may have been committed: running
        it again could write it twice)."""
        attempt, interruptions = 1, iter(INTERRUPTED_PAUSES_S)
        while True:
            try:
                return run()
            except pgstore.StoreInterruptedError as interrupted:
                pause = next(interruptions, None)
                if interrupted.maybe_committed or pause is None:
                    raise
                time.sleep(pause)
                continue
            except duckdb.Error as error:
                kind = pgstore.retry_kind(error) if self.store_url is not None else None
                if kind is None or attempt >= (WRITE_ATTEMPTS if kind == "conflict" else UNIQUE_ATTEMPTS):
                    raise
            # Not in step with the other writer: a random pause, longer after each attempt (at most ~0,4 s).
            time.sleep(random.uniform(0.01, 0.05 * 2**attempt))
            attempt += 1

    @contextmanager
    def snapshot(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor inside one transaction: every read in the block sees the same committed state.

        DuckDB's MVCC gives the transaction a snapshot, so the dashboard's own writers (other sessions) go on
        meanwhile without the block seeing half of their work; used by backups. Committed at the end, so that
        what the block wrote into an *attached* file (the backup copy) is kept; it never writes this database.
        """
        with self._cursor_in_transaction(writing=False) as cursor:
            yield cursor

    @contextmanager
    def attached(self, path: Path | str, alias: str) -> Iterator[str]:
        """The database file `path` attached read-write under `alias` (created when missing), detached after.

        Attaching is process-wide in DuckDB; the caller picks an alias no other code uses.
        """
        literal = "'" + str(path).replace("'", "''") + "'"  # ATTACH takes no prepared parameter
        cursor = self._conn.cursor()
        try:
            cursor.execute(f'ATTACH {literal} AS "{alias}" (READ_WRITE)')
            try:
                yield alias
            finally:
                cursor.execute(f'DETACH "{alias}"')
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
                # This database only: a backup attaches its copy for a few seconds (Database.attached).
                "SELECT table_name FROM duckdb_tables() "
                "WHERE database_name = $catalog AND schema_name = 'main' ORDER BY table_name",
                {"catalog": self.catalog()},
            )
        ]
        # The base tables, archived rows included (on the store too, not its `live` views).
        cursor = self._store_cursor(reading=False) if self.store_url is not None else self._conn.cursor()
        try:
            # Table names come from the catalogue, never from user input.
            return {n: cursor.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
        finally:
            cursor.close()

    def catalog(self) -> str:
        """The DuckDB catalogue holding the tables: the attached store, or this file's own."""
        if self.store_url is not None:
            return pgstore.STORE
        return str(self.query_value("SELECT current_database()"))

    def change_count(self) -> int:
        """A number that changes whenever the data may have: this process's commits for a DuckDB file (no other
        process can write it while this one holds it), every process's commits for the shared store (read at
        most every `pgstore.VERSION_MAX_AGE_S`, and at once after this process's own commits)."""
        if self.store_url is None:
            return self.commits
        # One round trip to PostgreSQL per VERSION_MAX_AGE_S at most (a page asks at every cached read), and at
        # once after a commit of this process: its own writes are seen immediately, other workers' within that age.
        read_at, commits, version = self._store_version
        if commits == self.commits and time.monotonic() - read_at < pgstore.VERSION_MAX_AGE_S:
            return version
        commits, read_at = self.commits, time.monotonic()
        cursor = self._conn.cursor()
        try:
            version = pgstore.store_version(cursor)
        finally:
            cursor.close()
        self._store_version = (read_at, commits, version)  # one assignment: threads see the old or the new
        return version

    def close(self) -> None:
        self._conn.close()


def set_meta(cursor: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    """Upsert a metadata key inside an open transaction."""
    cursor.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ($key, $value)", {"key": key, "value": value})
