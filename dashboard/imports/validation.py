"""Validate a table against its template: every problem at once, each located (file, row, column).

The output is a typed frame ready for insertion, with database column names, or the list of problems;
the database is only read here (references and existing keys), never written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

import pandas as pd

from dashboard.db import Database
from dashboard.i18n import CODE_LABELS, t
from dashboard.imports.reader import ROW, Problem, RawTable
from dashboard.imports.templates import Column, Template

DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%d/%m/%y")  # French first; ISO as Excel stores it
TRUE_WORDS, FALSE_WORDS = {"oui", "vrai", "true", "1", "o"}, {"non", "faux", "false", "0", "n"}

# Keys of rows met earlier in the same import (e.g. companies of another sheet), by (table, column).
BatchKeys = dict[tuple[str, str], set[str]]


def parse_decimal(text: str) -> Decimal:
    """'1 234,5', '1234.5', '1 234,5' -> Decimal; raises InvalidOperation otherwise."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text)
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", cleaned):
        raise InvalidOperation(text)
    return Decimal(cleaned)


def parse_date(text: str) -> dt.date:
    for date_format in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, date_format).date()
        except ValueError:
            continue
    raise ValueError(text)


def code_lookup(column: Column) -> dict[str, str]:
    """Accepted spellings of an enum column: the code and its French label, case-insensitive."""
    assert column.enum is not None
    lookup = {}
    for member in column.enum:
        lookup[member.value.lower()] = member.value
        lookup[CODE_LABELS[(column.enum, member.value)].lower()] = member.value
    return lookup


