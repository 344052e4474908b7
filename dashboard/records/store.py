"""Create, edit, archive, unarchive and restore records: each one transaction with its history row.

Versions (optimistic concurrency). A record's version is the number of changes made to it in the interface
(0 for a record that was imported and never edited). A form remembers the version it was opened at; the save
re-reads the version inside the transaction, under the database's write lock, and refuses when someone saved
meanwhile. The refused values are kept (`record_conflict`) and returned with the current record, so both
versions can be shown and nothing typed is lost. The UNIQUE (entity, record_id, version) of `record_change`
backs the check in the database itself.

History. `record_change` holds who (a required name until sign-in lands; then the signed-in user's
identifier, issue 13), when, and the record with its parts before and after, as JSON. Restoring version n
saves version n's values again, through the same validation as a form, as a new version.

Archive. The record stays in its table and gets a `record_archive` row; the `live` views of schema.sql hide it
(and what belongs to it) from every read of the application. Unarchiving deletes that row.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import math
import secrets
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd

from dashboard.auth import Actor, PermissionDenied
from dashboard.auth.roles import require_edit
from dashboard.codes import ChangeAction, RecordEntity
from dashboard.db import Database
from dashboard.i18n import label, t, t_count
from dashboard.imports.reader import ROW
from dashboard.imports.templates import Template
from dashboard.records.checks import Cells, Checked, FieldProblem, cells_of_row, check
from dashboard.records.entities import SPECS, EntitySpec, column_by_db

Snapshot = dict[str, Any]  # {"main": {column: value}, "parts": {template entity: [rows]}}, JSON-safe
BY_FIELD = "__by__"  # the "saisi par" field of every form
MAX_BY_CHARS = 120


@dataclass
class Conflict:
    """Someone saved the record after this form was opened: both versions, nothing lost."""

    based_on: int
    current_version: int
    current: Snapshot | None  # the record as saved meanwhile (None: archived meanwhile)
    submitted: dict[str, Any]  # what this person typed
    changed_by: str  # who saved meanwhile
    changed_at: dt.datetime


@dataclass
class Outcome:
    """What a save did: the new version, or the problems (field by field) or the conflict; then nothing changed."""

    record_id: str | None = None
    version: int | None = None
    changed: bool = False
    problems: list[FieldProblem] = field(default_factory=list)
    conflict: Conflict | None = None

    @property
    def ok(self) -> bool:
        return not self.problems and self.conflict is None


class _Refused(Exception):
    def __init__(self, outcome: Outcome) -> None:
        super().__init__("refused")
        self.outcome = outcome


# ---------------------------------------------------------------------------------------------- reading
def _plain(value: Any) -> Any:
    """A database value as JSON: ISO dates, floats for decimals, None for missing."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dt.datetime | pd.Timestamp):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _rows(cursor: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    result = cursor.execute(sql, params)
    names = [d[0] for d in result.description]
    return [{n: _plain(v) for n, v in zip(names, row, strict=True)} for row in result.fetchall()]


def _snapshot_on(cursor: duckdb.DuckDBPyConnection, spec: EntitySpec, record_id: str) -> Snapshot | None:
    """The record and its parts from the base tables (archived or not); None when it does not exist."""
    keys = spec.key_values(record_id)
    where = " AND ".join(f"{column} = $k_{column}" for column in keys)
    params = {f"k_{column}": value for column, value in keys.items()}
    # Table and column names come from the templates (constants), values travel as parameters.
    main = _rows(cursor, f"SELECT * FROM main.{spec.main.table} WHERE {where}", params)
    if not main:
        return None
    parts = {}
    for template in spec.parts:
        # Dated parts (status events) in date order, then by key.
        keys = sorted((template.column(header) for header in template.key), key=lambda c: c.kind != "date")
        order = ", ".join(column.db_column for column in keys)
        parts[template.entity] = _rows(
            cursor,
            f"SELECT * FROM main.{template.table} WHERE {spec.link_column} = $id ORDER BY {order}",
            {"id": record_id},
        )
    return {"main": main[0], "parts": parts}


