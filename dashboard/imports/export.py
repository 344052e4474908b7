"""Export an entity in its template's shape, so that an export can be edited and imported again.

What a person reads: French headers (« Date début », not date_debut) and French labels of codes (« Sortant »,
not out), a French file name saying what, where and when (`entreprises_ca-territoires-vendomois_2026.csv`),
and the file's own source line: « Source : Observatoire territorial EIT — données au 31/10/2026 — territoire :
… — période : … ». In a CSV it is the first row, one cell (Excel shows it as a title); in an XLSX it is the
« À propos » sheet and the document's properties, so that every data sheet starts with its header. The import
reads all of this back: headers and labels are compared accent- and case-blind, the source row and the « À
propos » sheet are skipped (dashboard.imports.reader), French sheet and file names name their entity
(dashboard.imports.loader.entity_of_sheet). A label is written only where it reads back as its code.

CSV cells are text written the French way (12,5 ; 15/03/2024), UTF-8 with BOM and ';' so that French
Excel opens them directly. XLSX cells keep their types (numbers, dates) so that the sheet can be computed
on; commune codes and identifiers stay text so that no leading zero is lost.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

from dashboard.auth.roles import Actor, require_company_read
from dashboard.db import Database
from dashboard.i18n import CODE_LABELS, fmt_date, fmt_int, t
from dashboard.imports.reader import ABOUT_SHEET
from dashboard.imports.templates import LOAD_ORDER, TEMPLATES_BY_ENTITY, Column, Template
from dashboard.scope import Period

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


# Rows of an entity dated within a period ($start, $end): the activity of the period the page shows. Entities absent
# here are exported whatever their dates (companies, synergies, targets of later years, funding plans...).
_EVENT_DATED = "x.event_id IN (SELECT event_id FROM event WHERE event_date BETWEEN $start AND $end)"
PERIOD_CONDITIONS: dict[str, str] = {
    "diagnostics": "x.diagnostic_date BETWEEN $start AND $end",
    "events": _EVENT_DATED,
    "event_participants": _EVENT_DATED,
    "synergy_status_events": "x.event_date BETWEEN $start AND $end",
    "artisan_stats": "x.year BETWEEN year($start) AND year($end)",  # yearly figures: the period's year
    "sa_responses": "x.submitted_on BETWEEN $start AND $end",
    "sa_answers": "x.response_id IN (SELECT response_id FROM sa_response WHERE submitted_on BETWEEN $start AND $end)",
}


@dataclass(frozen=True)
class ExportSource:
    """What an exported file says about itself: where its rows come from and what they cover."""

    data_as_of: dt.date | None = None
    territory: str | None = None  # name of the territory (or programme) the rows are limited to; None: all
    period: str | None = None  # French text of the period the dated rows are limited to ('Année 2026'); None: all
    origin: str | None = None  # the page's own source text, when it names one (« CMA, registre des métiers »)
    is_demo: bool = False
    exported_on: dt.date = field(default_factory=dt.date.today)

    def line(self) -> str:
        """« Source : Observatoire territorial EIT — données au 31/10/2026 — territoire : … — période : … »."""
        head = t("export.source.head")
        if self.origin:
            head += " " + t("export.source.origin", origin=self.origin)
        parts = [
            head,
            t("export.source.as_of", date=fmt_date(self.data_as_of))
            if self.data_as_of
            else t("export.source.as_of_unknown"),
            t("export.source.territory", name=self.territory) if self.territory else t("export.source.everywhere"),
        ]
        if self.period:
            parts.append(t("export.source.period", period=self.period))
        if self.is_demo:
            parts.append(t("export.source.demo"))
        parts.append(t("export.source.exported", date=fmt_date(self.exported_on)))
        return " — ".join(parts)


def sheet_name(entity: str) -> str:
    """The French name of an entity's sheet (« Entreprises »), which the import reads back."""
    return t(f"export.sheet.{entity}")


def export_file_name(entity: str, file_format: FileFormat, territory: str | None, period: Period | None) -> str:
    """'entreprises_ca-territoires-vendomois_2026.csv': what, where, when (the parts that apply)."""
    from dashboard.report.naming import file_stem  # the report's naming rules (CA/CC prefixes, periods)

    return f"{file_stem(sheet_name(entity), territory or '', period)}.{file_format}"


