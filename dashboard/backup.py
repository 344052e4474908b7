"""Backups: a consistent, versioned copy of the whole database, verified, and its restore into an installation.

A backup is a folder `sauvegarde-AAAAMMJJ-HHMMSS/` holding
- `observatoire.duckdb`: every table, view, sequence and constraint, copied by DuckDB (`COPY FROM DATABASE`)
  inside one read transaction of the live database: a consistent snapshot even while the dashboard's users
  write (MVCC), with nothing stopped;
- `manifeste.json`: the format version, the schema version, the DuckDB version, the data date and, for every
  table, its row count and a checksum (order-independent sum and xor of DuckDB's row hashes), checked again on
  the copy before the backup is declared done, and on restore.

With the shared PostgreSQL store (`OBSERVATOIRE_DB=postgresql://…`, dashboard/pgstore.py) the folder holds
`observatoire.pgdump` instead: PostgreSQL's own dump (pg_dump, custom format) taken in the snapshot of the read
transaction in which the manifest is computed; any process can take it while every worker runs, and it is
restored into an empty PostgreSQL database (pg_restore), every table checked against the manifest.

Who can take one: DuckDB lets one process hold the file. While the dashboard runs, only the dashboard process
can read it, so the backup is taken there (the administrator's button on the data page, and the scheduled copies
of `BackupSchedule`, started with the dashboard when `OBSERVATOIRE_SAUVEGARDE_HEURES` is set). When the dashboard
is stopped, `python -m dashboard sauvegarder` takes it. Restoring replaces the file, so it is refused while
anything holds the database (`dashboard.locking`).
"""

from __future__ import annotations

import datetime as dt
import graphlib
import json
import logging
import os
import re
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

from dashboard import pgstore
from dashboard.db import SCHEMA_VERSION, Database
from dashboard.i18n import t
from dashboard.locking import hold_database_file

FORMAT_VERSION = 1  # of the backup folder itself (files, manifest fields); bumped when they change
MANIFEST_FILE = "manifeste.json"
DATABASE_FILE = "observatoire.duckdb"
STORE_DUMP_FILE = "observatoire.pgdump"  # a backup of the shared PostgreSQL store
BACKUP_PREFIX = "sauvegarde-"
BACKUP_NAME = re.compile(r"sauvegarde-\d{8}-\d{6}(-\d+)?")  # only such folders are ever pruned
_ATTACH_ALIAS = "observatoire_sauvegarde"
# One backup at a time per process: the attached copy has a fixed alias, and two copies at once would only
# compete for the disk.
_BACKUP_LOCK = threading.Lock()
_LOGGER = logging.getLogger(__name__)


class BackupError(Exception):
    """A backup or restore refused or failed; `str()` is the French message for the user."""


@dataclass(frozen=True)
class TableSummary:
    rows: int
    checksum: str


@dataclass(frozen=True)
class Manifest:
    format_version: int
    created_at: str  # ISO 8601, UTC
    schema_version: str
    duckdb_version: str
    dataset: str | None
    data_as_of: str | None
    tables: dict[str, TableSummary] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        raw = json.loads(text)
        tables = {name: TableSummary(**summary) for name, summary in raw.pop("tables").items()}
        return cls(tables=tables, **raw)

    @property
    def total_rows(self) -> int:
        return sum(summary.rows for summary in self.tables.values())


@dataclass(frozen=True)
class BackupReport:
    folder: Path
    manifest: Manifest
    removed: tuple[Path, ...]  # older backups removed by the retention


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def table_summaries(cursor: duckdb.DuckDBPyConnection, catalog: str) -> dict[str, TableSummary]:
    """Row count and checksum of every base table of `catalog` (schema main), read through `cursor`."""
    names = [
        row[0]
        for row in cursor.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = $catalog AND schema_name = 'main' "
            "ORDER BY table_name",
            {"catalog": catalog},
        ).fetchall()
    ]
    summaries: dict[str, TableSummary] = {}
    for name in names:
        # Names come from the catalogue. sum and xor of the row hashes: independent of row order, and a changed,
        # missing or duplicated row changes at least one of them.
        rows, total, xor = cursor.execute(
            f"SELECT count(*), coalesce(sum(hash(r)), 0), coalesce(bit_xor(hash(r)), 0) "
            f"FROM {_quote(catalog)}.main.{_quote(name)} AS r"
        ).fetchone()
        summaries[name] = TableSummary(int(rows), f"{int(total) % 2**64:016x}{int(xor):016x}")
    return summaries