def _version_on(cursor: duckdb.DuckDBPyConnection, entity: RecordEntity, record_id: str) -> tuple[int, Any, Any]:
    row = cursor.execute(
        """
        SELECT version, changed_by, changed_at FROM main.record_change
        WHERE entity = $entity AND record_id = $id ORDER BY version DESC LIMIT 1
        """,
        {"entity": entity.value, "id": record_id},
    ).fetchone()
    return (0, None, None) if row is None else (int(row[0]), row[1], row[2])


def _is_archived_on(cursor: duckdb.DuckDBPyConnection, entity: RecordEntity, record_id: str) -> bool:
    return bool(
        cursor.execute(
            "SELECT count(*) FROM main.record_archive WHERE entity = $entity AND record_id = $id",
            {"entity": entity.value, "id": record_id},
        ).fetchone()[0]
    )


@dataclass(frozen=True)
class RecordState:
    """A record as a form opens it: its values, its version, whether it is archived."""

    snapshot: Snapshot | None
    version: int
    archived: bool


def open_record(db: Database, entity: RecordEntity, record_id: str) -> RecordState:
    """The record with its parts and version, read together (a form keeps the version to save against)."""
    spec = SPECS[entity]
    # One consistent read of the snapshot and its version, in a read transaction: a write transaction here would
    # count as a committed write, and on the shared store every committed write changes the version that every
    # worker's cache keys on (opening a form on the conventions page emptied every worker's cache).
    with db.snapshot() as cursor:
        snapshot = _snapshot_on(cursor, spec, record_id)
        version = _version_on(cursor, entity, record_id)[0]
        archived = _is_archived_on(cursor, entity, record_id)
    return RecordState(snapshot, version, archived)


def form_cells(entity: RecordEntity, snapshot: Snapshot) -> tuple[Cells, dict[str, list[Cells]]]:
    """A snapshot as a form's cells: the main row's and each part's rows."""
    spec = SPECS[entity]
    main = cells_of_row(spec.main, snapshot["main"])
    parts = {t.entity: [cells_of_row(t, row) for row in snapshot["parts"].get(t.entity, [])] for t in spec.parts}
    return main, parts


def history(db: Database, entity: RecordEntity, record_id: str) -> pd.DataFrame:
    """Every change of a record, newest first: version, action, changed_at, changed_by, before, after (dicts)."""
    frame = db.query_df(
        """
        SELECT version, action, changed_at, changed_by, before_json::VARCHAR AS before_json,
               after_json::VARCHAR AS after_json
        FROM main.record_change WHERE entity = $entity AND record_id = $id ORDER BY version DESC
        """,
        {"entity": entity.value, "id": record_id},
    )
    for column in ("before_json", "after_json"):
        frame[column.removesuffix("_json")] = frame.pop(column).map(
            lambda text: json.loads(text) if isinstance(text, str) else None
        )
    return frame


def versions(db: Database, entity: RecordEntity, record_id: str) -> dict[int, Snapshot]:
    """Each known state of the record by version: 0 is the state before its first change in the interface."""
    changes = history(db, entity, record_id).sort_values("version")
    states: dict[int, Snapshot] = {}
    for change in changes.itertuples():
        if change.version == 1 and change.before is not None:
            states[0] = change.before
        if change.after is not None:
            states[int(change.version)] = change.after
    return states


def changed_fields(before: Snapshot | None, after: Snapshot | None) -> list[str]:
    """Database columns (main row) and part names whose values differ between two states."""
    if before is None or after is None:
        return []
    main = [c for c in after["main"] if before["main"].get(c) != after["main"].get(c)]
    parts = [p for p in after["parts"] if before["parts"].get(p) != after["parts"].get(p)]
    return main + parts


# ---------------------------------------------------------------------------------------------- writing
def new_record_id(entity: RecordEntity) -> str:
    """'E-3F9A01C2': readable, unique enough for records typed by hand (collisions are refused as duplicates)."""
    prefix = SPECS[entity].id_prefix
    assert prefix is not None
    return f"{prefix}-{secrets.token_hex(4).upper()}"


def _by_problem(by: str) -> list[FieldProblem]:
    name = (by or "").strip()
    if not name:
        return [FieldProblem("", None, BY_FIELD, t("records.error.by_required"))]
    if len(name) > MAX_BY_CHARS:
        return [FieldProblem("", None, BY_FIELD, t("records.error.by_too_long", maximum=MAX_BY_CHARS))]
    return []


