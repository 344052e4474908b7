"""Session expiry rules: 30 minutes without activity, 10 hours after sign-in."""

from __future__ import annotations

import datetime as dt

from dashboard.auth.sessions import IDLE_TIMEOUT, MAX_AGE, Expiry, SignInMethod, expiry, start, touch

T0 = dt.datetime(2026, 12, 4, 9, 0)


def test_idle_sessions_expire() -> None:
    session = start("u-1", SignInMethod.LOCAL, T0)
    assert expiry(session, T0 + IDLE_TIMEOUT) is None
    assert expiry(session, T0 + IDLE_TIMEOUT + dt.timedelta(seconds=1)) == Expiry.IDLE


def test_activity_keeps_a_session_until_its_maximum_age() -> None:
    session = start("u-1", SignInMethod.LOCAL, T0)
    at = T0
    while at < T0 + MAX_AGE:
        at += dt.timedelta(minutes=20)
        assert expiry(session, at) in (None, Expiry.MAX_AGE)
        if expiry(session, at) is None:
            session = touch(session, at)
    assert expiry(session, T0 + MAX_AGE + dt.timedelta(minutes=1)) == Expiry.MAX_AGE
