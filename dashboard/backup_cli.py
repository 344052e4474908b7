"""The backup commands of the CLI: `python -m dashboard sauvegarder` and `restaurer` (French words: for admins)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

from dashboard.backup import BackupError, restore_backup, take_backup
from dashboard.config import backup_directory
from dashboard.db import SCHEMA_VERSION, Database, DatabaseLockedError
from dashboard.i18n import fmt_date, fmt_int, t
from dashboard.locking import locked_message
from dashboard.pgstore import store_url

EXIT_OK, EXIT_REFUSED, EXIT_LOCKED = 0, 1, 3  # as in dashboard.__main__

AddCommand = Callable[[str, str, Callable[[argparse.Namespace], int]], argparse.ArgumentParser]


def add_backup_commands(command: AddCommand) -> None:
    """Declare `sauvegarder` and `restaurer` with the CLI's `command(name, help_key, run)` helper."""
    backup = command("sauvegarder", "cli.help.backup", run_backup)
    backup.add_argument("--dossier", default=None, metavar="DOSSIER", help=t("cli.help.backup_dir"))
    backup.add_argument("--garder", type=int, default=None, metavar="N", help=t("cli.help.keep"))
    restore = command("restaurer", "cli.help.restore", run_restore)
    restore.add_argument("source", metavar="SAUVEGARDE", help=t("cli.help.restore_source"))
    restore.add_argument("--force", action="store_true", help=t("cli.help.restore_force"))


def run_backup(args: argparse.Namespace) -> int:
    path = Path(args.db)
    if store_url(path) is None and not path.exists():
        print(t("cli.db.missing", path=path), file=sys.stderr)
        return EXIT_REFUSED
    try:
        # Read-only: the backup never writes the database, and fails like any reader while a dashboard holds it.
        db = Database(path, read_only=True)
    except DatabaseLockedError:
        print(locked_message(path, read_only=True), file=sys.stderr)
        return EXIT_LOCKED
    try:
        report = take_backup(db, Path(args.dossier) if args.dossier else backup_directory(path), keep=args.garder)
    except BackupError as error:
        print(str(error), file=sys.stderr)
        return EXIT_REFUSED
    finally:
        db.close()
    manifest = report.manifest
    print(t("cli.backup.done", folder=report.folder, tables=len(manifest.tables), rows=fmt_int(manifest.total_rows)))
    for folder in report.removed:
        print(t("cli.backup.removed", keep=args.garder, folder=folder))
    return EXIT_OK


def run_restore(args: argparse.Namespace) -> int:
    target = Path(args.db)
    try:
        manifest = restore_backup(Path(args.source), target, force=args.force)
    except DatabaseLockedError:
        print(locked_message(target, read_only=False), file=sys.stderr)
        return EXIT_LOCKED
    except BackupError as error:
        print(str(error), file=sys.stderr)
        return EXIT_REFUSED
    if manifest.schema_version != SCHEMA_VERSION:
        print(t("cli.restore.other_schema", version=manifest.schema_version))
    created = fmt_date(dt.datetime.fromisoformat(manifest.created_at))
    print(
        t(
            "cli.restore.done",
            path=target,
            created=created,
            tables=len(manifest.tables),
            rows=fmt_int(manifest.total_rows),
        )
    )
    return EXIT_OK
