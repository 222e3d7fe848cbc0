"""Which self-check questions to ask, given the answers so far.

Question keys double as the Rasa slot names of the eligibility form.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.selfcheck.profile import LEVELS, Profile, Requirements

QUESTIONS = (
    "sc_diploma_level",
    "sc_diploma_abroad",
    "sc_equivalence",
    "sc_diploma_in_french",
    "sc_language_certificate",
    "sc_experience_months",
    "sc_licence_b",
    "sc_vehicle",
    "sc_tenured",
    "sc_wants_cdm",
    "sc_full_time",
    "sc_fwb_network",
    "sc_active_service",
    "sc_assets",
)
# An unclear diploma is stored as this marker so the question is not asked forever.
UNCLEAR_DIPLOMA = "unclear"
# "je ne sais pas" to any other question: answered, so not asked again, but unknown.
UNSURE_ANSWER = "unsure"
# A diploma still being studied for: not held "au moment de la candidature".
DIPLOMA_IN_PROGRESS = "in_progress"


def required_questions(answers: Mapping[str, Any], req: Requirements) -> list[str]:
    """The questions this candidate needs, in the order they are asked (driven by the offer)."""
    level = answers.get("sc_diploma_level")
    needed = ["sc_diploma_level"]
    # Where the diploma comes from only matters if its level could qualify.
    if level == UNCLEAR_DIPLOMA or (level in LEVELS and LEVELS.index(level) >= LEVELS.index(req.required_level)):
        needed.append("sc_diploma_abroad")
        if answers.get("sc_diploma_abroad") is True:
            needed.append("sc_equivalence")
        needed.append("sc_diploma_in_french")
        if answers.get("sc_diploma_in_french") is False:
            needed.append("sc_language_certificate")
    needed.append("sc_experience_months")
    if req.licence_b:
        needed.append("sc_licence_b")
    if req.own_vehicle:
        needed.append("sc_vehicle")
    needed.append("sc_tenured")
    if answers.get("sc_tenured") is True:
        needed.append("sc_wants_cdm")
        if answers.get("sc_wants_cdm") is True:
            needed += ["sc_full_time", "sc_fwb_network", "sc_active_service"]
    needed.append("sc_assets")
    return needed


def profile_from_answers(given: Mapping[str, Any]) -> Profile:
    unsure = frozenset(key for key, value in given.items() if value == UNSURE_ANSWER)
    answers = {key: value for key, value in given.items() if key not in unsure}
    level = answers.get("sc_diploma_level")
    return Profile(
        diploma_level=level if level in LEVELS else None,
        diploma_in_progress=level == DIPLOMA_IN_PROGRESS,
        diploma_abroad=answers.get("sc_diploma_abroad"),
        has_equivalence=answers.get("sc_equivalence"),
        diploma_in_french=answers.get("sc_diploma_in_french"),
        has_language_certificate=answers.get("sc_language_certificate"),
        experience_months=_as_int(answers.get("sc_experience_months")),
        has_licence_b=answers.get("sc_licence_b"),
        has_vehicle=answers.get("sc_vehicle"),
        tenured=answers.get("sc_tenured"),
        wants_charge_de_mission=answers.get("sc_wants_cdm"),
        full_time=answers.get("sc_full_time"),
        fwb_network=answers.get("sc_fwb_network"),
        active_or_available=answers.get("sc_active_service"),
        assets=tuple(answers.get("sc_assets") or ()),
        unsure=unsure,
    )


def _as_int(value: Any) -> int | None:
    # Rasa float slots come back as floats.
    return None if value is None else int(value)
