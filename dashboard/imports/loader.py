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

import pandas as pd

from dashboard.db import Database, set_meta
from dashboard.geography import add_perimeter
from dashboard.i18n import t
from dashboard.imports.reader import ROW, Problem, RawTable, read_file
from dashboard.imports.templates import LOAD_ORDER, TEMPLATES_BY_ENTITY, Template
from dashboard.imports.validation import BatchKeys, validate


@dataclass
class ImportResult:
    """What an import did: rows loaded per entity, or every problem (and then nothing was written)."""

    problems: list[Problem] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def _entity_of(raw: RawTable, entity: str | None) -> str | None:
    return entity if entity is not None else raw.sheet


def import_path(
    db: Database, path: Path, entity: str | None = None, *, name: str | None = None, today: dt.date | None = None
) -> ImportResult:
    """Import a CSV (for `entity`) or an XLSX (one sheet per entity, or the single sheet for `entity`)."""
    tables = read_file(path, name)
    if entity is not None and len(tables) > 1:
        tables = [table for table in tables if table.sheet == entity] or tables[:1]
    result = ImportResult()
    validated: list[tuple[Template, RawTable, pd.DataFrame]] = []
    batch: BatchKeys = {}
    known = {raw.sheet: raw for raw in tables}
    ordered = sorted(
        tables,
        key=lambda raw: LOAD_ORDER.index(_entity_of(raw, entity)) if _entity_of(raw, entity) in LOAD_ORDER else -1,
    )
    for raw in ordered:
        target = _entity_of(raw, entity)
        if target not in TEMPLATES_BY_ENTITY:
            where = raw.file if raw.sheet is None else f"{raw.file} (onglet {raw.sheet})"
            result.problems.append(
                Problem(
                    where, None, None, t("import.error.unknown_entity", entity=target, entities=", ".join(LOAD_ORDER))
                )
            )
            continue
        template = TEMPLATES_BY_ENTITY[target]
        if raw.sheet is not None and len(known) > 1:
            raw.file = f"{raw.file} (onglet {raw.sheet})"
        typed, problems = validate(template, raw, db, batch)
        result.problems += problems
        if typed is not None:
            validated.append((template, raw, typed))
            _remember_keys(template, typed, batch)
    if result.problems:
        return result
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with db.transaction() as cursor:
        for template, raw, typed in validated:
            _write(cursor, template, typed)
            cursor.execute(
                "INSERT INTO import_log (imported_at, entity, file_name, row_count, sha256) VALUES (now(), $e, $f, $n, $h)",
                {"e": template.entity, "f": raw.file, "n": len(typed), "h": digest},
            )
            result.rows[template.entity] = len(typed)
        set_meta(cursor, "data_as_of", (today or dt.date.today()).isoformat())
    return result


def _remember_keys(template: Template, typed: pd.DataFrame, batch: BatchKeys) -> None:
    """Keys of this table, so later tables of the same import may refer to them."""
    if template.entity == "perimeters":
        batch.setdefault(("territory", "territory_id"), set()).update("perimetre:" + typed["code"].dropna().astype(str))
        return
    if len(template.key) == 1:
        column = template.column(template.key[0]).db_column
        batch.setdefault((template.table, column), set()).update(typed[column].dropna().astype(str))


def _write(cursor, template: Template, typed: pd.DataFrame) -> None:
    if template.entity == "perimeters":
        for (code, name), group in typed.groupby(["code", "name"], sort=True):
            add_perimeter(
                cursor, str(code), str(name), [f"commune:{c}" for c in group["commune_id"]], t("import.source.user")
            )
        return
    frame = typed.drop(columns=[ROW])
    for column in [c.db_column for c in template.columns if c.reference is not None and c.reference.prefix]:
        prefix = next(c.reference.prefix for c in template.columns if c.db_column == column and c.reference is not None)
        frame[column] = frame[column].map(lambda v, p=prefix: None if v is None or pd.isna(v) else p + str(v))
    for column, value in template.extra.items():
        frame[column] = value
    frame = frame.astype(object).where(frame.notna(), None)
    cursor.register("_import_frame", frame)
    try:
        columns = ", ".join(frame.columns)
        # Table and column names come from the template constants, never from the file.
        cursor.execute(f"INSERT INTO {template.table} ({columns}) SELECT {columns} FROM _import_frame")
    finally:
        cursor.unregister("_import_frame")
