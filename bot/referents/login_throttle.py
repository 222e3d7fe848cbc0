"""Throttling of failed logins, per account and per IP address.

Five failures in a row are free; after that each key waits before the next attempt,
15 s after the fifth failure, doubling with each further failure, up to one hour.
While a key waits, every attempt is refused without even checking the password
(so a right password is refused too) and does not extend the wait.
A successful login clears the account's and the address's failures.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.storage.referent_tables import LoginThrottle

FREE_FAILURES = 5
FIRST_DELAY = timedelta(seconds=15)
MAX_DELAY = timedelta(hours=1)


def keys_for(email: str, ip_address: str | None) -> list[str]:
    return [f"account:{(email or '').strip().lower()}"[:300], f"ip:{ip_address or 'unknown'}"[:300]]


def wait_remaining(session: Session, keys: list[str], now: datetime) -> timedelta:
    """How long these keys must still wait before an attempt is checked (zero: not blocked)."""
    remaining = timedelta(0)
    for key in keys:
        row = session.get(LoginThrottle, key)
        if row is not None and row.blocked_until is not None:
            remaining = max(remaining, _aware(row.blocked_until) - now)
    return remaining


def delay_after(failures: int) -> timedelta:
    if failures < FREE_FAILURES:
        return timedelta(0)
    # The exponent is capped: 2**20 * 15 s is far beyond the maximum anyway.
    return min(FIRST_DELAY * 2 ** min(failures - FREE_FAILURES, 20), MAX_DELAY)


def record_failure(session: Session, keys: list[str], now: datetime) -> None:
    for key in keys:
        row = session.get(LoginThrottle, key)
        if row is None:
            row = LoginThrottle(key=key, failures=0)
            session.add(row)
        row.failures += 1
        row.last_failure_at = now
        delay = delay_after(row.failures)
        row.blocked_until = now + delay if delay else None


def record_success(session: Session, keys: list[str]) -> None:
    for key in keys:
        row = session.get(LoginThrottle, key)
        if row is not None:
            session.delete(row)


def _aware(moment: datetime) -> datetime:
    from bot.referents.tickets import aware as aware

    return aware(moment)