def _typed_rows(template: Template, typed: pd.DataFrame) -> list[dict[str, Any]]:
    frame = typed.drop(columns=[ROW], errors="ignore")
    rows = []
    for record in frame.astype(object).where(frame.notna(), None).to_dict("records"):
        rows.append({**{k: v for k, v in template.extra.items()}, **record})
    return rows


def _insert(cursor: duckdb.DuckDBPyConnection, table: str, row: dict[str, Any]) -> None:
    columns = list(row)
    names = ", ".join(columns)
    values = ", ".join(f"$v{i}" for i in range(len(columns)))
    # Table and column names come from the templates (constants); values travel as parameters.
    cursor.execute(
        f"INSERT INTO main.{table} ({names}) VALUES ({values})", {f"v{i}": row[c] for i, c in enumerate(columns)}
    )


def _update(cursor: duckdb.DuckDBPyConnection, spec: EntitySpec, row: dict[str, Any], before: Snapshot) -> None:
    keys = spec.key_columns
    # Only the template's columns that changed: is_demo, origin... keep their stored values, and DuckDB refuses
    # to rewrite an indexed column (a reference, a unique value) of a row that another table refers to, even
    # to the same value.
    columns = [c for c in row if c not in keys and c not in spec.main.extra and _plain(row[c]) != before["main"].get(c)]
    if not columns:
        return
    assignments = ", ".join(f"{c} = $v{i}" for i, c in enumerate(columns))
    where = " AND ".join(f"{k} = $k{i}" for i, k in enumerate(keys))
    params = {f"v{i}": row[c] for i, c in enumerate(columns)} | {f"k{i}": row[k] for i, k in enumerate(keys)}
    cursor.execute(f"UPDATE main.{spec.main.table} SET {assignments} WHERE {where}", params)


def _engine_limit(
    spec: EntitySpec, row: dict[str, Any], before: Snapshot, referrers: list[str] | None = None
) -> list[FieldProblem]:
    """DuckDB rewrites a row whose indexed value changes (a reference such as a company's commune, which has a
    foreign-key index, or a unique one such as its SIRET) as a delete and an insert, which it refuses while other
    tables refer to the row's key, even though the key itself does not change
    (https://duckdb.org/docs/stable/sql/indexes: limitations of ART indexes): say so on those fields, naming the
    records that refer to it when they are known."""
    records = " ; ".join(referrers or [])
    key = "records.error.referenced_column.named" if records else "records.error.referenced_column"
    return [
        FieldProblem(spec.main.entity, None, column.header, t(key, column=column.header, records=records))
        for column in spec.main.columns
        if (column.reference is not None or column.unique)
        and _plain(row.get(column.db_column)) != before["main"].get(column.db_column)
    ]


def _communes_touched(cursor: duckdb.DuckDBPyConnection, *states: Snapshot | None) -> list[str]:
    """Communes a record touches (its companies', its territories'), for cache invalidation by territory."""
    territories: set[str] = set()
    companies: set[str] = set()
    for state in states:
        if state is None:
            continue
        for row in [state["main"], *(r for rows in state["parts"].values() for r in rows)]:
            for column in ("commune_id", "territory_id", "perimeter_territory_id"):
                if row.get(column):
                    territories.add(str(row[column]))
            if row.get("company_id"):
                companies.add(str(row["company_id"]))
    rows = cursor.execute(
        """
        SELECT commune_id FROM territory_commune WHERE list_contains($territories, territory_id)
        UNION SELECT commune_id FROM main.company WHERE list_contains($companies, company_id)
        ORDER BY 1
        """,
        {"territories": sorted(territories), "companies": sorted(companies)},
    ).fetchall()
    return [row[0] for row in rows]


