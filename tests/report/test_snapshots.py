"""Frozen snapshots: freeze, change the records, reopen -> the same figures; live -> the new ones; deltas."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.db import Database
from dashboard.report import snapshots
from dashboard.report.content import report_content
from dashboard.report.screens import SCREENS
from dashboard.ui.copil import screen_html
from tests.world.build import VENDOMOIS

COPIL_DAY = dt.date(2023, 1, 20)
NOW = dt.datetime(2023, 1, 20, 10, 30)


@pytest.fixture
def world(world_db: Database) -> Database:
    """The test world, read-only (tests/conftest.py): a test that writes takes `writable_world_db`."""
    return world_db


def value(content, code: str) -> float | None:  # type: ignore[no-untyped-def]
    result = content.report.result(code)
    return None if result.value is None else result.value.value


def add_workshop_and_declared_jobs(db: Database) -> None:
    """The data change after the COPIL: one more workshop in 2022, a declared value corrected."""
    with db.transaction() as cur:
        cur.execute(
            "INSERT INTO event (event_id, event_kind, event_date, title, territory_id, attendance_total) "
            "VALUES ('E9', 'workshop', DATE '2022-11-10', 'Atelier palettes', $t, 9)",
            {"t": VENDOMOIS},
        )
        cur.execute("UPDATE indicator_value SET value = 2.5 WHERE indicator_code = 'fte_dedicated'")


def test_reopened_snapshot_keeps_its_figures_live_shows_the_new_ones(writable_world_db: Database) -> None:
    frozen = report_content(writable_world_db, "territory", VENDOMOIS, 2022, 0)
    assert frozen is not None and value(frozen, "workshops_meetings") == 2  # E1 2021 + E2 2022, cumulative
    snapshot_id = snapshots.freeze(writable_world_db, frozen, "COPIL de janvier", COPIL_DAY, NOW)
    add_workshop_and_declared_jobs(writable_world_db)

    reopened = snapshots.load_snapshot(writable_world_db, snapshot_id)
    assert reopened == frozen  # every figure, provenance, target, trajectory and table as frozen
    live = report_content(writable_world_db, "territory", VENDOMOIS, 2022, 0)
    assert live is not None
    assert value(live, "workshops_meetings") == 3 and value(live, "fte_dedicated") == 2.5
    assert value(reopened, "workshops_meetings") == 2 and value(reopened, "fte_dedicated") == 1.5
    # the COPIL screens drawn from the snapshot show the frozen numbers
    first = screen_html(reopened, 0, None)
    assert "Référence 2019 : 2 · Objectif 2020 : 3 · Objectif 2022 : 6" in first

    deltas = snapshots.deltas(reopened.report, live.report).set_index("code")
    assert deltas.loc["workshops_meetings", "delta"] == 1
    assert deltas.loc["fte_dedicated", "delta"] == pytest.approx(1.0)
    assert deltas.loc["companies_mobilised", "delta"] == 0
    assert deltas.loc["workshops_meetings", ["before", "after"]].tolist() == [2, 3]


def test_snapshot_rows_list_and_delete(writable_world_db: Database) -> None:
    content = report_content(writable_world_db, "territory", VENDOMOIS, 2022, 0)
    assert content is not None
    first = snapshots.freeze(writable_world_db, content, "  COPIL de janvier ", COPIL_DAY, NOW)
    add_workshop_and_declared_jobs(writable_world_db)
    later = report_content(writable_world_db, "territory", VENDOMOIS, 2022, 0)
    assert later is not None
    second = snapshots.freeze(writable_world_db, later, "COPIL de juin", dt.date(2023, 6, 15), NOW)
    figures = writable_world_db.query_df(
        "SELECT indicator_code, value, provenance, status FROM report_snapshot_figure WHERE snapshot_id = $id",
        {"id": first},
    ).set_index("indicator_code")
    assert len(figures) == len(content.report.results)
    assert (
        figures.loc["workshops_meetings", "value"] == 2
        and figures.loc["workshops_meetings", "provenance"] == "computed"
    )
    listed = snapshots.list_snapshots(writable_world_db, "territory", VENDOMOIS)
    assert [s.name for s in listed] == ["COPIL de juin", "COPIL de janvier"]  # newest COPIL first, name trimmed
    assert listed[1].data_as_of == content.report.data_as_of
    between = snapshots.deltas(
        snapshots.load_snapshot(writable_world_db, first).report,
        snapshots.load_snapshot(writable_world_db, second).report,
    )  # type: ignore[union-attr]
    assert between.set_index("code").loc["workshops_meetings", "delta"] == 1  # two snapshots compared

    with pytest.raises(snapshots.SnapshotError, match="s'appelle déjà « COPIL de juin »"):
        snapshots.freeze(writable_world_db, later, "COPIL de juin", dt.date(2023, 6, 15), NOW)
    with pytest.raises(snapshots.SnapshotError, match="Donnez un nom"):
        snapshots.freeze(writable_world_db, later, "   ", dt.date(2023, 6, 15), NOW)
    snapshots.delete_snapshot(writable_world_db, first)
    assert [s.snapshot_id for s in snapshots.list_snapshots(writable_world_db)] == [second]
    assert snapshots.load_snapshot(writable_world_db, first) is None
    assert not writable_world_db.query_value(
        "SELECT count(*) FROM report_snapshot_figure WHERE snapshot_id = $id", {"id": first}
    )


def test_tables_created_in_an_older_database(writable_world_db: Database) -> None:
    with writable_world_db.transaction() as cur:  # a file made before snapshots existed
        cur.execute("DROP TABLE report_snapshot_figure")
        cur.execute("DROP TABLE report_snapshot")
    assert snapshots.list_snapshots(writable_world_db) == []
    content = report_content(writable_world_db, "territory", VENDOMOIS, 2022, 0)
    assert content is not None
    assert snapshots.freeze(writable_world_db, content, "COPIL", COPIL_DAY, NOW) >= 1
    assert len(SCREENS) == 5