def _meta(cursor: duckdb.DuckDBPyConnection, catalog: str, key: str) -> str | None:
    row = cursor.execute(f"SELECT value FROM {_quote(catalog)}.main.meta WHERE key = $key", {"key": key}).fetchone()
    return None if row is None else row[0]


def file_summaries(path: Path) -> dict[str, TableSummary]:
    """The summaries of a database file no one holds (a backup copy), opened read-only."""
    conn = duckdb.connect(str(path), read_only=True)
    try:
        return table_summaries(conn.cursor(), conn.execute("SELECT current_database()").fetchone()[0])
    finally:
        conn.close()


def _new_folder(directory: Path, now: dt.datetime) -> Path:
    base = f"{BACKUP_PREFIX}{now:%Y%m%d-%H%M%S}"
    folder, number = directory / base, 1
    while folder.exists() or folder.with_name(folder.name + ".partielle").exists():
        number += 1
        folder = directory / f"{base}-{number}"
    return folder


def take_backup(
    db: Database, directory: Path, *, keep: int | None = None, now: dt.datetime | None = None
) -> BackupReport:
    """Copy the whole database into a new backup folder under `directory`, verify it, apply the retention.

    Runs in the process that holds the database (the dashboard, or the CLI when no dashboard runs); the
    dashboard's users keep reading and writing meanwhile. Raises `BackupError` with a French message.
    """
    if keep is not None and keep < 1:
        raise BackupError(t("backup.keep_invalid", keep=keep))
    now = now or dt.datetime.now(dt.UTC)
    directory = Path(directory)
    with _BACKUP_LOCK:
        try:
            directory.mkdir(parents=True, exist_ok=True)
            folder = _new_folder(directory, now)
            partial = folder.with_name(folder.name + ".partielle")  # never taken for a backup, never pruned
            partial.mkdir()
        except OSError as error:
            raise BackupError(t("backup.write_failed", path=directory, reason=error.strerror or error)) from error
        try:
            if db.store_url is not None:
                manifest = _dump_store(db, db.store_url, partial / STORE_DUMP_FILE, now)
                # The archive must hold the rows of every table counted in the snapshot.
                if pgstore.dumped_tables(partial / STORE_DUMP_FILE) != set(manifest.tables):
                    raise BackupError(t("backup.verify_failed", path=folder))
            else:
                manifest = _copy_database(db, partial / DATABASE_FILE, now)
                copied = file_summaries(partial / DATABASE_FILE)
                if copied != manifest.tables:  # the copy must read back exactly what was read in the snapshot
                    raise BackupError(t("backup.verify_failed", path=folder))
            (partial / MANIFEST_FILE).write_text(manifest.to_json(), encoding="utf-8")
            partial.rename(folder)
        except BaseException as error:
            shutil.rmtree(partial, ignore_errors=True)
            if isinstance(error, pgstore.StoreToolError):
                raise BackupError(t("backup.store_tool", tool=error.args[0], reason=error.args[1])) from error
            if isinstance(error, OSError):
                raise BackupError(t("backup.write_failed", path=directory, reason=error.strerror or error)) from error
            raise
        removed = prune_backups(directory, keep) if keep is not None else ()
    return BackupReport(folder, manifest, removed)


