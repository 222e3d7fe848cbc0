"""The actions' view of the composition root (bot.bootstrap), plus the dashboard counts."""

from __future__ import annotations

from datetime import datetime

from bot.answers.replies import OfferReader
from bot.bootstrap import services
from bot.referents.forwarding import Forwarder
from bot.settings import Settings

# Set by rasa_server.question_focus.QuestionFocus when the classifier read only the question a long
# message contains: the actions read the whole message, to answer each question it asks.
FULL_TEXT = "full_text"


def message_text(message: dict | None) -> str:
    """What the candidate wrote (a long message whole, not only the question the classifier read)."""
    message = message or {}
    return str(message.get(FULL_TEXT) or message.get("text") or "")


def settings() -> Settings:
    return services().settings


def offer_reader() -> OfferReader:
    return services().offer_reader


def now() -> datetime:
    return services().now()


def forwarder() -> Forwarder:
    return services().forwarder


def _offer_id() -> str:
    return settings().offer_id or offer_reader().offer().offer_id


def count_topic(topic: str) -> None:
    """Dashboard count of one answer on `topic` (numbers only; queued, written by a
    background thread: bot.referents.usage_counts.CountWriter; never fails the action)."""
    try:
        services().count_writer.topic(_offer_id(), topic, now())
    except Exception:  # noqa: BLE001 - a count must never break the conversation
        pass


def count_verdict(verdict: str) -> None:
    """Dashboard count of one self-check verdict (numbers only; queued like count_topic)."""
    try:
        services().count_writer.verdict(_offer_id(), verdict, now())
    except Exception:  # noqa: BLE001 - a count must never break the conversation
        pass


def flush_counts(timeout: float = 5.0) -> bool:
    """Wait until the queued counts are written (tests; exit does it by itself)."""
    return services().count_writer.flush(timeout)
