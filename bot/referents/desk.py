"""What a referent does with a question, shared by the command line and the web inbox:
answer (and email the candidate), close, reopen, forward to a colleague, mark an answer
for the bot's knowledge; and what the referent sees of it (history, holder, excerpt).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import datetime
from typing import IO

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.mail import outbox
from bot.mail.mailer import answer_email, forwarded_ticket_email
from bot.referents.inbox import answer_ticket, close_ticket, csv_safe, get_ticket
from bot.referents.tickets import valid_email
from bot.settings import Settings
from bot.storage.offer_queries import get_offer, get_topic
from bot.storage.referent_tables import TicketEvent
from bot.storage.tables import Ticket, UnansweredMessage

MAX_NOTE_CHARS = 2000


class NotAllowed(ValueError):
    """The action does not apply to the question in its current state."""


@dataclass(frozen=True)
class AnswerOutcome:
    ticket: Ticket
    has_email: bool  # the candidate left an address
    # The email queued in the outbox (None: no address, or SMTP_HOST unset). The caller
    # commits, then may try it at once with outbox.send_now; the worker retries it otherwise.
    email_id: int | None = None


def answer_and_notify(
    session: Session, settings: Settings, reference: str, text: str, now: datetime, actor: str = "cli"
) -> AnswerOutcome:
    """Record the answer (refused if the question already has one) and queue its email to the candidate."""
    ticket = answer_ticket(session, reference, text, now)
    _event(session, ticket.reference, now, actor, "answered")
    session.flush()
    if not ticket.email:
        return AnswerOutcome(ticket, has_email=False)
    offer = get_offer(session, ticket.offer_id)
    contact = get_topic(session, offer.offer_id, "contact").facts["email"]
    subject, body = answer_email(
        ticket.reference,
        ticket.question,
        ticket.answer,
        offer.reference,
        settings.retention_days,
        contact,
        offer.header["institution"],
    )
    queued = outbox.enqueue(session, settings, ticket.email, subject, body, now, reference=ticket.reference)
    session.flush()
    return AnswerOutcome(ticket, has_email=True, email_id=queued.id if queued else None)


def close(session: Session, reference: str, now: datetime, actor: str = "cli") -> Ticket:
    ticket = close_ticket(session, reference)
    _event(session, ticket.reference, now, actor, "closed")
    return ticket


def reopen(session: Session, reference: str, now: datetime, actor: str) -> Ticket:
    ticket = get_ticket(session, reference)
    if ticket.status != "closed" or ticket.answered_at is not None:
        raise NotAllowed("only a question closed without an answer can be reopened")
    ticket.status = "new"
    _event(session, ticket.reference, now, actor, "reopened")
    return ticket


def forward(
    session: Session, settings: Settings, reference: str, to: str, note: str, now: datetime, actor: str, link: str
) -> int | None:
    """Pass a waiting question to a colleague or a service, who is emailed a link to it.

    Returns the id of the queued email (None when SMTP_HOST is unset); the question now
    shows `to` as its holder.
    """
    ticket = get_ticket(session, reference)
    if ticket.status != "new":
        raise NotAllowed("only a waiting question can be forwarded")
    address = valid_email(to)
    if address is None:
        raise NotAllowed(f"not a valid email address: {to!r}")
    note = (note or "").strip()[:MAX_NOTE_CHARS]
    _event(session, ticket.reference, now, actor, "forwarded", recipient=address.lower(), note=note or None)
    offer = get_offer(session, ticket.offer_id)
    subject, body = forwarded_ticket_email(ticket.reference, offer.reference, actor, note, link)
    queued = outbox.enqueue(session, settings, address, subject, body, now, reference=ticket.reference)
    session.flush()
    return queued.id if queued else None


def mark_for_knowledge(session: Session, reference: str, now: datetime, actor: str) -> Ticket:
    ticket = get_ticket(session, reference)
    if ticket.answered_at is None:
        raise NotAllowed("only an answered question can be proposed for the bot's knowledge")
    if not is_marked_for_knowledge(session, ticket.reference):
        _event(session, ticket.reference, now, actor, "knowledge")
    return ticket


def is_marked_for_knowledge(session: Session, reference: str) -> bool:
    return (
        session.scalars(
            select(TicketEvent.id).where(TicketEvent.reference == reference, TicketEvent.kind == "knowledge")
        ).first()
        is not None
    )


KNOWLEDGE_COLUMNS = ("reference", "offer_id", "question", "answer", "answered_at", "marked_by", "marked_at")


def export_knowledge_csv(session: Session, out: IO[str]) -> int:
    """The answers referents marked as worth adding to the bot, for the data maintainer."""
    rows = session.execute(
        select(Ticket, TicketEvent)
        .join(TicketEvent, TicketEvent.reference == Ticket.reference)
        .where(TicketEvent.kind == "knowledge")
        .order_by(TicketEvent.at)
    )
    writer = csv.writer(out)
    writer.writerow(KNOWLEDGE_COLUMNS)
    count = 0
    for ticket, event in rows:
        values = (
            ticket.reference,
            ticket.offer_id,
            ticket.question,
            ticket.answer,
            ticket.answered_at,
            event.actor,
            event.at,
        )
        writer.writerow([csv_safe(value) for value in values])
        count += 1
    return count


def history(session: Session, reference: str) -> list[TicketEvent]:
    return list(
        session.scalars(
            select(TicketEvent).where(TicketEvent.reference == reference).order_by(TicketEvent.at, TicketEvent.id)
        )
    )


def holders(session: Session, references: list[str]) -> dict[str, str]:
    """reference -> the address the question was last forwarded to (absent: the inbox holds it)."""
    if not references:
        return {}
    rows = session.execute(
        select(TicketEvent.reference, TicketEvent.recipient)
        .where(TicketEvent.reference.in_(references), TicketEvent.kind == "forwarded")
        .order_by(TicketEvent.at, TicketEvent.id)
    )
    return {reference: recipient for reference, recipient in rows}


def conversation_excerpt(session: Session, ticket: Ticket, limit: int = 20) -> list[UnansweredMessage]:
    """What the bot kept of the candidate's conversation: the messages it could not answer."""
    return list(
        session.scalars(
            select(UnansweredMessage)
            .where(UnansweredMessage.conversation_id == ticket.conversation_id)
            .order_by(UnansweredMessage.created_at, UnansweredMessage.id)
            .limit(limit)
        )
    )


def _event(
    session: Session,
    reference: str,
    now: datetime,
    actor: str,
    kind: str,
    recipient: str | None = None,
    note: str | None = None,
) -> None:
    session.add(TicketEvent(reference=reference, at=now, actor=actor, kind=kind, recipient=recipient, note=note))
