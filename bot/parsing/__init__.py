"""Parsers of candidates' free answers to the self-check questions, one module per
kind of answer, on the shared normalisation and negation of `text`.

Every parser works on `normalise(text)` and never raises on a str: an answer it
cannot read gives None (or an "unclear" problem) so the bot asks again instead
of guessing.
"""

from bot.parsing.assets import ASSET_KEYS, parse_assets
from bot.parsing.career import (
    TenureParse,
    mentions_service_status,
    parse_service_status,
    parse_tenure,
)
from bot.parsing.diploma import (
    DIPLOMA_LEVELS,
    DiplomaAnswer,
    parse_diploma,
    parse_diploma_language,
    parse_diploma_level,
    parse_diploma_origin,
)
from bot.parsing.experience import (
    MAX_EXPERIENCE_MONTHS,
    ExperienceParse,
    parse_experience_months,
)
from bot.parsing.text import normalise
from bot.parsing.yes_no import is_unsure, parse_vehicle_mention, parse_yes_no

__all__ = [
    "ASSET_KEYS",
    "DIPLOMA_LEVELS",
    "MAX_EXPERIENCE_MONTHS",
    "DiplomaAnswer",
    "ExperienceParse",
    "TenureParse",
    "is_unsure",
    "mentions_service_status",
    "normalise",
    "parse_assets",
    "parse_diploma",
    "parse_diploma_language",
    "parse_diploma_level",
    "parse_diploma_origin",
    "parse_experience_months",
    "parse_service_status",
    "parse_tenure",
    "parse_vehicle_mention",
    "parse_yes_no",
]