def _log(
    cursor: duckdb.DuckDBPyConnection,
    entity: RecordEntity,
    record_id: str,
    version: int,
    action: ChangeAction,
    by: str,
    before: Snapshot | None,
    after: Snapshot | None,
    *,
    db: Database,
    actor: Actor | None,
) -> None:
    # The signed-in person's rights, on every commune the record touches before and after the change, inside the
    # transaction (a refusal rolls everything back): the role is checked here, not only by hiding the forms.
    communes = _communes_touched(cursor, before, after)
    require_edit(db, actor, commune_ids=communes)
    cursor.execute(
        """
        INSERT INTO main.record_change
            (entity, record_id, version, action, changed_at, changed_by, before_json, after_json, territory_ids)
        VALUES ($entity, $id, $version, $action, now()::TIMESTAMP, $by, $before, $after, $territories)
        """,
        {
            "entity": entity.value,
            "id": record_id,
            "version": version,
            "action": action.value,
            "by": by.strip(),
            "before": None if before is None else json.dumps(before, ensure_ascii=False),
            "after": None if after is None else json.dumps(after, ensure_ascii=False),
            "territories": json.dumps(communes),
        },
    )
    # As an import does: the data is now current as of today ("données au"), so that what was just entered is
    # inside every figure computed up to the data date. Only a later date is written (once a day at most).
    cursor.execute(
        """
        INSERT INTO main.meta (key, value) VALUES ('data_as_of', current_date::VARCHAR)
        ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE meta.value < excluded.value
        """
    )


def _check_version(
    cursor: duckdb.DuckDBPyConnection,
    spec: EntitySpec,
    record_id: str,
    expected: int,
    submitted: dict[str, Any],
) -> int:
    """The current version, or a refusal carrying both versions when someone saved meanwhile."""
    current, changed_by, changed_at = _version_on(cursor, spec.entity, record_id)
    if current != expected:
        snapshot = None if _is_archived_on(cursor, spec.entity, record_id) else _snapshot_on(cursor, spec, record_id)
        conflict = Conflict(expected, current, snapshot, submitted, str(changed_by), changed_at)
        raise _Refused(Outcome(record_id=record_id, version=current, conflict=conflict))
    return current


def _keep_conflict(db: Database, entity: RecordEntity, outcome: Outcome, by: str) -> None:
    """The refused values, kept apart (the refused transaction itself was rolled back)."""
    conflict = outcome.conflict
    assert conflict is not None

    def keep(cursor: duckdb.DuckDBPyConnection) -> None:
        cursor.execute(
            """
            INSERT INTO main.record_conflict
                (entity, record_id, based_on, current_version, submitted_at, submitted_by, submitted_json)
            VALUES ($entity, $id, $based_on, $current, now()::TIMESTAMP, $by, $submitted)
            """,
            {
                "entity": entity.value,
                "id": outcome.record_id,
                "based_on": conflict.based_on,
                "current": conflict.current_version,
                "by": by.strip() or "?",
                "submitted": json.dumps(conflict.submitted, ensure_ascii=False, default=str),
            },
        )

    db.write(keep)


def _run(db: Database, entity: RecordEntity, by: str, submitted: dict[str, Any], write: Any) -> Outcome:
    """`write(cursor) -> Outcome` in one transaction; a refusal or a database error writes nothing. On the shared
    store a transaction aborted for another worker's concurrent one is run again (`Database.write`): `write` reads
    the version it checks through its cursor, so a save made meanwhile is refused as a conflict, not lost."""
    try:
        return db.write(write)
    except _Refused as refused:
        if refused.outcome.conflict is not None:
            _keep_conflict(db, entity, refused.outcome, by)
        return refused.outcome
    except PermissionDenied as denied:  # outside the person's territories, or a reader: nothing was written
        return Outcome(problems=[FieldProblem("", None, None, str(denied))])
    except duckdb.Error as error:  # validation mirrors the schema: a safety net, and nothing was written
        return Outcome(problems=[FieldProblem("", None, None, t("records.error.database", error=error))])


