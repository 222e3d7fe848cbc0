"""The shape of an offer file, and its validation.

A file that does not match is rejected as a whole with a message naming the
file, the field and the problem, so nothing is ever half-loaded.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable

import yaml


class OfferFileError(ValueError):
    """An offer file that cannot be loaded; the message says where and why."""


# Fact row under which a topic's keywords are stored in the database.
KEYWORDS_KEY = "_keywords"


@dataclass(frozen=True)
class Topic:
    name: str
    section: str
    facts: dict[str, Any]
    # Facts that come from another section of the circular than the topic's.
    fact_sections: dict[str, str] = field(default_factory=dict)
    # Words candidates use for this topic (normalised), for the fallback's fact search.
    keywords: tuple[str, ...] = ()

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
    extra: dict[str, Any] = field(default_factory=dict)


# --- value checkers: each returns the normalised value or raises ValueError ---

def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected non-empty text, got {value!r}")
    return value.strip()


def _integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected a whole number, got {value!r}")
    return value


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"expected a number, got {value!r}")
    return float(value)


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {value!r}")
    return value


def _date(value: Any) -> str:
    # YAML turns valid ISO dates into date objects; anything else stays text.
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise ValueError(f"expected a date YYYY-MM-DD, got {value!r}")


def _url(value: Any) -> str:
    text = _text(value)
    if not re.match(r"^https?://[^\s]+$", text):
        raise ValueError(f"expected an http(s) address, got {value!r}")
    return text


def _email(value: Any) -> str:
    text = _text(value)
    if not re.match(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", text, re.IGNORECASE):
        raise ValueError(f"expected an email address, got {value!r}")
    return text


def _timezone(value: Any) -> str:
    from zoneinfo import ZoneInfo

    text = _text(value)
    try:
        ZoneInfo(text)
    except Exception:
        raise ValueError(f"unknown timezone {value!r}") from None
    return text


def _list_of(item: Callable[[Any], Any]) -> Callable[[Any], list]:
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


def _competence(value: Any) -> dict:
    if not isinstance(value, dict) or set(value) != {"name", "weighs_more"}:
        raise ValueError(f"expected {{name, weighs_more}}, got {value!r}")
    return {"name": _text(value["name"]), "weighs_more": _flag(value["weighs_more"])}


TEXTS = _list_of(_text)

# Field name -> checker. Optional fields are listed in OPTIONAL.
HEADER_FIELDS: dict[str, Callable[[Any], Any]] = {
    "id": _text,
    "default": _flag,
    "reference": _text,
    "circular_number": _integer,
    "circular_date": _date,
    "published_on": _date,
    "valid_from": _date,
    "valid_until": _date,
    "title": _text,
    "institution": _text,
    "service": _text,
    "website": _url,
    "signatory": _text,
    "signatory_spelling_note": _text,
}

TOPIC_FIELDS: dict[str, dict[str, Callable[[Any], Any]]] = {
    "post": {"role": _text, "objectives": TEXTS, "tasks": TEXTS, "tasks_exhaustive": _flag},
    "institution": {
        "name": _text, "description": _text, "schools": _integer,
        "related_institutions": _integer, "pupils": _text, "staff": _text,
        "direction": _text, "service": _text, "service_missions": TEXTS,
    },
    "contract": {
        "posts": _integer, "contract_type": _text, "level": _text, "category": _text,
        "scale_code": _text, "charge_de_mission_possible": _flag, "letter_wording": _text,
    },
    "diploma": {
        "required_level": _text, "wording": _text, "accepted_names": TEXTS,
        "higher_level_stated": _flag, "field_stated": _flag, "recognition_service": _text,
        "held_at": _text,
    },
    "foreign_diploma": {
        "equivalence_required_outside_belgium": _flag, "equivalence_document": _text,
        "equivalence_phone": _text, "language_certificate_required_if_not_french": _flag,
        "language_certificate": _text, "language_certificate_website": _url,
        "equivalence_required_at": _text, "language_certificate_when_stated": _flag,
    },
    "experience": {"min_years": _number, "sector": _text, "relevant_only": _flag},
    "assets": {"items": TEXTS},
    "competences": {
        "behavioural": _list_of(_competence), "technical": _list_of(_competence),
        "motivation_weighs_more": _flag, "eliminatory_statement": _text,
        "italic_competences_marked": _flag, "motivation_eliminatory": _flag,
    },
    "charge_de_mission": {
        "condition": _text, "requires_tenure": _flag, "requires_full_time": _flag,
        "accepted_networks": TEXTS, "accepted_statuses": TEXTS, "legal_basis": _text,
        "duration_months": _integer, "renewal": _text, "scale": _text,
        "monthly_allocation_gross": _number, "weekly_hours": _number, "holidays": _text,
        "mention_in_application": _text, "mention_in_letter": _text, "feasibility": _text,
        "conditions_adapted": _text, "extra_document": _text,
    },
    "salary": {
        "min_annual_gross": _number, "min_condition": _text, "max_annual_gross": _number,
        "scale_code": _text, "level": _text, "indexation": _text, "experience_valued": _text,
    },
    "hours": {
        "weekly_hours": _number, "flexible_schedule": _flag,
        "arrival_window": _text, "departure_window": _text,
    },
    "travel": {
        "itinerant": _flag, "frequent_travel": _flag, "administrative_residence": _text, "regions": TEXTS,
        "licence_b_required": _flag, "own_vehicle_required": _flag, "car_costs_reimbursement_stated": _flag,
    },
    "telework": {"possible": _flag, "after_months": _integer, "condition": _text},
    "benefits": {
        "items": TEXTS, "meal_voucher_value": _number, "meal_voucher_deduction": _number,
        "bike_allowance_per_km": _number, "monthly_flat_rate": _number, "flat_rate_purpose_stated": _flag,
        "min_leave_days": _integer, "leave_between_christmas_and_new_year": _flag,
    },
    "apply": {
        "channel": _text, "website": _url, "form_link_in_circular": _flag,
        "nullity": _text,
    },
    "documents": {"items": TEXTS, "tenured_items": TEXTS},
    "deadline": {"date": _date, "inclusive": _flag, "timezone": _timezone},
    "selection": {
        "preselection": _text, "written_exam": _text, "written_exam_pass_mark": _text,
        "interview_candidates": _integer, "interview": _text, "interview_pass_mark": _text,
        "total_pass_mark": _text, "ranking": _text, "tie_break": _text, "cv_advice": _text,
        "assignment_conditions": _text, "assignment_details_in_circular": _flag,
    },
    "contact": {
        "name": _text, "role": _text, "email": _email,
        "circular_contact_name": _text, "circular_contact_service": _text, "circular_contact_email": _email,
    },
    "diversity": {
        "statement": _text, "reasonable_accommodation": _flag, "policy_link_in_circular": _flag,
        "accommodation_contact_named": _flag,
    },
}

OPTIONAL: dict[str, set[str]] = {
    "offer": {"default", "signatory", "signatory_spelling_note", "website"},
}


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
            body = _check_mapping(where, body, {"section": _text, "facts": dict, "fact_sections": dict,
                                                "keywords": TEXTS}, {"fact_sections", "keywords"})
            facts = _check_mapping(f"{where}.facts", body["facts"], TOPIC_FIELDS[name], set())
            sections = _check_mapping(f"{where}.fact_sections", body.get("fact_sections", {}),
                                      {key: _text for key in facts}, set(facts))
            topics[name] = Topic(name=name, section=body["section"], facts=facts, fact_sections=sections,
                                 keywords=tuple(body.get("keywords", ())))
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
