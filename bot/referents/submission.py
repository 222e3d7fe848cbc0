"""Submitting a forwarded question (database, or the spool when it is down), and the
log of messages the bot could not answer. Writes are transactional."""

from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from bot.referents.spool import Spool, drain_spool
from bot.referents.tickets import MAX_QUESTION_CHARS, NewTicket, SubmitResult, ticket_row
from bot.storage.tables import Ticket, UnansweredMessage

log = logging.getLogger(__name__)


def _same_new_ticket(session: Session, ticket: NewTicket) -> str | None:
    """Reference of a not yet answered ticket with the same conversation, question and email."""
    return session.scalars(
        select(Ticket.reference)
        .where(
            Ticket.conversation_id == ticket.conversation_id,
            Ticket.question == ticket.question,
            Ticket.email.is_(None) if ticket.email is None else Ticket.email == ticket.email,
            Ticket.status == "new",
        )
        .order_by(Ticket.id)
    ).first()


def submit_ticket(session_factory: sessionmaker, spool: Spool, ticket: NewTicket) -> SubmitResult:
    """Store a forwarded question: in the database, or in the spool if it is down.

    Once the database has accepted it, questions spooled during an earlier
    outage are moved in too (best effort, see drain_spool).

    Submitting the same question again from the same conversation (a message
    the candidate sends again after an outage, because the bot apologised)
    gives the first ticket's reference back instead of creating a second one.
    """
    ticket = ticket.with_reference()
    try:
        kept = spool.find_same(ticket)
    except OSError as error:  # an unreadable spool must not stop a new question
        log.error("could not read the spool %s: %s", spool.path, error)
        kept = None
    if kept is not None:
        drained = tuple(drain_spool(session_factory, spool))
        moved = kept.reference in {t.reference for t in drained} or not spool.has_pending()
        return SubmitResult(kept.reference, "database" if moved else "spool", drained, repeated=True)
    for _ in range(5):
        try:
            with session_factory.begin() as session:
                earlier = _same_new_ticket(session, ticket)
                if earlier is None:
                    session.add(ticket_row(ticket))
        except IntegrityError:
            # Reference already taken (about 1 in 10^12): draw another one.
            ticket = NewTicket(**{**asdict(ticket), "reference": ""}).with_reference()
        except SQLAlchemyError as error:
            log.error("referent queue unavailable, spooling %s: %s", ticket.reference, error)
            spool.append(ticket)
            return SubmitResult(ticket.reference, "spool")
        else:
            drained = tuple(drain_spool(session_factory, spool))
            if earlier is not None:
                return SubmitResult(earlier, "database", drained, repeated=True)
            return SubmitResult(ticket.reference, "database", drained)
    raise RuntimeError("could not draw a free ticket reference")


def record_unanswered(
    session_factory: sessionmaker,
    offer_id: str,
    conversation_id: str,
    text: str,
    intent: str | None,
    confidence: float | None,
    now: datetime,
) -> bool:
    """Log a message the bot could not answer; best effort (False if the database is down)."""
    try:
        with session_factory.begin() as session:
            session.add(
                UnansweredMessage(
                    offer_id=offer_id,
                    conversation_id=conversation_id,
                    text=text.strip()[:MAX_QUESTION_CHARS],
                    intent=intent,
                    confidence=confidence,
                    created_at=now,
                )
            )
        return True
    except SQLAlchemyError as error:
        log.warning("could not log an unanswered message: %s", error)
        return False
