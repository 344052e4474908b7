"""PostgreSQL as the shared store of several dashboard processes (issue 16, item 4).

`OBSERVATOIRE_DB=postgresql://…` selects it (`Database` does). Each process then keeps DuckDB as its query
engine: an in-memory DuckDB with the PostgreSQL database attached as `store` through DuckDB's `postgres`
extension. The tables live in PostgreSQL, in a schema `main` translated from `schema.sql` (PostgreSQL enforces
the primary keys, references, CHECKs and NOT NULLs, and isolates the transactions of every process); the views,
the `live` views and the scope macros of `schema.sql` are created in each process's memory catalogue and read
the attached tables, so every query of the dashboard runs unchanged.

Why not DuckDB 2.0 (the embedded default): the `postgres` extension is published on the package registry for
DuckDB 1.5.5 only (`duckdb-extension-postgres==1.5.5`), so a server install pins DuckDB 1.5.5
(`requirements-server.txt`). The embedded file keeps DuckDB 2.0 and nothing of this module.

Bookkeeping that is not part of `schema.sql` lives in the PostgreSQL schema `observatoire`: `commit_log`, one
row per committed write transaction of any process. Its row count is the store's version: the cache of every
process keys on it, so a write in one worker is seen by the others at their next read.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import duckdb

# How old the store's version may be when a cache key is built: another worker's write is seen by the next read
# after at most this delay (measured: one version read costs about 6 ms, and a page makes many cached reads).
VERSION_MAX_AGE_S = 1.0
STORE = "store"  # the alias of the attached PostgreSQL database in every connection
URL_SCHEMES = ("postgresql:", "postgres:")
BOOKKEEPING_SCHEMA = "observatoire"
# Two workers starting together must not both create the schema (one waits for the other's transaction).
_SCHEMA_LOCK_KEY = 160_416_004
# Statements of schema.sql that go to PostgreSQL (data and sequences) or stay in DuckDB (derived objects).
_POSTGRES_STATEMENT = re.compile(r"^CREATE\s+(TABLE|SEQUENCE|(UNIQUE\s+)?INDEX)\b", re.IGNORECASE)
_DUCKDB_STATEMENT = re.compile(r"^CREATE\s+(OR\s+REPLACE\s+)?(VIEW|MACRO|SCHEMA)\b", re.IGNORECASE)
_COMMENT = re.compile(r"--[^\n]*")
# DuckDB types and functions of schema.sql and their PostgreSQL spelling.
_TYPE_WORDS = ((re.compile(r"\bDOUBLE\b(?!\s+PRECISION)"), "DOUBLE PRECISION"), (re.compile(r"\bGEOMETRY\b"), "BYTEA"))
_FULL_MATCH = re.compile(r"regexp_full_match\(\s*(\w+)\s*,\s*'((?:[^']|'')*)'\s*\)")


class StoreUnavailableError(RuntimeError):
    """The PostgreSQL store cannot be used by this installation (missing extension) or reached.

    `missing_install`: the server install (requirements-server.txt) is what is missing, not the server."""

    def __init__(self, reason: str, *, missing_install: bool = False) -> None:
        super().__init__(reason)
        self.missing_install = missing_install


# A password in a connection URL (postgresql://user:secret@host) or a libpq keyword string (password=secret).
_URL_PASSWORD = re.compile(r"(postgres(?:ql)?://[^:/@\s]*:)[^@\s]*@")
_KEYWORD_PASSWORD = re.compile(r"(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", re.IGNORECASE)


def without_password(text: str) -> str:
    """`text` with any store password masked: the driver quotes the URL in its errors, and those reach the
    page shown before sign-in and the terminal."""
    return _KEYWORD_PASSWORD.sub(r"\1***", _URL_PASSWORD.sub(r"\1***@", text))


class StoreNotEmptyError(RuntimeError):
    """The store already holds data: the demo is loaded only into an empty store (nothing is replaced)."""


def store_url(location: str | os.PathLike[str]) -> str | None:
    """The PostgreSQL URL `location` names, or None for a DuckDB file.

    Accepts the URL after a trip through `pathlib.Path`, which folds `postgresql://` into `postgresql:/`.
    """
    text = os.fspath(location)
    for scheme in URL_SCHEMES:
        if text.startswith(scheme):
            rest = text[len(scheme) :]
            return "postgresql://" + rest[2:] if rest.startswith("//") else "postgresql://" + rest.lstrip("/")
    return None


def split_schema(schema_sql: str) -> tuple[list[str], list[str]]:
    """schema.sql's statements: (tables and sequences for PostgreSQL, views/macros/schemas for DuckDB).

    An unknown kind of statement is refused: a new one must be placed on one side on purpose.
    """
    to_postgres: list[str] = []
    to_duckdb: list[str] = []
    for statement in duckdb.extract_statements(schema_sql):
        text = _COMMENT.sub("", statement.query).strip().rstrip(";").strip()
        if _POSTGRES_STATEMENT.match(text):
            to_postgres.append(text)
        elif _DUCKDB_STATEMENT.match(text):
            to_duckdb.append(text)
        else:
            raise ValueError(f"schema.sql statement of unknown kind for the PostgreSQL store: {text[:80]}")
    return to_postgres, to_duckdb


def postgres_ddl(schema_sql: str) -> str:
    """schema.sql's tables and sequences in PostgreSQL's dialect, in the schema `main`, idempotent."""
    statements = []
    for text in split_schema(schema_sql)[0]:
        for pattern, replacement in _TYPE_WORDS:
            text = pattern.sub(replacement, text)
        # regexp_full_match(col, 'p') is true when the whole value matches: PostgreSQL's ~ anchored.
        text = _FULL_MATCH.sub(lambda m: f"({m.group(1)} ~ '^(?:{m.group(2)})$')", text)
        statements.append(text + ";")
    bookkeeping = (
        f"CREATE SCHEMA IF NOT EXISTS {BOOKKEEPING_SCHEMA};\n"
        f"CREATE TABLE IF NOT EXISTS {BOOKKEEPING_SCHEMA}.commit_log ("
        "commit_id BIGSERIAL PRIMARY KEY, committed_at TIMESTAMPTZ NOT NULL DEFAULT now());"
    )
    return (
        "CREATE SCHEMA IF NOT EXISTS main;\nSET LOCAL search_path = main;\n"
        + "\n".join(statements)
        + "\n"
        + bookkeeping
    )


def extension_file() -> Path:
    """The `postgres` extension for this DuckDB, from the `duckdb-extension-postgres` wheel.

    The wheel names the file `postgres.duckdb_extension`, but DuckDB derives the entry point from the file name
    (`postgres_scanner_duckdb_cpp_init`): it is loaded through a link named `postgres_scanner.duckdb_extension`.
    """
    try:
        import duckdb_extension_postgres  # server install only (requirements-server.txt)
    except ImportError as error:
        raise StoreUnavailableError("duckdb-extension-postgres", missing_install=True) from error
    shipped = Path(duckdb_extension_postgres.__file__).parent / "extensions" / f"v{duckdb.__version__}"
    shipped /= "postgres.duckdb_extension"
    if not shipped.exists():
        raise StoreUnavailableError(f"duckdb-extension-postgres for DuckDB {duckdb.__version__}", missing_install=True)
    folder = Path(tempfile.gettempdir()) / f"observatoire-duckdb-{duckdb.__version__}-{os.getuid()}"
    folder.mkdir(exist_ok=True)
    link = folder / "postgres_scanner.duckdb_extension"
    if not link.exists() or link.resolve() != shipped.resolve():
        partial = folder / f".link-{os.getpid()}"
        partial.unlink(missing_ok=True)
        partial.symlink_to(shipped)
        os.replace(partial, link)  # atomic: two workers starting together both end with a good link
    return link


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def connect(url: str, schema_sql: str, schema_version: str) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the store attached, its schema brought to `schema_version`, the derived
    objects (views, `live` views, scope macros) created in memory, and `store.main` as the default."""
    conn = duckdb.connect(":memory:")
    try:
        conn.execute(f"LOAD {_literal(str(extension_file()))}")
        # DuckDB 1.5.5 pushes the filters it derives from a join (e.g. a recursive CTE's join) into the scan, and
        # the extension cannot translate them: "Unsupported table filter type", an internal error that invalidates
        # the whole DuckDB instance (seen on the companies and synergies pages). Those derived filters are turned
        # off; the queries' own filters are still sent to PostgreSQL.
        conn.execute("SET disabled_optimizers = 'join_filter_pushdown'")
        try:
            conn.execute(f"ATTACH {_literal(url)} AS {STORE} (TYPE postgres)")
        except duckdb.Error as error:
            raise StoreUnavailableError(without_password(str(error))) from error
        _bring_schema(conn, schema_sql, schema_version)
        # Views and macros in this process's memory; their names resolve to the attached tables when used.
        conn.execute(f"SET search_path = 'memory.main,{STORE}.main'")
        for text in split_schema(schema_sql)[1]:
            conn.execute(text)
        conn.execute(f"USE {STORE}.main")
    except BaseException:
        conn.close()
        raise
    return conn