def template_file_name(entity: str) -> str:
    """'entreprises_modele.csv': the blank template of an entity, named so that the import knows its type."""
    from dashboard.report.naming import slug

    return f"{slug(sheet_name(entity))}_{slug(t('export.template_word'))}.csv"


def column_label(column: Column) -> str:
    """The French header an export writes for a template column (« Date début » for date_debut)."""
    return t(f"export.header.{column.header}")


def _rows(db: Database, template: Template, scope: str | None = None, period: Period | None = None) -> pd.DataFrame:
    if template.entity == "perimeters":
        return db.query_df(
            "SELECT t.code, t.name, m.member_id AS commune_id FROM territory t "
            "JOIN territory_membership m ON m.container_id = t.territory_id "
            "JOIN territory c ON c.territory_id = m.member_id AND c.level = 'commune' "
            "WHERE t.level = 'perimetre' ORDER BY t.code, m.member_id"
        )
    columns = ", ".join(f"x.{column.db_column}" for column in template.columns)
    key_columns = ", ".join(f"x.{template.column(header).db_column}" for header in template.key)
    conditions, params = _conditions(template.entity, scope, period)
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    # Names and conditions come from the constants above, never from user input; scope and period are parameters.
    return db.query_df(f"SELECT {columns} FROM {template.table} x {where} ORDER BY {key_columns}", params or None)


def _conditions(entity: str, scope: str | None, period: Period | None) -> tuple[list[str], dict[str, object]]:
    conditions: list[str] = []
    params: dict[str, object] = {}
    if scope is not None and entity in SCOPE_CONDITIONS:
        conditions.append(SCOPE_CONDITIONS[entity])
        params["scope"] = scope
    if period is not None and entity in PERIOD_CONDITIONS:
        conditions.append(PERIOD_CONDITIONS[entity])
        params |= period.params()
    return conditions, params


def scoped_row_count(db: Database, entity: str, scope: str | None, period: Period | None = None) -> int:
    """Rows an export of `entity` limited to `scope` and `period` holds (where the entity is placed or dated)."""
    template = TEMPLATES_BY_ENTITY[entity]
    if entity == "perimeters":  # one row per member commune, not per territory row
        return len(_rows(db, template))
    conditions, params = _conditions(entity, scope, period)
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    # Table name from the template constant, conditions from the constants above.
    return int(db.query_value(f"SELECT count(*) FROM {template.table} x {where}", params or None))


def is_scoped(entity: str) -> bool:
    """Whether an export of `entity` can be limited to a territory (or a programme's own records)."""
    return entity in SCOPE_CONDITIONS


def is_dated(entity: str) -> bool:
    """Whether an export of `entity` can be limited to a period (its rows are dated)."""
    return entity in PERIOD_CONDITIONS


def entity_frame(
    db: Database,
    template: Template,
    *,
    typed: bool = False,
    scope: str | None = None,
    period: Period | None = None,
) -> pd.DataFrame:
    """The rows of an entity under French headers (column_label), codes as their French labels: text cells, or
    typed cells if `typed`; only those of `scope` (a territory id or programme:<id>) when given and the entity is
    placed (SCOPE_CONDITIONS), and of `period` when given and the entity is dated (PERIOD_CONDITIONS)."""
    rows = _rows(db, template, scope, period)
    return pd.DataFrame(
        {
            column_label(column): _typed_cells(rows[column.db_column], column)
            if typed
            else _text_cells(rows[column.db_column], column)
            for column in template.columns
        },
        index=rows.index,
    )


def _readable_labels(column: Column) -> dict[str, str]:
    """Code -> French label for the codes whose label the import reads back as that code (validation.code_lookup:
    a label two codes share is not); other codes are written as they are."""
    from dashboard.imports.validation import code_lookup, normalise  # validation imports this module's rules

    assert column.enum is not None
    lookup = code_lookup(column)
    labels = {code: CODE_LABELS[(column.enum, code)] for code in column.allowed_codes()}
    return {code: label for code, label in labels.items() if lookup.get(normalise(label)) == code}


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
    elif column.kind == "code":
        text = _code_labels(values, column)
    else:
        text = _without_prefix(values, column)
    return text.astype(object).where(~missing, "")


