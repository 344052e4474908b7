"""Command line: `python -m dashboard build-demo | import | import-workbook | import-files | import-register | export
| export-workbook | info | rapport | templates | sauvegarder | restaurer | utilisateur`.

Messages and help are French: the CLI is used by chargés de mission as much as by developers.
Exit codes: 0 done; 1 refused (an import with problems, a missing file or database); 2 wrong command line;
3 database held by another process (usually a running dashboard).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from dashboard.auth.cli import add_user_commands
from dashboard.backup_cli import add_backup_commands
from dashboard.codes import Level
from dashboard.config import TEMPLATES_DIR, database_path
from dashboard.db import Database, DatabaseLockedError
from dashboard.i18n import data_as_of, fmt_int, label, t, t_count
from dashboard.imports import TEMPLATES_BY_ENTITY, import_files
from dashboard.imports.content import database_content
from dashboard.imports.docs import write_templates
from dashboard.imports.export import export_entity, export_workbook, file_format_of
from dashboard.imports.reader import describe
from dashboard.locking import locked_message
from dashboard.pgstore import (
    StoreInterruptedError,
    StoreNotEmptyError,
    StoreUnavailableError,
    interrupted_message_key,
    store_url,
    without_password,
)
from dashboard.report.cli import add_report_command
from dashboard.scope import WHOLE_YEAR, Period

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 3  # see the module docstring

# argparse's own English messages, matched to give them in French (its texts are not translatable otherwise).
ARGPARSE_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"argument (?P<arg>.+?): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.*)\)"),
     "cli.argparse.invalid_choice"),
    (re.compile(r"the following arguments are required: (?P<args>.*)"), "cli.argparse.required"),
    (re.compile(r"unrecognized arguments: (?P<args>.*)"), "cli.argparse.unrecognized"),
    (re.compile(r"argument (?P<arg>.+?): expected one argument"), "cli.argparse.expected_one"),
)  # fmt: skip


class FrenchHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions, groups, prefix: str | None = None) -> None:  # type: ignore[override]
        # prefix '' is argparse building a sub-command's name: only the printed usage line gets the French word.
        super().add_usage(usage, actions, groups, t("cli.usage") if prefix is None else prefix)


class FrenchArgumentParser(argparse.ArgumentParser):
    """argparse with French help headings and error messages."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("formatter_class", FrenchHelpFormatter)
        with_help = kwargs.pop("add_help", True)  # parents (shared options) must not bring a second -h
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = t("cli.positionals")
        self._optionals.title = t("cli.options")
        if with_help:
            self.add_argument("-h", "--help", action="help", help=t("cli.help.help"))

    def error(self, message: str) -> NoReturn:
        for pattern, key in ARGPARSE_MESSAGES:
            match = pattern.fullmatch(message)
            if match:
                message = t(key, **match.groupdict())
                break
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, t("cli.error", prog=self.prog, message=message) + "\n")


