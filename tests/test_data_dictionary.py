"""docs/data_dictionary.csv documents exactly the tables and columns of schema.sql."""

from __future__ import annotations

import pandas as pd

from dashboard.config import PROJECT_ROOT
from dashboard.db import Database


def test_dictionary_covers_schema_exactly(empty_db: Database):
    schema = empty_db.query_df(
        "SELECT table_name AS tbl, column_name AS col FROM duckdb_columns() "
        "WHERE schema_name = 'main' AND table_name IN (SELECT table_name FROM duckdb_tables())"
    )
    dictionary = pd.read_csv(PROJECT_ROOT / "docs" / "data_dictionary.csv", dtype=str, keep_default_na=False)
    documented_columns = set(zip(dictionary.table, dictionary.column, strict=True)) - {
        (t, "") for t in dictionary.table
    }
    schema_columns = set(zip(schema.tbl, schema.col, strict=True))
    assert schema_columns - documented_columns == set(), "columns missing from the data dictionary"
    assert documented_columns - schema_columns == set(), "the dictionary documents columns that do not exist"
    assert set(dictionary.table[dictionary.column == ""]) == set(schema.tbl), "one table line per table"
    assert (dictionary.description.str.len() > 0).all()