def save(
    db: Database,
    entity: RecordEntity,
    main: Cells,
    parts: dict[str, list[Cells]] | None = None,
    *,
    by: str,
    expected_version: int | None,
    action: ChangeAction | None = None,
    actor: Actor | None = None,
) -> Outcome:
    """Create (`expected_version` None) or edit a record from its cells, validated as the import would.

    A new record without an identifier gets one. Saving unchanged values writes nothing.
    """
    spec = SPECS[entity]
    main = dict(main)
    creating = expected_version is None
    id_header = spec.main.key[0]
    if creating and spec.id_prefix is not None and len(spec.main.key) == 1 and not main.get(id_header, "").strip():
        main[id_header] = new_record_id(entity)
    parts = {name: [dict(row) for row in rows] for name, rows in (parts or {}).items()}
    if len(spec.main.key) == 1:  # parts always belong to this record, whatever their cell says
        for template in spec.parts:
            link = next(c.header for c in template.columns if c.db_column == spec.link_column)
            own_key = template.key[0] if len(template.key) == 1 and template.key[0] != link else None
            # A part repeats some of the record's references (a flow's company, an answer's questionnaire): copied.
            # Only references: an impact's own source is not the synergy's source.
            inherited = {
                c.header: main.get(source.header, "")
                for c in template.columns
                if c.db_column != spec.link_column
                and c.reference is not None
                and (source := column_by_db(spec.main, c.db_column)) is not None
            }
            for row in parts.get(template.entity, []):
                if any(str(v or "").strip() for v in row.values()):
                    row.update(inherited)
                    row[link] = main.get(id_header, "")
                    if own_key is not None and not str(row.get(own_key) or "").strip():  # a new flow's id
                        row[own_key] = f"{template.entity[0].upper()}-{secrets.token_hex(4).upper()}"
    problems = _by_problem(by)
    record_id = spec.record_id(cells_key(spec, main)) if all(main.get(h, "").strip() for h in spec.main.key) else None
    existing = None
    if not creating and record_id is not None:
        state = open_record(db, entity, record_id)
        existing = state.snapshot
    checked: Checked = check(db, spec, main, parts, existing=existing)
    problems += checked.problems
    if problems or checked.main is None or record_id is None:
        return Outcome(record_id=record_id, problems=problems)
    submitted = {"main": main, "parts": parts}

    def write(cursor: duckdb.DuckDBPyConnection) -> Outcome:
        assert checked.main is not None and record_id is not None
        if creating:
            if _snapshot_on(cursor, spec, record_id) is not None:  # created meanwhile with the same identifier
                raise _Refused(Outcome(record_id, problems=[FieldProblem("", None, None, t("records.error.exists"))]))
            current, before = 0, None
        else:
            current = _check_version(cursor, spec, record_id, int(expected_version or 0), submitted)
            before = _snapshot_on(cursor, spec, record_id)
            if before is None:
                raise _Refused(Outcome(record_id, problems=[FieldProblem("", None, None, t("records.error.gone"))]))
        row = _typed_rows(spec.main, checked.main)[0]
        if creating:
            _insert(cursor, spec.main.table, row)
        else:
            if _engine_limit(spec, row, before) and (referrers := _referrers(cursor, spec, record_id)):
                raise _Refused(Outcome(record_id, problems=_engine_limit(spec, row, before, referrers)))
            try:  # the check above names the records; this is the safety net for a table it would not know
                _update(cursor, spec, row, before)
            except duckdb.ConstraintException as error:
                if "still referenced" not in str(error):
                    raise
                raise _Refused(Outcome(record_id, problems=_engine_limit(spec, row, before))) from error
        for template in spec.parts:
            # Parts are replaced as a whole; they are never referenced by other tables, so deleting is allowed.
            cursor.execute(f"DELETE FROM main.{template.table} WHERE {spec.link_column} = $id", {"id": record_id})
            typed = checked.parts.get(template.entity)
            for part_row in [] if typed is None or typed.empty else _typed_rows(template, typed):
                _insert(cursor, template.table, part_row)
        after = _snapshot_on(cursor, spec, record_id)
        if after == before:
            raise _Refused(Outcome(record_id, current, changed=False))
        chosen = action or (ChangeAction.CREATE if creating else ChangeAction.EDIT)
        _log(cursor, entity, record_id, current + 1, chosen, by, before, after, db=db, actor=actor)
        return Outcome(record_id, current + 1, changed=True)

    return _run(db, entity, by, submitted, write)


def cells_key(spec: EntitySpec, main: Cells) -> dict[str, str]:
    """The record's key columns from the form's cells (reference prefixes added, as stored)."""
    row = {}
    for header in spec.main.key:
        column = spec.main.column(header)
        prefix = column.reference.prefix if column.reference is not None else ""
        row[column.db_column] = prefix + main[header].strip()
    return row


