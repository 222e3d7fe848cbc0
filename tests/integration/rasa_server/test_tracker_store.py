"""The production tracker store rides out a PostgreSQL restart (rasa_server/tracker_store.py).

On the PostgreSQL server of the tests (the real restart is in tests/cluster/test_database_restart.py).
"""

from __future__ import annotations

import asyncio
import json
import threading
import uuid

import pytest
from rasa.core.tracker_store import FailSafeTrackerStore, SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import create_engine, text
from sqlalchemy import event as sa_event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, ProgrammingError

from rasa_server import guard
from rasa_server.rest import answer
from rasa_server.tracker_store import ResilientSQLTrackerStore, TrackerStoreUnavailable
from tests.conftest import ROOT
from tests.integration.conftest import PG_ADMIN_URL


def run(coroutine):
    return asyncio.run(coroutine)


@pytest.fixture(scope="module")
def domain():
    return Domain.load(str(ROOT / "domain.yml"))


@pytest.fixture
def store_args():
    """Arguments of a tracker store on a database of its own, created through login_db like in production."""
    url = make_url(PG_ADMIN_URL)
    admin = create_engine(url, isolation_level="AUTOCOMMIT", future=True)
    try:
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001 - no server here
        pytest.skip(f"PostgreSQL not available at {PG_ADMIN_URL}: {error}")
    name = f"wbe_tracker_test_{uuid.uuid4().hex[:10]}"
    yield {
        "dialect": "postgresql",
        "host": url.host,
        "port": url.port or 5432,
        "db": name,
        "username": url.username,
        "password": url.password or "",
        "login_db": url.database,
    }
    with admin.connect() as connection:
        connection.execute(text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"))
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


@pytest.fixture
def store(store_args, domain):
    created = ResilientSQLTrackerStore(domain=domain, retry_seconds=3, **store_args)
    yield created
    created.engine.dispose()


def conversation(sender="cand-1"):
    return DialogueStateTracker.from_events(
        sender,
        [
            ActionExecuted("action_listen"),
            UserUttered("je voudrais parler à quelqu'un"),
            SlotSet("fw_question", "Mon graduat suffit-il ?"),
            ActionExecuted("action_listen"),
        ],
    )


def kill_connections(database: str) -> int:
    """What a PostgreSQL restart does to the connections a pool keeps."""
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", future=True)
    with admin.connect() as connection:
        killed = connection.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()"
            ),
            {"name": database},
        ).scalar()
    admin.dispose()
    return killed


def test_a_conversation_survives_its_pooled_connections_being_dropped(store, store_args):
    run(store.save(conversation()))
    assert kill_connections(store_args["db"]) >= 1
    tracker = run(store.retrieve("cand-1"))
    assert tracker.get_slot("fw_question") == "Mon graduat suffit-il ?"
    assert [e.text for e in tracker.events if isinstance(e, UserUttered)] == ["je voudrais parler à quelqu'un"]


def test_rasa_own_store_fails_there_which_is_why_ours_exists(store_args, domain):
    # Rasa rebuilds its engine without pool_pre_ping when login_db is used.
    plain = SQLTrackerStore(domain=domain, **store_args)
    try:
        run(plain.save(conversation()))
        kill_connections(store_args["db"])
        with pytest.raises(OperationalError):
            run(plain.retrieve("cand-1"))
    finally:
        plain.engine.dispose()


def test_loading_is_retried_while_the_database_restarts(store, monkeypatch):
    run(store.save(conversation()))
    calls = []
    real = SQLTrackerStore.retrieve

    async def restarting(self, sender_id):
        calls.append(sender_id)
        if len(calls) <= 2:
            raise OperationalError("SELECT", {}, Exception("the database system is shutting down"))
        return await real(self, sender_id)

    monkeypatch.setattr(SQLTrackerStore, "retrieve", restarting)
    tracker = run(store.retrieve("cand-1"))
    assert calls == ["cand-1"] * 3
    assert tracker.get_slot("fw_question") == "Mon graduat suffit-il ?"


def test_saving_is_retried_and_adds_each_event_once(store, store_args, monkeypatch):
    calls = []
    real = ResilientSQLTrackerStore._append_events

    def flaky(self, sender_id, events, stored):
        calls.append((sender_id, stored))
        real(self, sender_id, events, stored)
        if len(calls) == 1:  # committed, but the connection dropped before the answer
            raise OperationalError("COMMIT", {}, Exception("server closed the connection unexpectedly"))

    monkeypatch.setattr(ResilientSQLTrackerStore, "_append_events", flaky)
    assert run(store.retrieve("cand-1")) is None  # as Rasa does before a save: nothing stored yet
    run(store.save(conversation()))
    # The retry counts the stored events again rather than trust the load's count.
    assert calls == [("cand-1", 0), ("cand-1", None)]
    monkeypatch.setattr(ResilientSQLTrackerStore, "_append_events", real)
    with store.session_scope() as session:
        rows = session.query(store.SQLEvent).filter(store.SQLEvent.sender_id == "cand-1").all()
    assert [json.loads(r.data)["event"] for r in rows] == ["action", "user", "slot", "action"]


