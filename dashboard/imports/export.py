"""Export an entity in its template's shape, so that an export can be edited and imported again.

CSV cells are text written the French way (12,5 ; 15/03/2024), UTF-8 with BOM and ';' so that French
Excel opens them directly. XLSX cells keep their types (numbers, dates) so that the sheet can be computed
on; commune codes and identifiers stay text so that no leading zero is lost.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

from dashboard.db import Database
from dashboard.imports.templates import LOAD_ORDER, TEMPLATES_BY_ENTITY, Column, Template

FileFormat = Literal["csv", "xlsx"]
FILE_FORMATS: tuple[FileFormat, ...] = ("csv", "xlsx")  # the formats the import reads back
CSV_ENCODING = "utf-8-sig"  # the BOM tells Excel the file is UTF-8
XLSX_DATE_FORMAT = "DD/MM/YYYY"  # French date display in the exported workbook
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what makes a spreadsheet evaluate a cell (OWASP CSV injection)
NUMBER_TEXT = r"[+-]?\d[\d \u00a0\u202f]*(?:[,.]\d+)?(?:[eE][+-]?\d+)?"  # -3 ; +1 234,5: read as numbers


# Rows of an entity that belong to a scope (a territory id or programme:<id>), through schema.sql's scope layer.
# Entities absent here are not placed in a territory (organisations, nomenclature, conventions...): exported whole.
_SYNERGY_ROWS = "x.synergy_id IN (SELECT synergy_id FROM scope_synergies($scope))"
_EVENT_ROWS = "x.event_id IN (SELECT event_id FROM scope_events($scope))"
_RESPONSE_ROWS = "x.response_id IN (SELECT response_id FROM scope_sa_responses($scope))"
SCOPE_CONDITIONS: dict[str, str] = {
    "companies": "x.company_id IN (SELECT company_id FROM scope_companies($scope))",
    "diagnostics": "x.diagnostic_id IN (SELECT diagnostic_id FROM scope_diagnostics($scope))",
    "flows": "x.flow_id IN (SELECT flow_id FROM scope_flows($scope))",
    "synergies": _SYNERGY_ROWS,
    "synergy_participants": _SYNERGY_ROWS,
    "synergy_status_events": _SYNERGY_ROWS,
    "synergy_impacts": _SYNERGY_ROWS,
    "events": _EVENT_ROWS,
    "event_participants": _EVENT_ROWS,
    "sa_responses": _RESPONSE_ROWS,
    "sa_answers": _RESPONSE_ROWS,
    "indicator_values": "x.value_id IN (SELECT value_id FROM scope_indicator_values($scope))",
    "artisan_stats": "x.commune_id IN (SELECT commune_id FROM scope_communes($scope))",
}


def _rows(db: Database, template: Template, scope: str | None = None) -> pd.DataFrame:
    if template.entity == "perimeters":
        return db.query_df(
            "SELECT t.code, t.name, m.member_id AS commune_id FROM territory t "
            "JOIN territory_membership m ON m.container_id = t.territory_id "
            "JOIN territory c ON c.territory_id = m.member_id AND c.level = 'commune' "
            "WHERE t.level = 'perimetre' ORDER BY t.code, m.member_id"
        )
    columns = ", ".join(f"x.{column.db_column}" for column in template.columns)
    key_columns = ", ".join(f"x.{template.column(header).db_column}" for header in template.key)
    condition = SCOPE_CONDITIONS.get(template.entity) if scope is not None else None
    where = f"WHERE {condition}" if condition else ""
    # Names and conditions come from the constants above, never from user input; the scope is a parameter.
    return db.query_df(
        f"SELECT {columns} FROM {template.table} x {where} ORDER BY {key_columns}",
        {"scope": scope} if condition else None,
    )


def scoped_row_count(db: Database, entity: str, scope: str) -> int:
    """Rows an export of `entity` limited to `scope` holds (an entity not placed in a territory: all its rows)."""
    template = TEMPLATES_BY_ENTITY[entity]
    condition = SCOPE_CONDITIONS.get(entity)
    if condition is None:
        return int(db.query_value(f"SELECT count(*) FROM {template.table}"))  # name from the template constant
    return int(db.query_value(f"SELECT count(*) FROM {template.table} x WHERE {condition}", {"scope": scope}))


def is_scoped(entity: str) -> bool:
    """Whether an export of `entity` can be limited to a territory (or a programme's own records)."""
    return entity in SCOPE_CONDITIONS


def entity_frame(db: Database, template: Template, *, typed: bool = False, scope: str | None = None) -> pd.DataFrame:
    """The rows of an entity under the template's French headers: text cells, or typed cells if `typed`; only
    those of `scope` (a territory id or programme:<id>) when given and the entity is placed (SCOPE_CONDITIONS)."""
    rows = _rows(db, template, scope)
    return pd.DataFrame(
        {
            column.header: _typed_cells(rows[column.db_column], column)
            if typed
            else _text_cells(rows[column.db_column], column)
            for column in template.columns
        },
        index=rows.index,
    )


def _without_prefix(values: pd.Series, column: Column) -> pd.Series:
    text = values.astype(object).where(values.notna(), None).map(lambda v: v if v is None else str(v))
    prefix = column.reference.prefix if column.reference is not None else ""
    return text.map(lambda v: v.removeprefix(prefix) if v is not None and prefix else v)


def _text_cells(values: pd.Series, column: Column) -> pd.Series:
    missing = values.isna()
    if column.kind == "date":
        text = pd.to_datetime(values).dt.strftime("%d/%m/%Y")
    elif column.kind in {"int", "decimal"}:
        numbers = values.astype(float)
        whole = numbers.eq(numbers.round()) & numbers.abs().lt(2**53)  # exactly representable whole numbers
        text = pd.Series("", index=values.index, dtype=object)
        text[whole] = numbers[whole].astype("int64").astype(str)
        other = numbers.notna() & ~whole
        # str of a float is the shortest text that reads back as the same float: the round trip is exact.
        text[other] = [str(number).replace(".", ",") for number in numbers[other]]
    elif column.kind == "bool":
        text = values.map({True: "oui", False: "non"})
    else:
        text = _without_prefix(values, column)
    return text.astype(object).where(~missing, "")


def _typed_cells(values: pd.Series, column: Column) -> pd.Series:
    if column.kind == "date":
        return pd.to_datetime(values).dt.date.astype(object).where(values.notna(), None)
    if column.kind == "int":
        return values.astype("Int64")
    if column.kind == "decimal":
        return values.astype(float)
    if column.kind == "bool":
        return values.map({True: "oui", False: "non"})
    return _without_prefix(values, column)


def neutralised(value: object) -> object:
    """A CSV cell a spreadsheet cannot run: text starting with = + - @, a tab or a carriage return gets a leading
    apostrophe (the usual CSV-injection rule), which spreadsheets show as text and the import removes again.
    Numbers written as text (-3 ; +1 234,5) are left alone: a spreadsheet reads them as numbers, not formulas."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS and not re.fullmatch(NUMBER_TEXT, value):
        return "'" + value
    return value


def to_bytes(frames: dict[str, pd.DataFrame], file_format: FileFormat) -> bytes:
    """One frame as CSV bytes, or every frame as a sheet of one workbook; no cell of either is a formula."""
    if file_format == "csv":
        (frame,) = frames.values()
        return frame.map(neutralised).to_csv(sep=";", index=False).encode(CSV_ENCODING)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl", date_format=XLSX_DATE_FORMAT) as writer:
        for sheet, frame in frames.items():
            frame.to_excel(writer, sheet_name=sheet, index=False)
            _text_not_formulas(writer.sheets[sheet])
    return buffer.getvalue()


def _text_not_formulas(sheet: Worksheet) -> None:
    """openpyxl takes any text starting with '=' for a formula: every text cell is written as a string instead,
    marked "quote prefix" so that Excel keeps it text when the cell is edited."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
                if cell.value[:1] in FORMULA_STARTS:
                    cell.quotePrefix = True


def export_bytes(db: Database, entity: str, file_format: FileFormat, *, scope: str | None = None) -> bytes:
    """The export of an entity as file content ('csv' or 'xlsx'), e.g. for a download button; only the rows of
    `scope` when given (see entity_frame)."""
    frame = entity_frame(db, TEMPLATES_BY_ENTITY[entity], typed=file_format == "xlsx", scope=scope)
    return to_bytes({entity: frame}, file_format)


def workbook_bytes(db: Database, entities: Iterable[str] = LOAD_ORDER) -> bytes:
    """Several entities in one workbook, a sheet each (empty ones keep their header): importable as a whole."""
    return to_bytes(_workbook_frames(db, entities), "xlsx")


def _workbook_frames(db: Database, entities: Iterable[str]) -> dict[str, pd.DataFrame]:
    return {entity: entity_frame(db, TEMPLATES_BY_ENTITY[entity], typed=True) for entity in entities}


def file_format_of(path: Path) -> FileFormat | None:
    """'csv' or 'xlsx' from the file name, None for any other extension."""
    suffix = path.suffix.lower().lstrip(".")
    return suffix if suffix in FILE_FORMATS else None  # type: ignore[return-value]


def export_entity(db: Database, entity: str, path: Path) -> int:
    """Write the entity to `path` (.csv or .xlsx); return the row count."""
    file_format = file_format_of(path)
    if file_format is None:
        raise ValueError(f"unsupported export format: {path.suffix}")
    frame = entity_frame(db, TEMPLATES_BY_ENTITY[entity], typed=file_format == "xlsx")
    path.write_bytes(to_bytes({entity: frame}, file_format))
    return len(frame)


def export_workbook(db: Database, path: Path, entities: Iterable[str] = LOAD_ORDER) -> dict[str, int]:
    """Write several entities to one XLSX workbook; return the row count per entity."""
    frames = _workbook_frames(db, entities)
    path.write_bytes(to_bytes(frames, "xlsx"))
    return {entity: len(frame) for entity, frame in frames.items()}
