"""The report of what candidates asked that the bot could not answer, similar messages grouped."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.parsing.text import normalise
from bot.referents.tickets import aware
from bot.storage.tables import UnansweredMessage


@dataclass(frozen=True)
class ReportLine:
    question: str
    count: int
    last_seen: datetime


def unanswered_report(session: Session, since: datetime | None = None, limit: int = 30) -> list[ReportLine]:
    """What candidates asked that the bot could not answer, similar messages grouped."""
    query = select(UnansweredMessage.text, UnansweredMessage.created_at)
    if since is not None:
        query = query.where(UnansweredMessage.created_at >= since)
    groups: dict[str, list[tuple[str, datetime]]] = {}
    for text, created in session.execute(query):
        groups.setdefault(_group_key(text), []).append((text, created))
    lines = [
        ReportLine(
            question=Counter(t for t, _ in rows).most_common(1)[0][0],
            count=len(rows),
            last_seen=max(aware(c) for _, c in rows),
        )
        for rows in groups.values()
    ]
    return sorted(lines, key=lambda line: (-line.count, line.question))[:limit]


def _group_key(text: str) -> str:
    """Messages that differ only by case, accents or punctuation are one question."""
    return " ".join(re.findall(r"[a-z0-9]+", normalise(text)))
