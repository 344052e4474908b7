"""Session expiry: a signed-in session ends after IDLE_TIMEOUT without activity or MAX_AGE after sign-in.

Pure rules on a small record the dashboard keeps in its per-browser session state; the server holds it, so a
browser cannot forge or extend it. The user id is re-read from the database on every run (a disabled account
or a removed role takes effect at the next click).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from enum import StrEnum

IDLE_TIMEOUT = dt.timedelta(minutes=30)
MAX_AGE = dt.timedelta(hours=10)  # a working day: a shared COPIL screen left signed in overnight is signed out


class SignInMethod(StrEnum):
    LOCAL = "local"
    OIDC = "oidc"
    DEMO = "demo"


class Expiry(StrEnum):
    IDLE = "idle"
    MAX_AGE = "max_age"


@dataclass(frozen=True)
class AuthSession:
    user_id: str
    method: SignInMethod
    signed_in_at: dt.datetime
    last_seen: dt.datetime


def start(user_id: str, method: SignInMethod, at: dt.datetime) -> AuthSession:
    return AuthSession(user_id, method, at, at)


def expiry(session: AuthSession, at: dt.datetime) -> Expiry | None:
    """Why `session` has expired at `at`, or None while it is valid."""
    if at - session.last_seen > IDLE_TIMEOUT:
        return Expiry.IDLE
    if at - session.signed_in_at > MAX_AGE:
        return Expiry.MAX_AGE
    return None


def touch(session: AuthSession, at: dt.datetime) -> AuthSession:
    return replace(session, last_seen=at)
