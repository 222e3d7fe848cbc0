"""The embedded tracker store (endpoints.yml: a SQLite file) as the Rasa server uses it:
its connections' settings, its database work off the event loop, and each event saved once."""

from __future__ import annotations

import json
import threading

import pytest
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import create_engine, text
from sqlalchemy import event as sa_event

from rasa_server.tracker_store import ResilientSQLTrackerStore
from tests.integration.rasa_server.test_tracker_store import domain, run  # noqa: F401,F811 - the domain fixture


@pytest.fixture
def store(domain, tmp_path):  # noqa: F811
    created = ResilientSQLTrackerStore(domain=domain, dialect="sqlite", db=str(tmp_path / "tracker.db"))
    yield created
    created.engine.dispose()


def stored_events(store) -> list[dict]:
    with store.engine.connect() as connection:
        return [json.loads(row) for row in connection.execute(text("SELECT data FROM events ORDER BY id")).scalars()]


def one_turn(tracker: DialogueStateTracker, number: int) -> None:
    for turn_event in (
        UserUttered(f"question {number}", {"name": "ask_salary", "confidence": 0.9}),
        ActionExecuted("action_answer_offer_question"),
        BotUttered(f"réponse {number}"),
        SlotSet("topic", "salary"),
        ActionExecuted("action_listen"),
    ):
        tracker.update(turn_event)


def test_connections_use_the_write_ahead_log_and_wait_for_the_worker(store):
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_the_write_ahead_log_is_kept_in_the_file(store, tmp_path):
    run(store.save(DialogueStateTracker.from_events("c1", [ActionExecuted("action_listen")])))
    # Any other process (the worker's purge, the CLI's erasure) opens the file in WAL mode too.
    other = create_engine(f"sqlite:///{tmp_path / 'tracker.db'}")
    with other.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    other.dispose()


def test_messages_load_and_save_each_event_once_in_order(store):
    tracker = None
    for number in range(4):  # what Rasa does for each message: load, add the turn, save
        tracker = run(store.retrieve("c1"))
        if tracker is None:
            tracker = DialogueStateTracker.from_events(
                "c1", [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]
            )
        one_turn(tracker, number)
        run(store.save(tracker))
    kept = stored_events(store)
    assert [event["event"] for event in kept] == ["action", "session_started", "action"] + [
        "user",
        "action",
        "bot",
        "slot",
        "action",
    ] * 4
    assert [event["text"] for event in kept if event["event"] == "user"] == [f"question {n}" for n in range(4)]
    assert run(store.retrieve("c1")).events == tracker.events


def test_a_save_without_a_load_counts_what_is_stored(store):
    tracker = DialogueStateTracker.from_events("c1", [ActionExecuted("action_listen")])
    one_turn(tracker, 1)
    run(store.save(tracker))
    one_turn(tracker, 2)
    run(store.save(tracker))  # no load in between: the store counts the stored events
    assert len(stored_events(store)) == len(tracker.events) == 11


def test_a_sqlite_file_is_worked_inline_and_the_save_does_not_count_again(store):
    statements = []

    def seen(connection, cursor, statement, *args):
        statements.append((threading.current_thread().name, statement.split()[0]))

    sa_event.listen(store.engine, "before_cursor_execute", seen)
    assert run(store.retrieve("c1")) is None
    tracker = DialogueStateTracker.from_events("c1", [ActionExecuted("action_listen")])
    one_turn(tracker, 1)
    run(store.save(tracker))
    # A local file in WAL mode: handing each statement to a thread cost more than the statement
    # (bench/tracker_store.py); a network database keeps the store's threads (test_tracker_store.py).
    assert statements and all(thread == threading.current_thread().name for thread, _ in statements)
    # The load's SELECT, then the save's one INSERT of six events: no count in between.
    assert [verb for _, verb in statements] == ["SELECT", "INSERT"]
    assert len(stored_events(store)) == 6
