"""Which single fact a question asks about, when it names one.

"Combien de jours de congé ?" is a benefits question, but the candidate wants
the leave rule, not the nine benefits. The focus picks a composer of that fact
(bot.answers.composers.FOCUSED); without one, the topic's whole answer is given.
"""

from __future__ import annotations

import re

from bot.parsing import normalise

_CAR = r"(?:voitures?|vehicules?|autos?|automobiles?|essence|carburants?|kilometr\w*|km)"
_COST = r"(?:rembours\w*|frais|defray\w*|indemni\w*|paye\w*|pris\s+en\s+charge|intervention|prime)"

# Checked in this order; the first that matches wins.
FOCUS_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "pécule de vacances" is holiday pay, a benefit, not leave.
    (
        "leave",
        re.compile(
            r"(?<![a-z])(?:conges?|(?<!pecule de )vacances?|jours?\s+(?:de\s+)?(?:repos|off)|recup\w*)"
            r"(?![a-z])"
        ),
    ),
    (
        "car_costs",
        re.compile(
            rf"(?<![a-z])(?:{_COST}(?:\s+\S+){{0,4}}\s+(?:[ld]')?{_CAR}|{_CAR}(?:\s+\S+){{0,4}}\s+(?:[ld]')?{_COST}|"
            r"frais\s+de\s+(?:deplacements?|route|trajets?|transport))(?![a-z])"
        ),
    ),
    ("publication", re.compile(r"(?<![a-z])(?:publie\w*|publication|parue?s?|mise?\s+en\s+ligne|sortie?)(?![a-z])")),
    ("duration", re.compile(r"(?<![a-z])(?:duree|combien\s+de\s+temps|renouvel\w*|dure(?:ra)?)(?![a-z])")),
)


def detect_focus(text: str | None) -> str | None:
    """The focus named in a candidate's message, or None."""
    norm = normalise(text or "")
    return next((name for name, pattern in FOCUS_PATTERNS if pattern.search(norm)), None)