class Validator:
    """Collects problems while converting one table."""

    def __init__(self, template: Template, raw: RawTable, db: Database, batch: BatchKeys) -> None:
        self.template = template
        self.raw = raw
        self.db = db
        self.batch = batch
        self.problems: list[Problem] = list(raw.problems)

    def problem(self, at_row: int | None, at_column: str | None, key: str, /, **values: object) -> None:
        self.problems.append(Problem(self.raw.file, at_row, at_column, t(key, **values)))

    # ------------------------------------------------------------------ structure
    def check_headers(self) -> bool:
        frame = self.raw.frame
        assert frame is not None
        present = set(frame.columns) - {ROW}
        expected = [column.header for column in self.template.columns]
        for column in self.template.columns:
            if column.header not in present and column.required:
                self.problem(
                    1, column.header, "import.error.missing_column", column=column.header, expected=", ".join(expected)
                )
        for header in sorted(present - set(expected)):
            self.problem(1, header, "import.error.unknown_column", column=header, expected=", ".join(expected))
        return not self.problems

    # ------------------------------------------------------------------ cells
    def convert(self) -> pd.DataFrame:
        frame = self.raw.frame
        assert frame is not None
        out = pd.DataFrame({ROW: frame[ROW]})
        for column in self.template.columns:
            cells = frame[column.header] if column.header in frame.columns else pd.Series("", index=frame.index)
            out[column.db_column] = [
                self.convert_cell(column, cell, row) for cell, row in zip(cells, frame[ROW], strict=True)
            ]
        return out

    def convert_cell(self, column: Column, cell: str, row: int) -> object:
        if cell == "":
            if column.required:
                self.problem(row, column.header, "import.error.required", column=column.header)
            return None
        try:
            value = self._typed(column, cell)
        except (ValueError, InvalidOperation):
            self.problem(row, column.header, f"import.error.type.{column.kind}", value=cell, column=column.header,
                         allowed=self._allowed(column))  # fmt: skip
            return None
        if column.pattern is not None and not re.fullmatch(column.pattern, str(value)):
            self.problem(
                row,
                column.header,
                "import.error.pattern",
                value=cell,
                column=column.header,
                example=column.pattern_hint,
            )
            return None
        if isinstance(value, int | Decimal):
            if column.minimum is not None and value < column.minimum:
                key = "import.error.negative" if column.minimum == 0 else "import.error.below"
                self.problem(row, column.header, key, value=cell, column=column.header, minimum=column.minimum)
                return None
            if column.maximum is not None and value > column.maximum:
                self.problem(
                    row, column.header, "import.error.above", value=cell, column=column.header, maximum=column.maximum
                )
                return None
        return float(value) if isinstance(value, Decimal) else value

    def _typed(self, column: Column, cell: str) -> object:
        if column.kind == "text":
            return cell
        if column.kind == "int":
            number = parse_decimal(cell)
            if number != number.to_integral_value():
                raise ValueError(cell)
            return int(number)
        if column.kind == "decimal":
            return parse_decimal(cell)
        if column.kind == "date":
            return parse_date(cell)
        if column.kind == "bool":
            lowered = cell.lower()
            if lowered in TRUE_WORDS | FALSE_WORDS:
                return lowered in TRUE_WORDS
            raise ValueError(cell)
        code = code_lookup(column).get(cell.lower())
        if code is None:
            raise ValueError(cell)
        return code

    @staticmethod
    def _allowed(column: Column) -> str:
        if column.enum is None:
            return ""
        return ", ".join(f"{m.value} ({CODE_LABELS[(column.enum, m.value)]})" for m in column.enum)

    # ------------------------------------------------------------------ references and keys
    def check_references(self, typed: pd.DataFrame) -> None:
        for column in self.template.columns:
            reference = column.reference
            if reference is None:
                continue
            values = typed[column.db_column].dropna().astype(str)
            if values.empty:
                continue
            wanted = sorted({reference.prefix + v for v in values})
            known = self.existing(reference.table, reference.column, wanted) | self.batch.get(
                (reference.table, reference.column), set()
            )
            for row, value in zip(typed.loc[values.index, ROW], values, strict=True):
                if reference.prefix + value not in known:
                    key = (
                        "import.error.unknown_commune"
                        if reference.prefix == "commune:"
                        else "import.error.unknown_reference"
                    )
                    if reference.table == "flow_category":
                        key = "import.error.unknown_category"
                    self.problem(int(row), column.header, key, value=value, column=column.header, what=reference.label)

    def existing(self, table: str, column: str, values: list[str]) -> set[str]:
        # Table and column names come from the template constants, never from the file.
        rows = self.db.query_rows(f"SELECT DISTINCT {column}::VARCHAR FROM {table} WHERE list_contains($values, {column}::VARCHAR)",
                                  {"values": values})  # fmt: skip
        return {r[0] for r in rows}

    def check_keys(self, typed: pd.DataFrame) -> None:
        key_columns = [self.template.column(header).db_column for header in self.template.key]
        keys = typed[key_columns].astype(str).agg(" | ".join, axis=1)
        first_row: dict[str, int] = {}
        for row, key in zip(typed[ROW], keys, strict=True):
            if key in first_row:
                self.problem(
                    int(row),
                    ", ".join(self.template.key),
                    "import.error.duplicate_in_file",
                    key=key,
                    first=first_row[key],
                )
            else:
                first_row[key] = int(row)
        if self.template.entity == "perimeters":
            return  # perimeters are checked against existing territories by the loader's own rule below
        conditions = " AND ".join(f"{c}::VARCHAR = k.k{i}" for i, c in enumerate(key_columns))
        key_frame = typed[key_columns].astype(str).set_axis([f"k{i}" for i in range(len(key_columns))], axis=1)
        key_frame[ROW] = typed[ROW].to_numpy()
        clashes = self.db.query_rows_joining(
            f"SELECT k.{ROW} FROM k WHERE EXISTS (SELECT 1 FROM {self.template.table} WHERE {conditions})",
            {"k": key_frame},
        )
        for (row,) in clashes:
            key = keys[typed[ROW] == row].iloc[0]
            self.problem(int(row), ", ".join(self.template.key), "import.error.duplicate_in_db", key=key)
        self.check_unique_columns(typed)

    def check_unique_columns(self, typed: pd.DataFrame) -> None:
        for column in (c for c in self.template.columns if c.unique):
            values = typed[column.db_column].dropna().astype(str)
            duplicated = values[values.duplicated(keep="first")]
            for row, value in zip(typed.loc[duplicated.index, ROW], duplicated, strict=True):
                self.problem(int(row), column.header, "import.error.duplicate_value", value=value, column=column.header)
            taken = self.existing(self.template.table, column.db_column, sorted(set(values)))
            for row, value in zip(typed.loc[values.index, ROW], values, strict=True):
                if value in taken:
                    self.problem(
                        int(row), column.header, "import.error.duplicate_value_db", value=value, column=column.header
                    )


# ---------------------------------------------------------------------------------------------- row rules
RowRule = Callable[[Validator, pd.DataFrame], None]


def _flows(v: Validator, typed: pd.DataFrame) -> None:
    for row, quantity, unit in zip(typed[ROW], typed["quantity"], typed["unit_code"], strict=True):
        if (quantity is None or pd.isna(quantity)) != (unit is None or pd.isna(unit)):
            v.problem(int(row), "unite", "import.error.quantity_unit")