def _code_labels(values: pd.Series, column: Column) -> pd.Series:
    labels = _readable_labels(column)
    return values.map(lambda code: labels.get(code, code) if isinstance(code, str) else code)


def _typed_cells(values: pd.Series, column: Column) -> pd.Series:
    if column.kind == "date":
        return pd.to_datetime(values).dt.date.astype(object).where(values.notna(), None)
    if column.kind == "int":
        return values.astype("Int64")
    if column.kind == "decimal":
        return values.astype(float)
    if column.kind == "bool":
        return values.map({True: "oui", False: "non"})
    if column.kind == "code":
        return _code_labels(values, column)
    return _without_prefix(values, column)


def neutralised(value: object) -> object:
    """A CSV cell a spreadsheet cannot run: text starting with = + - @, a tab or a carriage return gets a leading
    apostrophe (the usual CSV-injection rule), which spreadsheets show as text and the import removes again.
    Numbers written as text (-3 ; +1 234,5) are left alone: a spreadsheet reads them as numbers, not formulas."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS and not re.fullmatch(NUMBER_TEXT, value):
        return "'" + value
    return value


def to_bytes(frames: dict[str, pd.DataFrame], file_format: FileFormat, source: ExportSource | None = None) -> bytes:
    """One frame as CSV bytes, or every frame as a sheet of one workbook; no cell of either is a formula. With a
    `source`, the CSV's first row is its source line and the workbook gets an « À propos » sheet and properties."""
    if file_format == "csv":
        (frame,) = frames.values()
        text = frame.map(neutralised).to_csv(sep=";", index=False)
        if source is not None:  # one cell; quoted by the CSV writer should it ever hold a ';' or a quote
            text = pd.DataFrame([[source.line()]]).to_csv(sep=";", index=False, header=False) + text
        return text.encode(CSV_ENCODING)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl", date_format=XLSX_DATE_FORMAT) as writer:
        for sheet, frame in frames.items():
            frame.to_excel(writer, sheet_name=sheet, index=False)
            _text_not_formulas(writer.sheets[sheet])
        if source is not None:
            _about_sheet(writer, frames, source)
    return buffer.getvalue()


def _about_sheet(writer: pd.ExcelWriter, frames: dict[str, pd.DataFrame], source: ExportSource) -> None:
    """The « À propos » sheet (source line, rows per sheet, how to re-import) and the document's properties."""
    lines = [
        [t("export.about.sheet_title"), ""],
        [source.line(), ""],
        ["", ""],
        [t("export.about.sheet"), t("export.about.rows")],
        *([sheet, fmt_int(len(frame))] for sheet, frame in frames.items()),
        ["", ""],
        [t("export.about.reimport"), ""],
    ]
    pd.DataFrame(lines).to_excel(writer, sheet_name=ABOUT_SHEET, index=False, header=False)
    about = writer.sheets[ABOUT_SHEET]
    _text_not_formulas(about)
    about.column_dimensions["A"].width = 40
    properties = writer.book.properties
    properties.title = ", ".join(frames)
    properties.creator = t("export.source.head").split(" : ", 1)[-1]
    properties.description = source.line()


