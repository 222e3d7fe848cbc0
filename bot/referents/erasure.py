"""Erasure and retention of what the referents' side keeps: one candidate's tickets on
request, and everything older than the retention period."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.storage.referent_tables import TicketEvent
from bot.storage.tables import Ticket, UnansweredMessage


def delete_candidate(session: Session, email: str) -> tuple[int, int]:
    """Erase one candidate's tickets and the unanswered messages of those conversations."""
    tickets = list(session.scalars(select(Ticket).where(func.lower(Ticket.email) == email.strip().lower())))
    conversations = {t.conversation_id for t in tickets}
    messages = 0
    if conversations:
        messages = session.execute(
            delete(UnansweredMessage).where(UnansweredMessage.conversation_id.in_(conversations))
        ).rowcount
    if tickets:
        session.execute(delete(TicketEvent).where(TicketEvent.reference.in_([t.reference for t in tickets])))
    for ticket in tickets:
        session.delete(ticket)
    return len(tickets), messages


def purge_expired(session: Session, now: datetime, retention_days: int) -> tuple[int, int]:
    cutoff = now - timedelta(days=retention_days)
    expired = select(Ticket.reference).where(Ticket.created_at < cutoff)
    # The history of a purged question (notes may quote the candidate) goes with it.
    session.execute(
        delete(TicketEvent).where(TicketEvent.reference.in_(expired)).execution_options(synchronize_session=False)
    )
    tickets = session.execute(delete(Ticket).where(Ticket.created_at < cutoff)).rowcount
    messages = session.execute(delete(UnansweredMessage).where(UnansweredMessage.created_at < cutoff)).rowcount
    return tickets, messages
