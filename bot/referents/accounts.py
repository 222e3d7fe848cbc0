"""Referents' accounts for the web inbox: argon2 password hashes and server-side sessions.

A browser holds a random token; the database keeps only its SHA-256, with the time it
was last used and the time it ended. Logging out ends it: the same cookie no longer opens
anything, even though it is still correctly signed.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.referents.tickets import valid_email
from bot.storage.referent_tables import ReferentSession, ReferentUser

MIN_PASSWORD_LENGTH = 12
# A session not used for this long, or older than this, is over.
IDLE_TIMEOUT = timedelta(hours=2)
ABSOLUTE_TIMEOUT = timedelta(hours=12)

_hasher = PasswordHasher()  # argon2id, the library's current recommended parameters
# Verified when the account does not exist, so that both cases take the same time.
_DUMMY_HASH = _hasher.hash("not a real password, only for constant time")


class AccountError(ValueError):
    pass


def add_user(session: Session, email: str, name: str, password: str, now: datetime) -> ReferentUser:
    address = valid_email(email)
    if address is None:
        raise AccountError(f"not a valid email address: {email!r}")
    if not name.strip():
        raise AccountError("the name is empty")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if find_user(session, address) is not None:
        raise AccountError(f"an account already exists for {address}")
    user = ReferentUser(
        email=address.lower(), name=name.strip(), password_hash=_hasher.hash(password), active=True, created_at=now
    )
    session.add(user)
    session.flush()
    return user


def find_user(session: Session, email: str) -> ReferentUser | None:
    return session.scalars(
        select(ReferentUser).where(func.lower(ReferentUser.email) == (email or "").strip().lower())
    ).first()


def list_users(session: Session) -> list[ReferentUser]:
    return list(session.scalars(select(ReferentUser).where(ReferentUser.active.is_(True)).order_by(ReferentUser.name)))


def authenticate(session: Session, email: str, password: str) -> ReferentUser | None:
    """The active account with this email and password, or None."""
    user = find_user(session, email)
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password or "")
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user


def open_session(session: Session, user: ReferentUser, now: datetime) -> str:
    """Start a session for `user`; returns the token to put in the (signed) cookie."""
    token = secrets.token_urlsafe(32)
    session.add(ReferentSession(id=_digest(token), user_id=user.id, created_at=now, last_seen_at=now))
    return token


def session_user(session: Session, token: str | None, now: datetime) -> ReferentUser | None:
    """The user of a live session (and marks it used), or None if ended, expired or unknown."""
    if not token:
        return None
    row = session.get(ReferentSession, _digest(token))
    if row is None or row.ended_at is not None:
        return None
    if now - _aware(row.last_seen_at) > IDLE_TIMEOUT or now - _aware(row.created_at) > ABSOLUTE_TIMEOUT:
        row.ended_at = now
        return None
    user = session.get(ReferentUser, row.user_id)
    if user is None or not user.active:
        return None
    row.last_seen_at = now
    return user


def end_session(session: Session, token: str | None, now: datetime) -> None:
    if token:
        row = session.get(ReferentSession, _digest(token))
        if row is not None and row.ended_at is None:
            row.ended_at = now


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _aware(moment: datetime) -> datetime:
    from bot.referents.tickets import aware as aware

    return aware(moment)
