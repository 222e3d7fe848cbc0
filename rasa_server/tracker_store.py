"""Rasa's SQL tracker store, made to ride out a database restart.

Used by deploy/endpoints.production.yml (`type: rasa_server.tracker_store.ResilientSQLTrackerStore`)
and by the embedded default, endpoints.yml (on a SQLite file, var/tracker.db). After saving
the turn that ends a self-check, it overwrites that self-check's answers (bot.storage.tracker_events).
Three problems of Rasa 3.6's SQLTrackerStore when PostgreSQL restarts:

1. With `login_db`, Rasa rebuilds its engine with a bare `create_engine(url)`:
   no `pool_pre_ping`, so after a restart the first query on a pooled
   connection fails ("server closed the connection unexpectedly").
2. Rasa wraps every tracker store in a FailSafeTrackerStore: when loading a
   conversation fails, it silently starts a *new, empty* conversation and
   answers the message out of context (a candidate giving their email address
   in the middle of the forwarding form is answered as if they had just said
   hello). If the database is back by the time that empty conversation is
   saved, the tail of its events is appended to the real one and corrupts it.
3. A failed save falls back to an in-memory store that nothing reads back: the
   candidate got an answer, but the conversation did not move on in the
   database, so the next message is read in the old context (an email address
   is taken for the question the bot had asked before).

So this store checks pooled connections before use, retries loading and saving
while the database restarts (without blocking the event loop; a short restart
only makes the answer slower), and if the database stays down longer than
`retry_seconds`, it refuses to save the stand-in empty conversation and flags
the message (rasa_server.guard) so that the channel apologises ("réessayez")
instead of answering out of context. The conversation resumes where it was
once the database is back.

Speed (bench/tracker_store.py, README): with PostgreSQL the database work of a load or a
save runs in the store's own threads, so the event loop goes on with other conversations
while a query or a commit waits on the network; a SQLite file (WAL, synchronous=NORMAL)
is worked inline, cheaper than the thread hand-offs. A save appends after the events the
load of the same message found, instead of counting them again (Rasa's extra query).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy.exc import DBAPIError, OperationalError

from bot.storage import tracker_events
from rasa_server.guard import conversation_unavailable, mark_conversation_unavailable

log = logging.getLogger(__name__)
T = TypeVar("T")
DEFAULT_RETRY_SECONDS = 15.0


def is_connection_error(error: BaseException) -> bool:
    """A lost or refused database connection (worth retrying), not a bad query."""
    return isinstance(error, OperationalError) or (isinstance(error, DBAPIError) and error.connection_invalidated)


def _sqlite_pragmas(connection, _record) -> None:
    """The embedded store (endpoints.yml): write-ahead log, so that a save costs no more than an
    append (synced at checkpoints: a power cut or an OS crash may lose the last turns, a crash of
    the bot does not), and a wait rather than an error while the worker purges the same file."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _event_queries(events: sa.Table) -> tuple[sa.sql.Select, sa.sql.Select]:
    """Rasa's SQLTrackerStore._event_query as two Core statements built once (`sender_id` bound
    at each call): the events of the latest session (from the last SessionStarted), and all."""
    sender = events.c.sender_id == sa.bindparam("sender_id")
    session_start = (
        sa.select(sa.func.max(events.c.timestamp))
        .where(sender, events.c.type_name == SessionStarted.type_name)
        .scalar_subquery()
    )
    everything = sa.select(events.c.data).where(sender).order_by(events.c.id)
    latest = everything.where(sa.or_(session_start.is_(None), events.c.timestamp >= session_start))
    return latest, everything


def _event_row(sender_id: str, event: Event) -> dict[str, Any]:
    data = event.as_dict()
    return {
        "sender_id": sender_id,
        "type_name": event.type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }


class TrackerStoreUnavailable(RuntimeError):
    """The conversation could not be loaded, so the stand-in empty one is not saved."""


