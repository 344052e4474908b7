"""The audit trail: who did what and when, written inside the same transaction as the change it records.

Every core write that receives an actor calls `record(cursor, actor, ...)` in its own transaction, so an event
exists exactly when its change was committed. `actor=None` is the command line (user label "ligne de commande").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

import duckdb
import pandas as pd

from dashboard.auth.roles import Action, Actor, require_admin
from dashboard.db import Database
from dashboard.i18n import t


class AuditAction(StrEnum):
    """Mirrors schema.sql's audit_event.action CHECK."""

    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGN_OUT = "sign_out"
    USER_CREATED = "user_created"
    USER_CHANGED = "user_changed"
    IMPORT = "import"
    EDIT = "edit"
    ACCEPT_PROPOSAL = "accept_proposal"
    DISMISS_PROPOSAL = "dismiss_proposal"
    HAND_OVER = "hand_over"
    INDICATOR_ENTRY = "indicator_entry"


def now() -> dt.datetime:
    """UTC wall-clock time without tzinfo (DuckDB TIMESTAMP), for every auth timestamp."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def record(
    cursor: duckdb.DuckDBPyConnection,
    actor: Actor | None,
    action: AuditAction,
    *,
    entity: str | None = None,
    record_id: str | None = None,
    territory_id: str | None = None,
    detail: str | None = None,
    user_label: str | None = None,
    at: dt.datetime | None = None,
) -> None:
    """One audit event inside the caller's open transaction."""
    cursor.execute(
        "INSERT INTO audit_event (occurred_at, user_id, user_label, action, entity, record_id, territory_id, detail) "
        "VALUES ($at, $user_id, $label, $action, $entity, $record_id, $territory_id, $detail)",
        {
            "at": at or now(),
            "user_id": actor.user_id if actor else None,
            "label": user_label or (actor.login if actor else t("auth.audit.command_line")),
            "action": action.value,
            "entity": entity,
            "record_id": record_id,
            "territory_id": territory_id,
            "detail": detail,
        },
    )


@dataclass(frozen=True)
class AuditFilters:
    user_label: str | None = None
    action: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    search: str = ""


def record_changes(db: Database, actor: Actor | None, filters: AuditFilters = AuditFilters()) -> pd.DataFrame | None:
    """The per-record change history written by the record forms (issue 12's `record_change`: who, when, version,
    before/after), under the same filters; None when this database has no such table. Administrators only."""
    require_admin(actor, Action.READ_AUDIT)
    if not db.query_value("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'record_change'"):
        return None
    return db.query_df(
        """
        SELECT changed_at AS occurred_at, changed_by AS user_label, action, entity, record_id, version
        FROM main.record_change
        WHERE ($user IS NULL OR changed_by = $user)
          AND ($since IS NULL OR changed_at >= CAST($since AS DATE))
          AND ($until IS NULL OR changed_at < CAST($until AS DATE) + INTERVAL 1 DAY)
          AND ($search = '' OR contains(lower(concat_ws(' ', entity, record_id)), $search))
        ORDER BY changed_at DESC, change_id DESC
        """,
        {"user": filters.user_label, "since": filters.since, "until": filters.until,
         "search": filters.search.strip().lower()},
    )  # fmt: skip


def events(
    db: Database, actor: Actor | None, filters: AuditFilters = AuditFilters(), limit: int = 5000
) -> pd.DataFrame:
    """Audit events, latest first: occurred_at, user_label, action, entity, record_id, territory, detail.

    Administrators only (the trail names who did what)."""
    require_admin(actor, Action.READ_AUDIT)
    return db.query_df(
        """
        SELECT e.event_id, e.occurred_at, e.user_label, e.action, e.entity, e.record_id, e.territory_id,
               coalesce(tr.name, e.territory_id) AS territory, e.detail
        FROM audit_event e LEFT JOIN territory tr ON tr.territory_id = e.territory_id
        WHERE ($user IS NULL OR e.user_label = $user)
          AND ($action IS NULL OR e.action = $action)
          AND ($since IS NULL OR e.occurred_at >= CAST($since AS DATE))
          AND ($until IS NULL OR e.occurred_at < CAST($until AS DATE) + INTERVAL 1 DAY)
          AND ($search = '' OR contains(lower(concat_ws(' ', e.entity, e.record_id, e.detail, tr.name)), $search))
        ORDER BY e.occurred_at DESC, e.event_id DESC
        LIMIT $limit
        """,
        {
            "user": filters.user_label,
            "action": filters.action,
            "since": filters.since,
            "until": filters.until,
            "search": filters.search.strip().lower(),
            "limit": limit,
        },
    )
