"""Accounts: creation, roles, sign-in with slow-down and lock-out, and loading the signed-in `Actor`.

Slow-down and lock-out (per login, known or not, so that probing unknown logins gains nothing):
- the first FREE_FAILURES failures cost nothing;
- each further failure makes the next attempt wait 2, 4... seconds (refused unchecked before then);
- at LOCK_AFTER failures in a row the login is locked for LOCK_DURATION, even with the right password;
- a successful sign-in clears the count; a lock that has run out starts a fresh count.
Passwords are only ever hashed (argon2id); they are never written to the audit trail, a log or a URL.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import resources

import duckdb
import pandas as pd

from dashboard.auth import audit
from dashboard.auth.audit import AuditAction
from dashboard.auth.passwords import hash_password, needs_rehash, password_problem, verify_password
from dashboard.auth.roles import ALL_SCOPE, Action, Actor, Grant, Role, ScopeType, actor_from_grants, require_admin
from dashboard.db import Database
from dashboard.i18n import t, t_count
from dashboard.limits import text_problem

ACCOUNT_TABLES = frozenset({"app_user", "user_role", "sign_in_failure", "audit_event"})  # not data: who, not what
FREE_FAILURES = 2
LOCK_AFTER = 5
LOCK_DURATION = dt.timedelta(minutes=15)
LOGIN_PATTERN = re.compile(r"[a-z0-9][a-z0-9._@-]{2,63}")

_SECTION_START = "-- ---------------------------------------------------------------- accounts, roles and audit trail"
_SECTION_END = "-- ---------------------------------------------------------------- end of accounts"


def ensure_tables(db: Database) -> None:
    """Create the accounts section of schema.sql in a database created before it existed (idempotent)."""
    if db.read_only or db.query_value("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'audit_event'"):
        return
    schema = resources.files("dashboard").joinpath("schema.sql").read_text(encoding="utf-8")
    section = schema[schema.index(_SECTION_START) : schema.index(_SECTION_END)]
    with db.transaction() as cursor:
        cursor.execute(section)


def normalise_login(login: str) -> str:
    return login.strip().lower()


class AccountError(ValueError):
    """An account was refused; `problems` are French sentences (nothing was written)."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class NewAccount:
    login: str
    display_name: str
    grants: tuple[Grant, ...]
    password: str | None = None  # None: signs in through the identity provider (e-mail) or a demo button
    email: str | None = None
    is_demo: bool = False


def _grant_problems(db: Database, grants: Iterable[Grant]) -> list[str]:
    problems = []
    grants = list(grants)
    if not grants:
        problems.append(t("auth.account.no_role"))
    for grant in grants:
        if grant.role == Role.ADMINISTRATOR and grant.scope_type != ScopeType.ALL:
            problems.append(t("auth.account.admin_scope"))
        elif grant.scope_type == ScopeType.TERRITORY and not db.query_value(
            "SELECT count(*) FROM territory WHERE territory_id = $id", {"id": grant.scope_id}
        ):
            problems.append(t("auth.account.unknown_territory", territory=grant.scope_id))
        elif grant.scope_type == ScopeType.PROGRAMME and not db.query_value(
            "SELECT count(*) FROM programme WHERE programme_id = $id", {"id": grant.scope_id}
        ):
            problems.append(t("auth.account.unknown_programme", programme=grant.scope_id))
    return problems


def account_problems(db: Database, account: NewAccount) -> list[str]:
    """Every reason to refuse `account`, in French (empty: it can be created)."""
    problems = []
    login = normalise_login(account.login)
    if not LOGIN_PATTERN.fullmatch(login):
        problems.append(t("auth.account.bad_login", login=account.login))
    elif db.query_value("SELECT count(*) FROM app_user WHERE login = $login", {"login": login}):
        problems.append(t("auth.account.login_taken", login=login))
    if not account.display_name.strip():
        problems.append(t("auth.account.no_name"))
    email = (account.email or "").strip().lower() or None
    for text, key in ((account.display_name, "limits.name_field"), (email, "limits.email_field")):
        problem = text_problem(text, t(key))  # stored, listed and written to the audit trail
        if problem:
            problems.append(problem)
    if email is not None:
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
            problems.append(t("auth.account.bad_email", email=email))
        elif db.query_value("SELECT count(*) FROM app_user WHERE email = $email", {"email": email}):
            problems.append(t("auth.account.email_taken", email=email))
    if account.password is not None:
        problem = password_problem(account.password, login)
        if problem:
            problems.append(problem)
    elif email is None and not account.is_demo:
        problems.append(t("auth.account.no_credential"))
    return problems + _grant_problems(db, account.grants)