def _copy_database(db: Database, target: Path, now: dt.datetime) -> Manifest:
    """Copy every object of `db` into the new file `target`; the manifest of what was copied (same snapshot)."""
    with db.attached(target, _ATTACH_ALIAS) as alias, db.snapshot() as cursor:
        catalog = cursor.execute("SELECT current_database()").fetchone()[0]
        summaries = table_summaries(cursor, catalog)
        # The schema (tables with their constraints, views, sequences at their current value) as DuckDB
        # declares it, then the rows, parents before children: COPY FROM DATABASE's own data copy does not
        # follow foreign keys.
        cursor.execute(f"COPY FROM DATABASE {_quote(catalog)} TO {_quote(alias)} (SCHEMA)")
        keys = _foreign_keys(cursor, catalog)  # read once: duckdb_constraints() costs ~20 ms a call
        for table in _tables_parents_first(cursor, catalog, keys):
            _copy_rows(cursor, catalog, alias, table, keys)
        return _manifest(cursor, catalog, summaries, now)


def _dump_store(db: Database, url: str, target: Path, now: dt.datetime) -> Manifest:
    """pg_dump of the store into `target`, in the snapshot where the manifest's summaries are computed."""
    with db.snapshot() as cursor:
        snapshot = pgstore.export_snapshot(cursor)
        summaries = table_summaries(cursor, pgstore.STORE)
        pgstore.dump(url, snapshot, target)  # while the transaction, hence its snapshot, stays open
        return _manifest(cursor, pgstore.STORE, summaries, now)


def _manifest(
    cursor: duckdb.DuckDBPyConnection, catalog: str, summaries: dict[str, TableSummary], now: dt.datetime
) -> Manifest:
    return Manifest(
        format_version=FORMAT_VERSION,
        created_at=now.isoformat(timespec="microseconds"),
        schema_version=_meta(cursor, catalog, "schema_version") or SCHEMA_VERSION,
        duckdb_version=duckdb.__version__,
        dataset=_meta(cursor, catalog, "dataset"),
        data_as_of=_meta(cursor, catalog, "data_as_of"),
        tables=summaries,
    )


ForeignKey = tuple[str, str, list[str], list[str]]  # table, referenced table, columns, referenced columns


def _foreign_keys(cursor: duckdb.DuckDBPyConnection, catalog: str) -> list[ForeignKey]:
    """(table, referenced table, columns, referenced columns) of every foreign key of `catalog`."""
    return [
        (table, referenced, list(columns), list(referenced_columns))
        for table, referenced, columns, referenced_columns in cursor.execute(
            "SELECT table_name, referenced_table, constraint_column_names, referenced_column_names "
            "FROM duckdb_constraints() WHERE database_name = $catalog AND schema_name = 'main' "
            "AND constraint_type = 'FOREIGN KEY'",
            {"catalog": catalog},
        ).fetchall()
    ]


def _tables_parents_first(cursor: duckdb.DuckDBPyConnection, catalog: str, keys: list[ForeignKey]) -> list[str]:
    names = cursor.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = $catalog AND schema_name = 'main' "
        "ORDER BY table_name",
        {"catalog": catalog},
    ).fetchall()
    graph: dict[str, set[str]] = {name: set() for (name,) in names}
    for table, referenced, _columns, _referenced_columns in keys:
        if table != referenced:  # a hierarchy inside one table is handled by _copy_rows
            graph[table].add(referenced)
    return list(graphlib.TopologicalSorter(graph).static_order())


