"""Backups: a consistent copy of every table taken while the database is in use, verified by its manifest, the
retention, and the restore into an empty installation with every table identical."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import threading
import time
from pathlib import Path

import pytest

from dashboard.__main__ import main
from dashboard.backup import (
    DATABASE_FILE,
    MANIFEST_FILE,
    BackupError,
    BackupSchedule,
    archive_bytes,
    file_summaries,
    list_backups,
    read_manifest,
    restore_backup,
    take_backup,
)
from dashboard.db import SCHEMA_VERSION, Database

NOON = dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def source_path(examples_db_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the test geography, the reference tables and every entity of the template workbook
    (imported on 20/11/2026): a copy of the file built once (tests/conftest.py)."""
    path = tmp_path_factory.mktemp("source") / "source.duckdb"
    shutil.copyfile(examples_db_file, path)
    return path


@pytest.fixture
def source(source_path: Path):
    db = Database(source_path)
    yield db
    db.close()


def differing_tables(db: Database, other: Path) -> list[str]:
    """Tables whose rows differ between `db` and the file `other`, compared row by row (EXCEPT ALL both ways)."""
    tables = "SELECT table_name FROM duckdb_tables() WHERE database_name = {} ORDER BY 1"
    with db.attached(other, "other"):
        names = [r[0] for r in db.query_rows(tables.format("'other'"))]
        assert names == [r[0] for r in db.query_rows(tables.format("current_database()"))]
        return [
            name
            for name in names
            if db.query_value(
                f'SELECT count(*) FROM ((SELECT * FROM "{name}" EXCEPT ALL SELECT * FROM other."{name}") '
                f'UNION ALL (SELECT * FROM other."{name}" EXCEPT ALL SELECT * FROM "{name}"))'
            )
        ]


def test_backup_then_restore_into_an_empty_installation_is_identical(source: Database, tmp_path: Path):
    report = take_backup(source, tmp_path / "sauvegardes", now=NOON)
    assert report.folder.name == "sauvegarde-20261204-120000"
    manifest = json.loads((report.folder / MANIFEST_FILE).read_text(encoding="utf-8"))
    assert manifest["format_version"] == 1 and manifest["schema_version"] == SCHEMA_VERSION
    counts = source.table_counts()
    assert {name: table["rows"] for name, table in manifest["tables"].items()} == counts  # every table
    assert counts["company"] > 0 and counts["flow"] > 0 and counts["synergy"] > 0 and counts["import_log"] > 0

    installation = tmp_path / "nouvelle-installation" / "observatoire.duckdb"
    restored_manifest = restore_backup(report.folder, installation)
    assert restored_manifest == report.manifest
    assert file_summaries(installation) == report.manifest.tables  # checksums identical, table by table
    assert differing_tables(source, installation) == []  # and row by row
    restored = Database(installation)
    try:
        # Views, constraints and sequences came along: a view answers, a new import continues the numbering.
        assert restored.query_value("SELECT count(*) FROM territory_commune") > 0
        next_import = restored.query_value("SELECT nextval('import_log_seq')")
        assert next_import > restored.query_value("SELECT max(import_id) FROM import_log")
        with pytest.raises(Exception, match=r"[Cc]onstraint"), restored.transaction() as cursor:
            cursor.execute("INSERT INTO company (company_id, name) VALUES ('x', 'sans commune')")
    finally:
        restored.close()


def test_a_backup_is_one_snapshot_while_others_write(source: Database, tmp_path: Path):
    """Rows of a transaction still open when the backup starts are not in it, and the dashboard keeps writing."""
    started, release = threading.Event(), threading.Event()

    def writer() -> None:
        with source.transaction() as cursor:
            cursor.execute("INSERT INTO meta (key, value) VALUES ('pendant', 'la sauvegarde')")
            started.set()
            release.wait(30)

    thread = threading.Thread(target=writer)
    thread.start()
    assert started.wait(30)
    try:
        report = take_backup(source, tmp_path, now=NOON)
    finally:
        release.set()
        thread.join()
    assert report.manifest.tables["meta"].rows == source.table_counts()["meta"] - 1
    assert source.get_meta("pendant") == "la sauvegarde"