def create_user(db: Database, account: NewAccount, by: Actor | None, *, at: dt.datetime | None = None) -> str:
    """Create a user with its roles, all or nothing; returns its id. `by` must be an administrator (None: the
    command line or the first start)."""
    require_admin(by)
    # Checked and written again when another worker created the same login or e-mail meanwhile (a duplicate key
    # on the shared store): the new attempt's checks refuse it by name.
    return db.retrying(lambda: _create_user_once(db, account, by, at))


def _create_user_once(db: Database, account: NewAccount, by: Actor | None, at: dt.datetime | None) -> str:
    problems = account_problems(db, account)
    if problems:
        raise AccountError(problems)
    login = normalise_login(account.login)
    names = scope_names(db, account.grants)
    user_id = f"u-{uuid.uuid4().hex[:12]}" if not account.is_demo else f"demo-{login.removeprefix('demo.')}"
    with db.transaction() as cursor:
        cursor.execute(
            "INSERT INTO app_user (user_id, login, display_name, email, password_hash, is_demo, created_at, "
            "created_by) VALUES ($id, $login, $name, $email, $hash, $demo, $at, $by)",
            {
                "id": user_id,
                "login": login,
                "name": account.display_name.strip(),
                "email": (account.email or "").strip().lower() or None,
                "hash": hash_password(account.password) if account.password is not None else None,
                "demo": account.is_demo,
                "at": at or audit.now(),
                "by": by.login if by else None,
            },
        )
        _insert_grants(cursor, user_id, account.grants)
        audit.record(cursor, by, AuditAction.USER_CREATED, entity="app_user", record_id=login,
                     detail=describe_grants(account.grants, names), at=at)  # fmt: skip
    return user_id


def _insert_grants(cursor, user_id: str, grants: Iterable[Grant]) -> None:  # type: ignore[no-untyped-def]
    for grant in dict.fromkeys(grants):  # distinct, in order
        cursor.execute(
            "INSERT INTO user_role (user_id, role, scope_type, scope_id) VALUES ($user, $role, $type, $scope)",
            {"user": user_id, "role": grant.role.value, "type": grant.scope_type.value, "scope": grant.scope_id},
        )


def describe_grants(grants: Iterable[Grant], names: Mapping[str, str]) -> str:
    """'Chargé de mission : Communauté d'agglomération Territoires Vendômois ; Lecteur COPIL : tous les
    territoires' (French, for lists and the audit trail). `names`: territory and programme names by id
    (`scope_names`); an id without a name (removed since) is shown as it is."""
    by_role: dict[Role, list[str]] = {}
    for grant in grants:
        scope = t("auth.scope.all") if grant.scope_type == ScopeType.ALL else names.get(grant.scope_id, grant.scope_id)
        by_role.setdefault(grant.role, []).append(scope)
    ordered = sorted(by_role.items(), key=lambda item: list(Role).index(item[0]))  # the strongest role first
    return " ; ".join(f"{t(f'auth.role.{role.value}')} : {', '.join(scopes)}" for role, scopes in ordered)


def scope_names(db: Database, grants: Iterable[Grant]) -> dict[str, str]:
    """The names of the territories and programmes `grants` name, by id (their ids never collide: a territory's
    holds its level, 'epci:200072072'). Only those: a national geography has some 36 000 territories."""
    ids = sorted({grant.scope_id for grant in grants if grant.scope_type != ScopeType.ALL})
    rows = db.query_rows(
        "SELECT territory_id, name FROM territory WHERE list_contains($ids, territory_id) "
        "UNION ALL SELECT programme_id, name FROM programme WHERE list_contains($ids, programme_id)",
        {"ids": ids},
    )
    return dict(rows)


def set_grants(db: Database, user_id: str, grants: Sequence[Grant], by: Actor | None) -> None:
    """Replace a user's roles (administrators only)."""
    require_admin(by)
    problems = _grant_problems(db, grants)
    if problems:
        raise AccountError(problems)
    login = db.query_value("SELECT login FROM app_user WHERE user_id = $id", {"id": user_id})
    names = scope_names(db, grants)

    def replace_grants(cursor: duckdb.DuckDBPyConnection) -> None:
        cursor.execute("DELETE FROM user_role WHERE user_id = $id", {"id": user_id})
        _insert_grants(cursor, user_id, grants)
        audit.record(cursor, by, AuditAction.USER_CHANGED, entity="user_role", record_id=login,
                     detail=describe_grants(grants, names))  # fmt: skip

    db.write(replace_grants)  # the last administrator's choice wins, whole, when two change one user at once


def set_active(db: Database, user_id: str, active: bool, by: Actor | None) -> None:
    require_admin(by)
    if by is not None and by.user_id == user_id and not active:
        raise AccountError([t("auth.account.disable_self")])
    login = db.query_value("SELECT login FROM app_user WHERE user_id = $id", {"id": user_id})

    def activate(cursor: duckdb.DuckDBPyConnection) -> None:
        cursor.execute("UPDATE app_user SET is_active = $active WHERE user_id = $id", {"active": active, "id": user_id})
        detail = t("auth.audit.enabled") if active else t("auth.audit.disabled")
        audit.record(cursor, by, AuditAction.USER_CHANGED, entity="app_user", record_id=login, detail=detail)

    db.write(activate)