def _copy_rows(cursor: duckdb.DuckDBPyConnection, catalog: str, alias: str, table: str, keys: list[ForeignKey]) -> None:
    """Copy the rows of `table` (`keys`: the catalog's foreign keys); a table referencing itself (a hierarchy) goes
    level by level, parents first."""
    source, target = f"{_quote(catalog)}.main.{_quote(table)}", f"{_quote(alias)}.main.{_quote(table)}"
    self_keys = [(c, r) for t_, ref, c, r in keys if t_ == table and ref == table]
    if not self_keys:
        cursor.execute(f"INSERT INTO {target} SELECT * FROM {source}")
        return
    ready = " AND ".join(
        f"(s.{_quote(col)} IS NULL OR s.{_quote(col)} IN (SELECT {_quote(ref)} FROM {target}))"
        for columns, referenced in self_keys
        for col, ref in zip(columns, referenced, strict=True)
    )
    total = cursor.execute(f"SELECT count(*) FROM {source}").fetchone()[0]
    copied = 0
    while copied < total:  # each round adds at least one level of the hierarchy, or stops
        added = cursor.execute(
            f"INSERT INTO {target} SELECT * FROM (SELECT s.* FROM {source} AS s WHERE {ready} "
            f"EXCEPT SELECT * FROM {target})"
        ).fetchone()[0]
        if added == 0:
            raise BackupError(t("backup.cycle", table=table))
        copied += added


def list_backups(directory: Path) -> list[Path]:
    """Complete backups (folders with a manifest) under `directory`, oldest first."""
    if not Path(directory).is_dir():
        return []
    found = [p for p in Path(directory).iterdir() if BACKUP_NAME.fullmatch(p.name) and (p / MANIFEST_FILE).is_file()]
    return sorted(found, key=_age_key)


def _age_key(folder: Path) -> tuple[str, int]:
    """Creation time, then the folder's number within the same second (…-2, …-10: numbers, not text)."""
    match = BACKUP_NAME.fullmatch(folder.name)
    number = int(match.group(1)[1:]) if match and match.group(1) else 1
    return read_manifest(folder).created_at, number


def prune_backups(directory: Path, keep: int) -> tuple[Path, ...]:
    """Remove the oldest complete backups beyond the `keep` most recent; the removed folders."""
    backups = list_backups(directory)
    removed = tuple(backups[: max(len(backups) - keep, 0)])
    for folder in removed:
        shutil.rmtree(folder)
    return removed


def read_manifest(folder: Path) -> Manifest:
    path = Path(folder) / MANIFEST_FILE
    try:
        return Manifest.from_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(t("backup.not_a_backup", path=folder)) from None
    except (ValueError, TypeError, KeyError) as error:
        raise BackupError(t("backup.bad_manifest", path=path)) from error


def archive_bytes(folder: Path) -> bytes:
    """The backup folder as a zip (for the download button); `restaurer` takes the zip as it is."""
    with tempfile.TemporaryFile() as buffer:
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            for name in (MANIFEST_FILE, DATABASE_FILE, STORE_DUMP_FILE):
                if (Path(folder) / name).exists():  # a file's backup, or the shared store's
                    archive.write(Path(folder) / name, f"{Path(folder).name}/{name}")
        buffer.seek(0)
        return buffer.read()


def _unpacked(source: Path, work: Path) -> Path:
    """The backup folder of `source`: itself, or the folder found in a zip unpacked under `work`."""
    if source.is_dir():
        return source
    if not zipfile.is_zipfile(source):
        raise BackupError(t("backup.not_a_backup", path=source))
    with zipfile.ZipFile(source) as archive:
        names = archive.namelist()
        members = (MANIFEST_FILE, DATABASE_FILE, STORE_DUMP_FILE)
        wanted = [n for n in names if Path(n).name in members and len(Path(n).parts) <= 2]
        if len(wanted) != 2 or len({Path(n).parent for n in wanted}) != 1:
            raise BackupError(t("backup.not_a_backup", path=source))
        for name in wanted:  # only the two known members: no path from the archive is trusted
            (work / Path(name).name).write_bytes(archive.read(name))
    return work


