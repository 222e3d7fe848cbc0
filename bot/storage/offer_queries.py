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
    return _summary(row)


def _summary(row: Offer) -> OfferSummary:
    return OfferSummary(row.id, row.reference, row.circular_number, row.title, dict(row.header))


def get_topic(session: Session, offer_id: str, topic: str) -> Topic:
    rows = session.execute(
        select(OfferFact.key, OfferFact.value, OfferFact.section)
        .where(OfferFact.offer_id == offer_id, OfferFact.topic == topic)
        .order_by(OfferFact.id)
    ).all()
    if not rows:
        raise OfferNotFound(f"{offer_id}/{topic}")
    return _topic_from_rows(topic, rows)


def _topic_from_rows(topic: str, rows) -> Topic:
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


@dataclass(frozen=True)
class OfferSnapshot:
    """One offer's header and every topic, read at once; valid while its fingerprint is."""

    offer: OfferSummary
    fingerprint: str
    topics: dict[str, Topic]

    def topic(self, name: str) -> Topic:
        """A FactSource (bot.answers.compose): the topic, or OfferNotFound like get_topic."""
        try:
            return self.topics[name]
        except KeyError:
            raise OfferNotFound(f"{self.offer.offer_id}/{name}") from None

    def keywords(self) -> dict[str, tuple[str, ...]]:
        return {name: topic.keywords for name, topic in self.topics.items() if topic.keywords}

    def unstated(self) -> dict[str, tuple[str, ...]]:
        """What candidates ask that the circular does not say: subject -> the words asking for it."""
        return {subject: words for topic in self.topics.values() for subject, words in topic.unstated.items()}


def offer_version(session: Session, offer_id: str | None = None) -> tuple[str, str]:
    """(id, fingerprint) of the offer get_offer would return: one small query."""
    query = select(Offer.id, Offer.fingerprint)
    if offer_id:
        row = session.execute(query.where(Offer.id == offer_id)).first()
    else:
        row = session.execute(query.where(Offer.is_default.is_(True))).first()
        if row is None:
            rows = session.execute(query.limit(2)).all()
            row = rows[0] if len(rows) == 1 else None
    if row is None:
        raise OfferNotFound(offer_id or "(default)")
    return row.id, row.fingerprint


def read_snapshot(session: Session, offer_id: str) -> OfferSnapshot:
    """The offer and all its topics in two queries."""
    row = session.get(Offer, offer_id)
    if row is None:
        raise OfferNotFound(offer_id)
    rows = session.execute(
        select(OfferFact.topic, OfferFact.key, OfferFact.value, OfferFact.section)
        .where(OfferFact.offer_id == offer_id)
        .order_by(OfferFact.id)
    ).all()
    by_topic: dict[str, list] = {}
    for fact in rows:
        by_topic.setdefault(fact.topic, []).append(fact)
    return OfferSnapshot(
        offer=_summary(row),
        fingerprint=row.fingerprint,
        topics={topic: _topic_from_rows(topic, topic_rows) for topic, topic_rows in by_topic.items()},
    )