def set_password(db: Database, user_id: str, password: str, by: Actor | None) -> None:
    """A new password (an administrator for anyone, or the user for itself)."""
    if by is not None and by.user_id != user_id:
        require_admin(by)
    login = db.query_value("SELECT login FROM app_user WHERE user_id = $id", {"id": user_id})
    problem = password_problem(password, login or "")
    if problem:
        raise AccountError([problem])
    hashed = hash_password(password)  # once: argon2 takes a while, and a new attempt stores the same hash

    def store_hash(cursor: duckdb.DuckDBPyConnection) -> None:
        cursor.execute("UPDATE app_user SET password_hash = $hash WHERE user_id = $id", {"hash": hashed, "id": user_id})
        audit.record(cursor, by, AuditAction.USER_CHANGED, entity="app_user", record_id=login,
                     detail=t("auth.audit.password_changed"))  # fmt: skip

    db.write(store_hash)


def users(db: Database) -> pd.DataFrame:
    """Every account (never its hash): user_id, login, display_name, email, method, is_active, is_demo,
    created_at, created_by, roles (French description)."""
    frame = db.query_df(
        "SELECT user_id, login, display_name, email, password_hash IS NOT NULL AS has_password, is_active, is_demo, "
        "created_at, created_by FROM app_user ORDER BY login"
    )
    grants = grants_by_user(db)
    names = scope_names(db, (grant for granted in grants.values() for grant in granted))
    frame["roles"] = [describe_grants(grants.get(user_id, []), names) for user_id in frame["user_id"]]
    return frame


def grants_by_user(db: Database) -> dict[str, list[Grant]]:
    grants: dict[str, list[Grant]] = {}
    for user_id, role, scope_type, scope_id in db.query_rows(
        "SELECT user_id, role, scope_type, scope_id FROM user_role ORDER BY user_id, role, scope_type, scope_id"
    ):
        grants.setdefault(user_id, []).append(Grant(Role(role), ScopeType(scope_type), scope_id))
    return grants


def has_administrator(db: Database) -> bool:
    return bool(
        db.query_value(
            "SELECT count(*) FROM app_user u JOIN user_role r USING (user_id) "
            "WHERE u.is_active AND r.role = 'administrator'"
        )
    )


def load_actor(db: Database, user_id: str) -> Actor | None:
    """The active user's Actor with its roles as stored now (None: unknown or disabled)."""
    row = db.query_rows("SELECT login, display_name FROM app_user WHERE user_id = $id AND is_active", {"id": user_id})
    if not row:
        return None
    grants = grants_by_user(db).get(user_id, [])
    if not grants:
        return None
    perimeters = dict(db.query_rows("SELECT programme_id, perimeter_territory_id FROM programme"))
    return actor_from_grants(user_id, row[0][0], row[0][1], grants, perimeters)


def user_id_for_email(db: Database, email: str) -> str | None:
    return db.query_value(
        "SELECT user_id FROM app_user WHERE email = $email AND is_active", {"email": email.strip().lower()}
    )


# ---------------------------------------------------------------------------------------------- sign-in
class SignInOutcome(StrEnum):
    OK = "ok"
    WRONG = "wrong"  # unknown login or wrong password (never said which)
    WAIT = "wait"  # too soon after a failure: not checked
    LOCKED = "locked"