def restore(
    db: Database,
    entity: RecordEntity,
    record_id: str,
    version: int,
    *,
    by: str,
    expected_version: int,
    actor: Actor | None = None,
) -> Outcome:
    """Make version `version` current again: its values saved anew (same validation), as a new version."""
    states = versions(db, entity, record_id)
    if version not in states:
        return Outcome(
            record_id, problems=[FieldProblem("", None, None, t("records.error.no_version", version=version))]
        )
    main, parts = form_cells(entity, states[version])
    return save(
        db, entity, main, parts, by=by, expected_version=expected_version, action=ChangeAction.RESTORE, actor=actor
    )


def set_archived(
    db: Database,
    entity: RecordEntity,
    record_id: str,
    archived: bool,
    *,
    by: str,
    expected_version: int,
    actor: Actor | None = None,
) -> Outcome:
    """Archive (the record leaves every figure) or bring back an archived record; one history row each."""
    spec = SPECS[entity]
    problems = _by_problem(by)
    if not spec.archivable:
        problems.append(FieldProblem("", None, None, t("records.error.not_archivable")))
    if problems:
        return Outcome(record_id, problems=problems)
    submitted = {"archived": archived}

    def write(cursor: duckdb.DuckDBPyConnection) -> Outcome:
        current = _check_version(cursor, spec, record_id, expected_version, submitted)
        snapshot = _snapshot_on(cursor, spec, record_id)
        if snapshot is None:
            raise _Refused(Outcome(record_id, problems=[FieldProblem("", None, None, t("records.error.gone"))]))
        if _is_archived_on(cursor, entity, record_id) == archived:
            raise _Refused(Outcome(record_id, current, changed=False))
        if archived:
            cursor.execute(
                "INSERT INTO main.record_archive VALUES ($entity, $id, now()::TIMESTAMP, $by)",
                {"entity": entity.value, "id": record_id, "by": by.strip()},
            )
            _log(cursor, entity, record_id, current + 1, ChangeAction.ARCHIVE, by, snapshot, None, db=db, actor=actor)
        else:
            cursor.execute(
                "DELETE FROM main.record_archive WHERE entity = $entity AND record_id = $id",
                {"entity": entity.value, "id": record_id},
            )
            _log(cursor, entity, record_id, current + 1, ChangeAction.UNARCHIVE, by, None, snapshot, db=db, actor=actor)
        return Outcome(record_id, current + 1, changed=True)

    return _run(db, entity, by, submitted, write)


# ---------------------------------------------------------------------------------------------- purge
# Name column of each record table, to name the records that still refer to one being purged.
_NAME_COLUMNS = {"company": "name", "synergy": "title", "event": "title", "programme": "name"}


def _owner_of(table: str) -> tuple[RecordEntity, str] | None:
    """The record a row of `table` belongs to: (entity, column holding its id); None for a table of no record."""
    for spec in SPECS.values():
        if spec.main.table == table and len(spec.key_columns) == 1:
            return spec.entity, spec.key_columns[0]
        if any(part.table == table for part in spec.parts):
            return spec.entity, spec.link_column
    return None


def _referrers(cursor: duckdb.DuckDBPyConnection, spec: EntitySpec, record_id: str) -> list[str]:
    """Every other record (live or archived) with a row referring to this one, named for a message.

    The foreign keys are read from the database itself, so a table added later by another feature is covered.
    A row of a table that belongs to no record is named by its table."""
    own_parts = {part.table for part in spec.parts}
    foreign_keys = cursor.execute(
        """
        SELECT table_name, constraint_column_names[1] FROM duckdb_constraints()
        WHERE constraint_type = 'FOREIGN KEY' AND referenced_table = $table AND len(constraint_column_names) = 1
        ORDER BY ALL
        """,
        {"table": spec.main.table},
    ).fetchall()
    names: list[str] = []
    for table, column in foreign_keys:
        if table in own_parts:
            continue
        owner = _owner_of(table)
        # Table and column names come from the database's own catalogue; the record id travels as a parameter.
        if owner is None:
            count = cursor.execute(f"SELECT count(*) FROM main.{table} WHERE {column} = $id", {"id": record_id})
            rows = count.fetchone()[0]
            if rows:
                names.append(t_count("records.purge.referrer.table", rows, table=table, count=rows))
            continue
        entity, id_column = owner
        ids = cursor.execute(
            f"SELECT DISTINCT {id_column} FROM main.{table} WHERE {column} = $id AND {id_column} IS NOT NULL "
            f"ORDER BY 1",
            {"id": record_id},
        ).fetchall()
        for (other_id,) in ids:
            if entity == spec.entity and other_id == record_id:
                continue
            names.append(_referrer_name(cursor, entity, str(other_id)))
    return list(dict.fromkeys(names))  # a diagnostic refers by itself and through its flows: named once


