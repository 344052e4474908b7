"""All-or-nothing loading: validate every table of the import first; write only if nothing is wrong.

A rejected import writes nothing at all (not even its log line), so the database file stays byte-for-byte
what it was. An accepted import is one transaction: its rows, one `import_log` row per table and the
`data_as_of` date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb
import pandas as pd

from dashboard.auth import audit
from dashboard.auth.roles import Actor
from dashboard.auth.scope import import_problems, require_import
from dashboard.db import Database, set_meta
from dashboard.geography import add_perimeter
from dashboard.i18n import t
from dashboard.imports.reader import ROW, Problem, RawTable, read_file
from dashboard.imports.templates import LOAD_ORDER, TEMPLATES_BY_ENTITY, Template
from dashboard.imports.validation import BatchKeys, normalise, validate


@dataclass
class ImportResult:
    """What an import did: rows loaded per entity, or every problem (and then nothing was written)."""

    problems: list[Problem] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    # What the user should know either way: encoding read, title row skipped, columns ignored...
    notices: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def import_file(
    db: Database, entity: str, path: Path, *, name: str | None = None, today: dt.date | None = None
) -> ImportResult:
    """Import one entity from a CSV (or from the sheet named after it, or the only sheet, of an XLSX)."""
    return import_path(db, Path(path), entity, name=name, today=today)


def import_workbook(db: Database, path: Path, *, name: str | None = None, today: dt.date | None = None) -> ImportResult:
    """Import every sheet of an XLSX workbook (sheet name = entity), all sheets or none."""
    return import_path(db, Path(path), None, name=name, today=today)


def import_path(
    db: Database, path: Path, entity: str | None = None, *, name: str | None = None, today: dt.date | None = None
) -> ImportResult:
    """Import a file for `entity`; when `entity` is None, a workbook (sheet name = entity) or a CSV named after its
    entity (companies.csv). `name` is the file name to report (an upload's original name)."""
    return import_files(db, [Path(path)], entity=entity, names=[name or Path(path).name], today=today)


def import_files(
    db: Database,
    paths: Sequence[Path],
    *,
    entity: str | None = None,
    names: Sequence[str] | None = None,
    today: dt.date | None = None,
    actor: Actor | None = None,
) -> ImportResult:
    """Import files together, all or nothing: workbooks (sheet name = entity) and CSV files named after their
    entity (companies.csv, flows.csv...), or every file for `entity`. Rows of one may refer to rows of another.
    A signed-in `actor` imports only inside its territories (dashboard.auth.scope); the audit trail records it."""
    require_import(db, actor)
    result = ImportResult()
    sources: list[tuple[Template, RawTable, str]] = []  # template, table, sha256 of its file
    for path, name in zip(paths, names or [Path(p).name for p in paths], strict=True):
        tables = read_file(Path(path), name)
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest() if Path(path).is_file() else ""
        sources += [(template, raw, digest) for template, raw in _assign(tables, entity, result)]
        result.notices += [notice for table in tables for notice in table.notices]
    seen: dict[str, str] = {}
    for template, raw, _ in sources:
        if template.entity in seen and entity is None:
            message = t("import.error.entity_twice", entity=template.entity, other=seen[template.entity])
            result.problems.append(Problem(raw.file, None, None, message))
        seen.setdefault(template.entity, raw.file)
    if result.problems:
        return result
    where = ", ".join(names or [Path(p).name for p in paths])
    try:
        # On the shared store another worker's import may commit meanwhile (a key of this file, the data date):
        # PostgreSQL then aborts this one, and it is checked and written again against what that one committed.
        return db.retrying(lambda: _check_and_write(db, sources, result.notices, entity, where, actor, today))
    except (duckdb.Error, ValueError) as error:
        # Validation mirrors the schema, so this is a safety net: the transaction was rolled back as a whole.
        return ImportResult(problems=[Problem(where, None, None, t("import.error.database", error=error))])


def _check_and_write(
    db: Database,
    sources: Sequence[tuple[Template, RawTable, str]],
    notices: Sequence[Problem],
    entity: str | None,
    where: str,
    actor: Actor | None,
    today: dt.date | None,
) -> ImportResult:
    """Validate the tables read against the database as it is now and, when nothing is wrong, write them in one
    transaction. Run again whole by `Database.retrying`: it works on copies of the tables read (validation
    renames and filters a table and adds notices to it) and builds a new result."""
    result = ImportResult(notices=list(notices))
    validated: list[tuple[Template, RawTable, pd.DataFrame, str]] = []
    batch: BatchKeys = {}
    for template, read, digest in sorted(sources, key=lambda source: LOAD_ORDER.index(source[0].entity)):
        raw = replace(read, notices=[])
        typed, problems = validate(template, raw, db, batch, allow_empty=entity is None and raw.sheet is not None)
        result.problems += problems
        result.notices += raw.notices  # those the validation added
        if typed is not None and not typed.empty:
            validated.append((template, raw, typed, digest))
            _remember_keys(template, typed, batch)
    if not result.problems and not validated:
        result.problems.append(Problem(where, None, None, t("import.error.empty_workbook")))
    result.problems += import_problems(db, actor, [(template, raw, typed) for template, raw, typed, _ in validated])
    if result.problems:
        return result
    with db.transaction() as cursor:
        for template, raw, typed, digest in validated:
            _write(cursor, template, typed)
            cursor.execute(
                "INSERT INTO import_log (imported_at, entity, file_name, row_count, sha256) "
                "VALUES (now(), $entity, $file, $rows, $sha256)",
                {"entity": template.entity, "file": raw.file, "rows": len(typed), "sha256": digest},
            )
            result.rows[template.entity] = result.rows.get(template.entity, 0) + len(typed)
            audit.record(cursor, actor, audit.AuditAction.IMPORT, entity=template.entity,
                         detail=f"{raw.file} : {len(typed)}")  # fmt: skip
        set_meta(cursor, "data_as_of", (today or dt.date.today()).isoformat())
    return result


def entity_of_file_name(file: str) -> str | None:
    """'companies.csv', 'Companies (2).csv' -> 'companies' (browsers number repeated downloads); None if unknown."""
    stem = re.sub(r"_[0-9]+$", "", normalise(Path(file).stem))
    if stem in TEMPLATES_BY_ENTITY:
        return stem
    # An export's French name: 'entreprises_ca-territoires-vendomois_2026.csv' (what_territory_period).
    return entity_of_sheet(Path(file).stem.split("_", 1)[0])


def entity_of_sheet(name: str) -> str | None:
    """The entity of a sheet named after it ('companies') or by its French name as exports write it
    ('Entreprises', dashboard.i18n export.sheet.*); None if neither."""
    plain = normalise(name)
    if plain in TEMPLATES_BY_ENTITY:
        return plain
    return next((e for e in TEMPLATES_BY_ENTITY if normalise(t(f"export.sheet.{e}")) == plain), None)


def _assign(tables: list[RawTable], entity: str | None, result: ImportResult) -> list[tuple[Template, RawTable]]:
    """Which template each table is for; what cannot be read or assigned goes to `result.problems`."""
    unreadable = [table for table in tables if table.frame is None and table.sheet is None]
    if unreadable:  # the file itself (encoding, separator, type): nothing more can be said
        result.problems += [problem for table in unreadable for problem in table.problems]
        return []
    if entity is not None:
        if len(tables) > 1:  # a workbook for one entity: the sheet of that name
            named = [table for table in tables if entity_of_sheet(table.sheet or "") == entity]
            if not named:
                sheets = ", ".join(str(table.sheet) for table in tables)
                result.problems.append(
                    Problem(tables[0].file, None, None, t("import.error.sheet_not_found", entity=entity, sheets=sheets))
                )
            tables = named
        return [(TEMPLATES_BY_ENTITY[entity], table) for table in tables]
    assignments = []
    for table in tables:
        if table.sheet is None:  # a CSV file in a set: its name says its type
            found = entity_of_file_name(table.file)
            if found is None:
                message = t("import.error.file_entity", entities=", ".join(LOAD_ORDER))
                result.problems.append(Problem(table.file, None, None, message))
            else:
                assignments.append((TEMPLATES_BY_ENTITY[found], table))
            continue
        if table.frame is None:  # a blank sheet holds nothing to import
            continue
        table.file = f"{table.file} (onglet {table.sheet})"
        found = entity_of_sheet(table.sheet)
        if found is None:
            message = t("import.error.unknown_sheet", sheet=table.sheet, entities=", ".join(LOAD_ORDER))
            result.problems.append(Problem(table.file, None, None, message))
        else:
            assignments.append((TEMPLATES_BY_ENTITY[found], table))
    return assignments


def _remember_keys(template: Template, typed: pd.DataFrame, batch: BatchKeys) -> None:
    """Keys of this table, so later tables of the same import may refer to them."""
    if template.entity == "perimeters":
        batch.setdefault(("territory", "territory_id"), set()).update("perimetre:" + typed["code"].astype(str))
        return
    if len(template.key) == 1:
        column = template.column(template.key[0]).db_column
        batch.setdefault((template.table, column), set()).update(typed[column].dropna().astype(str))


def _write(cursor: duckdb.DuckDBPyConnection, template: Template, typed: pd.DataFrame) -> None:
    if template.entity == "perimeters":
        for (code, name), group in typed.groupby(["code", "name"], sort=True):
            add_perimeter(cursor, str(code), str(name), list(group["commune_id"]), t("import.source.user"))
        return
    frame = typed.drop(columns=[ROW])
    for column, value in template.extra.items():
        frame[column] = value
    frame = frame.astype(object).where(frame.notna(), None)
    for part in _parents_first(frame) if template.entity == "flow_categories" else [frame]:
        cursor.register("_import_frame", part)
        try:
            columns = ", ".join(part.columns)
            # Table and column names come from the template constants, never from the file.
            cursor.execute(f"INSERT INTO {template.table} ({columns}) SELECT {columns} FROM _import_frame")
        finally:
            cursor.unregister("_import_frame")


def _parents_first(categories: pd.DataFrame) -> list[pd.DataFrame]:
    """New categories in levels, each parent inserted before its children (validation excluded cycles)."""
    levels, remaining = [], categories
    inside = set(categories["category_code"])
    while not remaining.empty:
        pending = set(remaining["category_code"])
        ready = ~remaining["parent_code"].isin(pending & inside)
        levels.append(remaining[ready])
        remaining = remaining[~ready]
    return levels
