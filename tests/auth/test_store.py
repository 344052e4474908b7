"""Accounts: passwords stored hashed (argon2id), five wrong passwords slow down then lock, account rules, audit."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.auth import audit
from dashboard.auth.passwords import hash_password, verify_password
from dashboard.auth.roles import Grant, PermissionDenied, Role, ScopeType
from dashboard.auth.store import (
    LOCK_DURATION,
    AccountError,
    NewAccount,
    SignInOutcome,
    create_user,
    has_administrator,
    load_actor,
    set_active,
    set_grants,
    sign_in,
    unlock,
    users,
)
from dashboard.db import Database
from tests.world.actors import ADMIN, OFFICER
from tests.world.build import MINERVOIS, PROGRAMME, VENDOMOIS

PASSWORD = "Vendome-Loir-2026!"
T0 = dt.datetime(2026, 12, 4, 9, 0, 0)
OFFICER_GRANTS = (Grant(Role.PROJECT_OFFICER, ScopeType.TERRITORY, VENDOMOIS),)


@pytest.fixture
def db(eit_db: Database) -> Database:
    create_user(eit_db, NewAccount("marie.martin", "Marie Martin", OFFICER_GRANTS, password=PASSWORD), None)
    return eit_db


def test_passwords_are_stored_hashed(db: Database) -> None:
    stored = db.query_value("SELECT password_hash FROM app_user WHERE login = 'marie.martin'")
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert verify_password(stored, PASSWORD) and not verify_password(stored, PASSWORD + "x")
    assert hash_password(PASSWORD) != stored  # salted: the same password never gives the same hash
    # the password appears nowhere else in the database, the audit trail included
    for table in db.table_counts():
        text = db.query_df(f'SELECT * FROM "{table}"').astype(str).to_string()
        assert PASSWORD not in text, table
    assert "password_hash" not in users(db).columns


def test_a_right_password_signs_in_with_the_stored_roles(db: Database) -> None:
    result = sign_in(db, "  Marie.Martin ", PASSWORD, at=T0)
    assert result.outcome == SignInOutcome.OK and result.actor is not None
    assert result.actor.territories == frozenset({VENDOMOIS}) and not result.actor.is_admin
    assert db.query_rows("SELECT user_label, action FROM audit_event WHERE action = 'sign_in'") == [
        ("marie.martin", "sign_in")
    ]


def test_five_wrong_passwords_slow_down_then_lock(db: Database) -> None:
    outcomes = []
    at = T0
    for attempt in range(1, 6):
        result = sign_in(db, "marie.martin", "wrong-password", at=at)
        outcomes.append(result.outcome)
        if result.retry_at is not None and attempt < 5:
            # too soon: refused without checking, even with the right password
            early = sign_in(db, "marie.martin", PASSWORD, at=result.retry_at - dt.timedelta(milliseconds=1))
            assert early.outcome == SignInOutcome.WAIT and early.actor is None
            at = result.retry_at
    assert outcomes == [SignInOutcome.WRONG] * 4 + [SignInOutcome.LOCKED]
    waits = db.query_rows("SELECT failures, not_before - last_failure_at FROM sign_in_failure")
    assert waits[0][0] == 5
    # locked: even the right password is refused for LOCK_DURATION, with a French message
    locked = sign_in(db, "marie.martin", PASSWORD, at=at + LOCK_DURATION - dt.timedelta(seconds=1))
    assert locked.outcome == SignInOutcome.LOCKED and locked.actor is None
    assert locked.message(at) == (
        "Trop d'essais infructueux : ce compte est bloqué pendant 15 min. Un administrateur peut le débloquer."
    )
    assert sign_in(db, "marie.martin", PASSWORD, at=at + LOCK_DURATION).outcome == SignInOutcome.OK
    assert db.query_value("SELECT count(*) FROM sign_in_failure") == 0  # a success clears the count


def test_the_slow_down_grows(db: Database) -> None:
    delays = []
    at = T0
    for _ in range(4):
        result = sign_in(db, "marie.martin", "nope", at=at)
        delays.append(None if result.retry_at is None else (result.retry_at - at).total_seconds())
        at = result.retry_at or at
    assert delays == [None, None, 2.0, 4.0]


def test_an_unknown_login_is_slowed_down_the_same_way(db: Database) -> None:
    results = [sign_in(db, "nobody", "x", at=T0 + dt.timedelta(minutes=i)) for i in range(5)]
    assert [r.outcome for r in results] == [SignInOutcome.WRONG] * 4 + [SignInOutcome.LOCKED]
    # the same words as a wrong password: never says whether the login exists
    assert results[0].message(T0) == "Identifiant ou mot de passe incorrect."


def test_an_administrator_unlocks(db: Database) -> None:
    for i in range(5):
        sign_in(db, "marie.martin", "nope", at=T0 + dt.timedelta(minutes=i))
    with pytest.raises(PermissionDenied):
        unlock(db, "marie.martin", OFFICER)
    unlock(db, "marie.martin", ADMIN)
    assert sign_in(db, "marie.martin", PASSWORD, at=T0 + dt.timedelta(minutes=6)).outcome == SignInOutcome.OK


def test_account_rules(db: Database) -> None:
    with pytest.raises(AccountError) as refused:
        create_user(db, NewAccount("Marie.Martin", " ", (), password="court"), None)
    assert refused.value.problems == [
        "L'identifiant « marie.martin » existe déjà.",
        "Indiquez le nom affiché de l'utilisateur.",
        "Le mot de passe doit compter au moins 12 caractères.",
        "Donnez au moins un rôle à l'utilisateur.",
    ]
    with pytest.raises(AccountError, match="Territoire inconnu"):
        grants = (Grant(Role.PROJECT_OFFICER, ScopeType.TERRITORY, "epci:999"),)
        create_user(db, NewAccount("paul", "Paul", grants, password=PASSWORD), None)
    with pytest.raises(PermissionDenied):  # only an administrator creates accounts
        create_user(db, NewAccount("paul", "Paul", OFFICER_GRANTS, password=PASSWORD), OFFICER)
    assert db.query_value("SELECT count(*) FROM app_user") == 1


def test_roles_and_deactivation_take_effect_at_once(db: Database) -> None:
    user_id = db.query_value("SELECT user_id FROM app_user WHERE login = 'marie.martin'")
    set_grants(db, user_id, [Grant(Role.PROJECT_OFFICER, ScopeType.TERRITORY, MINERVOIS)], ADMIN)
    assert load_actor(db, user_id).territories == frozenset({MINERVOIS})
    set_active(db, user_id, False, ADMIN)
    assert load_actor(db, user_id) is None
    assert sign_in(db, "marie.martin", PASSWORD, at=T0).outcome == SignInOutcome.WRONG
    assert [row[0] for row in db.query_rows("SELECT action FROM audit_event ORDER BY event_id")] == [
        "user_created",
        "user_changed",
        "user_changed",
        "sign_in_failed",
    ]


def test_first_administrator(eit_db: Database) -> None:
    assert not has_administrator(eit_db)
    create_user(eit_db, NewAccount("admin", "Admin", (Grant(Role.ADMINISTRATOR),), password=PASSWORD), None)
    assert has_administrator(eit_db)
    events = audit.events(eit_db, ADMIN)
    assert list(events["user_label"]) == ["ligne de commande"] and list(events["action"]) == ["user_created"]
    with pytest.raises(PermissionDenied):
        audit.events(eit_db, OFFICER)


def test_roles_are_listed_and_audited_with_the_territory_and_programme_names_not_their_codes(db: Database) -> None:
    user_id = db.query_value("SELECT user_id FROM app_user WHERE login = 'marie.martin'")
    grants = [
        Grant(Role.PROJECT_OFFICER, ScopeType.TERRITORY, MINERVOIS),
        Grant(Role.COPIL_READER, ScopeType.PROGRAMME, PROGRAMME),
    ]
    set_grants(db, user_id, grants, ADMIN)
    roles = users(db).set_index("login").loc["marie.martin", "roles"]
    assert roles == "Chargé de mission : CC du Minervois au Caroux ; Lecteur COPIL : Démarche EIT test"
    assert audit.events(db, ADMIN)["detail"].iloc[0] == roles  # the newest first