def _text_not_formulas(sheet: Worksheet) -> None:
    """openpyxl takes any text starting with '=' for a formula: every text cell is written as a string instead,
    marked "quote prefix" so that Excel keeps it text when the cell is edited."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
                if cell.value[:1] in FORMULA_STARTS:
                    cell.quotePrefix = True


# Entities holding company-level rows (names, SIRET, positions, or one row per company): exported to whoever may
# read the companies of the exported scope (the whole database when no scope is given).
COMPANY_LEVEL_ENTITIES = frozenset(
    entity
    for entity, template in TEMPLATES_BY_ENTITY.items()
    if template.table == "company" or any(column.db_column == "company_id" for column in template.columns)
)


def require_export(db: Database, actor: Actor | None, entities: Iterable[str], scope: str | None = None) -> None:
    """A company-level entity is exported only to an actor who may read the companies of `scope` (None: all)."""
    if COMPANY_LEVEL_ENTITIES.intersection(entities):
        require_company_read(db, actor, scope)


def export_bytes(
    db: Database,
    entity: str,
    file_format: FileFormat,
    *,
    scope: str | None = None,
    period: Period | None = None,
    source: ExportSource | None = None,
    actor: Actor | None = None,
) -> bytes:
    """The export of an entity as file content ('csv' or 'xlsx'), e.g. for a download button; only the rows of
    `scope` and `period` when given (see entity_frame), with `source` inside the file (or the database's data date
    alone). Company-level entities: `actor` checked on the scope."""
    require_export(db, actor, [entity], scope)
    frame = entity_frame(db, TEMPLATES_BY_ENTITY[entity], typed=file_format == "xlsx", scope=scope, period=period)
    return to_bytes({sheet_name(entity): frame}, file_format, source or database_source(db))


def database_source(db: Database) -> ExportSource:
    """The source of an export of whole tables: the database's data date, every territory, every period."""
    as_of = db.get_meta("data_as_of")
    return ExportSource(data_as_of=dt.date.fromisoformat(as_of) if as_of else None)


def workbook_bytes(
    db: Database,
    entities: Iterable[str] = LOAD_ORDER,
    actor: Actor | None = None,
    *,
    scope: str | None = None,
    period: Period | None = None,
    source: ExportSource | None = None,
) -> bytes:
    """Several entities in one workbook, a sheet each (empty ones keep their header): importable as a whole."""
    entities = list(entities)
    require_export(db, actor, entities, scope)
    frames = _workbook_frames(db, entities, scope, period)
    return to_bytes(frames, "xlsx", source or database_source(db))


def _workbook_frames(
    db: Database, entities: Iterable[str], scope: str | None = None, period: Period | None = None
) -> dict[str, pd.DataFrame]:
    return {
        sheet_name(entity): entity_frame(db, TEMPLATES_BY_ENTITY[entity], typed=True, scope=scope, period=period)
        for entity in entities
    }


def file_format_of(path: Path) -> FileFormat | None:
    """'csv' or 'xlsx' from the file name, None for any other extension."""
    suffix = path.suffix.lower().lstrip(".")
    return suffix if suffix in FILE_FORMATS else None  # type: ignore[return-value]


def export_entity(
    db: Database, entity: str, path: Path, *, scope: str | None = None, period: Period | None = None
) -> int:
    """Write the entity to `path` (.csv or .xlsx), limited to `scope` and `period` when given; the row count."""
    file_format = file_format_of(path)
    if file_format is None:
        raise ValueError(f"unsupported export format: {path.suffix}")
    frame = entity_frame(db, TEMPLATES_BY_ENTITY[entity], typed=file_format == "xlsx", scope=scope, period=period)
    path.write_bytes(to_bytes({sheet_name(entity): frame}, file_format, command_source(db, scope, period)))
    return len(frame)


def export_workbook(
    db: Database,
    path: Path,
    entities: Iterable[str] = LOAD_ORDER,
    *,
    scope: str | None = None,
    period: Period | None = None,
) -> dict[str, int]:
    """Write several entities to one XLSX workbook (limited to `scope` and `period` when given); the row count per
    entity."""
    entities = list(entities)
    frames = _workbook_frames(db, entities, scope, period)
    path.write_bytes(to_bytes(frames, "xlsx", command_source(db, scope, period)))
    return {entity: len(frame) for entity, frame in zip(entities, frames.values(), strict=True)}


def command_source(db: Database, scope: str | None, period: Period | None) -> ExportSource:
    """The source of a command-line export: the database's data date, the territory's name, the period."""
    from dashboard.geography.territories import period_label  # geography reads the database: imported when used

    base = database_source(db)
    name = db.query_value("SELECT name FROM territory WHERE territory_id = $id", {"id": scope}) if scope else None
    return ExportSource(
        data_as_of=base.data_as_of,
        territory=str(name or scope) if scope else None,
        period=period_label(period) if period else None,
    )
