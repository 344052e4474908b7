"""What a database holds, for `python -m dashboard info` and the data page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from dashboard.codes import Level
from dashboard.db import Database
from dashboard.i18n import MESSAGES
from dashboard.imports.templates import TEMPLATES

DEMO_DATASET = "demo"  # meta 'dataset' written by dashboard.demo.build
# The template title names a table; the perimeters template shares `territory`, which has its own name.
TABLE_TITLES: dict[str, str] = {t.table: t.title for t in TEMPLATES if t.entity != "perimeters"}


def table_title(table: str) -> str:
    """French name of a table: its template's title, else its data.table.* message, else its name."""
    return TABLE_TITLES.get(table) or MESSAGES.get(f"data.table.{table}", table)


@dataclass(frozen=True)
class DatabaseContent:
    is_demo: bool  # the demo dataset (fictitious companies) rather than the user's own data
    data_as_of: dt.date | None
    territories: dict[str, int]  # count per level code, every level present (0 when none)
    tables: pd.DataFrame  # table, title (French or the table name), rows; tables with rows first
    last_import: dt.datetime | None

    @property
    def is_empty(self) -> bool:
        """No data row: `meta` holds the schema version of every database, data or not."""
        return int(self.tables.loc[self.tables["table"] != "meta", "rows"].sum()) == 0

    def rows(self, table: str) -> int:
        return int(self.tables.loc[self.tables["table"] == table, "rows"].sum())


def database_content(db: Database) -> DatabaseContent:
    counts = db.table_counts()
    tables = pd.DataFrame(
        {"table": list(counts), "title": [table_title(n) for n in counts], "rows": list(counts.values())}
    )
    tables = tables.sort_values(["rows", "table"], ascending=[False, True]).reset_index(drop=True)
    by_level = dict(db.query_rows("SELECT level, count(*) FROM territory GROUP BY level"))
    as_of = db.get_meta("data_as_of")
    return DatabaseContent(
        is_demo=db.get_meta("dataset") == DEMO_DATASET,
        data_as_of=dt.date.fromisoformat(as_of) if as_of else None,
        territories={level.value: int(by_level.get(level.value, 0)) for level in Level},
        tables=tables,
        last_import=db.query_value("SELECT max(imported_at) FROM import_log"),
    )
