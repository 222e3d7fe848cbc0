"""A clock in the offer's timezone that tests can freeze."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

Clock = Callable[[], datetime]


def system_clock(timezone: str) -> Clock:
    zone = ZoneInfo(timezone)
    return lambda: datetime.now(zone)


def fixed_clock(moment: datetime | str, timezone: str) -> Clock:
    zone = ZoneInfo(timezone)
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    # A naive moment is read as local time in the offer's timezone.
    moment = moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)
    return lambda: moment


def clock_from_settings(settings) -> Clock:
    if settings.fixed_now:
        return fixed_clock(settings.fixed_now, settings.timezone)
    return system_clock(settings.timezone)