@dataclass(frozen=True)
class SignInResult:
    outcome: SignInOutcome
    actor: Actor | None = None
    retry_at: dt.datetime | None = None
    failures: int = 0
    extra: dict[str, object] = field(default_factory=dict)

    def message(self, at: dt.datetime) -> str:
        """The French sentence for the sign-in page."""
        if self.outcome == SignInOutcome.OK:
            return ""
        if self.outcome == SignInOutcome.WRONG:
            return t("auth.sign_in.wrong")
        seconds = max(1, int((self.retry_at - at).total_seconds() + 0.999)) if self.retry_at else 1
        if self.outcome == SignInOutcome.WAIT:
            return t("auth.sign_in.wait", seconds=seconds)
        return t("auth.sign_in.locked", minutes=max(1, (seconds + 59) // 60))


_FAILURE_ROW = "SELECT failures, not_before, locked_until FROM sign_in_failure WHERE login = $login"


def _failure_row(db: Database, login: str) -> tuple[int, dt.datetime | None, dt.datetime | None]:
    rows = db.query_rows(_FAILURE_ROW, {"login": login})
    return rows[0] if rows else (0, None, None)


def _record_failure(
    cursor: duckdb.DuckDBPyConnection, login: str, at: dt.datetime
) -> tuple[int, dt.datetime | None, dt.datetime | None]:
    """Count one more failure for `login`, read in the transaction: failed attempts at the same time on two
    workers both count (on the shared store the second is aborted and run again, `Database.write`)."""
    row = cursor.execute(_FAILURE_ROW, {"login": login}).fetchone()
    failures, _, locked_until = row if row is not None else (0, None, None)
    if locked_until is not None and at >= locked_until:  # the lock has run out: a fresh count
        failures = 0
    failures += 1
    locked = at + LOCK_DURATION if failures >= LOCK_AFTER else None
    wait = at + dt.timedelta(seconds=2 ** (failures - FREE_FAILURES)) if failures > FREE_FAILURES else None
    cursor.execute(
        "INSERT OR REPLACE INTO sign_in_failure (login, failures, last_failure_at, not_before, locked_until) "
        "VALUES ($login, $failures, $at, $wait, $locked)",
        {"login": login, "failures": failures, "at": at, "wait": wait, "locked": locked},
    )
    audit.record(cursor, None, AuditAction.SIGN_IN_FAILED, user_label=login[:64],
                 detail=t_count("auth.audit.failures", failures, count=failures), at=at)  # fmt: skip
    return failures, wait, locked


def sign_in(db: Database, login: str, password: str, *, at: dt.datetime | None = None) -> SignInResult:
    """Check a local account's password under the slow-down / lock-out rule; record the attempt."""
    at = at or audit.now()
    login = normalise_login(login)
    failures, not_before, locked_until = _failure_row(db, login)
    if locked_until is not None and at < locked_until:
        return SignInResult(SignInOutcome.LOCKED, retry_at=locked_until, failures=failures)
    if locked_until is not None:  # the lock has run out: no wait left (_record_failure starts a fresh count)
        not_before = None
    if not_before is not None and at < not_before:
        return SignInResult(SignInOutcome.WAIT, retry_at=not_before, failures=failures)
    rows = db.query_rows(
        "SELECT user_id, password_hash FROM app_user WHERE login = $login AND is_active", {"login": login}
    )
    user_id, stored = rows[0] if rows else (None, None)
    if user_id is not None and verify_password(stored, password):
        actor = load_actor(db, user_id)
        if actor is not None:
            rehashed = hash_password(password) if needs_rehash(stored) else None

            def succeed(cursor: duckdb.DuckDBPyConnection) -> None:
                cursor.execute("DELETE FROM sign_in_failure WHERE login = $login", {"login": login})
                if rehashed is not None:
                    cursor.execute("UPDATE app_user SET password_hash = $hash WHERE user_id = $id",
                                   {"hash": rehashed, "id": user_id})  # fmt: skip
                audit.record(cursor, actor, AuditAction.SIGN_IN, detail=t("auth.audit.local"), at=at)

            db.write(succeed, data_change=False)  # bookkeeping no cached page shows
            return SignInResult(SignInOutcome.OK, actor=actor)
    failures, wait, locked = db.write(lambda cursor: _record_failure(cursor, login, at), data_change=False)
    if locked is not None:
        return SignInResult(SignInOutcome.LOCKED, retry_at=locked, failures=failures)
    return SignInResult(SignInOutcome.WRONG, retry_at=wait, failures=failures)


def record_sign_in(db: Database, actor: Actor, method: str) -> None:
    """An audit line for a sign-in that did not go through `sign_in` (identity provider, demo button).

    Not a data change (`Database.transaction`): on the shared store a sign-in leaves every worker's cache warm."""
    db.write(lambda cursor: audit.record(cursor, actor, AuditAction.SIGN_IN, detail=t(f"auth.audit.{method}")),
             data_change=False)  # fmt: skip


def record_sign_out(db: Database, actor: Actor, reason: str) -> None:
    db.write(lambda cursor: audit.record(cursor, actor, AuditAction.SIGN_OUT,
                                         detail=t(f"auth.audit.sign_out.{reason}")), data_change=False)  # fmt: skip


def unlock(db: Database, login: str, by: Actor | None) -> None:
    require_admin(by, Action.MANAGE_USERS)

    def clear(cursor: duckdb.DuckDBPyConnection) -> None:
        cursor.execute("DELETE FROM sign_in_failure WHERE login = $login", {"login": normalise_login(login)})
        audit.record(cursor, by, AuditAction.USER_CHANGED, entity="app_user", record_id=normalise_login(login),
                     detail=t("auth.audit.unlocked"))  # fmt: skip

    db.write(clear)


def everything() -> tuple[Grant, ...]:
    return (Grant(Role.ADMINISTRATOR, ScopeType.ALL, ALL_SCOPE),)
