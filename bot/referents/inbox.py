"""The referents' inbox: listing, reading, answering and closing tickets, and the CSV
export (query functions take the session; the caller commits)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import datetime
from typing import IO

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.referents.tickets import AlreadyAnswered, TicketNotFound, aware
from bot.storage.tables import Ticket


def list_tickets(
    session: Session,
    status: str | None = None,
    offer_id: str | None = None,
    search: str | None = None,
    newest_first: bool = False,
) -> list[Ticket]:
    query = select(Ticket).order_by(
        *((Ticket.created_at.desc(), Ticket.id.desc()) if newest_first else (Ticket.created_at, Ticket.id))
    )
    if status:
        query = query.where(Ticket.status == status)
    if offer_id:
        query = query.where(Ticket.offer_id == offer_id)
    if search:
        query = query.where(Ticket.question.ilike(f"%{search}%"))
    return list(session.scalars(query))


def get_ticket(session: Session, reference: str) -> Ticket:
    ticket = session.scalars(select(Ticket).where(Ticket.reference == reference.strip().upper())).first()
    if ticket is None:
        raise TicketNotFound(reference)
    return ticket


def answer_ticket(session: Session, reference: str, answer: str, now: datetime) -> Ticket:
    if not answer.strip():
        raise ValueError("the answer is empty")
    ticket = get_ticket(session, reference)
    # One conditional UPDATE: of two referents answering at the same time, one wins and
    # the other is refused (the row lock makes the second re-read the status).
    won = session.execute(
        update(Ticket)
        .where(Ticket.id == ticket.id, Ticket.answered_at.is_(None))
        .values(answer=answer.strip(), answered_at=now, status="answered")
        .execution_options(synchronize_session=False)
    ).rowcount
    session.refresh(ticket)
    if not won:
        raise AlreadyAnswered(f"{ticket.reference} has already been answered")
    return ticket


def close_ticket(session: Session, reference: str) -> Ticket:
    ticket = get_ticket(session, reference)
    ticket.status = "closed"
    return ticket


EXPORT_COLUMNS = (
    "reference",
    "offer_id",
    "status",
    "created_at",
    "reason",
    "email",
    "question",
    "answer",
    "answered_at",
    "conversation_id",
)


def export_csv(session: Session, out: IO[str], status: str | None = None) -> int:
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    tickets = list_tickets(session, status=status)
    for ticket in tickets:
        writer.writerow([csv_safe(getattr(ticket, column)) for column in EXPORT_COLUMNS])
    return len(tickets)


def csv_safe(value) -> str:
    text = "" if value is None else (value.isoformat() if isinstance(value, datetime) else str(value))
    # Spreadsheets run cells starting with these as formulas (CSV injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def count_by_status(session: Session) -> dict[str, int]:
    rows = session.execute(select(Ticket.status, func.count()).group_by(Ticket.status))
    return {status: count for status, count in rows}


def tickets_for_display(tickets: Iterable[Ticket]) -> list[str]:
    return [
        f"{t.reference}  {t.status:<8} {aware(t.created_at):%Y-%m-%d %H:%M}  {(t.email or '-'):<30} {t.question[:60]}"
        for t in tickets
    ]
