"""Aggregate counts for the referents' dashboard: answers per topic and self-check
verdicts, per offer and per week. Numbers only, nothing about the person.

Called by the actions after they answer; best effort: a failure is logged and the
candidate's conversation goes on.
"""

from __future__ import annotations

import logging
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


def _increment(session_factory: sessionmaker, table, key: dict) -> bool:
    # UPDATE first; INSERT when the row does not exist; if another process inserted it
    # in between (unique constraint), UPDATE again. Safe with concurrent action servers.
    for _ in range(3):
        try:
            with session_factory.begin() as session:
                conditions = [getattr(table, column) == value for column, value in key.items()]
                updated = session.execute(update(table).where(*conditions).values(count=table.count + 1)).rowcount
                if not updated:
                    session.add(table(**key, count=1))
            return True
        except IntegrityError:
            continue
        except SQLAlchemyError as error:
            log.warning("could not count %s %s: %s", table.__tablename__, key, error)
            return False
    return False
