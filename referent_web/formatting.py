"""French labels and Belgian date formats for the referents' pages (Jinja filters)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from bot.domain.topics import TOPIC_LABELS

BRUSSELS = ZoneInfo("Europe/Brussels")

STATUS_LABELS = {"new": "En attente", "answered": "Répondue", "closed": "Classée"}
REASON_LABELS = {
    "request": "Demande du candidat",
    "low_confidence": "Question non comprise par l'assistant",
    "out_of_scope": "Hors du champ de l'offre",
    "selfcheck": "Auto-vérification à préciser",
}
EVENT_LABELS = {
    "forwarded": "Transmise",
    "answered": "Répondue",
    "closed": "Classée",
    "reopened": "Rouverte",
    "knowledge": "Proposée pour les connaissances de l'assistant",
}
VERDICT_LABELS = {
    "eligible": "Semble remplir les conditions",
    "conditional": "Sous réserve",
    "not_eligible": "Ne semble pas remplir les conditions",
}


def local(moment: datetime) -> datetime:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return aware.astimezone(BRUSSELS)


def be_datetime(moment: datetime | None) -> str:
    """dd/mm/yyyy HH:MM in Brussels time."""
    return "" if moment is None else local(moment).strftime("%d/%m/%Y %H:%M")


def be_iso(moment: datetime | None) -> str:
    """Machine-readable value of a <time> element."""
    return "" if moment is None else local(moment).isoformat(timespec="minutes")


def be_date(day: date | None) -> str:
    return "" if day is None else day.strftime("%d/%m/%Y")


def short_week(day: date) -> str:
    return day.strftime("%d/%m")


def duration(value: timedelta | None) -> str:
    """A duration as people say it: "3 j 4 h", "2 h 05 min", "12 min"."""
    if value is None:
        return "—"
    minutes = int(value.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days} j {hours} h"
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min"


def label(mapping: dict[str, str]):
    return lambda key: mapping.get(key, key)


def register(app) -> None:
    app.jinja_env.filters.update(
        be_datetime=be_datetime,
        be_iso=be_iso,
        be_date=be_date,
        short_week=short_week,
        duration=duration,
        status_label=label(STATUS_LABELS),
        reason_label=label(REASON_LABELS),
        event_label=label(EVENT_LABELS),
        verdict_label=label(VERDICT_LABELS),
        topic_label=label(TOPIC_LABELS),
    )
