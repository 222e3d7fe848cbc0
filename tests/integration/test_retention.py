"""`referent purge` and `delete-candidate` reach the tracker store's events (and the outbox), and
the worker runs the purge by itself with a log line; on SQLite and PostgreSQL (the tracker's
`events` table in the same database here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, insert, select

from bot.__main__ import main
from bot.mail import outbox
from bot.referents.inbox import list_tickets
from bot.referents.spool import Spool
from bot.referents.submission import submit_ticket
from bot.referents.tickets import NewTicket
from bot.settings import load_settings
from bot.storage import tracker_events
from bot.storage.database import make_engine
from bot.storage.tables import UnansweredMessage
from tests.conftest import ROOT
from tests.integration.actions_support import inbox_database

EMAIL = "Lea.Martin@example.org"
NOW = datetime.now(timezone.utc)
OLD = NOW - timedelta(days=200)


def conversation(text_with_email: bool, when: datetime) -> list[dict]:
    said = f"mon adresse est {EMAIL}" if text_with_email else "quel est le salaire ?"
    return [
        {
            "event": "user",
            "text": said,
            "timestamp": when.timestamp(),
            "parse_data": {"text": said, "intent": {"name": "inform"}},
        },
        {
            "event": "slot",
            "name": "fw_email",
            "value": EMAIL if text_with_email else None,
            "timestamp": when.timestamp() + 1,
        },
        {"event": "bot", "text": "C'est transmis.", "timestamp": when.timestamp() + 2},
    ]


@pytest.fixture
def world(monkeypatch, database_url, tmp_path):
    """Referent data, outbox and tracker events of four conversations in one database."""
    engine, sessions = inbox_database(monkeypatch, database_url, tmp_path / "spool")
    monkeypatch.setenv("TRACKER_DATABASE_URL", database_url)
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")  # emails are queued (never sent here)
    tracker = make_engine(database_url)
    tracker_events.events.metadata.create_all(tracker)
    with tracker.begin() as connection:
        for sender, mention, when in (
            ("conv-ticket", True, NOW),
            ("conv-typed-only", True, NOW),
            ("conv-other", False, NOW),
            ("conv-old", False, OLD),
        ):
            for event in conversation(mention, when):
                connection.execute(
                    insert(tracker_events.events).values(
                        sender_id=sender, type_name=event["event"], timestamp=event["timestamp"], data=json.dumps(event)
                    )
                )
    settings = load_settings()
    with sessions.begin() as session:
        ticket = NewTicket(
            offer_id="wbe3-cm-csap-2021-014",
            question="Le permis C ?",
            email=EMAIL,
            conversation_id="conv-ticket",
            reason="request",
            created_at=NOW,
        )
        reference = submit_ticket(sessions, Spool(tmp_path / "spool"), ticket).reference
        session.add(
            UnansweredMessage(
                offer_id="wbe3-cm-csap-2021-014", conversation_id="conv-typed-only", text="?", created_at=NOW
            )
        )
        outbox.enqueue(
            session,
            settings,
            "referent@example.org",
            "Nouvelle question",
            f"Adresse de réponse : {EMAIL}",
            NOW,
            reference,
        )
        outbox.enqueue(session, settings, "someone@example.org", "Autre", "Autre chose", NOW)
    yield sessions, tracker
    tracker.dispose()
    engine.dispose()


def senders(tracker) -> set[str]:
    with tracker.connect() as connection:
        return set(connection.execute(select(tracker_events.events.c.sender_id).distinct()).scalars())


def mentions(tracker, text: str) -> int:
    with tracker.connect() as connection:
        return connection.execute(
            select(func.count()).where(func.lower(tracker_events.events.c.data).contains(text.lower()))
        ).scalar()


def test_delete_candidate_erases_their_conversations_everywhere(world, capsys):
    sessions, tracker = world
    assert main(["referent", "delete-candidate", EMAIL.upper()]) == 0
    out = capsys.readouterr().out
    assert "1 question(s)" in out and "6 conversation event(s)" in out and "1 queued or sent email(s)" in out
    # No event, message or address of the candidate's conversations is left in the tracker store.
    assert mentions(tracker, EMAIL) == 0
    assert senders(tracker) == {"conv-other", "conv-old"}
    with sessions() as session:
        assert list_tickets(session) == []
        assert session.scalars(select(UnansweredMessage)).all() == []
        assert [m.recipient for m in outbox.list_messages(session)] == ["someone@example.org"]


def test_purge_removes_old_conversation_events(world, capsys):
    sessions, tracker = world
    assert main(["referent", "purge"]) == 0
    assert "3 conversation event(s) older than 180 days" in capsys.readouterr().out
    assert senders(tracker) == {"conv-ticket", "conv-typed-only", "conv-other"}


def test_the_worker_purges_by_itself_and_says_so(world, database_url, tmp_path):
    sessions, tracker = world
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PURGE_INTERVAL_HOURS": str(1 / 3600),
        "OUTBOX_POLL_SECONDS": "0.2",
        "SMTP_HOST": "",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "bot", "worker"], cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 30
        while log.read_text().count("retention purge (180 days)") < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        worker.terminate()
        worker.wait(timeout=20)
    text = log.read_text()
    assert text.count("retention purge (180 days): removed") >= 2, text  # at start, then on schedule
    assert "3 conversation event(s)" in text
    assert "conv-old" not in senders(tracker)


def test_tracker_store_down_erases_nothing_and_says_so(world, monkeypatch, capsys):
    sessions, tracker = world
    monkeypatch.setenv("TRACKER_DATABASE_URL", "postgresql://postgres@127.0.0.1:1/nowhere")
    assert main(["referent", "delete-candidate", EMAIL]) == 1
    assert "Nothing was deleted: the conversations' database" in capsys.readouterr().err
    with sessions() as session:
        assert len(list_tickets(session)) == 1  # nothing half-done: run it again later
