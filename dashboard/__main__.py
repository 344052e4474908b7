"""Command line: `python -m dashboard build-demo | import | import-workbook | export | info | templates`.

Messages are French: the CLI is used by chargés de mission as much as by developers.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from dashboard.config import TEMPLATES_DIR, database_path
from dashboard.db import Database, DatabaseLockedError
from dashboard.i18n import fmt_int, t
from dashboard.imports import TEMPLATES_BY_ENTITY, export_entity, import_path
from dashboard.imports.docs import write_templates
from dashboard.imports.reader import describe


def _open(path: Path) -> Database:
    try:
        return Database(path)
    except DatabaseLockedError:
        print(t("cli.locked", path=path), file=sys.stderr)
        raise SystemExit(3) from None


def _build_demo(args: argparse.Namespace) -> int:
    from dashboard.demo.build import build_demo_database

    path = Path(args.db)
    if path.exists() and not args.force:
        print(t("cli.demo.exists", path=path), file=sys.stderr)
        return 1
    report = build_demo_database(path, lambda fraction, message: print(f"[{fraction:4.0%}] {message}", flush=True))
    print(t("cli.demo.done", path=path, companies=fmt_int(report.row_counts["company"])))
    return 0


def _import(args: argparse.Namespace) -> int:
    db = _open(Path(args.db))
    try:
        result = import_path(db, Path(args.file), getattr(args, "entity", None))
    finally:
        db.close()
    if not result.ok:
        print(t("cli.import.rejected", count=len(result.problems)), file=sys.stderr)
        for problem in result.problems:
            print("  - " + describe(problem), file=sys.stderr)
        return 2
    for entity, count in result.rows.items():
        print(t("cli.import.done", entity=entity, count=fmt_int(count)))
    return 0


def _export(args: argparse.Namespace) -> int:
    db = _open(Path(args.db))
    try:
        count = export_entity(db, args.entity, Path(args.file))
    finally:
        db.close()
    print(t("cli.export.done", count=fmt_int(count), entity=args.entity, file=args.file))
    return 0


def _info(args: argparse.Namespace) -> int:
    path = Path(args.db)
    if not path.exists():
        print(t("cli.info.missing", path=path), file=sys.stderr)
        return 1
    db = _open(path)
    try:
        print(t("cli.info.header", path=path))
        print(t("cli.info.dataset", dataset=db.get_meta("dataset") or "–", as_of=db.get_meta("data_as_of") or "–"))
        for level, count in db.query_rows("SELECT level, count(*) FROM territory GROUP BY level ORDER BY level"):
            print(t("cli.info.territories", level=level, count=fmt_int(count)))
        for table, count in db.table_counts().items():
            print(f"  {table:<28} {fmt_int(count):>12}")
    finally:
        db.close()
    return 0


def _templates(args: argparse.Namespace) -> int:
    written = write_templates(Path(args.directory))
    print(t("cli.templates.done", count=len(written), directory=args.directory))
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m dashboard", description=t("cli.description"))
    main.add_argument("--db", default=str(database_path()), help=t("cli.help.db"))
    commands = main.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build-demo", help=t("cli.help.build_demo"))
    build.add_argument("--force", action="store_true", help=t("cli.help.force"))
    build.set_defaults(run=_build_demo)
    one = commands.add_parser("import", help=t("cli.help.import"))
    one.add_argument("entity", choices=sorted(TEMPLATES_BY_ENTITY), help=t("cli.help.entity"))
    one.add_argument("file", help=t("cli.help.file"))
    one.set_defaults(run=_import)
    workbook = commands.add_parser("import-workbook", help=t("cli.help.import_workbook"))
    workbook.add_argument("file", help=t("cli.help.file"))
    workbook.set_defaults(run=_import)
    export = commands.add_parser("export", help=t("cli.help.export"))
    export.add_argument("entity", choices=sorted(TEMPLATES_BY_ENTITY), help=t("cli.help.entity"))
    export.add_argument("file", help=t("cli.help.file"))
    export.set_defaults(run=_export)
    info = commands.add_parser("info", help=t("cli.help.info"))
    info.set_defaults(run=_info)
    templates = commands.add_parser("templates", help=t("cli.help.templates"))
    templates.add_argument("--directory", default=str(TEMPLATES_DIR), help=t("cli.help.directory"))
    templates.set_defaults(run=_templates)
    return main


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    raise SystemExit(main())
