"""The e-mail outbox: emails are queued in the database, and a worker sends them.

Nothing that answers a candidate waits for an SMTP server: the actions only add a
row to `mail_outbox` (same database as the referent data). The worker
(`python -m bot worker`, bot.cli.worker) sends what is due, retries with a growing
delay while the SMTP server is down or slow, and after `OUTBOX_MAX_ATTEMPTS`
attempts (or a refusal the server says is final) sets the message aside as
"dead": referents see those in `referent outbox` and in the web inbox, and can
send them again. A message is marked sent in the same transaction that holds
its row lock, so two workers never send it twice (PostgreSQL: FOR UPDATE SKIP
LOCKED); a worker killed between the SMTP server's "250 OK" and the commit can
send it once more (at least once, never lost).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import Column, DateTime, Integer, String, Text, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from bot.mail.mailer import MailError, build_message, deliver
from bot.settings import Settings
from bot.storage.tables import Base

log = logging.getLogger(__name__)

PENDING, SENT, DEAD = "pending", "sent", "dead"
STATUSES = (PENDING, SENT, DEAD)
MAX_RETRY_SECONDS = 3600


class OutboxMessage(Base):
    """One email to send. Its recipient and body are personal data: purged and erased like tickets."""

    __tablename__ = "mail_outbox"

    id = Column(Integer, primary_key=True, autoincrement=True)
    recipient = Column(String(254), nullable=False, index=True)
    subject = Column(Text, nullable=False)
    body = Column(Text, nullable=False)
    # The ticket the email is about, if any (erased with it).
    reference = Column(String(20), nullable=True, index=True)
    created_at = Column(DateTime(timezone=True), nullable=False, index=True)
    status = Column(String(10), nullable=False, default=PENDING, index=True)
    attempts = Column(Integer, nullable=False, default=0)
    next_attempt_at = Column(DateTime(timezone=True), nullable=False, index=True)
    last_error = Column(String(500), nullable=True)
    sent_at = Column(DateTime(timezone=True), nullable=True)


def utc_now() -> datetime:
    # Delivery times follow the real clock, even when BOT_FIXED_NOW freezes the bot's.
    return datetime.now(timezone.utc)


def retry_delay(attempts: int, first: float = 30.0) -> timedelta:
    """`first` seconds (OUTBOX_RETRY_SECONDS) after the first failure, doubling, at most one hour."""
    return timedelta(seconds=min(first * 2 ** max(attempts - 1, 0), MAX_RETRY_SECONDS))


def enqueue(
    session: Session,
    settings: Settings,
    to: str,
    subject: str,
    body: str,
    created_at: datetime,
    reference: str | None = None,
) -> OutboxMessage | None:
    """Queue one email in the caller's transaction; None (and a log line) when SMTP_HOST is unset."""
    if not settings.smtp_host:
        log.info("SMTP_HOST unset: email to %s not queued", to)
        return None
    message = OutboxMessage(
        recipient=to,
        subject=subject,
        body=body,
        reference=reference,
        created_at=created_at,
        status=PENDING,
        attempts=0,
        next_attempt_at=utc_now(),
    )
    session.add(message)
    return message


def queue_email(
    session_factory: sessionmaker,
    settings: Settings,
    to: str,
    subject: str,
    body: str,
    created_at: datetime,
    reference: str | None = None,
) -> bool:
    """Queue one email in its own transaction; never raises (False and a log line on failure)."""
    try:
        with session_factory.begin() as session:
            return enqueue(session, settings, to, subject, body, created_at, reference) is not None
    except SQLAlchemyError as error:
        log.error("could not queue the email %r to %s: %s", subject, to, error)
        return False


@dataclass(frozen=True)
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    dead: int = 0

    def __add__(self, other: DeliveryReport) -> DeliveryReport:
        return DeliveryReport(self.sent + other.sent, self.retried + other.retried, self.dead + other.dead)


def deliver_due(
    session_factory: sessionmaker, settings: Settings, limit: int = 50, only_id: int | None = None
) -> DeliveryReport:
    """Send the messages that are due, one transaction each; at most `limit` of them."""
    report = DeliveryReport()
    for _ in range(limit):
        outcome = _deliver_one(session_factory, settings, only_id)
        if outcome is None:
            break
        report += outcome
        if only_id is not None:
            break
    return report


def _deliver_one(session_factory: sessionmaker, settings: Settings, only_id: int | None) -> DeliveryReport | None:
    now = utc_now()
    with session_factory.begin() as session:
        query = select(OutboxMessage).where(OutboxMessage.status == PENDING, OutboxMessage.next_attempt_at <= now)
        if only_id is not None:
            query = query.where(OutboxMessage.id == only_id)
        # Two workers never take the same row; SQLite ignores this (one writer at a time anyway).
        message = session.scalars(
            query.order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(1).with_for_update(skip_locked=True)
        ).first()
        if message is None:
            return None
        message.attempts += 1
        try:
            deliver(settings, build_message(settings, message.recipient, message.subject, message.body))
        except MailError as error:
            message.last_error = str(error)[:500]
            if error.permanent or message.attempts >= settings.outbox_max_attempts:
                message.status = DEAD
                log.error(
                    "email %d to %s set aside after %d attempt(s) (undeliverable, see `referent outbox`): %s",
                    message.id,
                    message.recipient,
                    message.attempts,
                    error,
                )
                return DeliveryReport(dead=1)
            message.next_attempt_at = now + retry_delay(message.attempts, settings.outbox_retry_seconds)
            log.warning(
                "email %d to %s not sent (attempt %d), next attempt at %s: %s",
                message.id,
                message.recipient,
                message.attempts,
                f"{message.next_attempt_at:%H:%M:%S}",
                error,
            )
            return DeliveryReport(retried=1)
        message.status, message.sent_at, message.last_error = SENT, utc_now(), None
        # Sent: the text is not needed any more (the recipient stays until the purge, for `outbox`).
        message.body = ""
        log.info("email %d to %s sent (attempt %d)", message.id, message.recipient, message.attempts)
        return DeliveryReport(sent=1)


def send_now(session_factory: sessionmaker, settings: Settings, message_id: int | None) -> bool:
    """Try one queued (and committed) message at once; False leaves it to the worker's retries."""
    if message_id is None:
        return False
    try:
        return deliver_due(session_factory, settings, only_id=message_id).sent == 1
    except SQLAlchemyError as error:
        log.error("could not send email %s now (the worker will): %s", message_id, error)
        return False


# --- what referents see and do ---


def list_messages(session: Session, status: str | None = None, limit: int = 200) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc()).limit(limit)
    if status:
        query = query.where(OutboxMessage.status == status)
    return list(session.scalars(query))


def count_by_status(session: Session) -> dict[str, int]:
    rows = session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status))
    return {status: count for status, count in rows}


def send_again(session: Session, message_id: int) -> OutboxMessage:
    """Put a dead (or pending) message back in the queue, due now, with a fresh attempt count."""
    message = session.get(OutboxMessage, message_id)
    if message is None or message.status == SENT:
        raise LookupError(f"no undelivered email {message_id}")
    message.status, message.attempts, message.next_attempt_at = PENDING, 0, utc_now()
    return message
