"""A form's values checked by the import's own validation: one rule set, the same French messages.

The form's values become a one-row table (and one table per part: a diagnostic's flows...) with the import
template's headers, and go through `dashboard.imports.validation.validate` exactly as a spreadsheet would.
Each problem names its column (a template header), which the form maps back to its field; nothing here
restates a rule.

Editing an existing record: the import refuses a key already in the database, which is the record itself;
those "already exists" problems are dropped for the record's own key, its unchanged unique values and its own
parts' keys, and only for them.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from enum import Enum
from typing import Any

import pandas as pd

from dashboard.db import Database
from dashboard.i18n import t
from dashboard.imports.reader import ROW, RawTable
from dashboard.imports.templates import Template
from dashboard.imports.validation import validate
from dashboard.records.entities import EntitySpec

Cells = dict[str, str]  # template header -> text as it would be typed in a spreadsheet cell
FIRST_ROW = 2  # spreadsheet numbering (header = row 1), so the import's row logic is unchanged


@dataclass(frozen=True)
class FieldProblem:
    """What to fix, where: `part` is the template entity ('companies', 'flows'...), `row` the part's row
    (0-based; None for the main row), `field` the template header (None: the record as a whole)."""

    part: str
    row: int | None
    field: str | None
    message: str


@dataclass
class Checked:
    main: pd.DataFrame | None  # typed one-row frame (database columns), None when refused
    parts: dict[str, pd.DataFrame]
    problems: list[FieldProblem]


def as_cell(value: Any) -> str:
    """A Python value as the text a spreadsheet cell would hold (French date, dot decimal, code)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return ""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, pd.Timestamp):
        value = value.date()
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):  # the French decimal comma, which the import reads
        return repr(int(value)) if value.is_integer() else repr(value).replace(".", ",")
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:  # ISO dates of a stored snapshot, shown the French way
            return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return str(value).strip()


def cells_of_row(template: Template, row: dict[str, Any]) -> Cells:
    """A stored row (database columns) as the template's cells: what the form shows to edit it."""
    cells: Cells = {}
    for column in template.columns:
        value = row.get(column.db_column)
        text = as_cell(value)
        prefix = column.reference.prefix if column.reference is not None else ""
        if prefix and text.startswith(prefix):
            text = text[len(prefix) :]
        cells[column.header] = text
    return cells


def _raw(template: Template, rows: list[Cells], title: str) -> RawTable:
    headers = [column.header for column in template.columns]
    frame = pd.DataFrame([[str(row.get(h, "") or "").strip() for h in headers] for row in rows], columns=headers)
    frame.insert(0, ROW, range(FIRST_ROW, FIRST_ROW + len(rows)))
    return RawTable(title, None, frame.astype(object))


def _duplicate_prefix() -> str:
    marker = "\x00"
    return t("import.error.duplicate_in_db", key=marker).split(marker, 1)[0]


def _blank(row: Cells) -> bool:
    return not any(str(value or "").strip() for value in row.values())


def check(
    db: Database,
    spec: EntitySpec,
    main: Cells,
    parts: dict[str, list[Cells]] | None = None,
    *,
    existing: dict[str, Any] | None = None,
) -> Checked:
    """Validate a record's cells as the import would; `existing` is the stored snapshot when editing."""
    parts = {entity: [row for row in rows if not _blank(row)] for entity, rows in (parts or {}).items()}
    problems: list[FieldProblem] = []
    own_keys = _own_keys(spec, existing)
    typed_main, found = validate(spec.main, _raw(spec.main, [main], spec.main.title), db)
    problems += _located(spec.main, found, own_keys.get(spec.main.entity, set()), typed_main, main_row=True)
    typed_parts: dict[str, pd.DataFrame] = {}
    record_key = ""
    if typed_main is not None and len(spec.key_columns) == 1 and spec.parts:
        record_key = str(typed_main.iloc[0][spec.link_column] or "")
    for template in spec.parts:
        rows = parts.get(template.entity, [])
        if not rows:
            typed_parts[template.entity] = pd.DataFrame()
            continue
        # The parts refer to the record being saved, which may not exist yet (a new synergy's participants).
        batch = {(spec.main.table, spec.link_column): {record_key}} if record_key else {}
        typed, found = validate(template, _raw(template, rows, template.title), db, batch)
        problems += _located(template, found, own_keys.get(template.entity, set()), typed, main_row=False)
        if typed is not None:
            typed_parts[template.entity] = typed
    ok = not problems and typed_main is not None
    return Checked(typed_main if ok else None, typed_parts if ok else {}, problems)


def _constraints(template: Template) -> list[tuple[str, ...]]:
    """Header groups the import checks for uniqueness: the key, UNIQUE groups, unique columns."""
    return [template.key, *template.unique_together, *((c.header,) for c in template.columns if c.unique)]


def _clash_text(headers: tuple[str, ...], cells: Cells) -> str:
    return "\x1f".join([*headers, *(cells.get(h, "") for h in headers)])


def _own_keys(spec: EntitySpec, existing: dict[str, Any] | None) -> dict[str, set[str]]:
    """Key and unique values the stored record already holds (its own), per template entity."""
    if existing is None:
        return {}
    own: dict[str, set[str]] = {}
    for template, rows in [(spec.main, [existing["main"]])] + [
        (template, existing["parts"].get(template.entity, [])) for template in spec.parts
    ]:
        texts = own.setdefault(template.entity, set())
        for row in rows:
            cells = cells_of_row(template, row)
            texts.update(_clash_text(headers, cells) for headers in _constraints(template))
    return own


def _located(
    template: Template, found: list, own: set[str], typed: pd.DataFrame | None, *, main_row: bool
) -> list[FieldProblem]:
    """Import problems as field problems, minus the record's clashes with itself."""
    duplicate = _duplicate_prefix()
    located = []
    for problem in found:
        row = None if problem.row is None else problem.row - FIRST_ROW
        if problem.message.startswith(duplicate) and typed is not None and row is not None:
            cells = cells_of_row(template, typed.iloc[row].to_dict())
            # the import names a uniqueness problem after the first column of its group
            groups = [headers for headers in _constraints(template) if headers[0] == problem.column]
            if any(_clash_text(headers, cells) in own for headers in groups):
                continue
        located.append(FieldProblem(template.entity, None if main_row else row, problem.column, problem.message))
    return located