def restore_backup(source: Path, target: Path, *, force: bool = False) -> Manifest:
    """Restore the backup `source` (folder or zip) as the database `target`; every table checked.

    Refused when `target` is held (a running dashboard), exists without `force`, or when the backup is of
    an unknown format or does not match its manifest. A backup of another schema version is restored as it
    was saved: `Database` brings an older schema up to date when it next opens the file (schema.sql is
    idempotent), so the checksums compare the data exactly as saved. The replaced file is kept beside it as
    `<name>.avant-restauration`.
    """
    source = Path(source)
    if not source.exists():
        raise BackupError(t("backup.not_a_backup", path=source))
    url = pgstore.store_url(target)
    if url is not None:
        return _restore_store(source, url)
    target = Path(target)
    if target.exists() and not force:
        raise BackupError(t("backup.target_exists", path=target))
    target.parent.mkdir(parents=True, exist_ok=True)
    # The target's lock first and until the rename: a running dashboard refuses the restore before any work.
    with hold_database_file(target), tempfile.TemporaryDirectory(dir=target.parent, prefix=".restauration-") as work:
        folder = _unpacked(source, Path(work))
        manifest = read_manifest(folder)
        if manifest.format_version != FORMAT_VERSION:
            raise BackupError(t("backup.format_version", version=manifest.format_version, expected=FORMAT_VERSION))
        if not (folder / DATABASE_FILE).exists():
            raise BackupError(t("backup.store.kind_store", path=source))
        copy = Path(work) / ("restore-" + DATABASE_FILE)
        shutil.copyfile(folder / DATABASE_FILE, copy)
        if file_summaries(copy) != manifest.tables:
            raise BackupError(t("backup.damaged", path=source))
        aside = target.with_name(target.name + ".avant-restauration")
        # The replaced file is kept with its write-ahead log (which would otherwise be replayed onto the
        # restored one).
        _wal(aside).unlink(missing_ok=True)  # left by an earlier restore: it belongs to no file any more
        for current, kept in ((target, aside), (_wal(target), _wal(aside))):
            if current.exists():
                os.replace(current, kept)
        os.replace(copy, target)
    return manifest


def _restore_store(source: Path, url: str) -> Manifest:
    """Restore a backup of the shared store into the empty PostgreSQL database `url`; every table checked.

    Never over data: the target must have no store yet (other processes may use a store). The restore is one
    transaction (pg_restore --single-transaction); the tables are then compared with the manifest.
    """
    with tempfile.TemporaryDirectory(prefix=".restauration-") as work:
        folder = _unpacked(source, Path(work))
        manifest = read_manifest(folder)
        if manifest.format_version != FORMAT_VERSION:
            raise BackupError(t("backup.format_version", version=manifest.format_version, expected=FORMAT_VERSION))
        if not (folder / STORE_DUMP_FILE).exists():
            raise BackupError(t("backup.store.kind_file", path=source))
        try:
            if not pgstore.is_empty(url):
                raise BackupError(t("backup.store.not_empty", url=url))
            pgstore.restore(url, folder / STORE_DUMP_FILE)
        except pgstore.StoreToolError as error:
            raise BackupError(t("backup.store_tool", tool=error.args[0], reason=error.args[1])) from error
    db = Database(url)  # brings an older schema up to date: compare the backup's own tables
    try:
        with db.snapshot() as cursor:
            restored = table_summaries(cursor, pgstore.STORE)
    finally:
        db.close()
    if {name: restored.get(name) for name in manifest.tables} != manifest.tables:
        raise BackupError(t("backup.damaged", path=source))
    return manifest


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


class BackupSchedule:
    """Scheduled backups taken by the process that holds the database (the dashboard), on a daemon thread."""

    def __init__(
        self,
        open_database: Callable[[], Database],
        directory: Path,
        *,
        interval: dt.timedelta,
        keep: int,
    ) -> None:
        self._open_database = open_database
        self.directory = Path(directory)
        self.interval = interval
        self.keep = keep
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="observatoire-sauvegardes", daemon=True)

    def start(self) -> BackupSchedule:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        # The first copy waits one interval: a dashboard restarted in a loop must not fill the disk.
        while not self._stop.wait(self.interval.total_seconds()):
            try:
                report = take_backup(self._open_database(), self.directory, keep=self.keep)
                _LOGGER.info("backup written to %s", report.folder)
            except Exception:  # logged; the next interval tries again, the dashboard goes on
                _LOGGER.exception("scheduled backup failed")
