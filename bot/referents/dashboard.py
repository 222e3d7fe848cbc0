"""Figures of the referents' dashboard, counts only: answers per topic and week,
self-check verdicts, messages the bot could not answer (grouped as `referent report`
does), questions waiting and the median time to answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.referents.report import ReportLine, unanswered_report
from bot.referents.tickets import aware
from bot.referents.usage_counts import week_of
from bot.storage.referent_tables import TopicCount, VerdictCount
from bot.storage.tables import Ticket


@dataclass(frozen=True)
class Dashboard:
    weeks: list[date]  # the weeks shown, oldest first
    topics: list[tuple[str, int]]  # topic, answers over those weeks (most asked first)
    answers_per_week: list[tuple[date, int]]
    topic_week: dict[tuple[str, date], int]
    verdicts: list[tuple[str, int]]
    unanswered: list[ReportLine]
    waiting: int
    by_status: dict[str, int]
    median_answer_time: timedelta | None
    answered_count: int


def build(
    session: Session, now: datetime, weeks: int = 8, offer_id: str | None = None, unanswered_days: int = 30
) -> Dashboard:
    last = week_of(now)
    shown = [last - timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]
    topic_week = _topic_week(session, shown[0], offer_id)
    per_topic: dict[str, int] = {}
    for (topic, _), count in topic_week.items():
        per_topic[topic] = per_topic.get(topic, 0) + count
    per_week = [(week, sum(c for (_, w), c in topic_week.items() if w == week)) for week in shown]
    by_status = _by_status(session, offer_id)
    durations = _answer_durations(session, offer_id)
    return Dashboard(
        weeks=shown,
        topics=sorted(per_topic.items(), key=lambda item: (-item[1], item[0])),
        answers_per_week=per_week,
        topic_week=topic_week,
        verdicts=_verdicts(session, shown[0], offer_id),
        unanswered=unanswered_report(session, since=now - timedelta(days=unanswered_days), limit=15),
        waiting=by_status.get("new", 0),
        by_status=by_status,
        median_answer_time=timedelta(seconds=median(durations)) if durations else None,
        answered_count=len(durations),
    )


def _topic_week(session: Session, since: date, offer_id: str | None) -> dict[tuple[str, date], int]:
    query = (
        select(TopicCount.topic, TopicCount.week, func.sum(TopicCount.count))
        .where(TopicCount.week >= since)
        .group_by(TopicCount.topic, TopicCount.week)
    )
    if offer_id:
        query = query.where(TopicCount.offer_id == offer_id)
    return {(topic, week): int(count) for topic, week, count in session.execute(query)}


def _verdicts(session: Session, since: date, offer_id: str | None) -> list[tuple[str, int]]:
    query = (
        select(VerdictCount.verdict, func.sum(VerdictCount.count))
        .where(VerdictCount.week >= since)
        .group_by(VerdictCount.verdict)
    )
    if offer_id:
        query = query.where(VerdictCount.offer_id == offer_id)
    return sorted(
        ((verdict, int(count)) for verdict, count in session.execute(query)), key=lambda item: (-item[1], item[0])
    )


def _by_status(session: Session, offer_id: str | None) -> dict[str, int]:
    query = select(Ticket.status, func.count()).group_by(Ticket.status)
    if offer_id:
        query = query.where(Ticket.offer_id == offer_id)
    return {status: count for status, count in session.execute(query)}


def _answer_durations(session: Session, offer_id: str | None) -> list[float]:
    query = select(Ticket.created_at, Ticket.answered_at).where(Ticket.answered_at.is_not(None))
    if offer_id:
        query = query.where(Ticket.offer_id == offer_id)
    return [(aware(answered) - aware(created)).total_seconds() for created, answered in session.execute(query)]
