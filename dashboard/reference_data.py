"""Our own reference tables, committed as CSV in data/reference/: units, flow nomenclature, substitution
compatibility, indicator catalogue, self-assessment questionnaire.

They are loaded into every new database (demo or not) so that imports can refer to them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd

from dashboard.codes import SelfAssessmentTheme
from dashboard.config import DATA_DIR
from dashboard.i18n import label

REFERENCE_DIR = DATA_DIR / "reference"
# The questionnaire shipped with the product (ASSETT-style, seed 003); a user's own version gets its own id.
QUESTIONNAIRE_ID = "assett-observatoire-v1"
QUESTIONNAIRE_PUBLISHED_ON = dt.date(2026, 1, 15)  # fixed: the build must be deterministic
# Level labels by average score /5; "Niveau avancé" from 2.5 follows the example of seed 003.
SELF_ASSESSMENT_LEVELS: tuple[tuple[float, str], ...] = (
    (0.0, "Niveau débutant"),
    (1.5, "Niveau intermédiaire"),
    (2.5, "Niveau avancé"),
    (4.0, "Niveau exemplaire"),
)


def read_reference(name: str, directory: Path = REFERENCE_DIR) -> pd.DataFrame:
    """One reference CSV as strings, empty cells as missing."""
    return pd.read_csv(directory / f"{name}.csv", dtype=str, keep_default_na=False).replace("", None)


def _insert_frame(cursor: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    # Table names are constants of this module, never user input.
    cursor.register("_reference_frame", frame)
    try:
        columns = ", ".join(frame.columns)
        cursor.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _reference_frame")
    finally:
        cursor.unregister("_reference_frame")


def _categories_parents_first(categories: pd.DataFrame) -> list[pd.DataFrame]:
    """Split the nomenclature into levels so that every parent is inserted before its children."""
    levels: list[pd.DataFrame] = []
    inserted: set[str] = set()
    remaining = categories
    while not remaining.empty:
        ready = remaining["parent_code"].isna() | remaining["parent_code"].isin(inserted)
        if not ready.any():
            raise ValueError(f"flow categories with unknown parents: {sorted(remaining['parent_code'])}")
        levels.append(remaining[ready])
        inserted |= set(remaining.loc[ready, "category_code"])
        remaining = remaining[~ready]
    return levels


def load_reference_data(cursor: duckdb.DuckDBPyConnection, directory: Path = REFERENCE_DIR) -> None:
    """Insert every reference table into an empty database, inside the caller's transaction."""
    units = read_reference("units", directory)
    units["to_base"] = units["to_base"].astype(float)
    _insert_frame(cursor, "unit", units)
    for level in _categories_parents_first(read_reference("flow_categories", directory)):
        _insert_frame(cursor, "flow_category", level)
    _insert_frame(cursor, "flow_compatibility", read_reference("flow_compatibility", directory))
    indicators = read_reference("indicators", directory)
    indicators["decimals"] = indicators["decimals"].astype(int)
    indicators["mandatory"] = indicators["mandatory"].map({"true": True, "false": False})
    for bound in ("min_value", "max_value"):
        indicators[bound] = indicators[bound].astype(float)
    _insert_frame(cursor, "indicator", indicators)
    _load_questionnaire(cursor, read_reference("sa_questionnaire", directory))


def _load_questionnaire(cursor: duckdb.DuckDBPyConnection, questions: pd.DataFrame) -> None:
    cursor.execute(
        "INSERT INTO sa_questionnaire VALUES ($id, $title, $version, $published)",
        {
            "id": QUESTIONNAIRE_ID,
            "title": "Auto-évaluation des acteurs engagés dans la transition écologique",
            "version": "1",
            "published": QUESTIONNAIRE_PUBLISHED_ON,
        },
    )
    themes = pd.DataFrame(
        {
            "questionnaire_id": QUESTIONNAIRE_ID,
            "theme_code": [theme.value for theme in SelfAssessmentTheme],
            "label": [label(theme) for theme in SelfAssessmentTheme],
        }
    )
    _insert_frame(cursor, "sa_theme", themes)
    questions = questions.assign(questionnaire_id=QUESTIONNAIRE_ID, max_points=questions["max_points"].astype(int))
    _insert_frame(
        cursor, "sa_question", questions[["questionnaire_id", "question_code", "theme_code", "text", "max_points"]]
    )
    levels = pd.DataFrame(SELF_ASSESSMENT_LEVELS, columns=["min_score", "label"]).assign(
        questionnaire_id=QUESTIONNAIRE_ID
    )
    _insert_frame(cursor, "sa_level", levels[["questionnaire_id", "min_score", "label"]])
