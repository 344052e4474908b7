"""Read a user's CSV or XLSX file into tables of strings, reporting what prevents reading it.

CSV convention: UTF-8 (a BOM is accepted) and the semicolon as separator, which is what French Excel writes.
Cells are kept as text here; typing is validation's job so that every problem can be reported at once.
Row numbers are those the user sees in the spreadsheet: the header is row 1, the first data row is row 2
(blank rows are dropped but keep their numbers).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import html
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.cell_range import CellRange

from dashboard.i18n import t
from dashboard.imports.numbers import number_text

SEPARATOR = ";"  # French Excel's CSV separator (the comma is the decimal mark in French)
# Separators other tools write, with the message key naming each in French.
OTHER_SEPARATORS = {",": "import.separator.comma", "\t": "import.separator.tab", "|": "import.separator.bar"}
ROW = "__ligne__"  # spreadsheet row number of each data row (header = 1), kept when blank rows are dropped
README_SHEET = "Lisez-moi"  # the documentation sheet of data/templates/modeles.xlsx, never data
ABOUT_SHEET = "À propos"  # the sheet of an export saying its source, territory, period and date, never data
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")  # what openpyxl reads
CSV_SUFFIXES = (".csv", ".txt")  # French Excel names its CSV exports .csv; some tools write .txt


@dataclass(frozen=True)
class Problem:
    """One thing to fix, located as the user sees it in the spreadsheet (header = row 1)."""

    file: str
    row: int | None
    column: str | None
    message: str
    kind: str = ""  # the message key: problems of one kind are grouped in reports (dashboard.imports.report)


@dataclass
class RawTable:
    """One table as read: text cells with the spreadsheet row number in column ROW, or None if unreadable."""

    file: str
    sheet: str | None
    frame: pd.DataFrame | None
    problems: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)  # said to the user, not preventing the import
    header_row: int = 1  # spreadsheet row of the column names (below a title row when there is one)
    # The first rows under the header, every cell kept (unnamed columns too): where validation looks for the real
    # header when the one read is a title.
    leading: list[list[str]] = field(default_factory=list)


# What a file holding something else than text starts with (its "magic number"), and the message naming it.
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "import.error.kind.zip"),  # XLSX, ODS and other zipped office files
    (b"%PDF", "import.error.kind.pdf"),
    (b"\xd0\xcf\x11\xe0", "import.error.kind.ole"),  # Excel 97-2003 (.xls), Word (.doc)
    (b"\x89PNG", "import.error.kind.image"),
    (b"\xff\xd8\xff", "import.error.kind.image"),
    (b"GIF8", "import.error.kind.image"),
)
# Characters no spreadsheet writes in a text file: a file holding them is not text (tab, CR, LF are fine).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f]")
LEADING_TITLE_ROWS = 10  # rows above the header looked at for a title (a single filled cell)
ExcelCell = str | int | float | bool | dt.datetime | dt.date | dt.time | None


def decode_text(data: bytes, file: str) -> tuple[str | None, str | None, list[Problem]]:
    """Text, the key naming the encoding read, or a problem saying what the file is.

    A strict cascade rather than a statistical detector: French spreadsheets write UTF-8 (with or without BOM),
    UTF-16 with a BOM (Excel's « Texte Unicode ») or Windows-1252 (Excel's « CSV (séparateur : point-virgule) »,
    a superset of Latin-1's printable characters). UTF-8 is tried before Windows-1252 because text in another
    encoding with accents almost never decodes as UTF-8, whereas any byte string decodes as Windows-1252 but five
    bytes: a detector would only add guesses (MacRoman, Turkish...) that no French spreadsheet writes.
    """
    for signature, key in SIGNATURES:
        if data.startswith(signature):
            return None, None, [Problem(file, None, None, t(key))]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        attempts = [("utf-16", "import.encoding.utf16")]
    else:
        attempts = [("utf-8-sig", "import.encoding.utf8"), ("cp1252", "import.encoding.cp1252")]
    for encoding, key in attempts:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if CONTROL.search(text) is None:
            return text, key, []
    return None, None, [Problem(file, None, None, t("import.error.kind.binary"))]


def encoding_notices(encoding: str | None, file: str) -> list[Problem]:
    """The notice saying which encoding was read, when it is not UTF-8 (the expected one)."""
    if encoding is None or encoding == "import.encoding.utf8":
        return []
    return [Problem(file, None, None, t(encoding))]


def read_csv_bytes(data: bytes, file: str) -> RawTable:
    """A CSV file separated by semicolons (or tabs) in UTF-8, UTF-16 or Windows-1252; what cannot be read is
    reported, not guessed. The encoding read is said in a notice when it is not UTF-8."""
    text, encoding, problems = decode_text(data, file)
    if text is None:
        return RawTable(file, None, None, problems)
    notices = encoding_notices(encoding, file)
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    # The tab separates columns in Excel's « Texte Unicode » and some exports; it is never part of a number.
    delimiter = "\t" if "\t" in first_line and SEPARATOR not in first_line else SEPARATOR
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    start, title = _header_position(records, file)
    if start is None:
        return RawTable(file, None, None, [Problem(file, None, None, t("import.error.no_header"))], notices)
    header = records[start]
    if len(header) == 1:
        used = next((name for sep, name in OTHER_SEPARATORS.items() if sep in header[0]), None)
        if used is not None:
            problem = Problem(file, start + 1, None, t("import.error.separator", used=t(used)))
            return RawTable(file, None, None, [problem], notices)
    rows, problems = _fit_rows(records[start + 1 :], len(header), file, first_row=start + 2)
    table = _table(file, None, header, rows, problems, first_row=start + 2)
    table.notices = notices + title
    return table


def _header_position(records: list[list[str]], file: str) -> tuple[int | None, list[Problem]]:
    """The header's index: the first row with two filled cells or more, after at most LEADING_TITLE_ROWS rows
    holding one filled cell (a title, « Liste des entreprises ») or none; a notice names the title skipped."""
    filled = [sum(1 for cell in record if str(cell).strip()) for record in records[: LEADING_TITLE_ROWS + 1]]
    first = next((index for index, count in enumerate(filled) if count), None)
    if first is None:
        return None, []
    header = next((index for index, count in enumerate(filled) if count >= 2), None)
    if header is None or header == first:
        return first, []
    titles = [next(c.strip() for c in records[index] if c.strip()) for index in range(header) if filled[index]]
    if all(title.startswith(t("export.source.head")) for title in titles):
        return header, []  # the source line of one of our exports: expected, nothing to say
    notice = t("import.notice.title_row", title=" / ".join(titles), row=header + 1)
    return header, [Problem(file, first + 1, None, notice)]


def _fit_rows(
    records: list[list[str]], width: int, file: str, first_row: int = 2
) -> tuple[list[list[str]], list[Problem]]:
    """Rows padded to the header's width; a longer row is a problem and left out (its cells are shifted)."""
    problems = []
    rows = []
    for index, record in enumerate(records):
        if len(record) > width:
            found = len(record)
            problems.append(
                Problem(file, index + first_row, None, t("import.error.row_length", found=found, expected=width))
            )
            record = []  # left out as a blank row, so the following rows keep their numbers
        # Trailing empty cells may be missing: some tools do not write them.
        rows.append(record + [""] * (width - len(record)))
    return rows, problems


def read_excel_sheets(data: bytes, file: str) -> list[RawTable]:
    """Every sheet of a workbook (sheet name = entity) but the documentation sheet, cells as text.

    Numeric cells are written back as French text that reads back exactly (6.437 -> « 6,437 », never the
    ambiguous « 6.437 »); a cell formatted as a percentage (holding 0.12, showing 12 %) becomes « 12 % ». A cell
    merged over several rows of one column gives its value to every row it covers (what the user sees); cells
    merged across columns below the header are refused: which column holds the value is not known.
    """
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, ValueError, KeyError, OSError, InvalidFileException):
        return [RawTable(file, None, None, [Problem(file, None, None, t("import.error.unreadable_workbook"))])]
    try:
        merges = _merged_ranges(data)
        tables = []
        for sheet in workbook.worksheets:
            if sheet.title.strip().lower() in {README_SHEET.lower(), ABOUT_SHEET.lower()}:
                continue
            grid = [[_cell_text(cell) for cell in row] for row in sheet.iter_rows()]
            tables.append(_sheet_table(file, sheet.title, grid, merges.get(sheet.title, [])))
        return tables
    finally:
        workbook.close()


