"""The referent's queue of forwarded questions, and the unanswered-messages log.

Writes are transactional. When the database cannot be reached, a forwarded
question goes to a durable local spool (one JSON line, fsynced). The spool is
drained into the database automatically as soon as the database accepts a new
question again, and by the referent's commands (or `flush-spool`): a question
is never silently dropped.
"""
from __future__ import annotations

import csv
import fcntl
import json
import logging
import os
import re
import secrets
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import IO, Iterable

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from bot.storage.referent_tables import TicketEvent
from bot.storage.tables import Ticket, UnansweredMessage

log = logging.getLogger(__name__)

STATUSES = ("new", "answered", "closed")
MAX_QUESTION_CHARS = 2000
# No 0/O or 1/I/L: references are read aloud and typed back.
_REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
EMAIL_PATTERN = re.compile(r"^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,24}$")


class TicketNotFound(LookupError):
    pass


class AlreadyAnswered(ValueError):
    """The candidate already got an answer to this question: never a second one."""


def new_reference() -> str:
    return "Q-" + "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))


def valid_email(text: str) -> str | None:
    """The address, trimmed, or None when it is not a plausible email address."""
    candidate = (text or "").strip().strip("<>").strip()
    if EMAIL_PATTERN.match(candidate) and ".." not in candidate:
        return candidate
    return None


@dataclass(frozen=True)
class NewTicket:
    offer_id: str
    question: str
    email: str | None
    conversation_id: str
    reason: str
    created_at: datetime
    reference: str = ""

    def with_reference(self) -> "NewTicket":
        data = asdict(self)
        data["reference"] = self.reference or new_reference()
        data["question"] = self.question.strip()[:MAX_QUESTION_CHARS]
        return NewTicket(**data)


@dataclass(frozen=True)
class SubmitResult:
    reference: str
    stored_in: str   # "database" or "spool"
    # Questions kept during an earlier outage and moved into the database by this submission.
    drained: tuple[NewTicket, ...] = ()
    # The same question was already submitted from this conversation: this is its ticket.
    repeated: bool = False


class Spool:
    """Append-only JSON-lines file of tickets waiting for the database.

    Every access holds an exclusive flock on the file, so appends (action
    servers) and flushes (the bot itself, the referent's commands) from any
    number of processes are serialised. The file is never replaced, only
    appended to and emptied in place once its tickets are committed.
    """

    def __init__(self, directory: Path):
        self.path = Path(directory) / "tickets.jsonl"
        # Lines that cannot be read back (e.g. torn by a crash) are moved here for a human.
        self.unreadable_path = Path(directory) / "tickets.unreadable.jsonl"

    def append(self, ticket: NewTicket) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        record = {**asdict(ticket), "created_at": ticket.created_at.isoformat()}
        with self._locked("a") as handle:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            handle.flush()
            os.fsync(handle.fileno())

    def has_pending(self) -> bool:
        """Cheap check without the lock: False only when the spool is certainly empty."""
        try:
            return self.path.stat().st_size > 0
        except FileNotFoundError:
            return False

    def pending(self) -> list[NewTicket]:
        if not self.path.exists():
            return []
        with self._locked("r") as handle:
            return [ticket for ticket, _ in _read_lines(handle) if ticket is not None]

    def find_same(self, ticket: NewTicket) -> NewTicket | None:
        """A spooled ticket with the same conversation, question and email, if any."""
        if not self.has_pending():
            return None
        return next((kept for kept in self.pending() if _same(kept, ticket)), None)

    def flush(self, session_factory: sessionmaker) -> int:
        """Move spooled tickets into the database; returns how many were added to it."""
        return len(self.flush_tickets(session_factory))

    def flush_tickets(self, session_factory: sessionmaker) -> list[NewTicket]:
        """Move spooled tickets into the database; returns those added to it.

        One transaction; a ticket whose reference is already in the database (a
        flush interrupted after its commit) is not inserted twice. The spool is
        emptied only once the transaction is committed: if the database fails,
        it raises and the spool is left exactly as it was.
        """
        if not self.path.exists():
            return []
        added: list[NewTicket] = []
        with self._locked("r+") as handle:
            lines = _read_lines(handle)
            tickets = [ticket for ticket, _ in lines if ticket is not None]
            unreadable = [line for ticket, line in lines if ticket is None]
            if tickets:
                with session_factory.begin() as session:
                    known = set(session.scalars(select(Ticket.reference).where(
                        Ticket.reference.in_([t.reference for t in tickets]))))
                    for ticket in tickets:
                        if ticket.reference not in known:
                            known.add(ticket.reference)
                            session.add(_row(ticket))
                            added.append(ticket)
            if unreadable:
                # Kept (durably) before the spool is emptied: never lost, never retried forever.
                log.error("%d unreadable line(s) of %s moved to %s", len(unreadable), self.path,
                          self.unreadable_path)
                with open(self.unreadable_path, "a", encoding="utf-8") as aside:
                    aside.writelines(line if line.endswith("\n") else line + "\n" for line in unreadable)
                    aside.flush()
                    os.fsync(aside.fileno())
            # Only emptied once the transaction is committed.
            handle.seek(0)
            handle.truncate()
            handle.flush()
            os.fsync(handle.fileno())
        return added

    def _locked(self, mode: str) -> IO:
        handle = open(self.path, mode, encoding="utf-8")
        fcntl.flock(handle, fcntl.LOCK_EX)
        return handle


