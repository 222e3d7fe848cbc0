"""Read-side queries on the offer data, used by the actions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.offer import KEYWORDS_KEY, UNSTATED_KEY, Topic
from bot.storage.tables import Offer, OfferFact


class OfferNotFound(LookupError):
    pass


@dataclass(frozen=True)
class OfferSummary:
    offer_id: str
    reference: str
    circular_number: int
    title: str
    header: dict[str, Any]


def get_offer(session: Session, offer_id: str | None = None) -> OfferSummary:
    """The offer with this id, or the default offer (else the only one)."""
    if offer_id:
        row = session.get(Offer, offer_id)
    else:
        row = session.scalars(select(Offer).where(Offer.is_default.is_(True))).first()
        if row is None:
            rows = session.scalars(select(Offer).limit(2)).all()
            row = rows[0] if len(rows) == 1 else None
    if row is None:
        raise OfferNotFound(offer_id or "(default)")
    return OfferSummary(row.id, row.reference, row.circular_number, row.title, dict(row.header))


def get_topic(session: Session, offer_id: str, topic: str) -> Topic:
    rows = session.execute(
        select(OfferFact.key, OfferFact.value, OfferFact.section)
        .where(OfferFact.offer_id == offer_id, OfferFact.topic == topic)
        .order_by(OfferFact.id)
    ).all()
    if not rows:
        raise OfferNotFound(f"{offer_id}/{topic}")
    # Each row keeps its own section; the topic's is the one most of its facts share
    # (the first one on a tie, as in the offer file).
    keywords = next((tuple(row.value) for row in rows if row.key == KEYWORDS_KEY), ())
    unstated: dict[str, list[str]] = next((row.value for row in rows if row.key == UNSTATED_KEY), {})
    rows = [row for row in rows if row.key not in (KEYWORDS_KEY, UNSTATED_KEY)]
    sections = [row.section for row in rows]
    section = max(dict.fromkeys(sections), key=sections.count)
    return Topic(
        name=topic,
        section=section,
        facts={row.key: row.value for row in rows},
        fact_sections={row.key: row.section for row in rows if row.section != section},
        keywords=keywords,
        unstated={subject: tuple(words) for subject, words in unstated.items()},
    )


def topic_keywords(session: Session, offer_id: str) -> dict[str, tuple[str, ...]]:
    """Each topic's keywords (the words candidates use for it)."""
    rows = session.execute(
        select(OfferFact.topic, OfferFact.value).where(OfferFact.offer_id == offer_id, OfferFact.key == KEYWORDS_KEY)
    ).all()
    return {row.topic: tuple(row.value) for row in rows}


def unstated_subjects(session: Session, offer_id: str) -> dict[str, tuple[str, ...]]:
    """What candidates ask that the circular does not say: subject -> the words asking for it."""
    rows = session.execute(
        select(OfferFact.value).where(OfferFact.offer_id == offer_id, OfferFact.key == UNSTATED_KEY)
    ).all()
    return {subject: tuple(words) for row in rows for subject, words in row.value.items()}
