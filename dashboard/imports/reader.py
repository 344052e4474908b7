"""Read a user's CSV or XLSX file into a table of strings, reporting encoding and separator mistakes.

CSV convention: UTF-8 (a BOM is accepted) and the semicolon as separator, which is what French Excel writes.
Cells are kept as text here; typing is validation's job so that every problem can be reported at once.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dashboard.i18n import t

SEPARATOR = ";"  # French Excel's CSV separator (the comma is the decimal mark in French)
OTHER_SEPARATORS = {",": "la virgule (,)", "\t": "la tabulation", "|": "la barre verticale (|)"}
ROW = "__ligne__"  # spreadsheet row number of each data row (header = 1), kept when blank rows are dropped


@dataclass(frozen=True)
class Problem:
    """One thing to fix, located as the user sees it in the spreadsheet (header = row 1)."""

    file: str
    row: int | None
    column: str | None
    message: str


@dataclass
class RawTable:
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
    text, problems = _decode(data, file)
    if text is None:
        return RawTable(file, None, None, problems)
    first_line = text.split("\n", 1)[0]
    if SEPARATOR not in first_line:
        used = next((name for sep, name in OTHER_SEPARATORS.items() if sep in first_line), None)
        if used is not None:
            return RawTable(file, None, None, [Problem(file, 1, None, t("import.error.separator", used=used))])
    frame = pd.read_csv(io.StringIO(text), sep=SEPARATOR, dtype=str, keep_default_na=False)
    return RawTable(file, None, _clean(frame))


def read_excel_sheets(data: bytes, file: str) -> list[RawTable]:
    """Every sheet of a workbook (sheet name = entity), cells as text."""
    sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, dtype=str, keep_default_na=False, engine="openpyxl")
    return [RawTable(file, name, _clean(frame)) for name, frame in sheets.items()]


def _clean(frame: pd.DataFrame) -> pd.DataFrame:
    frame.columns = [str(column).strip() for column in frame.columns]
    frame = frame.apply(lambda column: column.astype(str).str.strip()) if len(frame.columns) else frame
    blank = (frame == "").all(axis=1) if len(frame.columns) else pd.Series(False, index=frame.index)
    frame.insert(0, ROW, range(2, len(frame) + 2))
    return frame.loc[~blank].reset_index(drop=True)


def read_file(path: Path, name: str | None = None) -> list[RawTable]:
    """A CSV gives one table; an XLSX gives one table per sheet."""
    file = name or path.name
    data = path.read_bytes()
    if file.lower().endswith((".xlsx", ".xlsm")):
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
    return t("import.problem.where.file", file=problem.file, message=problem.message)