def _referrer_name(cursor: duckdb.DuckDBPyConnection, entity: RecordEntity, record_id: str) -> str:
    spec = SPECS[entity]
    name_column = _NAME_COLUMNS.get(spec.main.table)
    name = None
    if name_column is not None:
        row = cursor.execute(
            f"SELECT {name_column} FROM main.{spec.main.table} WHERE {spec.key_columns[0]} = $id", {"id": record_id}
        ).fetchone()
        name = row[0] if row else None
    text = (
        t("records.purge.referrer.named", entity=label(entity), name=name, record_id=record_id)
        if name
        else (t("records.purge.referrer", entity=label(entity), record_id=record_id))
    )
    if _is_archived_on(cursor, entity, record_id):
        text += t("records.purge.referrer.archived")
    return text


def purge(db: Database, entity: RecordEntity, record_id: str, *, expected_version: int, actor: Actor | None) -> Outcome:
    """Delete an archived record for good: an administrator only (checked here, whatever the interface shows),
    refused while other records still refer to it (named in the message).

    The record's rows and parts go, and its history keeps who did what and when but loses every snapshot of its
    values (before_json / after_json), so nothing of it can be restored; a `purge` row records who purged it.
    One transaction when the record has no part rows. A record with parts (a synergy's statuses, a diagnostic's
    flows) needs two: DuckDB refuses to delete a row and the rows referring to it in the same transaction
    (https://duckdb.org/docs/stable/sql/indexes, limitations of ART indexes). The first transaction then does
    every check, deletes the parts, erases the snapshots and writes the purge row (the record, still archived, is
    in no figure); the second deletes the record's own row. Should the second fail, purging again finishes it.
    """
    spec = SPECS[entity]
    if actor is None or not actor.is_admin:
        return Outcome(record_id, problems=[FieldProblem("", None, None, t("records.error.purge_admin"))])
    if not spec.archivable:
        return Outcome(record_id, problems=[FieldProblem("", None, None, t("records.error.not_archivable"))])
    where = " AND ".join(f"{column} = $k_{column}" for column in spec.key_columns)
    keys = {f"k_{column}": value for column, value in spec.key_values(record_id).items()}

    def delete_record(cursor: duckdb.DuckDBPyConnection) -> None:
        # Table and column names come from the templates (constants), values travel as parameters.
        cursor.execute(f"DELETE FROM main.{spec.main.table} WHERE {where}", keys)
        cursor.execute(
            "DELETE FROM main.record_archive WHERE entity = $entity AND record_id = $id",
            {"entity": entity.value, "id": record_id},
        )

    pending = False  # the first transaction deleted part rows: the record's own row goes in a second one

    def write(cursor: duckdb.DuckDBPyConnection) -> Outcome:
        nonlocal pending
        current, _, _ = _version_on(cursor, entity, record_id)
        last_action = cursor.execute(
            "SELECT action FROM main.record_change WHERE entity = $entity AND record_id = $id AND version = $version",
            {"entity": entity.value, "id": record_id, "version": current},
        ).fetchone()
        if last_action is not None and last_action[0] == ChangeAction.PURGE:  # the second step had not run
            delete_record(cursor)
            return Outcome(record_id, current, changed=True)
        _check_version(cursor, spec, record_id, expected_version, {"purge": True})
        if _snapshot_on(cursor, spec, record_id) is None:
            raise _Refused(Outcome(record_id, problems=[FieldProblem("", None, None, t("records.error.gone"))]))
        if not _is_archived_on(cursor, entity, record_id):
            raise _Refused(Outcome(record_id, problems=[FieldProblem("", None, None, t("records.error.purge_live"))]))
        referrers = _referrers(cursor, spec, record_id)
        if referrers:
            message = t("records.error.purge_referenced", records=" ; ".join(referrers))
            raise _Refused(Outcome(record_id, problems=[FieldProblem("", None, None, message)]))
        parts = 0
        for template in spec.parts:
            parts += cursor.execute(
                f"SELECT count(*) FROM main.{template.table} WHERE {spec.link_column} = $id", {"id": record_id}
            ).fetchone()[0]
            cursor.execute(f"DELETE FROM main.{template.table} WHERE {spec.link_column} = $id", {"id": record_id})
        for table, columns in (("record_change", ("before_json", "after_json")), ("record_conflict", ())):
            if columns:
                cursor.execute(
                    f"UPDATE main.{table} SET {', '.join(f'{c} = NULL' for c in columns)} "
                    "WHERE entity = $entity AND record_id = $id",
                    {"entity": entity.value, "id": record_id},
                )
            else:
                cursor.execute(
                    f"DELETE FROM main.{table} WHERE entity = $entity AND record_id = $id",
                    {"entity": entity.value, "id": record_id},
                )
        assert actor is not None
        _log(cursor, entity, record_id, current + 1, ChangeAction.PURGE, actor.login, None, None, db=db, actor=actor)
        pending = parts > 0
        if not pending:
            delete_record(cursor)
        return Outcome(record_id, current + 1, changed=True)

    outcome = _run(db, entity, actor.login, {"purge": True}, write)
    if outcome.ok and pending:
        db.write(delete_record)  # deletes by key: a new attempt deletes what is left, if anything
    return outcome


