"""Validate a table against its template: every problem at once, each located (file, row, column).

The output is a typed frame ready for insertion, with database column names (and the spreadsheet row
number in column ROW), or the list of problems. The database is only read here (references and existing
keys), never written. Whatever the schema would refuse at insert time is checked here first, so that an
import which passes validation cannot fail half-way.

Cells are converted column by column (vectorised): a national artisan file has a few hundred thousand rows.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable

import pandas as pd

from dashboard.db import Database
from dashboard.detection.units import unit_refusals_in
from dashboard.i18n import CODE_LABELS, fmt_number, t
from dashboard.imports.communes import NAME_HEADERS, check_commune_codes
from dashboard.imports.identifiers import sirets_ok
from dashboard.imports.numbers import parse_numbers
from dashboard.imports.reader import ROW, Problem, RawTable, table_from_cells
from dashboard.imports.templates import TEMPLATES, TEMPLATES_BY_ENTITY, Column, Template
from dashboard.limits import MAX_ABS_NUMBER, MAX_TEXT_CHARS

# French first; ISO as Excel stores dates (with a time when read from a workbook); two-digit years last.
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%d/%m/%y")
# What a yes/no cell may hold, French first.
TRUE_WORDS, FALSE_WORDS = {"oui", "vrai", "true", "1", "o"}, {"non", "faux", "false", "0", "n"}
INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1  # the schema's INTEGER columns
# Headers other tools and registers use for a template column (normalised), e.g. the national business
# register's names or a spreadsheet's « Code INSEE » / « Raison sociale ». Keys are template headers.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "code_commune": (
        "code_insee",
        "insee",
        "code_commune_insee",
        "commune_insee",
        "depcom",
        "codecommuneetablissement",
    ),
    "nom": ("raison_sociale", "denomination", "nom_entreprise", "enseigne", "denominationunitelegale"),
    "siret": ("n_siret", "no_siret", "numero_siret", "num_siret"),
    "code_naf": ("naf", "code_ape", "ape", "naf_rev_2", "activiteprincipaleetablissement"),
    "effectif": ("tranche_effectif", "tranche_effectifs", "tranche_d_effectif", "effectifs"),
    "longitude": ("lon", "lng"),
    "latitude": ("lat",),
    "zone_activites": ("zone_d_activites", "za", "zae"),
}
# What a total row of a spreadsheet says in one of its cells (normalised).
TOTAL_WORDS = r"(sous_)?totau?[lx](_general|_generaux)?|ensemble|total_[a-z_]+"
TYPO_CUTOFF = 0.8  # similarity (difflib ratio) above which an unknown header is taken for a misspelt one
# Keys of rows met earlier in the same import (e.g. companies of another sheet), by (table, column).
BatchKeys = dict[tuple[str, str], set[str]]


def normalise(text: str) -> str:
    """Lower case, no accents, runs of other characters as '_': 'Date diagnostic' -> 'date_diagnostic'."""
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]+", "_", plain.lower()).strip("_")


def parse_dates(cells: pd.Series) -> pd.Series:
    """JJ/MM/AAAA, ISO, Excel date-times, JJ/MM/AA -> datetime.date objects; None where not a date."""
    result = pd.Series(None, index=cells.index, dtype=object)
    todo = cells.astype(str).ne("")
    for date_format in DATE_FORMATS:
        if not todo.any():
            break
        parsed = pd.to_datetime(cells[todo], format=date_format, errors="coerce")
        found = parsed.notna()
        result[found[found].index] = parsed[found].dt.date
        todo[found[found].index] = False
    return result


def code_lookup(column: Column) -> dict[str, str]:
    """Accepted spellings of a code column: the code and its French label, in any case, with or without accents."""
    assert column.enum is not None
    spellings: dict[str, set[str]] = {}
    for code in column.allowed_codes():
        for spelling in (code, CODE_LABELS[(column.enum, code)]):
            spellings.setdefault(normalise(spelling), set()).add(code)
    lookup = {key: next(iter(codes)) for key, codes in spellings.items() if len(codes) == 1}
    lookup.update({code.lower(): code for code in column.allowed_codes()})  # an exact code always wins
    return lookup


def allowed_text(column: Column) -> str:
    """'code (Libellé), …' for messages and documentation."""
    assert column.enum is not None
    return ", ".join(f"{code} ({CODE_LABELS[(column.enum, code)]})" for code in column.allowed_codes())


def _bounds(column: Column) -> tuple[float | None, float | None]:
    """The column's bounds, tightened to the INTEGER range for whole numbers."""
    if column.kind != "int":
        return column.minimum, column.maximum
    low = INT32_MIN if column.minimum is None else max(column.minimum, INT32_MIN)
    high = INT32_MAX if column.maximum is None else min(column.maximum, INT32_MAX)
    return low, high


