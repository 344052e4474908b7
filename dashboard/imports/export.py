"""Export an entity in its template's shape, so that an export can be edited and imported again."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pandas as pd

from dashboard.db import Database
from dashboard.i18n import fmt_date
from dashboard.imports.templates import TEMPLATES_BY_ENTITY, Template


def entity_frame(db: Database, template: Template) -> pd.DataFrame:
    """The rows of an entity with the template's French headers and text cells (French dates and decimals)."""
    if template.entity == "perimeters":
        rows = db.query_df(
            "SELECT t.code, t.name, m.member_id AS commune_id FROM territory t "
            "JOIN territory_membership m ON m.container_id = t.territory_id "
            "JOIN territory c ON c.territory_id = m.member_id AND c.level = 'commune' "
            "WHERE t.level = 'perimetre' ORDER BY t.code, m.member_id"
        )
    else:
        columns = ", ".join(column.db_column for column in template.columns)
        key_columns = ", ".join(template.column(header).db_column for header in template.key)
        # Names come from the template constants, never from user input.
        rows = db.query_df(f"SELECT {columns} FROM {template.table} ORDER BY {key_columns}")
    out = pd.DataFrame()
    for column in template.columns:
        values = rows[column.db_column]
        prefix = column.reference.prefix if column.reference is not None else ""
        out[column.header] = [_cell(value, column.kind, prefix) for value in values]
    return out


def _cell(value: object, kind: str, prefix: str) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return ""
    if kind == "date":
        return fmt_date(value if isinstance(value, dt.date) else pd.Timestamp(value).date())
    if kind in {"decimal", "int"}:
        number = float(value)
        text = str(int(number)) if number.is_integer() else repr(number)
        return text.replace(".", ",")
    text = str(value)
    return text[len(prefix) :] if prefix and text.startswith(prefix) else text


def export_entity(db: Database, entity: str, path: Path) -> int:
    """Write the entity to CSV (UTF-8 with BOM, ';') or XLSX according to the extension; return the row count."""
    frame = entity_frame(db, TEMPLATES_BY_ENTITY[entity])
    if path.suffix.lower() == ".xlsx":
        frame.to_excel(path, sheet_name=entity, index=False)
    else:
        frame.to_csv(path, sep=";", index=False, encoding="utf-8-sig")
    return len(frame)


def export_bytes(db: Database, entity: str, file_format: str) -> bytes:
    """The export of an entity as file content ('csv' or 'xlsx'), for a download button."""
    frame = entity_frame(db, TEMPLATES_BY_ENTITY[entity])
    if file_format == "xlsx":
        buffer = io.BytesIO()
        frame.to_excel(buffer, sheet_name=entity, index=False)
        return buffer.getvalue()
    return frame.to_csv(sep=";", index=False).encode("utf-8-sig")


def database_summary(db: Database) -> pd.DataFrame:
    """What the database holds: one row per table with its French label and row count (tables with rows first)."""
    counts = db.table_counts()
    frame = pd.DataFrame({"table": list(counts), "rows": list(counts.values())})
    return frame.sort_values(["rows", "table"], ascending=[False, True]).reset_index(drop=True)