class _Stop(Exception):
    """Leave the command with this exit code (its message is already printed)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def _say(message: str) -> None:
    print(message, flush=True)


def _complain(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _open(path: Path, *, read_only: bool = False) -> Database:
    """The existing database at `path`; leaves with a French message when it is missing or locked."""
    if store_url(path) is None and not path.exists():
        _complain(t("cli.db.missing", path=path))
        raise _Stop(EXIT_REFUSED)
    try:
        return Database(path, read_only=read_only)
    except DatabaseLockedError:
        _complain(locked_message(path, read_only=read_only))
        raise _Stop(EXIT_LOCKED) from None
    except StoreUnavailableError as unavailable:
        _complain(t("app.store_missing_install" if unavailable.missing_install else "app.store_unreachable"))
        _complain(t("app.store_reason", reason=str(unavailable)))
        raise _Stop(EXIT_REFUSED) from None


def _with_database(path: Path, action: Callable[[Database], int], *, read_only: bool = False) -> int:
    db = _open(path, read_only=read_only)
    try:
        return action(db)
    finally:
        db.close()


def _build_demo(args: argparse.Namespace) -> int:
    from dashboard.demo.build import build_demo_database

    path = Path(args.db)
    if store_url(path) is None and path.exists() and not args.force:
        _complain(t("cli.demo.exists", path=path))
        return EXIT_REFUSED
    try:
        report = build_demo_database(path, lambda fraction, message: _say(f"[{fraction:4.0%}] {message}"))
    except DatabaseLockedError:
        _complain(locked_message(path, read_only=False))
        return EXIT_LOCKED
    except StoreNotEmptyError:  # the shared store is never replaced under running dashboards
        _complain(t("cli.demo.store_not_empty", path=store_url(path)))
        return EXIT_REFUSED
    _say(t("cli.demo.done", path=store_url(path) or path, companies=fmt_int(report.row_counts["company"])))
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    entity = getattr(args, "entity", None)
    files = [Path(file) for file in (args.files if hasattr(args, "files") else [args.file])]

    def run(db: Database) -> int:
        result = import_files(db, files, entity=entity)
        for notice in result.notices:  # encoding read, title row skipped, columns ignored
            _say("  * " + describe(notice))
        if not result.ok:
            _complain(t_count("cli.import.rejected", len(result.problems), count=len(result.problems)))
            for problem in result.problems:
                _complain("  - " + describe(problem))
            return EXIT_REFUSED
        for imported, count in result.rows.items():
            _say(t_count("cli.import.done", count, entity=imported, count=fmt_int(count)))
        return EXIT_OK

    return _with_database(Path(args.db), run)


def _import_register(args: argparse.Namespace) -> int:
    from dashboard.artisanat.register import import_register  # reads only when asked: keeps the CLI start fast

    path = Path(args.file)
    if not path.exists():
        _complain(t("cli.register.missing", file=path))
        return EXIT_REFUSED

    def run(db: Database) -> int:
        result = import_register(db, path, replace=args.replace)
        for notice in result.notices:
            _say("  * " + describe(notice))
        if not result.ok:
            _complain(t_count("cli.import.rejected", len(result.problems), count=len(result.problems)))
            for problem in result.problems:
                _complain("  - " + describe(problem))
            return EXIT_REFUSED
        _say(result.summary())
        return EXIT_OK

    return _with_database(Path(args.db), run)


def _period(args: argparse.Namespace) -> Period | None:
    """The period of --annee [--trimestre], or None (every period)."""
    return Period(args.year, args.quarter or WHOLE_YEAR) if args.year else None


def _unknown_territory(db: Database, args: argparse.Namespace) -> bool:
    """Whether --territoire names no territory of the database (said, then the export is refused)."""
    if args.territory is None or db.query_value(
        "SELECT count(*) FROM territory WHERE territory_id = $id", {"id": args.territory}
    ):
        return False
    _complain(t("cli.export.unknown_territory", territory=args.territory))
    return True


def _export(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if file_format_of(path) is None:
        _complain(t("cli.export.format", file=path))
        return EXIT_REFUSED

    def run(db: Database) -> int:
        if _unknown_territory(db, args):
            return EXIT_REFUSED
        try:
            count = export_entity(db, args.entity, path, scope=args.territory, period=_period(args))
        except OSError as error:
            _complain(t("cli.export.failed", file=path, reason=error.strerror or error))
            return EXIT_REFUSED
        _say(t_count("cli.export.done", count, count=fmt_int(count), entity=args.entity, file=path))
        return EXIT_OK

    return _with_database(Path(args.db), run, read_only=True)


def _export_workbook(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if file_format_of(path) != "xlsx":
        _complain(t("cli.export.workbook_format", file=path))
        return EXIT_REFUSED

    def run(db: Database) -> int:
        if _unknown_territory(db, args):
            return EXIT_REFUSED
        try:
            entities = args.entities or list(TEMPLATES_BY_ENTITY)
            counts = export_workbook(db, path, entities, scope=args.territory, period=_period(args))
        except OSError as error:
            _complain(t("cli.export.failed", file=path, reason=error.strerror or error))
            return EXIT_REFUSED
        for entity, count in counts.items():
            _say(t_count("cli.export.done", count, count=fmt_int(count), entity=entity, file=path))
        return EXIT_OK

    return _with_database(Path(args.db), run, read_only=True)


def _info(args: argparse.Namespace) -> int:
    def run(db: Database) -> int:
        content = database_content(db)
        _say(t("cli.info.header", path=args.db))
        _say(t("cli.info.demo") if content.is_demo else t("cli.info.own_data"))
        _say(data_as_of(content.data_as_of))
        _say(t("cli.info.territories"))
        for level in Level:
            _say(f"  {label(level):<32} {fmt_int(content.territories[level.value]):>12}")
        _say(t("cli.info.tables"))
        for row in content.tables.itertuples():
            _say(f"  {row.title[:60]:<62} {fmt_int(row.rows):>12}  ({row.table})")
        return EXIT_OK

    return _with_database(Path(args.db), run, read_only=True)


def _templates(args: argparse.Namespace) -> int:
    written = write_templates(Path(args.directory))
    _say(t("cli.templates.done", count=len(written), directory=args.directory))
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    entities = sorted(TEMPLATES_BY_ENTITY)
    main = FrenchArgumentParser(prog="python -m dashboard", description=t("cli.description"))
    main.add_argument("--db", default=str(database_path()), help=t("cli.help.db"))
    # --db is accepted after the command too (`build-demo --db x.duckdb`); SUPPRESS keeps the global value.
    db_option = FrenchArgumentParser(add_help=False)
    db_option.add_argument("--db", default=argparse.SUPPRESS, help=t("cli.help.db"))
    commands = main.add_subparsers(dest="command", required=True, title=t("cli.commands"), metavar="COMMANDE")

    def command(name: str, help_key: str, run: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=t(help_key), description=t(help_key), parents=[db_option])
        sub.set_defaults(run=run)
        return sub

    build = command("build-demo", "cli.help.build_demo", _build_demo)
    build.add_argument("--force", action="store_true", help=t("cli.help.force"))
    one = command("import", "cli.help.import", _import)
    one.add_argument(
        "entity", choices=entities, metavar="TYPE", help=t("cli.help.entity", entities=", ".join(entities))
    )
    one.add_argument("file", metavar="FICHIER", help=t("cli.help.file"))
    workbook = command("import-workbook", "cli.help.import_workbook", _import)
    workbook.add_argument("file", metavar="FICHIER", help=t("cli.help.workbook"))
    several = command("import-files", "cli.help.import_files", _import)
    several.add_argument("files", nargs="+", metavar="FICHIER", help=t("cli.help.files"))
    register = command("import-register", "cli.help.import_register", _import_register)
    register.add_argument("file", metavar="FICHIER", help=t("cli.help.register_file"))
    register.add_argument("--remplacer", dest="replace", action="store_true", help=t("cli.help.register_replace"))
    export = command("export", "cli.help.export", _export)
    export.add_argument(
        "entity", choices=entities, metavar="TYPE", help=t("cli.help.entity", entities=", ".join(entities))
    )
    export.add_argument("file", metavar="FICHIER", help=t("cli.help.export_file"))
    export_all = command("export-workbook", "cli.help.export_workbook", _export_workbook)
    export_all.add_argument("file", metavar="FICHIER", help=t("cli.help.workbook"))
    export_all.add_argument("--entities", nargs="+", choices=entities, metavar="TYPE", help=t("cli.help.entities"))
    for exporting in (export, export_all):  # what a page's export is limited to, from the command line
        exporting.add_argument("--territoire", dest="territory", metavar="TERRITOIRE", help=t("cli.help.territory"))
        exporting.add_argument("--annee", dest="year", type=int, metavar="ANNÉE", help=t("cli.help.year"))
        exporting.add_argument(
            "--trimestre", dest="quarter", type=int, choices=(1, 2, 3, 4), metavar="T", help=t("cli.help.quarter")
        )
    command("info", "cli.help.info", _info)
    add_report_command(command)  # rapport: the quarterly report (dashboard/report/cli.py)
    templates = command("templates", "cli.help.templates", _templates)
    templates.add_argument("--directory", default=str(TEMPLATES_DIR), help=t("cli.help.directory"))
    add_backup_commands(command)
    # Accounts (issue 13): `utilisateur ajouter | liste`, in their own module.
    add_user_commands(commands, db_option, lambda db, run: _with_database(Path(db), run), _say, _complain)
    return main


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.run(args))
    except _Stop as stop:
        return stop.code
    except StoreInterruptedError as interrupted:  # the shared store restarted under a write (dashboard.db)
        _complain(t(interrupted_message_key(interrupted)))
        _complain(t("app.store_reason", reason=without_password(str(interrupted))))
        return EXIT_REFUSED


if __name__ == "__main__":
    raise SystemExit(main())
