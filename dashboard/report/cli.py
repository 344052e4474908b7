"""`python -m dashboard rapport ...`: the quarterly report (PDF, PNG bundle, XLSX) for a territory or programme
and a period, live or from a frozen snapshot; `--figer NOM` freezes the figures first.

Exit codes as the rest of the CLI: 0 done; 1 refused (unknown scope or snapshot, name taken); 3 database held.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from dashboard.db import Database, DatabaseLockedError
from dashboard.i18n import t
from dashboard.locking import locked_message

EXIT_OK, EXIT_REFUSED, EXIT_LOCKED = 0, 1, 3


def add_report_command(
    command: Callable[[str, str, Callable[[argparse.Namespace], int]], argparse.ArgumentParser],
) -> None:
    """Declare the `rapport` sub-command with the CLI's own `command(name, help_key, run)` helper."""
    sub = command("rapport", "cli.help.report", run_report)
    scope = sub.add_mutually_exclusive_group(required=True)
    scope.add_argument("--territoire", metavar="ID", help=t("cli.help.report_territory"))
    scope.add_argument("--demarche", metavar="ID", help=t("cli.help.report_programme"))
    sub.add_argument("--annee", type=int, required=True, help=t("cli.help.report_year"))
    sub.add_argument("--trimestre", type=int, choices=range(5), default=0, help=t("cli.help.report_quarter"))
    sub.add_argument("--sortie", default=".", metavar="DOSSIER", help=t("cli.help.report_output"))
    sub.add_argument("--instantane", type=int, metavar="N", help=t("cli.help.report_snapshot"))
    sub.add_argument("--figer", metavar="NOM", help=t("cli.help.report_freeze"))


def run_report(args: argparse.Namespace) -> int:
    from dashboard.charts.indicators import stop_renderer
    from dashboard.codes import ScopeType
    from dashboard.report import snapshots
    from dashboard.report.content import report_content
    from dashboard.report.documents import build_report

    path = Path(args.db)
    if not path.exists():
        print(t("cli.db.missing", path=path))
        return EXIT_REFUSED
    try:
        db = Database(path)
    except DatabaseLockedError:
        print(locked_message(path, read_only=False))
        return EXIT_LOCKED
    try:
        scope_type = ScopeType.PROGRAMME if args.demarche else ScopeType.TERRITORY
        scope_id = args.demarche or args.territoire
        label = None
        if args.instantane is not None:
            content = snapshots.load_snapshot(db, args.instantane)
            if content is None:
                print(t("cli.report.no_snapshot", id=args.instantane))
                return EXIT_REFUSED
            label = t("cli.report.from_snapshot", id=args.instantane)
        else:
            content = report_content(db, scope_type.value, scope_id, args.annee, args.trimestre)
        if content is None:
            print(t("cli.report.unknown_scope", scope=scope_id))
            return EXIT_REFUSED
        if args.figer:
            try:
                number = snapshots.freeze(db, content, args.figer, dt.date.today(), dt.datetime.now())
            except snapshots.SnapshotError as error:
                print(str(error))
                return EXIT_REFUSED
            print(t("cli.report.frozen", name=args.figer, id=number))
        files = build_report(content, lambda fraction, message: print(f"[{fraction:4.0%}] {message}", flush=True),
                             snapshot=label)  # fmt: skip
        folder = Path(args.sortie)
        folder.mkdir(parents=True, exist_ok=True)
        for kind, name in files.names.items():
            (folder / name).write_bytes({"pdf": files.pdf, "zip": files.png_zip, "xlsx": files.xlsx}[kind])
            print(t("cli.report.written", file=folder / name))
        return EXIT_OK
    finally:
        db.close()
        stop_renderer()
