"""The shape of an offer file, and its validation.

A file that does not match is rejected as a whole with a message naming the
file, the field and the problem, so nothing is ever half-loaded.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.domain.offer_fields import TEXTS, date_field, flag_field, integer_field, text_field, url_field
from bot.domain.topics import TOPIC_FIELDS


class OfferFileError(ValueError):
    """An offer file that cannot be loaded; the message says where and why."""


# Fact row under which a topic's keywords are stored in the database.
KEYWORDS_KEY = "_keywords"
# Fact row under which a topic's unstated subjects are stored.
UNSTATED_KEY = "_unstated"


@dataclass(frozen=True)
class Topic:
    name: str
    section: str
    facts: dict[str, Any]
    # Facts that come from another section of the circular than the topic's.
    fact_sections: dict[str, str] = field(default_factory=dict)
    # Words candidates use for this topic (normalised), for the fallback's fact search.
    keywords: tuple[str, ...] = ()
    # What candidates ask near this topic that the circular does not say: subject
    # ("une période d'essai") -> the words that ask for it. The bot says the text is
    # silent instead of answering the topic's facts.
    unstated: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def section_of(self, key: str) -> str:
        return self.fact_sections.get(key, self.section)


@dataclass(frozen=True)
class OfferData:
    offer_id: str
    header: dict[str, Any]
    topics: dict[str, Topic]
    source_file: str
    fingerprint: str
    is_default: bool = False


HEADER_FIELDS: dict[str, Callable[[Any], Any]] = {
    "id": text_field,
    "default": flag_field,
    "reference": text_field,
    "circular_number": integer_field,
    "circular_date": date_field,
    "published_on": date_field,
    "valid_from": date_field,
    "valid_until": date_field,
    "title": text_field,
    "institution": text_field,
    "service": text_field,
    "website": url_field,
    "signatory": text_field,
    "signatory_spelling_note": text_field,
}

OPTIONAL: dict[str, set[str]] = {
    "offer": {"default", "signatory", "signatory_spelling_note", "website"},
}


def _word_list(value: Any) -> tuple[str, ...]:
    return tuple(TEXTS(value))


def _check_mapping(where: str, data: Any, fields: dict[str, Callable], optional: set[str]) -> dict:
    if not isinstance(data, dict):
        raise ValueError(f"{where}: expected a mapping, got {type(data).__name__}")
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise ValueError(f"{where}.{unknown[0]}: unknown field (allowed: {', '.join(fields)})")
    missing = [name for name in fields if name not in data and name not in optional]
    if missing:
        raise ValueError(f"{where}.{missing[0]}: missing field")
    checked = {}
    for name, value in data.items():
        try:
            checked[name] = fields[name](value)
        except ValueError as error:
            raise ValueError(f"{where}.{name}: {error}") from None
    return checked


def validate_offer(raw: Any, source: str, fingerprint: str) -> OfferData:
    """Check a parsed offer document; raise OfferFileError naming the field."""
    try:
        document = _check_mapping("(file)", raw, {"offer": dict, "topics": dict}, set())
        header = _check_mapping("offer", document["offer"], HEADER_FIELDS, OPTIONAL["offer"])
        raw_topics = document["topics"]
        unknown = sorted(set(raw_topics) - set(TOPIC_FIELDS))
        if unknown:
            raise ValueError(f"topics.{unknown[0]}: unknown topic (allowed: {', '.join(TOPIC_FIELDS)})")
        missing = [name for name in TOPIC_FIELDS if name not in raw_topics]
        if missing:
            raise ValueError(f"topics.{missing[0]}: missing topic")
        topics = {}
        for name, body in raw_topics.items():
            where = f"topics.{name}"
            body = _check_mapping(
                where,
                body,
                {"section": text_field, "facts": dict, "fact_sections": dict, "keywords": TEXTS, "unstated": dict},
                {"fact_sections", "keywords", "unstated"},
            )
            facts = _check_mapping(f"{where}.facts", body["facts"], TOPIC_FIELDS[name], set())
            sections = _check_mapping(
                f"{where}.fact_sections", body.get("fact_sections", {}), {key: text_field for key in facts}, set(facts)
            )
            topics[name] = Topic(
                name=name,
                section=body["section"],
                facts=facts,
                fact_sections=sections,
                keywords=tuple(body.get("keywords", ())),
                unstated=_check_mapping(
                    f"{where}.unstated",
                    body.get("unstated", {}),
                    {subject: _word_list for subject in body.get("unstated", {})},
                    set(),
                ),
            )
        _check_consistency(header, topics)
    except ValueError as error:
        raise OfferFileError(f"{source}: {error}") from None
    return OfferData(
        offer_id=header["id"],
        header=header,
        topics=topics,
        source_file=source,
        fingerprint=fingerprint,
        is_default=header.get("default", False),
    )


def _check_consistency(header: dict, topics: dict[str, Topic]) -> None:
    if not re.match(r"^[a-z0-9][a-z0-9-]*$", header["id"]):
        raise ValueError("offer.id: use lowercase letters, digits and dashes")
    if header["valid_from"] > header["valid_until"]:
        raise ValueError("offer.valid_until: earlier than valid_from")
    salary = topics["salary"].facts
    if salary["min_annual_gross"] > salary["max_annual_gross"]:
        raise ValueError("topics.salary.facts.max_annual_gross: lower than min_annual_gross")


def read_offer_file(path: Path) -> OfferData:
    """Parse and validate one YAML offer file."""
    import hashlib

    try:
        content = path.read_bytes()
    except OSError as error:
        raise OfferFileError(f"{path}: cannot read file ({error.strerror})") from None
    try:
        raw = yaml.safe_load(content.decode("utf-8"))
    except UnicodeDecodeError:
        raise OfferFileError(f"{path}: not UTF-8 text") from None
    except yaml.YAMLError as error:
        raise OfferFileError(f"{path}: invalid YAML ({error})".replace("\n", " ")) from None
    return validate_offer(raw, str(path), hashlib.sha256(content).hexdigest())
