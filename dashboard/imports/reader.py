"""Read a user's CSV or XLSX file into tables of strings, reporting what prevents reading it.

CSV convention: UTF-8 (a BOM is accepted) and the semicolon as separator, which is what French Excel writes.
Cells are kept as text here; typing is validation's job so that every problem can be reported at once.
Row numbers are those the user sees in the spreadsheet: the header is row 1, the first data row is row 2
(blank rows are dropped but keep their numbers).
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dashboard.i18n import t

SEPARATOR = ";"  # French Excel's CSV separator (the comma is the decimal mark in French)
# Separators other tools write, with the message key naming each in French.
OTHER_SEPARATORS = {",": "import.separator.comma", "\t": "import.separator.tab", "|": "import.separator.bar"}
ROW = "__ligne__"  # spreadsheet row number of each data row (header = 1), kept when blank rows are dropped
README_SHEET = "Lisez-moi"  # the documentation sheet of data/templates/modeles.xlsx, never data
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")  # what openpyxl reads
CSV_SUFFIXES = (".csv", ".txt")  # French Excel names its CSV exports .csv; some tools write .txt


@dataclass(frozen=True)
class Problem:
    """One thing to fix, located as the user sees it in the spreadsheet (header = row 1)."""

    file: str
    row: int | None
    column: str | None
    message: str


@dataclass
class RawTable:
    """One table as read: text cells with the spreadsheet row number in column ROW, or None if unreadable."""

    file: str
    sheet: str | None
    frame: pd.DataFrame | None
    problems: list[Problem] = field(default_factory=list)


def _decode(data: bytes, file: str) -> tuple[str | None, list[Problem]]:
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        return None, [Problem(file, None, None, t("import.error.encoding", position=error.start))]


def read_csv_bytes(data: bytes, file: str) -> RawTable:
    """A semicolon-separated UTF-8 file; a wrong encoding, separator or row length is reported, not guessed."""
    text, problems = _decode(data, file)
    if text is None:
        return RawTable(file, None, None, problems)
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=SEPARATOR))
    if not records or not any(cell.strip() for cell in records[0]):
        return RawTable(file, None, None, [Problem(file, None, None, t("import.error.no_header"))])
    header = records[0]
    if len(header) == 1:
        used = next((name for sep, name in OTHER_SEPARATORS.items() if sep in header[0]), None)
        if used is not None:
            return RawTable(file, None, None, [Problem(file, 1, None, t("import.error.separator", used=t(used)))])
    return _table(file, None, header, *_fit_rows(records[1:], len(header), file))


def _fit_rows(records: list[list[str]], width: int, file: str) -> tuple[list[list[str]], list[Problem]]:
    """Rows padded to the header's width; a longer row is a problem and left out (its cells are shifted)."""
    problems = []
    rows = []
    for index, record in enumerate(records):
        if len(record) > width:
            found = len(record)
            problems.append(Problem(file, index + 2, None, t("import.error.row_length", found=found, expected=width)))
            record = []  # left out as a blank row, so the following rows keep their numbers
        # Trailing empty cells may be missing: some tools do not write them.
        rows.append(record + [""] * (width - len(record)))
    return rows, problems


def read_excel_sheets(data: bytes, file: str) -> list[RawTable]:
    """Every sheet of a workbook (sheet name = entity) but the documentation sheet, cells as text."""
    try:
        sheets = pd.read_excel(
            io.BytesIO(data), sheet_name=None, header=None, dtype=str, keep_default_na=False, engine="openpyxl"
        )
    except (zipfile.BadZipFile, ValueError, KeyError, OSError):
        return [RawTable(file, None, None, [Problem(file, None, None, t("import.error.unreadable_workbook"))])]
    tables = []
    for name, frame in sheets.items():
        if name.strip().lower() == README_SHEET.lower():
            continue
        if frame.empty:
            tables.append(RawTable(file, name, None, [Problem(file, None, None, t("import.error.no_header"))]))
            continue
        cells = frame.to_numpy().tolist()
        header = ["" if pd.isna(cell) else str(cell) for cell in cells[0]]
        tables.append(_table(file, name, header, cells[1:], []))
    return tables


def _table(file: str, sheet: str | None, header: list[str], rows: list[list[str]], problems: list[Problem]) -> RawTable:
    """Headers trimmed and checked (empty, repeated), cells trimmed, blank rows dropped but numbered."""
    header = [cell.strip() for cell in header]
    frame = pd.DataFrame(rows, columns=range(len(header)), dtype=object).fillna("")
    frame = frame.apply(lambda column: column.astype(str).str.strip()) if len(header) else frame
    keep = []
    for position, name in enumerate(header):
        if name == "":
            if (frame[position] != "").any():
                problems.append(Problem(file, 1, None, t("import.error.unnamed_column", position=position + 1)))
            continue
        if name in header[:position]:
            problems.append(Problem(file, 1, name, t("import.error.repeated_column", column=name)))
            continue
        keep.append(position)
    frame = frame[keep].set_axis([header[p] for p in keep], axis=1)
    frame.insert(0, ROW, range(2, len(frame) + 2))
    blank = (frame.drop(columns=ROW) == "").all(axis=1) if keep else pd.Series(True, index=frame.index)
    return RawTable(file, sheet, frame.loc[~blank].reset_index(drop=True), problems)


def read_file(path: Path, name: str | None = None) -> list[RawTable]:
    """A CSV gives one table; an XLSX gives one table per sheet (the « Lisez-moi » sheet excepted)."""
    file = name or path.name
    suffix = Path(file).suffix.lower()
    if suffix == ".xls":
        return [RawTable(file, None, None, [Problem(file, None, None, t("import.error.old_excel"))])]
    if suffix not in WORKBOOK_SUFFIXES + CSV_SUFFIXES:
        return [RawTable(file, None, None, [Problem(file, None, None, t("import.error.file_type", suffix=suffix))])]
    try:
        data = path.read_bytes()
    except OSError:
        return [RawTable(file, None, None, [Problem(file, None, None, t("import.error.missing_file"))])]
    if suffix in WORKBOOK_SUFFIXES:
        return read_excel_sheets(data, file)
    return [read_csv_bytes(data, file)]


def describe(problem: Problem) -> str:
    """One French line locating and explaining a problem."""
    if problem.row is not None and problem.column is not None:
        return t(
            "import.problem.where.cell",
            file=problem.file,
            row=problem.row,
            column=problem.column,
            message=problem.message,
        )
    if problem.row is not None:
        return t("import.problem.where.row", file=problem.file, row=problem.row, message=problem.message)
    if problem.column is not None:
        return t("import.problem.where.column", file=problem.file, column=problem.column, message=problem.message)
    return t("import.problem.where.file", file=problem.file, message=problem.message)


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    """The validation report as a table with French headers: file, row, column, message."""
    return pd.DataFrame(
        {
            t("data.col.file"): [problem.file for problem in problems],
            t("data.col.row"): pd.array([problem.row for problem in problems], dtype="Int64"),
            t("data.col.column"): [problem.column or "" for problem in problems],
            t("data.col.message"): [problem.message for problem in problems],
        }
    )