def _status_events(v: Validator, typed: pd.DataFrame) -> None:
    for row, status, reason in zip(typed[ROW], typed["status"], typed["abandonment_reason"], strict=True):
        if (status == "abandoned") != (reason is not None and not pd.isna(reason)):
            v.problem(int(row), "motif_abandon", "import.error.abandon_reason")


def _artisan_stats(v: Validator, typed: pd.DataFrame) -> None:
    bands = ["owners_lt30", "owners_30_44", "owners_45_54", "owners_55_plus"]
    for _, r in typed.iterrows():
        if any(r[c] is None or pd.isna(r[c]) for c in [*bands, "owners_total", "owners_women"]):
            continue
        if sum(int(r[c]) for c in bands) != int(r["owners_total"]):
            v.problem(int(r[ROW]), "dirigeants", "import.error.owner_bands")
        if int(r["owners_women"]) > int(r["owners_total"]):
            v.problem(int(r[ROW]), "dirigeantes", "import.error.women_owners")


def _date_order(start: str, end: str, end_header: str) -> RowRule:
    def rule(v: Validator, typed: pd.DataFrame) -> None:
        for row, begin, finish in zip(typed[ROW], typed[start], typed[end], strict=True):
            if (
                begin is not None
                and finish is not None
                and not pd.isna(begin)
                and not pd.isna(finish)
                and finish < begin
            ):
                v.problem(int(row), end_header, "import.error.date_order")

    return rule


def _events(v: Validator, typed: pd.DataFrame) -> None:
    for row, total, companies in zip(typed[ROW], typed["attendance_total"], typed["attendance_companies"], strict=True):
        if (
            total is not None
            and companies is not None
            and not pd.isna(total)
            and not pd.isna(companies)
            and companies > total
        ):
            v.problem(int(row), "entreprises_presentes", "import.error.attendance")


def _indicator_values(v: Validator, typed: pd.DataFrame) -> None:
    typed["period_quarter"] = typed["period_quarter"].fillna(0).astype(int)
    for scope_type, table, column in (
        ("territory", "territory", "territory_id"),
        ("programme", "programme", "programme_id"),
    ):
        mask = typed["scope_type"] == scope_type
        typed[column] = typed["scope_id"].where(mask, None)
        values = typed.loc[mask, "scope_id"].dropna().astype(str)
        known = v.existing(table, column, sorted(set(values))) | v.batch.get((table, column), set())
        for row, value in zip(typed.loc[values.index, ROW], values, strict=True):
            if value not in known:
                v.problem(int(row), "perimetre", "import.error.unknown_reference", value=value, column="perimetre",
                          what="territoire" if scope_type == "territory" else "démarche")  # fmt: skip


def _committed_positive(v: Validator, typed: pd.DataFrame) -> None:
    for row, quantity in zip(typed[ROW], typed["committed_quantity"], strict=True):
        if quantity is not None and not pd.isna(quantity) and quantity <= 0:
            v.problem(int(row), "quantite_engagee", "import.error.positive")


def _sa_answers(v: Validator, typed: pd.DataFrame) -> None:
    questions = v.db.query_df("SELECT questionnaire_id, question_code, max_points FROM sa_question")
    known = {(q, c): m for q, c, m in questions.itertuples(index=False)}
    for row, questionnaire, question, points in zip(
        typed[ROW], typed["questionnaire_id"], typed["question_code"], typed["points"], strict=True
    ):
        maximum = known.get((questionnaire, question))
        if maximum is None:
            v.problem(
                int(row),
                "question",
                "import.error.unknown_reference",
                value=question,
                column="question",
                what="question",
            )
        elif points is not None and not pd.isna(points) and points > maximum:
            v.problem(int(row), "points", "import.error.above", value=points, column="points", maximum=maximum)


ROW_RULES: dict[str, tuple[RowRule, ...]] = {
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
}


def validate(
    template: Template, raw: RawTable, db: Database, batch: BatchKeys | None = None
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Typed rows (database column names, plus the row number) and every problem found."""
    validator = Validator(template, raw, db, batch or {})
    if raw.frame is None or not validator.check_headers():
        return None, validator.problems
    if raw.frame.empty:
        validator.problem(None, None, "import.error.empty")
        return None, validator.problems
    typed = validator.convert()
    validator.check_references(typed)
    validator.check_keys(typed)
    for rule in ROW_RULES.get(template.entity, ()):
        rule(validator, typed)
    problems = sorted(validator.problems, key=lambda p: (p.file, p.row or 0, p.column or ""))
    return typed, problems
