"""Aggregate counts for the referents' dashboard: answers per topic and self-check
verdicts, per offer and per week. Numbers only, nothing about the person.

Called by the actions after they answer, through a CountWriter that writes them
off the conversation's path; best effort: a failure is logged and the candidate's
conversation goes on.
"""

from __future__ import annotations

import atexit
import logging
import os
import queue
import threading
from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import sessionmaker

from bot.storage.referent_tables import TopicCount, VerdictCount

log = logging.getLogger(__name__)
BRUSSELS = ZoneInfo("Europe/Brussels")


def week_of(moment: datetime) -> date:
    """The Monday (Brussels calendar) of the week a moment falls in."""
    local = moment.astimezone(BRUSSELS) if moment.tzinfo else moment
    return local.date() - timedelta(days=local.weekday())


def count_topic(session_factory: sessionmaker, offer_id: str, topic: str, now: datetime) -> bool:
    """Add one answer on `topic` to this week's count; False if it could not be stored."""
    return _increment(session_factory, TopicCount, {"offer_id": offer_id, "topic": topic, "week": week_of(now)})


def count_verdict(session_factory: sessionmaker, offer_id: str, verdict: str, now: datetime) -> bool:
    """Add one self-check verdict to this week's count; False if it could not be stored."""
    return _increment(session_factory, VerdictCount, {"offer_id": offer_id, "verdict": verdict, "week": week_of(now)})


def _increment(session_factory: sessionmaker, table, key: dict, by: int = 1) -> bool:
    # UPDATE first; INSERT when the row does not exist; if another process inserted it
    # in between (unique constraint), UPDATE again. Safe with concurrent action servers.
    for _ in range(3):
        try:
            with session_factory.begin() as session:
                conditions = [getattr(table, column) == value for column, value in key.items()]
                updated = session.execute(update(table).where(*conditions).values(count=table.count + by)).rowcount
                if not updated:
                    session.add(table(**key, count=by))
            return True
        except IntegrityError:
            continue
        except SQLAlchemyError as error:
            log.warning("could not count %s %s: %s", table.__tablename__, key, error)
            return False
    return False


BATCH_SECONDS = 0.5


class CountWriter:
    """Writes the dashboard counts from a background thread, in batches.

    Each count is a committed write (an fsync on SQLite, a WAL flush on PostgreSQL):
    done inside the action, it held the action server's event loop, and so every
    other conversation, for about a third of its time per answer under load
    (profile in README, "Speed and load"). The actions now only queue the count;
    this thread waits up to BATCH_SECONDS for more, sums what is queued per row and
    writes each row once (so it takes the GIL and the disk rarely). A crash of the action
    server loses the counts of its last moments (numbers only, never a conversation);
    a normal exit writes them (atexit).
    """

    def __init__(self, session_factory: sessionmaker):
        self._sessions = session_factory
        self._queue: queue.Queue = queue.Queue()
        self._thread: threading.Thread | None = None
        self._pid = 0
        self._start_lock = threading.Lock()
        self._wake = threading.Event()

    def topic(self, offer_id: str, topic: str, now: datetime) -> None:
        self._add(TopicCount, {"offer_id": offer_id, "topic": topic, "week": week_of(now)})

    def verdict(self, offer_id: str, verdict: str, now: datetime) -> None:
        self._add(VerdictCount, {"offer_id": offer_id, "verdict": verdict, "week": week_of(now)})

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until every queued count is written (or failed); False on timeout."""
        self._wake.set()
        with self._queue.all_tasks_done:
            return self._queue.all_tasks_done.wait_for(lambda: not self._queue.unfinished_tasks, timeout)

    def _add(self, table, key: dict) -> None:
        self._ensure_thread()
        self._queue.put((table, tuple(key.items())))

    def _ensure_thread(self) -> None:
        # Started in the process that counts (rasa-sdk serves from a child process).
        if self._thread is not None and self._pid == os.getpid():
            return
        with self._start_lock:
            if self._thread is None or self._pid != os.getpid():
                self._pid = os.getpid()
                self._thread = threading.Thread(target=self._run, name="dashboard-counts", daemon=True)
                self._thread.start()
                atexit.register(self.flush, 2.0)

    def _run(self) -> None:
        while True:
            batch = [self._queue.get()]
            self._wake.wait(BATCH_SECONDS)
            self._wake.clear()
            while True:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            try:
                for (table, key), count in Counter(batch).items():
                    _increment(self._sessions, table, dict(key), by=count)
            except Exception:  # noqa: BLE001 - the thread must outlive one bad write
                log.exception("dashboard counts: %d not written", len(batch))
            finally:
                for _ in batch:
                    self._queue.task_done()
