"""Every cache of the app lives here, so invalidation has one home.

- `get_database()`: one `Database` per database path and process, so tests can point `OBSERVATOIRE_DB` at
  another file and get another connection. Opening it also starts the scheduled backups when configured.
- `cached(func, *args)`: memoises a pure read function `func(db, *args)`, keyed on the database path, the data
  version (meta `data_as_of` + latest import) and the arguments.
- `memo(func, *args, **kwargs)`: a pure function of its arguments (no database) memoised in the same cache, for
  what a page derives per load from cached reads (formatted tables, totals).
- `cached_drawn_figure(build, *args, **kwargs)`: a Plotly figure builder of `dashboard.charts` memoised in the same
  cache (building a figure through Plotly's validators costs 10-50 ms; pages draw several per load), as the JSON
  tree the browser draws (`DrawnFigure`, handed to `dashboard.ui.charts.chart`).
- `cached_until_write(func, *args)`: `func(db, *args)` memoised until the next committed write, for what no data
  version covers but any write may change (accounts and roles, read at every click by the sign-in check).
- `invalidate_data_cache()`: to call after an import so every page re-reads. An edit made in a form needs no
  call: its history row (`record_change`) changes the key of the cached reads about the territories it
  touches, and only theirs (`edit_version`).

Why not `st.cache_data` / `st.cache_resource`: (1) they bound the number of entries, not their size, and one
national table can weigh hundreds of megabytes; this cache is bounded in bytes (`OBSERVATOIRE_CACHE_MO`);
(2) Streamlit 1.67 lets any browser send the "clear cache" message, which empties both global caches for every
user (`AppSession._handle_clear_cache_request`, no setting turns it off). Process-level caches of our own are
out of its reach: the message now only clears the sender's own session state.

Entries are stored pickled, as `st.cache_data` does: each caller gets its own copy, so a page that modifies a
cached DataFrame cannot change what other sessions see, and the byte size of an entry is exact.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import pickle
import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import plotly.graph_objects as go
from cachetools import LRUCache

from dashboard.backup import BackupSchedule
from dashboard.charts.browser import browser_tree
from dashboard.config import backup_directory, backup_interval_hours, backup_keep, database_path
from dashboard.db import Database
from dashboard.records.store import last_change, territory_argument

T = TypeVar("T")

CACHE_SIZE_ENV = "OBSERVATOIRE_CACHE_MO"
DEFAULT_CACHE_MB = 512  # of pickled results; the process's other memory (DuckDB, Streamlit) comes on top
_LOCK_STRIPES = 64  # computations of the same key wait for each other; different keys rarely share a stripe

_databases: dict[str, Database] = {}
_schedules: dict[str, BackupSchedule] = {}
_databases_lock = threading.Lock()


def cache_size_bytes() -> int:
    return int(float(os.environ.get(CACHE_SIZE_ENV, DEFAULT_CACHE_MB)) * 1024 * 1024)


_data: LRUCache[Hashable, bytes] = LRUCache(maxsize=cache_size_bytes(), getsizeof=len)
_data_lock = threading.Lock()
_versions: dict[tuple[str, int], tuple[int, str]] = {}  # (path, connection) -> (commits, data version)
_edits: dict[tuple[str, int, str | None], tuple[int, int]] = {}  # (path, connection, territory) -> (commits, edit)
_compute_locks = [threading.Lock() for _ in range(_LOCK_STRIPES)]


def get_database() -> Database:
    """The database of `dashboard.config.database_path()`, opened once per path and process."""
    path = str(database_path())
    with _databases_lock:
        database = _databases.get(path)
        if database is None:
            database = _databases[path] = Database(path)
            _start_backup_schedule(path, database)
        return database


def _start_backup_schedule(path: str, database: Database) -> None:
    """Scheduled backups, taken by this process since it holds the file (off unless configured)."""
    hours = backup_interval_hours()
    if hours is None or path == ":memory:":
        return
    _schedules[path] = BackupSchedule(
        lambda: database, backup_directory(), interval=dt.timedelta(hours=hours), keep=backup_keep()
    ).start()


def data_version(db: Database) -> str:
    """A string that changes when the data changes: meta data_as_of, dataset, latest import id.

    Read once per committed write (`Database.change_count()`) rather than at every cached call: for a DuckDB
    file no other process can write it while this one holds it, so between two commits of this process the
    answer is the same; for the shared PostgreSQL store the count is every process's commits, and is part of
    the version, so that a write in another worker changes every key.
    """
    memo_key = (db.path, id(db))
    with _data_lock:
        memo = _versions.get(memo_key)
    commits = db.change_count()  # read before the query: a commit meanwhile makes the next call read again
    if memo is not None and memo[0] == commits:
        return memo[1]
    version = f"{_read_data_version(db)}|{commits}" if db.store_url is not None else _read_data_version(db)
    with _data_lock:
        _versions[memo_key] = (commits, version)
    return version


def _read_data_version(db: Database) -> str:
    row = db.query_rows(
        """
        SELECT (SELECT value FROM meta WHERE key = 'data_as_of'),
               (SELECT value FROM meta WHERE key = 'dataset'),
               (SELECT max(import_id) FROM import_log)
        """
    )[0]
    return "|".join("" if part is None else str(part) for part in row)


def edit_version(db: Database, territory_id: str | None) -> int:
    """The latest form edit touching the territory (any edit when None), read once per commit as data_version."""
    memo_key = (db.path, id(db), territory_id)
    with _data_lock:
        memo = _edits.get(memo_key)
    commits = db.change_count()
    if memo is not None and memo[0] == commits:
        return memo[1]
    version = last_change(db, territory_id)
    with _data_lock:
        _edits[memo_key] = (commits, version)
    return version


def cached(func: Callable[..., T], *args: Any) -> T:
    """`func(db, *args)` memoised per database path, data version and (picklable) args.

    `func` must be a module-level function of the pure core returning picklable data (DataFrame,
    dataclass); use it for reads that are slow enough to matter (aggregations over many rows).
    """
    db = get_database()
    # Edits made in the forms: a read about a territory is refreshed only by changes touching its communes.
    edits = edit_version(db, territory_argument(args))
    return _memoised(db, (data_version(db), edits), func, args)


def cached_until_write(func: Callable[..., T], *args: Any) -> T:
    """`func(db, *args)` memoised until the next committed write of any kind (`Database.change_count()`: this
    process's commits on a DuckDB file; every worker's, read at most every `pgstore.VERSION_MAX_AGE_S`, on the shared
    store). For reads that no data version covers and that a run must see as stored: the signed-in user's account
    and roles, read at every click (a removed role ends at the next click) — three queries per page load before."""
    db = get_database()
    return _memoised(db, ("commits", db.change_count()), func, args)


def _memoised(db: Database, version: tuple[Hashable, ...], func: Callable[..., T], args: tuple[Any, ...]) -> T:
    """`func(db, *args)` from the byte-bounded cache under the database path, `version`, the function and args."""
    # Arguments are keyed by their pickled bytes, as st.cache_data hashes them: lists, frozen dataclasses and
    # tuples of them all qualify (equal values pickle alike; a rare difference only costs a recomputation).
    arguments = hashlib.blake2b(pickle.dumps(args, protocol=pickle.HIGHEST_PROTOCOL), digest_size=16).digest()
    key = (str(database_path()), *version, func.__module__, func.__qualname__, arguments)
    with _data_lock:
        blob = _data.get(key)
    if blob is None:
        # One computation per key at a time: twenty sessions opening the same page compute it once.
        with _compute_locks[hash(key) % _LOCK_STRIPES]:
            with _data_lock:
                blob = _data.get(key)
            if blob is None:
                value = func(db, *args)
                blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
                # Evicts the least recently used entries beyond the byte bound; a result larger than the whole
                # cache (ValueError) is served, not kept.
                with _data_lock, contextlib.suppress(ValueError):
                    _data[key] = blob
                return value
    return pickle.loads(blob)


def _call(_db: Database, func: Callable[..., T], args: tuple[Any, ...], kwargs: tuple[tuple[str, Any], ...]) -> T:
    return func(*args, **dict(kwargs))


def memo(func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`func(*args, **kwargs)` memoised in the same cache: a pure function of its (picklable) arguments, without
    the database — what a page derives per load from cached reads (a formatted table of 2 000 flows, totals).
    The arguments are the data themselves, so the key holds everything the result depends on."""
    return cached(_call, func, args, tuple(sorted(kwargs.items())))


