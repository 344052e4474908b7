"""Frozen snapshots: "Figer les chiffres" at a COPIL date, reopened later with exactly the same figures.

A snapshot stores the whole `ReportContent` as JSON (cattrs: dataclasses, enums and dates in and out) plus
one row per indicator (`report_snapshot_figure`) for deltas and for reading with SQL. It is never edited:
`freeze` adds one, `delete_snapshot` removes one (figures first, one transaction). `deltas` compares a
snapshot with the live figures or with another snapshot ("depuis le dernier COPIL").
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from importlib import resources

import cattrs
import duckdb
import pandas as pd

from dashboard.db import Database
from dashboard.indicators.values import IndicatorReport
from dashboard.report.content import ReportContent
from dashboard.report.tables import Cell

SECTION_START = "-- ---------------------------------------------------------------- report snapshots (issue 11)"
SECTION_END = "-- ---------------------------------------------------------------- end of report snapshots"
NAME_MAX = 120

_converter = cattrs.Converter()
_converter.register_unstructure_hook(dt.date, lambda d: d.isoformat())
_converter.register_structure_hook(dt.date, lambda v, _: dt.date.fromisoformat(v))
_converter.register_structure_hook(Cell, lambda v, _: v)  # numbers and text stay as they were written


class SnapshotError(ValueError):
    """A snapshot refused (French message for the user)."""


@dataclass(frozen=True)
class SnapshotInfo:
    snapshot_id: int
    name: str
    scope_type: str
    scope_id: str
    scope_name: str
    year: int
    quarter: int
    copil_date: dt.date
    frozen_at: dt.datetime
    data_as_of: dt.date | None


def ensure_tables(db: Database) -> None:
    """Create the snapshot tables in a database made before they existed (from schema.sql's own section)."""
    if db.query_value("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'report_snapshot_figure'"):
        return
    schema = resources.files("dashboard").joinpath("schema.sql").read_text(encoding="utf-8")
    section = schema[schema.index(SECTION_START) : schema.index(SECTION_END)]
    with db.transaction() as cur:
        cur.execute(section)


def content_to_json(content: ReportContent) -> str:
    return json.dumps(_converter.unstructure(content), ensure_ascii=False)


def content_from_json(text: str) -> ReportContent:
    return _converter.structure(json.loads(text), ReportContent)


def freeze(db: Database, content: ReportContent, name: str, copil_date: dt.date, now: dt.datetime) -> int:
    """Store every figure of `content` under `name`; returns the snapshot id. French SnapshotError if refused."""
    from dashboard.i18n import t

    name = name.strip()
    if not name or len(name) > NAME_MAX:
        raise SnapshotError(t("snapshot.error.name", max=NAME_MAX))
    ensure_tables(db)
    # Checked and written again when another worker froze the same name meanwhile (a duplicate key on the shared
    # store): the new attempt refuses it by name.
    return db.retrying(lambda: _freeze_once(db, content, name, copil_date, now))


def _freeze_once(db: Database, content: ReportContent, name: str, copil_date: dt.date, now: dt.datetime) -> int:
    from dashboard.i18n import t

    report = content.report
    key = {"type": report.scope.scope_type.value, "id": report.scope.scope_id, "year": report.period.year,
           "quarter": report.period.quarter, "name": name}  # fmt: skip
    exists = db.query_value(
        "SELECT count(*) FROM report_snapshot WHERE scope_type = $type AND scope_id = $id AND period_year = $year "
        "AND period_quarter = $quarter AND name = $name",
        key,
    )
    if exists:
        raise SnapshotError(t("snapshot.error.exists", name=name))
    with db.transaction() as cur:
        cur.execute(
            """
            INSERT INTO report_snapshot (name, scope_type, scope_id, scope_name, period_year, period_quarter,
                                         copil_date, frozen_at, data_as_of, content_json)
            VALUES ($name, $type, $id, $scope_name, $year, $quarter, $copil_date, $now, $data_as_of, $content)
            """,
            {**key, "scope_name": report.scope.name, "copil_date": copil_date, "now": now,
             "data_as_of": report.data_as_of, "content": content_to_json(content)},
        )  # fmt: skip
        # Read back by its unique key rather than RETURNING, which the shared PostgreSQL store cannot do.
        snapshot_id = cur.execute(
            "SELECT snapshot_id FROM report_snapshot WHERE scope_type = $type AND scope_id = $id "
            "AND period_year = $year AND period_quarter = $quarter AND name = $name",
            key,
        ).fetchone()[0]
        for result in report.results:
            value = result.value
            cur.execute(
                """
                INSERT INTO report_snapshot_figure VALUES ($sid, $code, $value, $provenance, $source, $as_of,
                                                           $target, $target_year, $status)
                """,
                {"sid": snapshot_id, "code": result.definition.code,
                 "value": None if value is None else value.value,
                 "provenance": None if value is None else value.provenance.value,
                 "source": None if value is None else value.source, "as_of": None if value is None else value.as_of,
                 "target": None if result.target is None else result.target.value,
                 "target_year": None if result.target is None else result.target.year,
                 "status": result.status.value},
            )  # fmt: skip
    return int(snapshot_id)


def list_snapshots(db: Database, scope_type: str | None = None, scope_id: str | None = None) -> list[SnapshotInfo]:
    """Snapshots, newest COPIL first (of one scope when given)."""
    ensure_tables(db)
    rows = db.query_rows(
        """
        SELECT snapshot_id, name, scope_type, scope_id, scope_name, period_year, period_quarter, copil_date,
               frozen_at, data_as_of
        FROM report_snapshot
        WHERE ($type IS NULL OR scope_type = $type) AND ($id IS NULL OR scope_id = $id)
        ORDER BY copil_date DESC, frozen_at DESC
        """,
        {"type": scope_type, "id": scope_id},
    )
    return [SnapshotInfo(*row) for row in rows]


def load_snapshot(db: Database, snapshot_id: int) -> ReportContent | None:
    """The content exactly as frozen (None if the snapshot does not exist)."""
    ensure_tables(db)
    text = db.query_value("SELECT content_json FROM report_snapshot WHERE snapshot_id = $id", {"id": snapshot_id})
    return None if text is None else content_from_json(text)


def delete_snapshot(db: Database, snapshot_id: int) -> None:
    ensure_tables(db)

    def delete(cur: duckdb.DuckDBPyConnection) -> None:
        cur.execute("DELETE FROM report_snapshot_figure WHERE snapshot_id = $id", {"id": snapshot_id})
        cur.execute("DELETE FROM report_snapshot WHERE snapshot_id = $id", {"id": snapshot_id})

    db.write(delete)  # deleting what another worker deleted meanwhile deletes nothing more


def deltas(before: IndicatorReport, after: IndicatorReport) -> pd.DataFrame:
    """Each indicator with a value in either: code, label, unit, before, after, delta (after - before)."""
    rows = []
    for result in after.results:
        code = result.definition.code
        old = next((r for r in before.results if r.definition.code == code), None)
        old_value = None if old is None or old.value is None else old.value.value
        new_value = None if result.value is None else result.value.value
        if old_value is None and new_value is None:
            continue
        delta = None if old_value is None or new_value is None else new_value - old_value
        rows.append({"code": code, "label": result.definition.label, "unit": result.definition.unit,
                     "before": old_value, "after": new_value, "delta": delta})  # fmt: skip
    return pd.DataFrame(rows, columns=["code", "label", "unit", "before", "after", "delta"])
