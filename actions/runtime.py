"""Process-wide objects shared by the actions: settings, database, clock."""
from __future__ import annotations

from functools import lru_cache

from bot.domain.clock import clock_from_settings
from bot.storage.database import make_engine, make_session_factory
from bot.answers.replies import OfferReader
from bot.settings import Settings, load_settings


@lru_cache(maxsize=1)
def settings() -> Settings:
    return load_settings()


@lru_cache(maxsize=1)
def offer_reader() -> OfferReader:
    engine = make_engine(settings().database_url)
    return OfferReader(make_session_factory(engine), settings().offer_id)


def now():
    return clock_from_settings(settings())()


@lru_cache(maxsize=1)
def forwarder():
    from bot.referents.forwarding import Forwarder

    return Forwarder(offer_reader(), settings())


def _offer_id() -> str:
    return settings().offer_id or offer_reader().offer().offer_id


def count_topic(topic: str) -> None:
    """Dashboard count of one answer on `topic` (numbers only; never fails the action)."""
    from bot.referents.usage_counts import count_topic as count

    try:
        count(offer_reader().session_factory, _offer_id(), topic, now())
    except Exception:  # noqa: BLE001 - a count must never break the conversation
        pass


def count_verdict(verdict: str) -> None:
    """Dashboard count of one self-check verdict (numbers only; never fails the action)."""
    from bot.referents.usage_counts import count_verdict as count

    try:
        count(offer_reader().session_factory, _offer_id(), verdict, now())
    except Exception:  # noqa: BLE001 - a count must never break the conversation
        pass