class ResilientSQLTrackerStore(SQLTrackerStore):
    def __init__(
        self, domain: Domain | None = None, retry_seconds: float = DEFAULT_RETRY_SECONDS, **kwargs: Any
    ) -> None:
        super().__init__(domain=domain, **kwargs)
        # Same engine options as Rasa's for PostgreSQL (pool sizes, schema), plus
        # pool_pre_ping: a connection the database dropped is replaced, not used.
        url = self.engine.url
        self.engine.dispose()
        if url.get_backend_name() == "sqlite":
            # SQLAlchemy 1.4 gives a SQLite file no pool (a new connection, and its set-up, for each
            # load and save): keep connections. They are used from the store's thread.
            self.engine = sa.create_engine(
                url, poolclass=sa.pool.QueuePool, pool_pre_ping=True, connect_args={"check_same_thread": False}
            )
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
            # A local file in WAL mode with synchronous=NORMAL: a commit does not wait on the disk and
            # a load or a save takes about a millisecond of CPU, less than handing it to a thread and
            # back (each hand-off can wait for the GIL while the event loop runs the models).
            self._executor: ThreadPoolExecutor | None = None
        else:
            self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
            # A network database: its round trips and commits wait in the store's threads.
            self._executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="tracker-store")
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        self.retry_seconds = float(retry_seconds)
        self._latest_session_query, self._all_sessions_query = _event_queries(self.SQLEvent.__table__)
        # sender -> number of events of its latest session that the last load found in the
        # database; the save of the same message (under Rasa's conversation lock) appends after them.
        self._stored: dict[str, int] = {}

    async def _in_thread(self, function: Callable[..., T], *args: Any) -> T:
        if self._executor is None:
            return function(*args)
        return await asyncio.get_running_loop().run_in_executor(self._executor, partial(function, *args))

    async def _retrying(self, what: str, operation: Callable[[], Awaitable[T]]) -> T:
        deadline = time.monotonic() + self.retry_seconds
        delay = 0.2
        while True:
            try:
                return await operation()
            except DBAPIError as error:
                if not is_connection_error(error) or time.monotonic() + delay > deadline:
                    raise
                log.warning("tracker store: %s failed (%s), retrying in %.1fs", what, str(error).splitlines()[0], delay)
            await asyncio.sleep(delay)  # other conversations go on meanwhile
            delay = min(delay * 2, 2.0)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        try:
            tracker = await self._retrying(f"loading {sender_id}", lambda: SQLTrackerStore.retrieve(self, sender_id))
        except Exception:
            # Rasa will go on with an empty stand-in conversation: keep it out of the
            # database and let the channel apologise (see the module docstring).
            mark_conversation_unavailable(sender_id, True)
            raise
        mark_conversation_unavailable(sender_id, False)
        return tracker

    async def retrieve_full_tracker(self, conversation_id: str) -> DialogueStateTracker | None:
        return await self._retrying(
            f"loading {conversation_id}", lambda: SQLTrackerStore.retrieve_full_tracker(self, conversation_id)
        )

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool) -> DialogueStateTracker | None:
        """Rasa's SQLTrackerStore._retrieve, with the query in the store's thread."""
        if not fetch_events_from_all_sessions:
            self._stored.pop(sender_id, None)
        events = await self._in_thread(self._load_events, sender_id, fetch_events_from_all_sessions)
        if not fetch_events_from_all_sessions:
            self._stored[sender_id] = len(events)
        if self.domain and events:
            return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        return None

    def _load_events(self, sender_id: str, all_sessions: bool) -> list[dict]:
        query = self._all_sessions_query if all_sessions else self._latest_session_query
        with self.session_scope() as session:
            return [json.loads(data) for data in session.execute(query, {"sender_id": sender_id}).scalars()]

    def _append_events(self, sender_id: str, events: list[Event], stored: int | None) -> None:
        """Rasa's SQLTrackerStore.save: add the events after the `stored` ones (counted if unknown),
        as one multi-row INSERT rather than one ORM object and statement per event."""
        with self.session_scope() as session:
            if stored is None:
                stored = session.execute(
                    sa.select(sa.func.count()).select_from(self._latest_session_query.subquery()),
                    {"sender_id": sender_id},
                ).scalar_one()
            rows = [_event_row(sender_id, event) for event in events[stored:]]
            if rows:
                session.execute(self.SQLEvent.__table__.insert(), rows)
            session.commit()

    async def save(self, tracker: DialogueStateTracker) -> None:
        if conversation_unavailable(tracker.sender_id):
            raise TrackerStoreUnavailable(
                f"conversation {tracker.sender_id} was not loaded: not saving a stand-in over it"
            )
        await self.stream_events(tracker)
        sender_id, events = tracker.sender_id, list(tracker.events)
        known = [self._stored.pop(sender_id, None)]

        async def append() -> None:
            # A retry counts again: the failed attempt may have committed.
            stored, known[0] = known[0], None
            await self._in_thread(self._append_events, sender_id, events, stored)

        # Saving only appends the events the database does not have yet: safe to retry.
        try:
            await self._retrying(f"saving {sender_id}", append)
        except Exception:
            # The answer is ready but the conversation did not move on in the database:
            # the candidate is asked to send the message again (a forwarded question
            # sent again keeps its reference, see bot.referents.submission.submit_ticket).
            mark_conversation_unavailable(tracker.sender_id, True)
            raise
        if tracker_events.ended_selfcheck(self._latest_turn(tracker)):
            await self._in_thread(self._forget_selfcheck, tracker.sender_id)

    @staticmethod
    def _latest_turn(tracker: DialogueStateTracker) -> list:
        turn = []
        for event in reversed(tracker.events):
            turn.append(event.as_dict())
            if turn[-1].get("event") == "user":
                break
        return list(reversed(turn))

    def _forget_selfcheck(self, sender_id: str) -> None:
        """The self-check just ended: overwrite its answers in the store ("je n'enregistre pas vos
        réponses", bot.storage.tracker_events). Best effort: the worker catches what a failure here leaves."""
        try:
            with self.engine.begin() as connection:
                changed = tracker_events.redact_conversation(connection, sender_id)
            log.debug("self-check of %s forgotten (%d events overwritten)", sender_id, changed)
        except Exception as error:  # noqa: BLE001 - never fail the reply for this
            log.error("could not overwrite the self-check answers of %s (the worker will): %s", sender_id, error)