def test_retention_keeps_the_most_recent(source: Database, tmp_path: Path):
    for hour in range(4):
        report = take_backup(source, tmp_path, keep=2, now=NOON + dt.timedelta(hours=hour))
    assert [p.name for p in list_backups(tmp_path)] == ["sauvegarde-20261204-140000", "sauvegarde-20261204-150000"]
    assert [p.name for p in report.removed] == ["sauvegarde-20261204-130000"]
    (tmp_path / "autre-dossier").mkdir()  # never touched: not a backup folder
    take_backup(source, tmp_path, keep=1, now=NOON + dt.timedelta(hours=5))
    assert (tmp_path / "autre-dossier").is_dir() and len(list_backups(tmp_path)) == 1
    with pytest.raises(BackupError, match="au moins 1"):
        take_backup(source, tmp_path, keep=0)


def test_a_damaged_or_foreign_backup_is_refused_and_nothing_is_written(source: Database, tmp_path: Path):
    report = take_backup(source, tmp_path / "s", now=NOON)
    target = tmp_path / "restauree.duckdb"
    manifest_path = report.folder / MANIFEST_FILE
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["tables"]["company"]["rows"] += 1
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(BackupError, match="ne correspond pas à son manifeste"):
        restore_backup(report.folder, target)
    manifest["tables"]["company"]["rows"] -= 1
    manifest["format_version"] = 99
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(BackupError, match="format 99, inconnu"):
        restore_backup(report.folder, target)
    with pytest.raises(BackupError, match="n'est pas une sauvegarde"):
        restore_backup(tmp_path / "s", target)
    assert not target.exists()


def test_cli_backup_and_restore_a_zip_over_an_existing_base(
    source_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    folder = tmp_path / "sauvegardes"
    assert main(["--db", str(source_path), "sauvegarder", "--dossier", str(folder), "--garder", "3"]) == 0
    assert "sommes de contrôle vérifiées" in capsys.readouterr().out
    (backup,) = list_backups(folder)
    archive = tmp_path / "sauvegarde.zip"
    archive.write_bytes(archive_bytes(backup))

    target = tmp_path / "base.duckdb"
    Database(target).close()  # an installation with an (empty) base already
    assert main(["--db", str(target), "restaurer", str(archive)]) == 1
    assert "ajoutez --force" in capsys.readouterr().err
    assert main(["--db", str(target), "restaurer", "--force", str(archive)]) == 0
    assert "sommes de contrôle identiques" in capsys.readouterr().out
    assert file_summaries(target) == file_summaries(backup / DATABASE_FILE)
    assert (tmp_path / "base.duckdb.avant-restauration").exists()  # the replaced base is kept beside


def test_scheduled_backups_keep_the_retention(source: Database, tmp_path: Path):
    """The dashboard's own schedule (it holds the file): a copy at each interval, the oldest removed."""
    taken: list[int] = []

    def open_database() -> Database:
        taken.append(1)
        return source

    schedule = BackupSchedule(open_database, tmp_path, interval=dt.timedelta(seconds=0.05), keep=2).start()
    try:
        deadline = time.monotonic() + 120
        while len(taken) < 4:
            assert time.monotonic() < deadline, "fewer than four scheduled backups within two minutes"
            time.sleep(0.1)
    finally:
        schedule.stop()  # waits for the backup under way
    backups = list_backups(tmp_path)
    assert len(backups) == 2 < len(taken)  # the retention removed the oldest
    assert all(file_summaries(p / DATABASE_FILE) == read_manifest(p).tables for p in backups)


def test_the_attached_copy_never_shows_in_the_live_database(source: Database, tmp_path: Path):
    """While a backup runs, the page listing the tables sees the live base only, once."""
    before = source.table_counts()
    with source.attached(tmp_path / "copie.duckdb", "observatoire_sauvegarde"):
        source.query_rows("CREATE TABLE observatoire_sauvegarde.main.seulement_dans_la_copie (x INTEGER)")
        assert source.table_counts() == before


def test_a_backup_of_another_schema_version_is_restored_with_a_note(
    source: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    report = take_backup(source, tmp_path / "s", now=NOON)
    manifest_path = report.folder / MANIFEST_FILE
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["schema_version"] = "ancien"  # as written by an earlier version of schema.sql
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    target = tmp_path / "base.duckdb"
    assert main(["--db", str(target), "restaurer", str(report.folder)]) == 0
    assert "autre version du schéma (ancien)" in capsys.readouterr().out
    restored = Database(target)  # opens as the dashboard does at start (an older schema would be updated here)
    try:
        assert restored.table_counts()["company"] == report.manifest.tables["company"].rows
    finally:
        restored.close()
