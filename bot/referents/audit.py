"""The referents' audit log: who did what, when, on which reference.

Entries never hold a candidate's address or question, so they can outlive the
tickets they mention (a purge leaves "who answered Q-… when").
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.storage.referent_tables import AuditEntry

ACTIONS = (
    "login",
    "login_failed",
    "login_throttled",
    "logout",
    "answer",
    "close",
    "reopen",
    "forward",
    "knowledge",
    "export",
    "export_knowledge",
    "erase",
    "purge",
    "email_retry",
)


def record(
    session: Session, actor: str, action: str, now: datetime, reference: str | None = None, detail: str | None = None
) -> None:
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    session.add(
        AuditEntry(
            at=now,
            actor=(actor or "?")[:254],
            action=action,
            reference=reference,
            detail=(detail or None) and detail[:300],
        )
    )


def entries(session: Session, reference: str | None = None, limit: int = 200) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
    if reference:
        query = query.where(AuditEntry.reference == reference)
    return list(session.scalars(query))