def _sheet_table(file: str, sheet: str, grid: list[list[str]], merges: list[CellRange]) -> RawTable:
    width = max((len(row) for row in grid), default=0)
    grid = [row + [""] * (width - len(row)) for row in grid]
    start, title = _header_position(grid, file)
    if start is None:
        return RawTable(file, sheet, None, [Problem(file, None, None, t("import.error.no_header"))])
    problems = []
    for merged in merges:
        top, bottom = merged.min_row - 1, min(merged.max_row, len(grid)) - 1
        left, right = merged.min_col - 1, merged.max_col - 1
        if bottom < start or top >= len(grid):
            continue  # a title above the header
        if left != right:
            problems.append(Problem(file, merged.min_row, None, t("import.error.merged_columns", cells=merged.coord)))
            continue
        for row in range(top + 1, bottom + 1):
            grid[row][left] = grid[top][left]
    table = _table(file, sheet, grid[start], grid[start + 1 :], problems, first_row=start + 2)
    table.notices = title
    return table


def _merged_ranges(data: bytes) -> dict[str, list[CellRange]]:
    """Merged cells of each sheet (the read-only reader does not give them): from each sheet's XML."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        workbook = archive.read("xl/workbook.xml").decode("utf-8")
        relations = (
            archive.read("xl/_rels/workbook.xml.rels").decode("utf-8") if "xl/_rels/workbook.xml.rels" in names else ""
        )
        targets = dict(re.findall(r'<Relationship[^>]*Id="([^"]+)"[^>]*Target="([^"]+)"', relations))
        targets |= {
            rid: target for target, rid in re.findall(r'<Relationship[^>]*Target="([^"]+)"[^>]*Id="([^"]+)"', relations)
        }
        merges: dict[str, list[CellRange]] = {}
        for name, rid in re.findall(r'<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', workbook):
            target = targets.get(rid, "").lstrip("/")
            path = target if target.startswith("xl/") else f"xl/{target}"
            if path in names:
                xml = archive.read(path).decode("utf-8")
                merges[html.unescape(name)] = [CellRange(ref) for ref in re.findall(r'<mergeCell ref="([^"]+)"', xml)]
        return merges


def _cell_text(cell: object) -> str:
    """A workbook cell as the text the validation reads (see read_excel_sheets)."""
    value: ExcelCell = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int | float):
        if "%" in (getattr(cell, "number_format", "") or ""):
            return number_text(value * 100) + " %"
        return number_text(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _table(
    file: str,
    sheet: str | None,
    header: list[str],
    rows: list[list[str]],
    problems: list[Problem],
    first_row: int = 2,
) -> RawTable:
    """Headers trimmed and checked (empty, repeated), cells trimmed, blank rows dropped but numbered
    (`first_row`: the spreadsheet row of the first data row)."""
    header_row = first_row - 1
    header = [cell.strip() for cell in header]
    frame = pd.DataFrame(rows, columns=range(len(header)), dtype=object).fillna("")
    frame = frame.apply(lambda column: column.astype(str).str.strip()) if len(header) else frame
    keep = []
    for position, name in enumerate(header):
        if name == "":
            if (frame[position] != "").any():
                problems.append(
                    Problem(file, header_row, None, t("import.error.unnamed_column", position=position + 1))
                )
            continue
        if name in header[:position]:
            problems.append(Problem(file, header_row, name, t("import.error.repeated_column", column=name)))
            continue
        keep.append(position)
    frame = frame[keep].set_axis([header[p] for p in keep], axis=1)
    frame.insert(0, ROW, range(first_row, len(frame) + first_row))
    blank = (frame.drop(columns=ROW) == "").all(axis=1) if keep else pd.Series(True, index=frame.index)
    leading = [[str(cell).strip() for cell in row] for row in rows[:LEADING_TITLE_ROWS]]
    table = RawTable(file, sheet, frame.loc[~blank].reset_index(drop=True), problems, header_row=header_row)
    table.leading = leading
    return table


def table_from_cells(file: str, header: list[str], rows: list[list[str]]) -> RawTable:
    """A table given as cells (a form's row, rows pasted in a grid) read like a file's: header = row 1."""
    return _table(file, None, list(header), [list(row) for row in rows], [])


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
