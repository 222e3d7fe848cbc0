"""Retention and erasure across everything that keeps a candidate's words.

The referent data (questions, their history, the messages the bot could not
answer: bot.referents.erasure), the e-mail outbox (bot.mail.outbox) and Rasa's tracker
store, where every conversation is kept (bot.storage.tracker_events): the purge and a
candidate's erasure reach all three, so that the notice's retention period and
"effacer" hold for the conversations too. Used by `referent purge`,
`referent delete-candidate`, the web inbox and the worker's daily purge.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path

from sqlalchemy import delete, func, or_, select
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.mail.outbox import OutboxMessage
from bot.referents.erasure import delete_candidate, purge_expired
from bot.settings import Settings
from bot.storage import tracker_events
from bot.storage.database import make_engine
from bot.storage.tables import Ticket, UnansweredMessage

log = logging.getLogger(__name__)


class TrackerStoreUnreachable(RuntimeError):
    """The conversations' database did not answer: nothing was purged or erased."""


@dataclass(frozen=True)
class Removed:
    tickets: int = 0
    messages: int = 0
    emails: int = 0
    events: int = 0

    def summary(self) -> str:
        return (
            f"{self.tickets} question(s), {self.messages} logged message(s), {self.emails} queued or sent "
            f"email(s) and {self.events} conversation event(s)"
        )


@lru_cache(maxsize=4)
def _engine(url: str) -> Engine:
    return make_engine(url)


def tracker_engine(settings: Settings) -> Engine | None:
    """The tracker store's database; None when it does not exist yet (an embedded file never created)."""
    url = settings.tracker_database_url
    if not url:
        return None
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and not Path(parsed.database).exists():
        return None
    return _engine(url)


@contextmanager
def _tracker_transaction(engine: Engine):
    try:
        with engine.begin() as connection:
            yield connection
    except SQLAlchemyError as error:
        raise TrackerStoreUnreachable(
            f"the conversations' database ({engine.url.render_as_string()}) failed: {str(error).splitlines()[0]}"
        ) from error


def real_now() -> datetime:
    # Rasa stamps events with the real clock, whatever BOT_FIXED_NOW says.
    return datetime.now(timezone.utc)


def purge(session: Session, settings: Settings, now: datetime, days: int) -> Removed:
    """Delete everything older than `days`: referent data and outbox (bot clock), conversations (real clock)."""
    cutoff = now - timedelta(days=days)
    events = 0
    engine = tracker_engine(settings)
    if engine is not None:
        with _tracker_transaction(engine) as connection:
            events = tracker_events.purge_before(connection, real_now() - timedelta(days=days))
    tickets, messages = purge_expired(session, now, days)
    emails = session.execute(delete(OutboxMessage).where(OutboxMessage.created_at < cutoff)).rowcount
    return Removed(tickets, messages, emails, events)


def erase_candidate(session: Session, settings: Settings, email: str) -> Removed:
    """Erase one candidate: their questions, the conversations they come from or that mention
    the address (tracker store and logged messages), and the emails about them."""
    address = email.strip().lower()
    tickets = list(
        session.execute(select(Ticket.reference, Ticket.conversation_id).where(func.lower(Ticket.email) == address))
    )
    references = [reference for reference, _ in tickets]
    conversations = {conversation for _, conversation in tickets}
    events = 0
    engine = tracker_engine(settings)
    if engine is not None:
        # First, in its own transaction: if the tracker store is down, nothing is erased and the
        # referent is told (the whole erasure can simply be run again).
        with _tracker_transaction(engine) as connection:
            conversations |= tracker_events.conversations_mentioning(connection, address)
            events = tracker_events.delete_conversations(connection, conversations)
    removed_tickets, messages = delete_candidate(session, address)
    if conversations:
        messages += session.execute(
            delete(UnansweredMessage).where(UnansweredMessage.conversation_id.in_(sorted(conversations)))
        ).rowcount
    mentions = [
        func.lower(OutboxMessage.recipient) == address,
        func.lower(OutboxMessage.body).contains(address, autoescape=True),
    ]
    if references:
        mentions.append(OutboxMessage.reference.in_(references))
    emails = session.execute(delete(OutboxMessage).where(or_(*mentions))).rowcount
    return Removed(removed_tickets, messages, emails, events)