def _read_lines(handle: IO) -> list[tuple[NewTicket | None, str]]:
    """(ticket, line) for every non-blank line; the ticket is None when the line is unreadable."""
    lines = []
    for line in handle:
        if not line.strip():
            continue
        try:
            lines.append((_ticket_from_record(json.loads(line)), line))
        except (ValueError, TypeError, KeyError) as error:
            log.error("unreadable spool line %r: %s", line[:200], error)
            lines.append((None, line))
    return lines


def drain_spool(session_factory: sessionmaker, spool: Spool) -> list[NewTicket]:
    """Best effort: move the spooled tickets into the database, if there are any.

    Never raises: a failure is logged and the spool keeps every line, to be
    drained next time.
    """
    if not spool.has_pending():
        return []
    try:
        moved = spool.flush_tickets(session_factory)
    except Exception as error:  # noqa: BLE001 - draining must never fail the caller
        log.error("could not drain the spool %s (kept for the next attempt): %s", spool.path, error)
        return []
    if moved:
        log.warning("moved %d question(s) kept during a database outage from %s into the database: %s",
                    len(moved), spool.path, ", ".join(t.reference for t in moved))
    return moved


def _ticket_from_record(record: dict) -> NewTicket:
    return NewTicket(**{**record, "created_at": datetime.fromisoformat(record["created_at"])})


def _same(one: NewTicket, other: NewTicket) -> bool:
    return (one.conversation_id, one.question, one.email) == (other.conversation_id, other.question, other.email)


def _same_new_ticket(session: Session, ticket: NewTicket) -> str | None:
    """Reference of a not yet answered ticket with the same conversation, question and email."""
    return session.scalars(select(Ticket.reference).where(
        Ticket.conversation_id == ticket.conversation_id, Ticket.question == ticket.question,
        Ticket.email.is_(None) if ticket.email is None else Ticket.email == ticket.email,
        Ticket.status == "new").order_by(Ticket.id)).first()


def _row(ticket: NewTicket) -> Ticket:
    return Ticket(reference=ticket.reference, offer_id=ticket.offer_id, question=ticket.question,
                  email=ticket.email, conversation_id=ticket.conversation_id, reason=ticket.reason,
                  created_at=ticket.created_at, status="new")


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
                    session.add(_row(ticket))
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


def record_unanswered(session_factory: sessionmaker, offer_id: str, conversation_id: str, text: str,
                      intent: str | None, confidence: float | None, now: datetime) -> bool:
    """Log a message the bot could not answer; best effort (False if the database is down)."""
    try:
        with session_factory.begin() as session:
            session.add(UnansweredMessage(offer_id=offer_id, conversation_id=conversation_id,
                                          text=text.strip()[:MAX_QUESTION_CHARS], intent=intent,
                                          confidence=confidence, created_at=now))
        return True
    except SQLAlchemyError as error:
        log.warning("could not log an unanswered message: %s", error)
        return False


# --- the referent's side (query functions take the session) ---

