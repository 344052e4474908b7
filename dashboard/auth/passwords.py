"""Password hashing with argon2id (argon2-cffi's defaults, RFC 9106 low-memory profile) and the password rule."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from dashboard.i18n import t

MIN_LENGTH = 12  # ANSSI's recommendation for a password without other factor is 12 characters or more

_HASHER = PasswordHasher()  # argon2id; its parameters are stored in each hash, so they can be raised later
# Verified when the login is unknown, so that an unknown login takes as long to refuse as a wrong password.
_DUMMY_HASH = _HASHER.hash("observatoire-dummy-password")


def password_problem(password: str, login: str = "") -> str | None:
    """A French reason why `password` is refused, or None."""
    if len(password) < MIN_LENGTH:
        return t("auth.password.too_short", minimum=MIN_LENGTH)
    if login and login.lower() in password.lower():
        return t("auth.password.contains_login")
    if len(set(password)) < 5:
        return t("auth.password.too_simple")
    return None


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when `password` matches; a missing or malformed hash never matches (and costs the same time)."""
    try:
        return _HASHER.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _HASHER.check_needs_rehash(stored_hash)
