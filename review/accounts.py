"""Review accounts: roles, password hashes (argon2-cffi), sessions, CSRF tokens, a login
rate limit. Accounts live in the output folder's corpus store (migration 5).

* roles: ``viewer`` reads, ``reviewer`` also corrects, approves and dismisses findings,
  ``admin`` also adds accounts (``vanban user add``);
* a session is a random token in an HttpOnly, SameSite=Strict cookie; the store keeps only
  its SHA-256, with the session's CSRF token and its end (:data:`SESSION_SECONDS`);
* a login name with :data:`MAX_FAILURES` failed attempts in :data:`FAILURE_WINDOW` seconds
  is refused until the window passes, right password or not.

>>> h = hash_password("mật khẩu dài")
>>> verify_password(h, "mật khẩu dài"), verify_password(h, "sai")
(True, False)
>>> can("viewer", "write"), can("reviewer", "write"), can("reviewer", "admin")
(False, True, False)
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from vanban.store.review_sql import ReviewSql

ROLES = ("viewer", "reviewer", "admin")
#: What each role may do, cumulatively.
RIGHTS = {"viewer": {"read"}, "reviewer": {"read", "write"}, "admin": {"read", "write", "admin"}}
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
MIN_PASSWORD = 8
SESSION_SECONDS = 8 * 3600
MAX_FAILURES = 5
FAILURE_WINDOW = 15 * 60

_hasher = PasswordHasher()


class AccountError(ValueError):
    """A name, role or password that cannot be accepted."""


def now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def can(role: str, right: str) -> bool:
    return right in RIGHTS.get(role, set())


def check_new_account(name: str, role: str, password: str) -> None:
    if not NAME.match(name):
        raise AccountError(
            f"{name!r}: a login name is 1–40 letters, digits, '.', '_' or '-' (no spaces)"
        )
    if role not in ROLES:
        raise AccountError(f"{role!r}: the role is one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"a password has at least {MIN_PASSWORD} characters")


def add_user(store: ReviewSql, name: str, role: str, password: str) -> None:
    check_new_account(name, role, password)
    store.add_user(name, role, hash_password(password), now_text())


@dataclass(frozen=True)
class Session:
    name: str
    role: str
    csrf: str


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class LoginRefused(Exception):
    """Wrong name or password, or too many attempts (``limited``)."""

    def __init__(self, limited: bool) -> None:
        super().__init__("too many attempts: wait" if limited else "wrong name or password")
        self.limited = limited


def log_in(store: ReviewSql, name: str, password: str, *, now: float | None = None) -> str:
    """A new session token for ``name``; :class:`LoginRefused` otherwise."""
    now = time.time() if now is None else now
    if store.login_failures_since(name, now - FAILURE_WINDOW) >= MAX_FAILURES:
        raise LoginRefused(limited=True)
    account = store.user(name)
    if account is None or not verify_password(account[2], password):
        if account is None:
            verify_password(_DUMMY, password)  # the same time whether the name exists or not
        store.login_failed(name, now)
        raise LoginRefused(limited=False)
    store.clear_login_failures(name)
    if _hasher.check_needs_rehash(account[2]):
        store.set_password_hash(name, hash_password(password))
    token = secrets.token_urlsafe(32)
    store.add_session(_token_hash(token), name, secrets.token_urlsafe(32), now + SESSION_SECONDS)
    return token


_DUMMY = _hasher.hash("not a password of anyone")


def session_of(store: ReviewSql, token: str | None, *, now: float | None = None) -> Session | None:
    if not token:
        return None
    found = store.session(_token_hash(token), time.time() if now is None else now)
    if found is None:
        return None
    account = store.user(found[0])
    if account is None:
        return None
    return Session(account[0], account[1], found[1])


def log_out(store: ReviewSql, token: str) -> None:
    store.end_session(_token_hash(token))
