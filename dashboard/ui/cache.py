"""Every Streamlit cache of the app lives here, so invalidation has one home.

- `get_database()`: one `Database` per database path and process (`st.cache_resource`), so tests can point
  `OBSERVATOIRE_DB` at another file and get another connection.
- `cached(func, *args)`: memoises a pure read function `func(db, *args)` (`st.cache_data`), keyed on the
  database path, the data version (meta `data_as_of` + latest import) and the arguments.
- `invalidate_data_cache()`: to call after an import so every page re-reads. An edit made in a form needs no
  call: its history row (`record_change`) changes the key of the cached reads about the territories it
  touches, and only theirs.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from dashboard.config import database_path
from dashboard.db import Database
from dashboard.records.store import last_change, territory_argument

T = TypeVar("T")

# Bounded so that a long session exploring many territories cannot grow memory without limit.
DATA_CACHE_MAX_ENTRIES = 512


@st.cache_resource(show_spinner=False)
def _open_database(path: str) -> Database:
    return Database(path)


def get_database() -> Database:
    """The database of `dashboard.config.database_path()`, opened once per path and process."""
    return _open_database(str(database_path()))


def data_version(db: Database) -> str:
    """A string that changes when the data changes: meta data_as_of, dataset, latest import id."""
    row = db.query_rows(
        """
        SELECT (SELECT value FROM meta WHERE key = 'data_as_of'),
               (SELECT value FROM meta WHERE key = 'dataset'),
               (SELECT max(import_id) FROM import_log)
        """
    )[0]
    return "|".join("" if part is None else str(part) for part in row)


@st.cache_data(show_spinner=False, max_entries=DATA_CACHE_MAX_ENTRIES)
def _cached_call(db_path: str, version: str, module: str, qualname: str, args: tuple[Any, ...]) -> Any:
    # db_path and version are part of the cache key only; the function is resolved by name because
    # Streamlit hashes arguments, and a name is a stable, cheap key for a module-level function.
    del db_path, version
    target: Any = importlib.import_module(module)
    for part in qualname.split("."):
        target = getattr(target, part)
    return target(get_database(), *args)


def cached(func: Callable[..., T], *args: Any) -> T:
    """`func(db, *args)` memoised per database path, data version and (hashable, picklable) args.

    `func` must be a module-level function of the pure core returning picklable data (DataFrame,
    dataclass); use it for reads that are slow enough to matter (aggregations over many rows).
    """
    db = get_database()
    # Edits made in the interface: a read about a territory is refreshed only by changes touching it.
    edits = last_change(db, territory_argument(args))
    version = f"{data_version(db)}|{edits}"
    return _cached_call(str(database_path()), version, func.__module__, func.__qualname__, tuple(args))


def invalidate_data_cache() -> None:
    """Forget every cached read (call after an import or an edit)."""
    _cached_call.clear()
