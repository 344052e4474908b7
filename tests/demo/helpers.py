"""Query helper shared by the demo tests."""

from __future__ import annotations

from typing import Any

import duckdb


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
    """All rows of a query with named parameters."""
    return con.execute(sql, params or {}).fetchall()
