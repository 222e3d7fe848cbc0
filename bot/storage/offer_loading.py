"""Load offer files into the database: all or nothing, and idempotent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import delete, update
from sqlalchemy.orm import sessionmaker

from bot.domain.offer import KEYWORDS_KEY, UNSTATED_KEY, OfferData, OfferFileError, read_offer_file
from bot.storage.tables import Offer, OfferFact


@dataclass(frozen=True)
class LoadReport:
    loaded: list[str]
    unchanged: list[str]


def read_offer_dir(directory: Path) -> list[OfferData]:
    files = sorted(directory.glob("*.yml")) + sorted(directory.glob("*.yaml"))
    if not files:
        raise OfferFileError(f"{directory}: no offer file (*.yml) found")
    return check_offer_set([read_offer_file(path) for path in files])


def offer_from_files(directory: Path, offer_id: str | None = None) -> OfferData:
    """The configured (or default) offer read straight from its file: used when
    the database cannot be reached, and for static pages."""
    offers = read_offer_dir(Path(directory))
    return next((o for o in offers if o.offer_id == offer_id), None) or next(
        (o for o in offers if o.is_default), offers[0]
    )


def check_offer_set(offers: list[OfferData]) -> list[OfferData]:
    seen: dict[str, str] = {}
    for offer in offers:
        if offer.offer_id in seen:
            raise OfferFileError(
                f"{offer.source_file}: offer.id '{offer.offer_id}' is already used by {seen[offer.offer_id]}"
            )
        seen[offer.offer_id] = offer.source_file
    defaults = [offer.source_file for offer in offers if offer.is_default]
    if len(defaults) > 1:
        raise OfferFileError(f"{defaults[1]}: offer.default: only one offer may be the default (also {defaults[0]})")
    return offers


def load_offers(session_factory: sessionmaker, offers: list[OfferData]) -> LoadReport:
    """Write validated offers in one transaction; unchanged ones are skipped."""
    loaded, unchanged = [], []
    with session_factory.begin() as session:
        for offer in offers:
            current = session.get(Offer, offer.offer_id)
            if current is not None and current.fingerprint == offer.fingerprint:
                unchanged.append(offer.offer_id)
                continue
            if current is not None:
                session.execute(delete(OfferFact).where(OfferFact.offer_id == offer.offer_id))
                session.delete(current)
                session.flush()
            session.add(_to_row(offer))
            loaded.append(offer.offer_id)
        if any(offer.is_default for offer in offers):
            default_id = next(offer.offer_id for offer in offers if offer.is_default)
            session.flush()
            session.execute(update(Offer).where(Offer.id != default_id).values(is_default=False))
    return LoadReport(loaded=loaded, unchanged=unchanged)


def _to_row(offer: OfferData) -> Offer:
    header = offer.header
    row = Offer(
        id=offer.offer_id,
        reference=header["reference"],
        circular_number=header["circular_number"],
        title=header["title"],
        published_on=date.fromisoformat(header["published_on"]),
        valid_from=date.fromisoformat(header["valid_from"]),
        valid_until=date.fromisoformat(header["valid_until"]),
        is_default=offer.is_default,
        header=header,
        source_file=offer.source_file,
        fingerprint=offer.fingerprint,
    )
    row.facts = (
        [
            OfferFact(topic=topic.name, key=key, value=value, section=topic.section_of(key))
            for topic in offer.topics.values()
            for key, value in topic.facts.items()
        ]
        + [
            # Kept beside the facts so the reader gets a whole Topic back.
            OfferFact(topic=topic.name, key=KEYWORDS_KEY, value=list(topic.keywords), section=topic.section)
            for topic in offer.topics.values()
            if topic.keywords
        ]
        + [
            OfferFact(
                topic=topic.name,
                key=UNSTATED_KEY,
                value={subject: list(words) for subject, words in topic.unstated.items()},
                section=topic.section,
            )
            for topic in offer.topics.values()
            if topic.unstated
        ]
    )
    return row
