"""The demo database's three accounts, one per role, signed in with one click (no password).

They exist only on the demo database (meta dataset = 'demo'): `ensure_demo_accounts` adds them the first time
the dashboard opens a demo database, and `sign_in_demo` refuses on any other database, so a real database never
has a password-less way in.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.auth import store
from dashboard.auth.roles import Actor, Grant, PermissionDenied, Role, ScopeType
from dashboard.auth.sessions import SignInMethod
from dashboard.db import Database
from dashboard.i18n import t
from dashboard.imports.content import DEMO_DATASET

VENDOMOIS = "epci:200072072"  # CA Territoires Vendômois: the chargé de mission's one territory


@dataclass(frozen=True)
class DemoAccount:
    login: str
    name_key: str
    grants: tuple[Grant, ...]

    @property
    def user_id(self) -> str:
        return f"demo-{self.login.removeprefix('demo.')}"


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("demo.admin", "auth.demo.admin", (Grant(Role.ADMINISTRATOR),)),
    DemoAccount(
        "demo.charge",
        "auth.demo.officer",
        (Grant(Role.PROJECT_OFFICER, ScopeType.TERRITORY, VENDOMOIS), Grant(Role.COPIL_READER)),
    ),
    DemoAccount("demo.copil", "auth.demo.reader", (Grant(Role.COPIL_READER),)),
)


def is_demo_database(db: Database) -> bool:
    return db.get_meta("dataset") == DEMO_DATASET


def ensure_demo_accounts(db: Database) -> None:
    """Add the missing demo accounts to a demo database (nothing on any other database)."""
    if db.read_only or not is_demo_database(db):
        return
    present = {r[0] for r in db.query_rows("SELECT login FROM app_user WHERE is_demo")}
    for account in DEMO_ACCOUNTS:
        if account.login not in present and db.query_value(
            "SELECT count(*) FROM territory WHERE territory_id = $id", {"id": VENDOMOIS}
        ):
            store.create_user(
                db, store.NewAccount(account.login, t(account.name_key), account.grants, is_demo=True), None
            )


def sign_in_demo(db: Database, login: str) -> Actor:
    """One-click sign-in to a demo account; refused on a database that is not the demo."""
    user_id = db.query_value("SELECT user_id FROM app_user WHERE login = $login AND is_demo", {"login": login})
    actor = store.load_actor(db, user_id) if user_id and is_demo_database(db) else None
    if actor is None:
        raise PermissionDenied(t("auth.demo.refused"))
    store.record_sign_in(db, actor, SignInMethod.DEMO.value)
    return actor
