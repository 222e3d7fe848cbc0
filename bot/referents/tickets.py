"""A forwarded question (a ticket): its reference, the candidate's e-mail address,
the data classes of a new ticket and of a submission, and its database row."""

from __future__ import annotations

import re
import secrets
from dataclasses import asdict, dataclass
from datetime import datetime, timezone

from bot.storage.tables import Ticket

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

    def with_reference(self) -> NewTicket:
        data = asdict(self)
        data["reference"] = self.reference or new_reference()
        data["question"] = self.question.strip()[:MAX_QUESTION_CHARS]
        return NewTicket(**data)


@dataclass(frozen=True)
class SubmitResult:
    reference: str
    stored_in: str  # "database" or "spool"
    # Questions kept during an earlier outage and moved into the database by this submission.
    drained: tuple[NewTicket, ...] = ()
    # The same question was already submitted from this conversation: this is its ticket.
    repeated: bool = False


def ticket_row(ticket: NewTicket) -> Ticket:
    return Ticket(
        reference=ticket.reference,
        offer_id=ticket.offer_id,
        question=ticket.question,
        email=ticket.email,
        conversation_id=ticket.conversation_id,
        reason=ticket.reason,
        created_at=ticket.created_at,
        status="new",
    )


def aware(moment: datetime) -> datetime:
    """SQLite returns naive datetimes; everything is stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)
