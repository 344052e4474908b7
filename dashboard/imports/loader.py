"""All-or-nothing loading: validate every table of the import first; write only if nothing is wrong.

A rejected import writes nothing at all (not even its log line), so the database file stays byte-for-byte
what it was. An accepted import is one transaction: its rows, one `import_log` row per table and the
`data_as_of` date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

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
    """Import a file for `entity`, or a whole workbook when `entity` is None; `name` is the file name to report."""
    result = ImportResult()
    assignments = _assign(read_file(path, name), entity, result)
    if result.problems:
        return result
    validated: list[tuple[Template, RawTable, pd.DataFrame]] = []
    batch: BatchKeys = {}
    for template, raw in sorted(assignments, key=lambda pair: LOAD_ORDER.index(pair[0].entity)):
        typed, problems = validate(template, raw, db, batch, allow_empty=entity is None)
        result.problems += problems
        if typed is not None and not typed.empty:
            validated.append((template, raw, typed))
            _remember_keys(template, typed, batch)
    if not result.problems and not validated:
        result.problems.append(Problem(name or path.name, None, None, t("import.error.empty_workbook")))
    if result.problems:
        return result
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with db.transaction() as cursor:
        for template, raw, typed in validated:
            _write(cursor, template, typed)
            cursor.execute(
                "INSERT INTO import_log (imported_at, entity, file_name, row_count, sha256) "
                "VALUES (now(), $entity, $file, $rows, $sha256)",
                {"entity": template.entity, "file": raw.file, "rows": len(typed), "sha256": digest},
            )
            result.rows[template.entity] = len(typed)
        set_meta(cursor, "data_as_of", (today or dt.date.today()).isoformat())
    return result


def _assign(tables: list[RawTable], entity: str | None, result: ImportResult) -> list[tuple[Template, RawTable]]:
    """Which template each table is for; what cannot be read or assigned goes to `result.problems`."""
    unreadable = [table for table in tables if table.frame is None and table.sheet is None]
    if unreadable:  # the file itself (encoding, separator, type): nothing more can be said
        result.problems += [problem for table in unreadable for problem in table.problems]
        return []
    if entity is not None:
        if len(tables) > 1:  # a workbook for one entity: the sheet of that name
            named = [table for table in tables if normalise(table.sheet or "") == entity]
            if not named:
                sheets = ", ".join(str(table.sheet) for table in tables)
                result.problems.append(
                    Problem(tables[0].file, None, None, t("import.error.sheet_not_found", entity=entity, sheets=sheets))
                )
            tables = named
        return [(TEMPLATES_BY_ENTITY[entity], table) for table in tables]
    by_name = {normalise(template.entity): template for template in TEMPLATES_BY_ENTITY.values()}
    assignments = []
    for table in tables:
        if table.frame is None:  # a blank sheet holds nothing to import
            continue
        table.file = f"{table.file} (onglet {table.sheet})"
        template = by_name.get(normalise(table.sheet or ""))
        if template is None:
            result.problems.append(
                Problem(
                    table.file,
                    None,
                    None,
                    t("import.error.unknown_sheet", sheet=table.sheet, entities=", ".join(LOAD_ORDER)),
                )
            )
        else:
            assignments.append((template, table))
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