def _browser_tree(build: Callable[..., go.Figure], *args: Any, **kwargs: Any) -> dict[str, Any]:
    return browser_tree(build(*args, **kwargs))


class DrawnFigure(go.Figure):
    """A figure to draw with `dashboard.ui.charts.chart`, kept as the JSON tree the browser draws
    (`dashboard.charts.browser.browser_tree`: drawn once, not twice).

    `st.plotly_chart` reads a Plotly Figure through `to_dict()` alone, which here answers with that tree: neither
    are Plotly's objects rebuilt from it at each page load (`go.Figure(tree)`) nor is it deep-copied by `to_dict()`.
    For the Carte page's companies map (a 130 kB tree: the communes' boundaries, 12 traces) that was 12 ms of server
    time per load on a quiet machine, twice that on a loaded one (benches/bench_pages_browser.py, issue 16).
    As a Figure it holds the title alone (the chart's name, `chart_name`): `figure()` builds the whole Figure, for
    the PNG download. Read-only: a change made to it would not be drawn.
    """

    def __init__(self, tree: dict[str, Any]) -> None:
        super().__init__(layout={"title": tree.get("layout", {}).get("title", {})}, _validate=False)
        self._tree = tree

    def to_dict(self) -> dict[str, Any]:
        return self._tree  # this figure's own unpickled copy: nobody else holds it

    def figure(self) -> go.Figure:
        """The whole figure, as drawn (for its PNG; validated again, once per click)."""
        figure = go.Figure(self._tree)
        # plotly.py gives a figure without a template its default one (unvalidated, None would stay in the tree)
        figure.layout.template = None
        return figure


def cached_drawn_figure(build: Callable[..., go.Figure], *args: Any, **kwargs: Any) -> DrawnFigure:
    """`build(*args, **kwargs)` memoised, as the browser draws it: a pure figure builder (module-level, picklable
    arguments: the data it draws, the chart context, options), so the key holds everything the figure depends on.

    What is kept is the figure's JSON tree (small and quick to unpickle), not the Figure: unpickling a Figure runs
    every Plotly validator again (10-50 ms a figure), which is what the cache is there to avoid."""
    return DrawnFigure(memo(_browser_tree, build, *args, **kwargs))


def cache_usage() -> tuple[int, int, int]:
    """(entries, bytes used, byte bound) of the data cache, for benchmarks and the deployment checks."""
    with _data_lock:
        return len(_data), int(_data.currsize), int(_data.maxsize)


def invalidate_data_cache() -> None:
    """Forget every cached read (call after an import or an edit)."""
    with _data_lock:
        _data.clear()
        _versions.clear()
        _edits.clear()