def _shown(bound: float) -> str:
    return fmt_number(bound, 2) if bound != int(bound) else fmt_number(bound, 0)


class Validator:
    """Collects problems while converting one table."""

    def __init__(self, template: Template, raw: RawTable, db: Database, batch: BatchKeys) -> None:
        self.template = template
        self.raw = raw
        self.db = db
        self.batch = batch
        self.problems: list[Problem] = list(raw.problems)
        # Rows whose cell failed conversion, by database column: row rules leave them alone.
        self.bad: dict[str, pd.Series] = {}
        # Cells written as a percentage (12 %), by database column, for the columns that accept one.
        self.percent: dict[str, pd.Series] = {}

    @property
    def frame(self) -> pd.DataFrame:
        assert self.raw.frame is not None
        return self.raw.frame

    def problem(self, at_row: int | None, at_column: str | None, key: str, /, **values: object) -> None:
        self.problems.append(Problem(self.raw.file, at_row, at_column, t(key, **values), key))

    def notice(self, at_row: int | None, at_column: str | None, key: str, /, **values: object) -> None:
        """Something the user should know that does not prevent the import (kept in `raw.notices`)."""
        self.raw.notices.append(Problem(self.raw.file, at_row, at_column, t(key, **values)))

    def problems_at(self, mask: pd.Series, header: str | None, key: str, /, **values: object) -> None:
        """The same problem on every row of `mask`; `{value}` in the message is that row's cell of `header`."""
        mask = mask.fillna(False).astype(bool)
        for index in mask[mask].index:
            cell = self.frame.at[index, header] if header in self.frame.columns else ""
            self.problem(int(self.frame.at[index, ROW]), header, key, **({"value": cell, "column": header} | values))

    def clean(self, *db_columns: str) -> pd.Series:
        """Rows where none of these columns had a conversion problem."""
        mask = pd.Series(True, index=self.frame.index)
        for db_column in db_columns:
            mask &= ~self.bad.get(db_column, pd.Series(False, index=self.frame.index))
        return mask

    # ------------------------------------------------------------------ structure
    def match_headers(self) -> bool:
        """Map the file's headers onto the template's (case, accents, spaces and usual aliases forgiven); columns of
        no use to the template are ignored and listed in a notice."""
        by_spelling = {normalise(column.header): column.header for column in self.template.columns}
        for column in self.template.columns:
            for alias in HEADER_ALIASES.get(column.header, ()):
                by_spelling.setdefault(alias, column.header)
        renamed: dict[str, str] = {}
        ignored: list[str] = []
        header_row = self.raw.header_row
        for header in [h for h in self.frame.columns if h != ROW]:
            target = by_spelling.get(normalise(header))
            close = difflib.get_close_matches(normalise(header), list(by_spelling), n=1, cutoff=TYPO_CUTOFF)
            if target is None and close and by_spelling[close[0]] not in self.frame.columns:
                # Probably a misspelt column of the template: ignoring it would silently drop its values.
                self.problem(
                    header_row, header, "import.error.unknown_column", column=header, close=by_spelling[close[0]]
                )
            elif target is None:
                ignored.append(header)
            elif target in renamed.values():
                self.problem(header_row, header, "import.error.repeated_column", column=target)
            else:
                renamed[header] = target
        self.raw.frame = self.frame.rename(columns=renamed)
        missing = [c.header for c in self.template.columns if c.required and c.header not in self.frame.columns]
        header_below = self.header_below(by_spelling) if missing else None
        if header_below is not None:  # one message saying where the header is, not one per missing column
            self.problems = [p for p in self.problems if p.row != header_row]  # the title read as header
            self.problem(header_below, None, "import.error.header_below", row=header_below)
            return False
        for header in missing:
            self.problem(header_row, header, "import.error.missing_column", column=header, expected=self._expected())
        if ignored:
            self.suggest_template()
            # The columns stay in the frame (a commune name may confirm a code) but are never written.
            listed = ", ".join(f"« {header} »" for header in ignored)
            self.notice(header_row, None, "import.notice.ignored_columns", columns=listed, expected=self._expected())
        return not self.problems

    def header_below(self, by_spelling: dict[str, str]) -> int | None:
        """The spreadsheet row, among the first rows read as data, that holds most of the template's column names
        (the real header under rows of titles), or None."""
        wanted = max(2, (len(self.template.columns) + 1) // 2)
        for offset, row in enumerate(self.raw.leading):
            cells = {normalise(cell) for cell in row}
            if len({by_spelling[cell] for cell in cells if cell in by_spelling}) >= wanted:
                return self.raw.header_row + 1 + offset
        return None

    def suggest_template(self) -> None:
        """When every header fits another template, the wrong type of data was probably chosen."""
        present = {normalise(h) for h in self.frame.columns if h != ROW}
        for other in TEMPLATES:
            if other.entity != self.template.entity and present <= {normalise(c.header) for c in other.columns}:
                self.problem(1, None, "import.error.other_template", entity=other.entity, title=other.title)
                return

    def _expected(self) -> str:
        return ", ".join(column.header for column in self.template.columns)

    # ------------------------------------------------------------------ cells
    def drop_total_rows(self) -> None:
        """A row saying « Total » (or « Sous-total », « Ensemble »...) with a required cell empty is a total row
        added in the spreadsheet: one message saying so, rather than one per empty cell (a company named Total,
        with its cells filled, is not one)."""
        required = [c.header for c in self.template.columns if c.required and c.header in self.frame.columns]
        if not required:
            return
        cells = self.frame.drop(columns=ROW).astype(str)
        says_total = pd.Series(False, index=self.frame.index)
        for header in cells.columns:
            spellings = {
                cell: re.fullmatch(TOTAL_WORDS, normalise(cell)) is not None for cell in cells[header].unique()
            }
            says_total |= cells[header].map(spellings).astype(bool)
        total = says_total & self.frame[required].eq("").any(axis=1)
        for index in total[total].index:
            word = next(cell for cell in cells.loc[index] if re.fullmatch(TOTAL_WORDS, normalise(cell)))
            self.problem(int(self.frame.at[index, ROW]), None, "import.error.total_row", value=word)
        self.raw.frame = self.frame.loc[~total]

    def convert(self) -> pd.DataFrame:
        typed = pd.DataFrame({ROW: self.frame[ROW]})
        for column in self.template.columns:
            if column.header in self.frame.columns:
                cells = self.frame[column.header].astype(str)
            else:
                cells = pd.Series("", index=self.frame.index, dtype=object)
            typed[column.db_column] = self.convert_column(column, cells)
        return typed

    def convert_column(self, column: Column, cells: pd.Series) -> pd.Series:
        commune = column.reference is not None and column.reference.prefix == "commune:"
        if commune:
            cells = cells.str.upper()  # 2b033: Corsica's letter is part of the code, its case is not
        filled = cells.ne("")
        if column.required:
            self.problems_at(~filled, column.header, "import.error.required")
        values, bad, reported = self._typed(column, cells, filled)
        if bad.any():
            self.problems_at(
                bad,
                column.header,
                f"import.error.type.{column.kind}",
                allowed=allowed_text(column) if column.enum else "",
            )
        bad |= reported
        bad |= self._beyond_limits(column, cells, values, filled & ~bad)
        ok = filled & ~bad
        if column.pattern is not None:
            mismatch = ok & ~cells.str.fullmatch(column.pattern)
            if column.reference is not None and column.reference.prefix == "commune:":
                lost_zero = mismatch & cells.str.fullmatch(r"[0-9]{4}")
                for index in lost_zero[lost_zero].index:
                    self.problem(
                        int(self.frame.at[index, ROW]),
                        column.header,
                        "import.error.lost_zero",
                        value=cells[index],
                        fixed="0" + cells[index],
                    )
                mismatch &= ~lost_zero
                bad |= lost_zero
            self.problems_at(mismatch, column.header, "import.error.pattern", example=column.pattern_hint)
            bad |= mismatch
        if commune:
            refused, today = self.check_communes(column, cells, ok & ~bad)
            bad |= refused
            values = values.where(today.isna(), today)
        if column.check == "siret":
            checked = filled & ~bad  # 14 digits: the pattern held
            wrong_digit = pd.Series(False, index=cells.index)
            wrong_digit[checked] = ~sirets_ok(cells[checked])
            self.problems_at(wrong_digit, column.header, "import.error.siret_check")
            bad |= wrong_digit
        if column.kind in {"int", "decimal"}:
            low, high = _bounds(column)
            if low is not None:
                below = ok & ~bad & (values < low)
                key = "import.error.negative" if low == 0 else "import.error.below"
                self.problems_at(below, column.header, key, minimum=_shown(low))
                bad |= below
            if high is not None:
                above = ok & ~bad & (values > high)
                self.problems_at(above, column.header, "import.error.above", maximum=_shown(high))
                bad |= above
        self.bad[column.db_column] = bad
        values = values.astype(object).where(filled & ~bad, None)
        if column.default is not None:
            values = values.where(filled, column.default)
        if column.kind == "int":
            return values.astype("Int64")
        if column.kind == "decimal":
            return values.astype(float)
        if column.reference is not None and column.reference.prefix:
            values = values.map(lambda v, p=column.reference.prefix: None if v is None else p + v)
        return values

    def _beyond_limits(self, column: Column, cells: pd.Series, values: pd.Series, ok: pd.Series) -> pd.Series:
        """Numbers out of any sensible range (1e400 is infinite once read) and over-long texts: refused by name."""
        if column.kind in {"int", "decimal"}:
            huge = ok & (pd.to_numeric(values, errors="coerce").abs() > MAX_ABS_NUMBER)
            self.problems_at(huge, column.header, "limits.number", limit=_shown(MAX_ABS_NUMBER))
            return huge
        if column.kind == "text":
            long = ok & (cells.str.len() > MAX_TEXT_CHARS)
            self.problems_at(long, column.header, "limits.text", chars=_shown(MAX_TEXT_CHARS))
            return long
        return pd.Series(False, index=cells.index)

    def check_communes(self, column: Column, cells: pd.Series, ok: pd.Series) -> tuple[pd.Series, pd.Series]:
        """Postcodes and former communes' codes reported (dashboard.imports.communes): the mask of refused rows, and
        today's code where a former code is read as today's commune (NaN elsewhere). Former codes are mapped outside
        the template's key only: two former communes of one statistic's key would collide."""
        name_header = next((h for h in self.frame.columns if normalise(str(h)) in NAME_HEADERS), None)
        names = self.frame[name_header] if name_header is not None else None
        check = check_commune_codes(cells[ok], names, map_former=column.header not in self.template.key)
        bad = pd.Series(False, index=cells.index)
        for found in check.problems:
            row = int(self.frame.at[found.index, ROW])
            self.problem(row, column.header, found.key, value=cells[found.index], **found.values)
            bad[found.index] = True
        today = pd.Series(float("nan"), index=cells.index, dtype=object)
        for found in check.notices:
            row = int(self.frame.at[found.index, ROW])
            message = t(found.key, value=cells[found.index], **found.values)
            self.raw.notices.append(Problem(self.raw.file, row, column.header, message, found.key))
            today[found.index] = check.codes[found.index]
        return bad, today

    def _typed(self, column: Column, cells: pd.Series, filled: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
        """Converted values, the mask of filled cells that could not be converted, and the mask of cells whose
        problem was already reported with a message of its own."""
        none = pd.Series(False, index=cells.index)
        if column.kind == "text":
            # The apostrophe an export puts before = + - @ (CSV-injection guard) is not part of the text.
            return cells.str.replace(r"^'(?=[=+\-@\t\r])", "", regex=True).astype(object), none, none
        if column.kind in {"int", "decimal"}:
            parsed = parse_numbers(cells)
            numbers = parsed.values
            # The ambiguous 1.500 and a percentage where none is expected get their own message, not the type's.
            self.problems_at(parsed.ambiguous, column.header, "import.error.ambiguous_dot")
            wrong_percent = parsed.percent & numbers.notna() & (not column.percent)
            self.problems_at(wrong_percent, column.header, "import.error.percent_here")
            if column.percent:
                self.percent[column.db_column] = parsed.percent
            reported = parsed.ambiguous | wrong_percent
            bad = filled & numbers.isna() & ~reported
            if column.kind == "int":
                bad |= filled & numbers.notna() & (numbers != numbers.round()) & ~reported
            return numbers.where(~reported), bad, reported
        if column.kind == "date":
            dates = parse_dates(cells)
            return dates, filled & dates.isna(), none
        if column.kind == "bool":
            lowered = cells.str.lower()
            flags = lowered.map(lambda word: True if word in TRUE_WORDS else False if word in FALSE_WORDS else None)
            return flags, filled & flags.isna(), none
        lookup = code_lookup(column)
        # Each distinct spelling is resolved once: a column holds few of them, however long the file.
        resolved = {cell: lookup.get(cell.lower()) or lookup.get(normalise(cell)) for cell in cells.unique()}
        codes = cells.map(resolved).astype(object)
        return codes, filled & codes.isna(), none

    # ------------------------------------------------------------------ references and keys
    def check_references(self, typed: pd.DataFrame) -> None:
        for column in self.template.columns:
            reference = column.reference
            if reference is None:
                continue
            values = typed[column.db_column].dropna().astype(str)
            if values.empty:
                continue
            known = self.existing(reference.table, reference.column, values.unique().tolist())
            known |= self.batch.get((reference.table, reference.column), set())
            if reference.table == self.template.table:  # e.g. a category whose parent is further down the file
                own = self.template.column(self.template.key[0]).db_column
                known |= set(typed[own].dropna().astype(str))
            unknown = ~values.isin(known)
            key = "import.error.unknown_reference"
            if reference.prefix == "commune:":
                key = "import.error.unknown_commune"
            elif reference.table == "flow_category":
                key = "import.error.unknown_category"
            self.problems_at(unknown.reindex(typed.index, fill_value=False), column.header, key, what=reference.label)

    def existing(self, table: str, column: str, values: list[str]) -> set[str]:
        """Which of `values` are in `table.column` (a join, not a list scan: tables may be large)."""
        if not values:
            return set()
        # Table and column names come from the template constants, never from the file.
        rows = self.db.query_rows_joining(
            f"SELECT DISTINCT w.v FROM wanted w JOIN {table} x ON x.{column}::VARCHAR = w.v",
            {"wanted": pd.DataFrame({"v": pd.Series(values, dtype=object)})},
        )
        return {row[0] for row in rows}

    def check_unique(self, typed: pd.DataFrame, headers: tuple[str, ...], *, against_db: bool = True) -> None:
        """Rows sharing these headers' values: in the file (after the first), and with the database."""
        db_columns = [self.template.column(header).db_column for header in headers]
        complete = typed[db_columns].notna().all(axis=1)
        if not complete.any():
            return
        parts = [typed.loc[complete, c].astype(str) for c in db_columns]
        keys = parts[0].str.cat(parts[1:], sep="\x1f") if len(parts) > 1 else parts[0]
        repeated = keys.duplicated(keep="first")
        first_rows = typed.loc[complete, ROW].groupby(keys).transform("first")
        for index in repeated[repeated].index:
            self.problem(
                int(typed.at[index, ROW]),
                headers[0],
                "import.error.duplicate_in_file",
                key=self.key_text(index, headers),
                first=int(first_rows[index]),
            )
        if not against_db:
            return
        conditions = " AND ".join(f"x.{c}::VARCHAR = k.k{i}" for i, c in enumerate(db_columns))
        key_frame = pd.DataFrame({f"k{i}": part.astype(object) for i, part in enumerate(parts)})
        key_frame["position"] = key_frame.index
        # Names come from the template constants, never from the file.
        clashes = self.db.query_rows_joining(
            f"SELECT k.position FROM keys k WHERE EXISTS (SELECT 1 FROM {self.template.table} x WHERE {conditions})",
            {"keys": key_frame},
        )
        for (index,) in sorted(clashes):
            self.problem(
                int(typed.at[index, ROW]), headers[0], "import.error.duplicate_in_db", key=self.key_text(index, headers)
            )

    def key_text(self, index: int, headers: Iterable[str]) -> str:
        """'identifiant E-0001' or 'code_commune 41269, annee 2025, famille batiment', as written in the file."""
        return ", ".join(f"{h} {self.frame.at[index, h] if h in self.frame.columns else ''}".strip() for h in headers)

    def check_keys(self, typed: pd.DataFrame) -> None:
        self.check_unique(typed, self.template.key, against_db=self.template.entity != "perimeters")
        for headers in self.template.unique_together:
            self.check_unique(typed, headers)
        for column in (c for c in self.template.columns if c.unique):
            self.check_unique(typed, (column.header,))


# ---------------------------------------------------------------------------------------------- row rules
RowRule = Callable[[Validator, pd.DataFrame], None]


def _flows(v: Validator, typed: pd.DataFrame) -> None:
    unpaired = typed["quantity"].isna() != typed["unit_code"].isna()
    v.problems_at(unpaired & v.clean("quantity", "unit_code"), "unite", "import.error.quantity_unit")
    for refusal in unit_refusals_in(v.db, typed["category_code"], typed["unit_code"]):  # rule: detection/units.py
        mask = refusal.rows & v.clean("category_code", "unit_code")
        v.problems_at(
            mask, "unite", "detection.unit_check.refused", category=refusal.category, expected=refusal.expected
        )


def _status_events(v: Validator, typed: pd.DataFrame) -> None:
    mismatch = typed["status"].eq("abandoned") != typed["abandonment_reason"].notna()
    v.problems_at(mismatch & v.clean("status", "abandonment_reason"), "motif_abandon", "import.error.abandon_reason")


def _artisan_stats(v: Validator, typed: pd.DataFrame) -> None:
    bands = ["owners_lt30", "owners_30_44", "owners_45_54", "owners_55_plus"]
    counted = typed[[*bands, "owners_total", "owners_women"]].notna().all(axis=1)
    wrong_sum = counted & typed[bands].sum(axis=1).ne(typed["owners_total"])
    v.problems_at(wrong_sum, "dirigeants", "import.error.owner_bands")
    too_many_women = counted & (typed["owners_women"] > typed["owners_total"])
    v.problems_at(too_many_women, "dirigeantes", "import.error.women_owners")


def _date_order(start: str, end: str, end_header: str) -> RowRule:
    def rule(v: Validator, typed: pd.DataFrame) -> None:
        both = typed[start].notna() & typed[end].notna()
        reversed_dates = both & pd.Series(
            [finish < begin if ok else False for begin, finish, ok in zip(typed[start], typed[end], both, strict=True)],
            index=typed.index,
        )
        v.problems_at(reversed_dates, end_header, "import.error.date_order")

    return rule


def _events(v: Validator, typed: pd.DataFrame) -> None:
    both = typed["attendance_total"].notna() & typed["attendance_companies"].notna()
    v.problems_at(
        both & (typed["attendance_companies"] > typed["attendance_total"]),
        "entreprises_presentes",
        "import.error.attendance",
    )


def _indicator_values(v: Validator, typed: pd.DataFrame) -> None:
    """The scope is a territory or a programme according to type_perimetre; it must exist."""
    for scope_type, table, column, what in (
        ("territory", "territory", "territory_id", "territoire"),
        ("programme", "programme", "programme_id", "démarche"),
    ):
        mask = typed["scope_type"].eq(scope_type) & typed["scope_id"].notna()
        typed[column] = typed["scope_id"].where(mask, None)
        values = typed.loc[mask, "scope_id"].astype(str)
        known = v.existing(table, column, values.unique().tolist()) | v.batch.get((table, column), set())
        unknown = (~values.isin(known)).reindex(typed.index, fill_value=False)
        v.problems_at(unknown, "perimetre", "import.error.unknown_reference", what=what)
    # A value written as a percentage (12 %) is 12 only for an indicator measured in %.
    written_percent = v.percent.get("value", pd.Series(False, index=typed.index))
    if written_percent.any():
        units = dict(v.db.query_rows("SELECT indicator_code, unit FROM indicator"))
        not_percent = written_percent & typed["indicator_code"].map(lambda code: units.get(code, "%") != "%")
        v.problems_at(not_percent, "valeur", "import.error.percent_indicator")


def _committed_positive(v: Validator, typed: pd.DataFrame) -> None:
    v.problems_at(typed["committed_quantity"].le(0), "quantite_engagee", "import.error.positive")


def _sa_answers(v: Validator, typed: pd.DataFrame) -> None:
    questions = v.db.query_df("SELECT questionnaire_id, question_code, max_points FROM sa_question")
    merged = typed[["questionnaire_id", "question_code", "points"]].merge(
        questions, how="left", on=["questionnaire_id", "question_code"]
    )
    merged.index = typed.index
    known_questionnaire = typed["questionnaire_id"].notna() & v.clean("questionnaire_id")
    unknown = known_questionnaire & typed["question_code"].notna() & merged["max_points"].isna()
    v.problems_at(unknown, "question", "import.error.unknown_question")
    too_many = merged["max_points"].notna() & typed["points"].notna() & (merged["points"] > merged["max_points"])
    for index in too_many[too_many].index:
        v.problem(
            int(typed.at[index, ROW]),
            "points",
            "import.error.above",
            value=int(typed.at[index, "points"]),
            column="points",
            maximum=int(merged.at[index, "max_points"]),
        )


def _flow_categories(v: Validator, typed: pd.DataFrame) -> None:
    """A category is not its own parent, and parents in the file do not loop (a -> b -> a)."""
    own_parent = typed["parent_code"].eq(typed["category_code"])
    v.problems_at(own_parent, "parent", "import.error.own_parent")
    parents = {code: parent for code, parent in zip(typed["category_code"], typed["parent_code"], strict=True) if code}
    in_cycle = []
    for code in typed["category_code"]:
        current, steps = parents.get(code), 0
        while current is not None and current != code and current in parents and steps <= len(parents):
            current, steps = parents[current], steps + 1
        in_cycle.append(code is not None and current == code)
    v.problems_at(pd.Series(in_cycle, index=typed.index) & ~own_parent, "parent", "import.error.parent_cycle")


def _perimeters(v: Validator, typed: pd.DataFrame) -> None:
    """One name per perimeter code, and a code not yet taken in the database."""
    first_names = typed.groupby("code")["name"].transform("first")
    v.problems_at(typed["name"].notna() & typed["name"].ne(first_names), "nom_perimetre", "import.error.perimeter_name")
    taken = v.existing(
        "territory", "territory_id", ("perimetre:" + typed["code"].dropna().astype(str)).unique().tolist()
    )
    clash = ("perimetre:" + typed["code"].astype(str)).isin(taken) & typed["code"].notna()
    first_row = ~typed["code"].duplicated(keep="first")
    v.problems_at(clash & first_row, "code_perimetre", "import.error.perimeter_exists")


ROW_RULES: dict[str, tuple[RowRule, ...]] = {
    "perimeters": (_perimeters,),
    "flows": (_flows,),
    "synergy_status_events": (_status_events,),
    "artisan_stats": (_artisan_stats,),
    "programmes": (_date_order("start_date", "end_date", "date_fin"),),
    "conventions": (_date_order("start_date", "end_date", "date_fin"),),
    "funding_lines": (_date_order("period_start", "period_end", "date_fin"),),
    "events": (_events,),
    "indicator_values": (_indicator_values,),
    "convention_actions": (_committed_positive,),
    "sa_answers": (_sa_answers,),
    "flow_categories": (_flow_categories,),
}


def validate(
    template: Template, raw: RawTable, db: Database, batch: BatchKeys | None = None, *, allow_empty: bool = False
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Typed rows (database column names, plus the row number) and every problem found, sorted by place.

    `allow_empty`: a table without data rows is accepted (a workbook's unused sheets), else it is a problem.
    """
    validator = Validator(template, raw, db, batch or {})
    if raw.frame is None or not validator.match_headers():
        return None, validator.problems
    if validator.frame.empty:
        if not allow_empty:
            validator.problem(None, None, "import.error.empty")
        return (validator.frame if allow_empty else None), validator.problems
    validator.drop_total_rows()
    typed = validator.convert()
    validator.check_references(typed)
    validator.check_keys(typed)
    for rule in ROW_RULES.get(template.entity, ()):
        rule(validator, typed)
    problems = sorted(validator.problems, key=lambda p: (p.file, p.row or 0, p.column or ""))
    return typed, problems


def validate_frame(
    entity: str, frame: pd.DataFrame, db: Database, *, source: str, row_numbers: bool = False
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The import rules on cells given as a DataFrame (template headers as columns, cells as typed by a person):
    e.g. a form's single row. Same conversions, checks and French messages as a file; each problem names its
    column, and its spreadsheet row only when `row_numbers` (a grid of rows), not for a form's row.
    Returns the typed rows (database column names) or None, and the problems."""
    cells = frame.astype(object).where(frame.notna(), "").map(str)
    raw = table_from_cells(source, [str(c) for c in cells.columns], cells.to_numpy().tolist())
    typed, problems = validate(TEMPLATES_BY_ENTITY[entity], raw, db)
    if not row_numbers:
        problems = [Problem(p.file, None, p.column, p.message, p.kind) for p in problems]
    return typed, problems