def archived_records(db: Database, entity: RecordEntity) -> pd.DataFrame:
    """Archived records of a kind, to bring one back: record_id, archived_at, archived_by, and what names the
    record in a list — `name` (the company's name, the synergy's or event's title; the company of a diagnostic or
    a self-assessment) and `day` (the diagnostic's, event's or answer's date), both None when not applicable.
    Read from the base tables: the live views hide archived records."""
    return db.query_df(
        """
        SELECT a.record_id, a.archived_at, a.archived_by,
               CASE a.entity
                   WHEN 'company' THEN (SELECT name FROM main.company WHERE company_id = a.record_id)
                   WHEN 'synergy' THEN (SELECT title FROM main.synergy WHERE synergy_id = a.record_id)
                   WHEN 'event' THEN (SELECT title FROM main.event WHERE event_id = a.record_id)
                   WHEN 'diagnostic' THEN (SELECT c.name FROM main.diagnostic d JOIN main.company c USING (company_id)
                                           WHERE d.diagnostic_id = a.record_id)
                   WHEN 'sa_response' THEN (SELECT c.name FROM main.sa_response r JOIN main.company c USING (company_id)
                                            WHERE r.response_id = a.record_id)
               END AS name,
               CASE a.entity
                   WHEN 'event' THEN (SELECT event_date FROM main.event WHERE event_id = a.record_id)
                   WHEN 'diagnostic' THEN (SELECT diagnostic_date FROM main.diagnostic WHERE diagnostic_id = a.record_id)
                   WHEN 'sa_response' THEN (SELECT submitted_on FROM main.sa_response WHERE response_id = a.record_id)
               END AS day
        FROM main.record_archive a
        WHERE a.entity = $entity
        ORDER BY a.archived_at DESC
        """,
        {"entity": entity.value},
    )


# ---------------------------------------------------------------------------------------------- cache keys
TERRITORY_PREFIXES = ("commune:", "epci:", "departement:", "region:", "perimetre:")


def last_change(db: Database, territory_id: str | None = None) -> int:
    """The latest change made in the interface (0: none), or the latest touching `territory_id`'s communes.

    Part of the cache key of every cached read: a read about a territory is recomputed only after a change
    touching one of its communes, so an edit in one territory leaves the other territories' figures cached.
    """
    if territory_id is None:
        return int(db.query_value("SELECT coalesce(max(change_id), 0) FROM main.record_change") or 0)
    return int(
        db.query_value(
            """
            SELECT coalesce(max(change_id), 0) FROM main.record_change
            WHERE list_has_any(json_extract_string(territory_ids, '$[*]'),
                               (SELECT coalesce(list(commune_id), []) FROM territory_commune
                                WHERE territory_id = $territory_id))
            """,
            {"territory_id": territory_id},
        )
        or 0
    )


def territory_argument(args: tuple[Any, ...]) -> str | None:
    """The territory a cached read is about (its first territory-id argument), None when it names none."""
    return next((a for a in args if isinstance(a, str) and a.startswith(TERRITORY_PREFIXES)), None)
