"""Checkers of the values in an offer file: each returns the normalised value or
raises ValueError with what it expected (bot.domain.offer names the field)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

FieldCheck = Callable[[Any], Any]


def text_field(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected non-empty text, got {value!r}")
    return value.strip()


def integer_field(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected a whole number, got {value!r}")
    return value


def number_field(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"expected a number, got {value!r}")
    return float(value)


def flag_field(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {value!r}")
    return value


def date_field(value: Any) -> str:
    # YAML turns valid ISO dates into date objects; anything else stays text.
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise ValueError(f"expected a date YYYY-MM-DD, got {value!r}")


def url_field(value: Any) -> str:
    text = text_field(value)
    if not re.match(r"^https?://[^\s]+$", text):
        raise ValueError(f"expected an http(s) address, got {value!r}")
    return text


def email_field(value: Any) -> str:
    text = text_field(value)
    if not re.match(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", text, re.IGNORECASE):
        raise ValueError(f"expected an email address, got {value!r}")
    return text


def timezone_field(value: Any) -> str:
    from zoneinfo import ZoneInfo

    text = text_field(value)
    try:
        ZoneInfo(text)
    except Exception:  # noqa: BLE001 - zoneinfo raises several types for a bad name
        raise ValueError(f"unknown timezone {value!r}") from None
    return text


def list_of(item: Callable[[Any], Any]) -> Callable[[Any], list]:
    def check(value: Any) -> list:
        if not isinstance(value, list) or not value:
            raise ValueError(f"expected a non-empty list, got {value!r}")
        out = []
        for index, element in enumerate(value):
            try:
                out.append(item(element))
            except ValueError as error:
                raise ValueError(f"item {index + 1}: {error}") from None
        return out

    return check


def competence_field(value: Any) -> dict:
    if not isinstance(value, dict) or set(value) != {"name", "weighs_more"}:
        raise ValueError(f"expected {{name, weighs_more}}, got {value!r}")
    return {"name": text_field(value["name"]), "weighs_more": flag_field(value["weighs_more"])}


TEXTS = list_of(text_field)

# Field name -> checker. Optional fields are listed in OPTIONAL.


def keyed_texts(keys: tuple[str, ...]) -> Callable[[Any], dict[str, str]]:
    """A mapping with exactly these keys, each to a text: facts matched by name, not by position."""

    def check(value: Any) -> dict[str, str]:
        if not isinstance(value, dict):
            raise ValueError(f"expected a mapping with the keys {', '.join(keys)}, got {value!r}")
        unknown, missing = sorted(set(value) - set(keys)), [key for key in keys if key not in value]
        if unknown or missing:
            raise ValueError(
                f"expected exactly the keys {', '.join(keys)}"
                + (f"; unknown: {', '.join(map(str, unknown))}" if unknown else "")
                + (f"; missing: {', '.join(missing)}" if missing else "")
            )
        return {key: text_field(value[key]) for key in value}

    return check