_SCHEMA_ATTEMPTS = 3  # two workers started together on a new store: the second waits, then finds it made


def _bring_schema(conn: duckdb.DuckDBPyConnection, schema_sql: str, schema_version: str) -> None:
    """Create or update the store's tables unless it is at `schema_version` already.

    The extension runs the DDL in a REPEATABLE READ transaction whose snapshot is taken by its first statement,
    the advisory lock's SELECT, before the lock is granted: a process that waited there for another one creating
    the schema (two workers started together on a new store) meets that process's committed `schema_version`
    row and is aborted (could not serialize access). It then reads the version again, now committed, and only
    runs the DDL again if the store is still not at `schema_version`."""
    for attempt in range(1, _SCHEMA_ATTEMPTS + 1):
        if _stored_schema_version(conn) == schema_version:
            return
        ddl = (
            f"BEGIN; SELECT pg_advisory_xact_lock({_SCHEMA_LOCK_KEY});\n{postgres_ddl(schema_sql)}\n"
            "INSERT INTO main.meta (key, value) VALUES ('schema_version', "
            f"{_literal(schema_version)}) ON CONFLICT (key) DO UPDATE SET value = excluded.value;\nCOMMIT;"
        )
        try:
            conn.execute(f"CALL postgres_execute({_literal(STORE)}, {_literal(ddl)})")
        except duckdb.Error as error:
            if retry_kind(error) != "conflict" or attempt == _SCHEMA_ATTEMPTS:
                raise
            continue
        finally:
            conn.execute("CALL pg_clear_cache()")  # the attached catalogue learns the new tables
        return


