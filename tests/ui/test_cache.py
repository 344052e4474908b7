"""The cached database follows OBSERVATOIRE_DB; cached reads follow the data version."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from plotly.tools import return_figure_from_figure_or_data

from dashboard.charts.browser import browser_tree
from dashboard.config import DB_PATH_ENV
from dashboard.db import Database, set_meta
from dashboard.ui import cache
from dashboard.ui.charts import chart_name


def count_territories(db: Database) -> int:
    """A module-level read function, as `cache.cached` requires."""
    return int(db.query_value("SELECT count(*) FROM territory"))


def _insert_region(db: Database, code: str) -> None:
    with db.transaction() as cur:
        cur.execute(
            "INSERT INTO territory (territory_id, level, code, name, source) VALUES ($id, 'region', $code, 'R', 't')",
            {"id": f"region:{code}", "code": code},
        )


def test_get_database_is_one_connection_per_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(DB_PATH_ENV, str(tmp_path / "a.duckdb"))
    first = cache.get_database()
    assert cache.get_database() is first
    monkeypatch.setenv(DB_PATH_ENV, str(tmp_path / "b.duckdb"))
    other = cache.get_database()
    assert other is not first and other.path == str(tmp_path / "b.duckdb")


def test_cached_reads_follow_the_data_version(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(DB_PATH_ENV, str(tmp_path / "versioned.duckdb"))
    db = cache.get_database()
    assert cache.cached(count_territories) == 0
    _insert_region(db, "11")
    assert cache.cached(count_territories) == 0  # same data version: the cached value is served
    with db.transaction() as cur:
        set_meta(cur, "data_as_of", "2026-01-31")  # what an import or the demo build does
    assert cache.cached(count_territories) == 1
    _insert_region(db, "24")
    cache.invalidate_data_cache()
    assert cache.cached(count_territories) == 2


def test_reads_cached_until_write_follow_every_commit(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """`cached_until_write` serves the stored value until any committed write, data version or not."""
    monkeypatch.setenv(DB_PATH_ENV, str(tmp_path / "commits.duckdb"))
    db = cache.get_database()
    assert cache.cached_until_write(count_territories) == cache.cached(count_territories) == 0
    with db.transaction(data_change=False) as cur:  # a write no data version sees (an account, a role)
        cur.execute(
            "INSERT INTO territory (territory_id, level, code, name, source) VALUES ('region:11', 'region', '11', 'R', 't')"
        )
    assert cache.cached(count_territories) == 0  # the data version did not move
    assert cache.cached_until_write(count_territories) == 1
    assert cache.cached_until_write(count_territories) == 1  # and is served from the cache until the next one


def test_the_cache_is_bounded_in_bytes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Entries are evicted by size: a bound of 1 Mo never holds more than 1 Mo of results."""
    monkeypatch.setenv(DB_PATH_ENV, str(tmp_path / "bounded.duckdb"))
    monkeypatch.setattr(cache, "_data", cache.LRUCache(maxsize=1024 * 1024, getsizeof=len))
    for size in range(1, 20):
        assert len(cache.cached(padding, size * 100_000)) == size * 100_000
        entries, used, bound = cache.cache_usage()
        assert used <= bound == 1024 * 1024
    assert entries < 19  # the oldest were evicted
    assert len(cache.cached(padding, 5_000_000)) == 5_000_000  # larger than the bound: served, not kept
    assert cache.cache_usage()[1] <= 1024 * 1024


def padding(db: Database, size: int) -> str:
    del db
    return "x" * size


