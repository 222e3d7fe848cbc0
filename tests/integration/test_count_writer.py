"""The dashboard counts are written by a background thread, summed, and never lost
to one failed write (bot.referents.usage_counts.CountWriter)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from bot.referents import usage_counts
from bot.referents.usage_counts import CountWriter
from bot.storage.referent_tables import TopicCount, VerdictCount

NOW = datetime(2021, 6, 1, 10, 0)  # a Tuesday: the week of Monday 31 May


def rows(session_factory, table, label):
    with session_factory() as session:
        return {(getattr(row, label), row.week.isoformat()): row.count for row in session.scalars(select(table))}


def test_queued_counts_are_summed_and_written(loaded_session_factory):
    writer = CountWriter(loaded_session_factory)
    for topic in ("salary", "salary", "deadline", "salary"):
        writer.topic("offer-1", topic, NOW)
    writer.verdict("offer-1", "eligible", NOW)
    assert writer.flush()
    assert rows(loaded_session_factory, TopicCount, "topic") == {
        ("salary", "2021-05-31"): 3,
        ("deadline", "2021-05-31"): 1,
    }
    assert rows(loaded_session_factory, VerdictCount, "verdict") == {("eligible", "2021-05-31"): 1}
    writer.topic("offer-1", "salary", NOW)  # added to the row written before
    assert writer.flush()
    assert rows(loaded_session_factory, TopicCount, "topic")[("salary", "2021-05-31")] == 4


def test_the_writer_outlives_a_failed_write(loaded_session_factory, monkeypatch):
    real = usage_counts._increment
    calls = []

    def failing_once(*args, **kwargs):
        calls.append(args[2])
        if len(calls) == 1:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(usage_counts, "_increment", failing_once)
    writer = CountWriter(loaded_session_factory)
    writer.topic("offer-1", "salary", NOW)
    assert writer.flush()
    writer.topic("offer-1", "deadline", NOW)
    assert writer.flush()
    assert rows(loaded_session_factory, TopicCount, "topic") == {("deadline", "2021-05-31"): 1}


def test_flush_with_nothing_queued_returns_at_once(loaded_session_factory):
    assert CountWriter(loaded_session_factory).flush(timeout=0.1)
