"""A refused import's report: problems of one kind grouped with their rows, capped on screen, whole in the file."""

from __future__ import annotations

import io

import pandas as pd

from dashboard.imports.reader import Problem
from dashboard.imports.report import MAX_GROUPS, group_problems, groups_frame, report_csv, rows_text


def _duplicates(count: int) -> list[Problem]:
    return [
        Problem("flows.csv", row, "identifiant", f"doublon (identifiant F-{row}) : existe déjà", "dup")
        for row in range(2, count + 2)
    ]


def test_problems_of_one_kind_are_one_line_with_their_rows():
    problems = [*_duplicates(200_000), Problem("flows.csv", 7, "unite", "unité inconnue", "unit")]
    groups = group_problems(problems)
    assert [(g.column, g.count) for g in groups] == [("identifiant", 200_000), ("unite", 1)]
    assert groups[0].example == "doublon (identifiant F-2) : existe déjà"
    assert rows_text(groups[0].rows) == "2, 3, 4, 5, 6, 7, 8, 9 … (200\u202f000 lignes)"
    assert rows_text(groups[1].rows) == "7"


def test_the_screen_is_capped_and_the_file_holds_everything():
    problems = [Problem("a.csv", row, f"c{row}", "m", f"kind{row}") for row in range(2, MAX_GROUPS + 12)]
    frame, left_out = groups_frame(problems)
    assert len(frame) == MAX_GROUPS and left_out == 10
    assert list(frame.columns) == ["Fichier", "Colonne", "Lignes", "Nombre", "Problème à corriger (premier cas)"]
    full = pd.read_csv(io.BytesIO(report_csv(problems)), sep=";", encoding="utf-8-sig")
    assert len(full) == len(problems)
    assert list(full.columns) == ["Fichier", "Ligne", "Colonne", "Problème à corriger"]