def _postgres_value(conn: duckdb.DuckDBPyConnection, sql: str) -> object:
    """The first value of a query run by PostgreSQL itself (None when it returns no row)."""
    row = conn.execute("SELECT * FROM postgres_query($store, $sql)", {"store": STORE, "sql": sql}).fetchone()
    return None if row is None else row[0]


def _stored_schema_version(conn: duckdb.DuckDBPyConnection) -> str | None:
    """The schema version recorded in the store, None before its schema (or its bookkeeping) exists."""
    ready = _postgres_value(
        conn,
        "SELECT to_regclass('main.meta') IS NOT NULL AND to_regclass('observatoire.commit_log') IS NOT NULL",
    )
    if not ready:
        return None
    version = _postgres_value(conn, "SELECT value FROM main.meta WHERE key = 'schema_version'")
    return None if version is None else str(version)


_VIOLATION = re.compile(r"violates (unique|foreign key|check|not-null|exclusion) constraint")


# Refusals of a transaction that a new attempt may not meet: PostgreSQL aborted it for another process's
# concurrent transaction (SQLSTATE 40001 serialization failure: both changed the same row under REPEATABLE READ;
# 40P01 deadlock). Reported by the extension as plain DuckDB errors carrying PostgreSQL's message.
_CONFLICT = re.compile(r"could not serialize access|deadlock detected")
_UNIQUE = re.compile(r"violates unique constraint|duplicate key value")


def retry_kind(error: BaseException) -> str | None:
    """'conflict' for a serialization failure or a deadlock, 'unique' for a duplicate key (another transaction
    may have inserted the same key meanwhile: a new attempt sees it), None for anything else."""
    if not isinstance(error, duckdb.Error):
        return None
    if _CONFLICT.search(str(error)):
        return "conflict"
    if _UNIQUE.search(str(error)):
        return "unique"
    return None


# The store's server went away under an open connection (restarted, stopped, the network cut): libpq's words, as
# the extension reports them in a plain DuckDB error. PostgreSQL rolls back a transaction whose client is gone.
_CONNECTION_LOST = re.compile(
    r"server closed the connection unexpectedly|terminating connection due to administrator command|"
    r"no connection to the server|could not receive data from server|could not send data to server|"
    r"SSL SYSCALL error|SSL connection has been closed unexpectedly"
)