def test_a_cached_result_cannot_be_changed_by_a_caller(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(DB_PATH_ENV, str(tmp_path / "copies.duckdb"))
    first = cache.cached(territory_frame)
    first["level"] = "changed by one page"
    assert list(cache.cached(territory_frame)["level"]) == []  # still the stored (empty) result
    assert cache.cached(territory_frame) is not cache.cached(territory_frame)


def territory_frame(db: Database):
    return db.query_df("SELECT level FROM territory")


def test_a_client_clear_cache_message_empties_no_shared_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Streamlit's own handler of the browser's "clear cache" message leaves the data and the database alone."""
    from streamlit.runtime.app_session import AppSession

    monkeypatch.setenv(DB_PATH_ENV, str(tmp_path / "shared.duckdb"))
    db = cache.get_database()
    assert cache.cached(count_territories) == 0
    entries = cache.cache_usage()[0]

    class Session:  # what the handler touches of an AppSession: the sender's own session state
        def __init__(self) -> None:
            self.cleared = False

            class State:
                def clear(inner) -> None:
                    self.cleared = True

            self._session_state = State()

    sender = Session()
    AppSession._handle_clear_cache_request(sender)  # type: ignore[arg-type]
    assert sender.cleared
    assert cache.cache_usage()[0] == entries
    assert cache.get_database() is db
    _insert_region(db, "11")
    assert cache.cached(count_territories) == 0  # still served from the cache


def count_listed(db: Database, ids: list[str], options: dict[str, int]) -> int:
    del db
    return len(ids) + len(options)


def test_lists_and_dicts_are_valid_arguments(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """As with st.cache_data, unhashable arguments (a page passes a list of ids) are keyed by value."""
    monkeypatch.setenv(DB_PATH_ENV, str(tmp_path / "lists.duckdb"))
    assert cache.cached(count_listed, ["a", "b"], {"x": 1}) == 3
    entries = cache.cache_usage()[0]
    assert cache.cached(count_listed, ["a", "b"], {"x": 1}) == 3
    assert cache.cache_usage()[0] == entries  # the same values: served from the cache
    assert cache.cached(count_listed, ["a"], {}) == 1


BUILDS: list[tuple[str, int]] = []


def bar_figure(title: str, bars: list[int], *, colour: str = "#0072B2"):
    """A module-level figure builder, as `cache.cached_drawn_figure` requires; counts its calls."""
    BUILDS.append((title, len(bars)))
    fig = go.Figure(go.Bar(x=list(range(len(bars))), y=bars, marker={"color": colour}))
    fig.layout.template = None  # as every chart (dashboard.charts.apply_layout)
    return fig.update_layout(title={"text": f"<b>{title}</b>"}, separators=",\u202f", height=440)


def test_a_drawn_figure_is_built_once_sent_as_the_browser_draws_it_and_built_whole_for_the_png(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(DB_PATH_ENV, str(tmp_path / "drawn.duckdb"))
    BUILDS.clear()
    fresh = browser_tree(bar_figure("Carte", [4, 2], colour="#E69F00"))
    drawn = cache.cached_drawn_figure(bar_figure, "Carte", [4, 2], colour="#E69F00")
    # what st.plotly_chart sends: it reads a figure through to_dict() (plotly.tools.return_figure_from_figure_or_data)
    sent = pio.to_json(return_figure_from_figure_or_data(drawn, validate_figure=True), validate=False)
    assert json.loads(sent) == json.loads(pio.to_json(fresh, validate=False))
    assert chart_name(drawn) == "Carte"  # the chart's name and the PNG's file name
    assert drawn.figure().to_dict() == fresh  # the PNG download draws the whole figure, as sent
    again = cache.cached_drawn_figure(bar_figure, "Carte", [4, 2], colour="#E69F00")
    assert again.to_dict() is not drawn.to_dict() and again.to_dict() == drawn.to_dict()  # each its own copy
    assert BUILDS == [("Carte", 2), ("Carte", 2)]  # the test's own build, then one for both cached calls
    other = cache.cached_drawn_figure(bar_figure, "Carte", [4, 2, 5])  # other data, other options: rebuilt
    assert other.to_dict()["data"][0]["marker"]["color"] == "#0072B2" and len(BUILDS) == 3


CALLS: list[int] = []


def total_by_kind(frame: pd.DataFrame, *, column: str = "value") -> pd.DataFrame:
    """A pure module-level function of its arguments, as `cache.memo` requires; counts its calls."""
    CALLS.append(len(frame))
    return frame.groupby("kind", as_index=False)[column].sum()


def test_memo_computes_a_pure_function_once_per_argument_value(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(DB_PATH_ENV, str(tmp_path / "memo.duckdb"))
    CALLS.clear()
    frame = pd.DataFrame({"kind": ["a", "b", "a"], "value": [1, 2, 3]})
    first = cache.memo(total_by_kind, frame)
    assert first.to_dict("list") == {"kind": ["a", "b"], "value": [4, 2]}
    first.loc[0, "value"] = 99  # a caller's change stays its own
    assert cache.memo(total_by_kind, frame.copy()).to_dict("list") == {"kind": ["a", "b"], "value": [4, 2]}
    assert CALLS == [3]  # equal data (another object): served from the cache
    assert cache.memo(total_by_kind, frame.iloc[:2]).to_dict("list") == {"kind": ["a", "b"], "value": [1, 2]}
    assert cache.memo(total_by_kind, frame, column="kind")["kind"].tolist() == ["aa", "b"]  # another option
    assert CALLS == [3, 2, 3]