def list_tickets(session: Session, status: str | None = None, offer_id: str | None = None,
                 search: str | None = None, newest_first: bool = False) -> list[Ticket]:
    query = select(Ticket).order_by(*((Ticket.created_at.desc(), Ticket.id.desc()) if newest_first
                                      else (Ticket.created_at, Ticket.id)))
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
    won = session.execute(update(Ticket).where(Ticket.id == ticket.id, Ticket.answered_at.is_(None))
                          .values(answer=answer.strip(), answered_at=now, status="answered")
                          .execution_options(synchronize_session=False)).rowcount
    session.refresh(ticket)
    if not won:
        raise AlreadyAnswered(f"{ticket.reference} has already been answered")
    return ticket


def close_ticket(session: Session, reference: str) -> Ticket:
    ticket = get_ticket(session, reference)
    ticket.status = "closed"
    return ticket


EXPORT_COLUMNS = ("reference", "offer_id", "status", "created_at", "reason", "email", "question",
                  "answer", "answered_at", "conversation_id")


def export_csv(session: Session, out: IO[str], status: str | None = None) -> int:
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    tickets = list_tickets(session, status=status)
    for ticket in tickets:
        writer.writerow([_csv_safe(getattr(ticket, column)) for column in EXPORT_COLUMNS])
    return len(tickets)


def _csv_safe(value) -> str:
    text = "" if value is None else (value.isoformat() if isinstance(value, datetime) else str(value))
    # Spreadsheets run cells starting with these as formulas (CSV injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def delete_candidate(session: Session, email: str) -> tuple[int, int]:
    """Erase one candidate's tickets and the unanswered messages of those conversations."""
    tickets = list(session.scalars(select(Ticket).where(func.lower(Ticket.email) == email.strip().lower())))
    conversations = {t.conversation_id for t in tickets}
    messages = 0
    if conversations:
        messages = session.execute(delete(UnansweredMessage).where(
            UnansweredMessage.conversation_id.in_(conversations))).rowcount
    if tickets:
        session.execute(delete(TicketEvent).where(TicketEvent.reference.in_([t.reference for t in tickets])))
    for ticket in tickets:
        session.delete(ticket)
    return len(tickets), messages


def purge_expired(session: Session, now: datetime, retention_days: int) -> tuple[int, int]:
    cutoff = now - timedelta(days=retention_days)
    expired = select(Ticket.reference).where(Ticket.created_at < cutoff)
    # The history of a purged question (notes may quote the candidate) goes with it.
    session.execute(delete(TicketEvent).where(TicketEvent.reference.in_(expired))
                    .execution_options(synchronize_session=False))
    tickets = session.execute(delete(Ticket).where(Ticket.created_at < cutoff)).rowcount
    messages = session.execute(delete(UnansweredMessage).where(UnansweredMessage.created_at < cutoff)).rowcount
    return tickets, messages


@dataclass(frozen=True)
class ReportLine:
    question: str
    count: int
    last_seen: datetime


def unanswered_report(session: Session, since: datetime | None = None, limit: int = 30) -> list[ReportLine]:
    """What candidates asked that the bot could not answer, similar messages grouped."""
    query = select(UnansweredMessage.text, UnansweredMessage.created_at)
    if since is not None:
        query = query.where(UnansweredMessage.created_at >= since)
    groups: dict[str, list[tuple[str, datetime]]] = {}
    for text, created in session.execute(query):
        groups.setdefault(_normalise(text), []).append((text, created))
    lines = [ReportLine(question=Counter(t for t, _ in rows).most_common(1)[0][0], count=len(rows),
                        last_seen=max(_aware(c) for _, c in rows)) for rows in groups.values()]
    return sorted(lines, key=lambda line: (-line.count, line.question))[:limit]


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.findall(r"[a-z0-9]+", text))


def _aware(moment: datetime) -> datetime:
    # SQLite returns naive datetimes; everything is stored in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def count_by_status(session: Session) -> dict[str, int]:
    rows = session.execute(select(Ticket.status, func.count()).group_by(Ticket.status))
    return {status: count for status, count in rows}


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def tickets_for_display(tickets: Iterable[Ticket]) -> list[str]:
    return [f"{t.reference}  {t.status:<8} {_aware(t.created_at):%Y-%m-%d %H:%M}  "
            f"{(t.email or '-'):<30} {t.question[:60]}" for t in tickets]
