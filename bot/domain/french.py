"""French formatting of dates, amounts and lists."""

from __future__ import annotations

from datetime import date

MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
NBSP = "\u00a0"
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


def long_date(day: date, weekday: bool = True) -> str:
    text = f"{'1er' if day.day == 1 else day.day} {MONTHS[day.month - 1]} {day.year}"
    return f"{WEEKDAYS[day.weekday()]} {text}" if weekday else text


def euros(amount: float) -> str:
    """1234.5 -> '1 234,50' and the euro sign (no-break space as thousands separator)."""
    whole, cents = f"{amount:.2f}".split(".")
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return NBSP.join(groups) + f",{cents} €"


def number(value: float) -> str:
    """40.0 -> '40', 0.5 -> '0,5'."""
    return str(int(value)) if float(value).is_integer() else f"{value}".replace(".", ",")


def bullets(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def join_words(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " et " + items[-1]


def sentence(text: str) -> str:
    """Upper-case the first letter only (str.capitalize lowers the rest)."""
    return text[:1].upper() + text[1:]


def duration_text(months: int) -> str:
    years, rest = divmod(months, 12)
    parts = []
    if years:
        parts.append(f"{years} an{'s' if years > 1 else ''}")
    if rest:
        parts.append(f"{rest} mois")
    return " et ".join(parts) or "aucune"