class StoreInterruptedError(RuntimeError):
    """The shared store's connection was lost during a write transaction.

    `maybe_committed`: lost while committing, so PostgreSQL may have committed or not (the client cannot know);
    otherwise lost before the commit was sent, so nothing of the transaction was written."""

    def __init__(self, reason: str, *, maybe_committed: bool) -> None:
        super().__init__(reason)
        self.maybe_committed = maybe_committed


def interrupted_message_key(interrupted: StoreInterruptedError) -> str:
    """The French message's key: nothing written, or perhaps written (see StoreInterruptedError)."""
    return "app.store_interrupted_maybe_committed" if interrupted.maybe_committed else "app.store_interrupted"


def is_connection_lost(error: BaseException) -> bool:
    return isinstance(error, duckdb.Error) and _CONNECTION_LOST.search(str(error)) is not None


def is_constraint_violation(error: BaseException) -> bool:
    """Whether `error` is PostgreSQL refusing a row for a constraint (the extension reports it as duckdb.Error)."""
    return isinstance(error, duckdb.Error) and _VIOLATION.search(str(error)) is not None


def search_path(*, reading: bool) -> str:
    """Where a cursor finds names: the `live` views first for reads, then the tables, then the macros."""
    base = f"{STORE}.main,memory.main"
    return f"memory.live,{base}" if reading else base


def store_version(cursor: duckdb.DuckDBPyConnection) -> int:
    """Committed write transactions of every process so far (counted by PostgreSQL at this instant)."""
    return int(_postgres_value(cursor, f"SELECT count(*) FROM {BOOKKEEPING_SCHEMA}.commit_log") or 0)


def record_commit(cursor: duckdb.DuckDBPyConnection) -> None:
    """Count this write transaction (called inside it: counted if and only if it commits)."""
    cursor.execute(f"INSERT INTO {STORE}.{BOOKKEEPING_SCHEMA}.commit_log (committed_at) VALUES (now())")


# ---------------------------------------------------------------------------------------------- backups
# A backup of the store is PostgreSQL's own dump (pg_dump --format=custom) of the schemas `main` and
# `observatoire`, taken in the snapshot of a read transaction of this process, so that the manifest's row counts
# and checksums (computed by DuckDB in that same transaction) describe exactly the dumped rows.
DUMP_SCHEMAS = ("main", BOOKKEEPING_SCHEMA)


class StoreToolError(RuntimeError):
    """A PostgreSQL client program is missing or failed; args: (program, its error output)."""


def postgres_tool(name: str) -> str:
    """A PostgreSQL client program (pg_dump, pg_restore, psql): on PATH, else Debian's newest installed."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(Path(p).parts[-3]))
    if not candidates:
        raise StoreToolError(name, "")
    return candidates[-1]


def _tool(name: str, *arguments: str) -> str:
    result = subprocess.run([postgres_tool(name), *arguments], capture_output=True, text=True, check=False)
    if result.returncode:
        raise StoreToolError(name, result.stderr.strip()[-2000:])
    return result.stdout


def export_snapshot(cursor: duckdb.DuckDBPyConnection) -> str:
    """The snapshot of `cursor`'s open transaction, for pg_dump --snapshot (valid while it stays open)."""
    return str(_postgres_value(cursor, "SELECT pg_export_snapshot()"))


def dump(url: str, snapshot: str, target: Path) -> None:
    """pg_dump of the store's schemas, as of `snapshot`, into the custom-format archive `target`."""
    schemas = [argument for schema in DUMP_SCHEMAS for argument in ("--schema", schema)]
    _tool("pg_dump", "--format=custom", "--no-owner", f"--snapshot={snapshot}", *schemas, f"--file={target}", url)


def dumped_tables(archive: Path) -> set[str]:
    """The tables of schema `main` whose rows the archive holds (pg_restore --list): a readable, complete dump."""
    listing = _tool("pg_restore", "--list", str(archive))
    marker = " TABLE DATA main "
    return {line.split(marker, 1)[1].split()[0] for line in listing.splitlines() if marker in line}


def is_empty(url: str) -> bool:
    """Whether the database has no store yet (no schema `main`): the only target a restore writes into."""
    return _tool("psql", "-X", "-At", "-c", "SELECT to_regnamespace('main') IS NULL", url).strip() == "t"


def restore(url: str, archive: Path) -> None:
    """pg_restore of a store's archive into the empty database `url`, all or nothing."""
    _tool("pg_restore", "--no-owner", "--single-transaction", "--exit-on-error", f"--dbname={url}", str(archive))