def test_a_bad_query_is_not_retried(store, monkeypatch):
    calls = []

    async def broken(self, sender_id):
        calls.append(sender_id)
        raise ProgrammingError("SELECT", {}, Exception("relation does not exist"))

    monkeypatch.setattr(SQLTrackerStore, "retrieve", broken)
    with pytest.raises(ProgrammingError):
        run(store.retrieve("cand-1"))
    assert calls == ["cand-1"]


def test_a_long_outage_gives_an_apology_and_never_overwrites_the_conversation(store, monkeypatch):
    """Past retry_seconds Rasa's FailSafeTrackerStore goes on with an empty stand-in
    conversation: it is not saved over the real one, and the channel apologises."""
    run(store.save(conversation()))
    real_retrieve = SQLTrackerStore.retrieve
    attempts = []

    async def down(self, sender_id):
        attempts.append(sender_id)
        raise OperationalError("SELECT", {}, Exception("connection refused"))

    store.retry_seconds = 0.5
    monkeypatch.setattr(SQLTrackerStore, "retrieve", down)
    failsafe = FailSafeTrackerStore(store)

    async def one_message():
        guard.mark_conversation_unavailable("cand-1", False)
        tracker = await failsafe.get_or_create_tracker("cand-1")
        assert tracker.get_slot("fw_question") is None  # Rasa's stand-in
        # Longer than the real conversation, so that appending its tail would show.
        for event in (
            ActionExecuted("action_session_start"),
            ActionExecuted("action_listen"),
            UserUttered("lea@example.org"),
            SlotSet("fw_email", "lea@example.org"),
            ActionExecuted("utter_default"),
            ActionExecuted("action_listen"),
        ):
            tracker.update(event)
        await failsafe.save(tracker)  # what Rasa does at the end of the message
        try:
            await store.save(tracker)
            refused = False
        except TrackerStoreUnavailable:
            refused = True
        return refused, guard.conversation_unavailable("cand-1")

    refused, flagged = run(one_message())
    assert len(attempts) >= 2
    monkeypatch.setattr(SQLTrackerStore, "retrieve", real_retrieve)
    # Back: the conversation is where it was, nothing of the stand-in was written.
    tracker = run(store.retrieve("cand-1"))
    assert tracker.get_slot("fw_question") == "Mon graduat suffit-il ?" and tracker.get_slot("fw_email") is None
    assert [e.text for e in tracker.events if isinstance(e, UserUttered)] == ["je voudrais parler à quelqu'un"]
    assert (refused, flagged) == (True, True)


def test_a_save_that_keeps_failing_flags_the_message(store, monkeypatch):
    """The answer is ready but the conversation cannot move on in the database:
    the channel apologises so that the candidate sends the message again."""
    run(store.save(conversation()))

    def down(self, sender_id, events, stored):
        raise OperationalError("INSERT", {}, Exception("connection refused"))

    store.retry_seconds = 0.5
    failsafe = FailSafeTrackerStore(store)

    async def one_message():
        guard.mark_conversation_unavailable("cand-1", False)
        tracker = await failsafe.get_or_create_tracker("cand-1")
        assert tracker.get_slot("fw_question") == "Mon graduat suffit-il ?"
        flagged_after_loading = guard.conversation_unavailable("cand-1")
        tracker.update(UserUttered("lea@example.org"))
        monkeypatch.setattr(ResilientSQLTrackerStore, "_append_events", down)
        await failsafe.save(tracker)  # Rasa's fallback swallows the error
        return flagged_after_loading, guard.conversation_unavailable("cand-1")

    assert run(one_message()) == (False, True)


class FakeRequest:
    def __init__(self, payload):
        self.json = payload
        self.body = json.dumps(payload).encode()


def test_the_channel_apologises_when_the_conversation_could_not_be_loaded():
    async def rasa_with_a_stand_in(message):
        guard.mark_conversation_unavailable(message.sender_id, True)  # as the tracker store does
        await message.output_channel.send_text_message(message.sender_id, "Bonjour ! Posez-moi vos questions.")

    async def rasa_fine(message):
        await message.output_channel.send_text_message(message.sender_id, "Bonjour !")

    async def both():
        first = await answer(FakeRequest({"sender": "c1", "message": "lea@example.org"}), rasa_with_a_stand_in, "rest")
        second = await answer(FakeRequest({"sender": "c1", "message": "bonjour"}), rasa_fine, "rest")
        return json.loads(first.body), json.loads(second.body)

    first, second = run(both())
    [apology] = first
    assert apology["text"].startswith("Désolé, je rencontre un problème technique")
    assert "Sandrine.GEUQUET@cfwb.be" in apology["text"] and "Bonjour" not in apology["text"]
    # The flag does not outlive the message (same task, like a keep-alive connection).
    assert second == [{"recipient_id": "c1", "text": "Bonjour !"}]


def test_postgresql_work_runs_in_the_stores_threads(store):
    names = []
    sa_event.listen(store.engine, "before_cursor_execute", lambda *args: names.append(threading.current_thread().name))
    run(store.retrieve("cand-threads"))
    assert names and all(name.startswith("tracker-store") for name in names)
