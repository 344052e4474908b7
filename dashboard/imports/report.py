"""A refused import's report, readable however many problems it has: grouped by kind on screen, whole in a file.

Re-importing 200 000 rows that are already in the database gives 200 000 "duplicate" problems: the screen shows
one line per kind of problem (file, column, message key) with its number of rows, the first rows and one example
message, at most MAX_GROUPS lines; the full list (one line per problem) is a CSV download.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.i18n import fmt_int, t
from dashboard.imports.export import to_bytes
from dashboard.imports.reader import Problem, problems_frame

ROWS_LISTED = 8  # row numbers shown per group before "…"
MAX_GROUPS = 50  # groups shown on screen; the download holds everything


@dataclass(frozen=True)
class ProblemGroup:
    file: str
    column: str | None
    rows: tuple[int, ...]  # spreadsheet rows, in order (empty for problems of the whole file)
    count: int
    example: str  # the first problem's message


def group_problems(problems: list[Problem]) -> list[ProblemGroup]:
    """Problems of one kind (same file, column and message key; same message when the key is unknown) together,
    in the order of their first occurrence."""
    groups: dict[tuple[str, str | None, str], list[Problem]] = {}
    for problem in problems:
        groups.setdefault((problem.file, problem.column, problem.kind or problem.message), []).append(problem)
    return [
        ProblemGroup(
            file=file,
            column=column,
            rows=tuple(sorted({p.row for p in members if p.row is not None})),
            count=len(members),
            example=members[0].message,
        )
        for (file, column, _), members in groups.items()
    ]


def rows_text(rows: tuple[int, ...]) -> str:
    """'2, 3, 4' or '2, 3, 4, 5, 6, 7, 8, 9 … (200 000 lignes)'."""
    shown = ", ".join(fmt_int(row) for row in rows[:ROWS_LISTED])
    if len(rows) <= ROWS_LISTED:
        return shown
    return t("import.report.more_rows", rows=shown, count=fmt_int(len(rows)))


def groups_frame(problems: list[Problem]) -> tuple[pd.DataFrame, int]:
    """The grouped report with French headers (at most MAX_GROUPS lines), and the number of groups left out."""
    groups = group_problems(problems)
    shown = groups[:MAX_GROUPS]
    frame = pd.DataFrame(
        {
            t("data.col.file"): [g.file for g in shown],
            t("data.col.column"): [g.column or "" for g in shown],
            t("import.report.col.rows"): [rows_text(g.rows) for g in shown],
            t("import.report.col.count"): [fmt_int(g.count) for g in shown],
            t("import.report.col.example"): [g.example for g in shown],
        }
    )
    return frame, len(groups) - len(shown)


def report_csv(problems: list[Problem]) -> bytes:
    """Every problem, one per line (file, row, column, message): the full report to download."""
    return to_bytes({"rapport": problems_frame(problems)}, "csv")
