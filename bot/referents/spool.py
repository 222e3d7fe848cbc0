"""The spool: where forwarded questions wait, durably, while the database is down.

A JSON-lines file (one fsynced line per ticket) drained into the database
automatically as soon as the database accepts a new question again, and by the
referent's commands (or `flush-spool`): a question is never silently dropped.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import IO

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from bot.referents.tickets import NewTicket, ticket_row
from bot.storage.tables import Ticket

log = logging.getLogger(__name__)


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
        return next((kept for kept in self.pending() if same_question(kept, ticket)), None)

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
                    known = set(
                        session.scalars(
                            select(Ticket.reference).where(Ticket.reference.in_([t.reference for t in tickets]))
                        )
                    )
                    for ticket in tickets:
                        if ticket.reference not in known:
                            known.add(ticket.reference)
                            session.add(ticket_row(ticket))
                            added.append(ticket)
            if unreadable:
                # Kept (durably) before the spool is emptied: never lost, never retried forever.
                log.error("%d unreadable line(s) of %s moved to %s", len(unreadable), self.path, self.unreadable_path)
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
    lines: list[tuple[NewTicket | None, str]] = []
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
        log.warning(
            "moved %d question(s) kept during a database outage from %s into the database: %s",
            len(moved),
            spool.path,
            ", ".join(t.reference for t in moved),
        )
    return moved


def _ticket_from_record(record: dict) -> NewTicket:
    return NewTicket(**{**record, "created_at": datetime.fromisoformat(record["created_at"])})


def same_question(one: NewTicket, other: NewTicket) -> bool:
    return (one.conversation_id, one.question, one.email) == (other.conversation_id, other.question, other.email)
