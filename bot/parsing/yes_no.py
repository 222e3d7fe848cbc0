"""Yes / no answers, with their many informal spellings, and the car mentioned in passing."""

from __future__ import annotations

import re

from bot.parsing.text import UNSURE, hits, normalise, words

_PAYLOAD = re.compile(r"^\s*/(affirm|deny)(?![a-z_])", re.IGNORECASE)
_YES_AND_NO = words(r"oui\s+et\s+non", r"non\s+et\s+oui", r"oui\s+(?:ou|mais)\s+non")
# SMS spellings too: "ouaip", "ouep", "wi", "ui", "wé"; an emphatic word opens a yes unless "pas" follows.
_LEADING_YES = re.compile(
    r"^[^a-z0-9]*(?:o+u+i+|o+u+a+i+[sp]?|oue+p|y+e+s+|yep|yup|yeah|wi|ui|we|wep|pourquoi\s+pas|"
    r"(?:evidemment|bien\s+sur|tout\s+a\s+fait|certainement|affirmatif|absolument)(?!\s+(?:pas|non)))(?![a-z0-9])"
)
LEADING_NO = re.compile(r"^[^a-z0-9]*(?:n+o+n+|n+a+n+|no+|nope|nn)(?![a-z0-9])")
_NO = words(
    r"non",
    r"nan",
    r"no",
    r"nope",
    r"pas",
    r"aucune?s?",
    r"jamais",
    r"negatif",
    r"rien",
    r"nullement",
    # Not (yet) held: "demande en cours", "je le passe bientôt", "sans objet".
    r"en\s+cours",
    r"en\s+attente",
    r"bientot",
    r"sans\s+objet",
    r"vais\s+le\s+passer",
)
_YES = words(
    r"oui",
    r"ouais?",
    r"yes",
    r"yep",
    r"bien\s+sur",
    r"evidemment",
    r"tout\s+a\s+fait",
    r"effectivement",
    r"absolument",
    r"exact(?:ement)?",
    r"c'?\s*est\s+(?:bien\s+)?(?:ca|exact)",
    r"affirmatif",
    r"certainement",
    r"bien\s+entendu",
    r"volontiers",
    r"avec\s+plaisir",
)
# Yes only as an answer to "avez-vous... / êtes-vous...": no clue about tenure or assets.
_WEAK_YES = words(r"j(?:'\s*|\s)?ai", r"je\s+suis", r"je\s+l'?\s*ai")


def payload_answer(text: str) -> bool | None:
    match = _PAYLOAD.match(text) if isinstance(text, str) else None
    return None if match is None else match.group(1).lower() == "affirm"


def leading_yes_no(norm: str) -> bool | None:
    if _YES_AND_NO.search(norm):
        return None
    if _LEADING_YES.match(norm):
        return True
    if LEADING_NO.match(norm):
        return False
    return None


def parse_yes_no(text: str) -> bool | None:
    """True / False for a yes / no answer, None when the candidate is unsure or off topic."""
    return yes_no(text, weak_yes=True)


def is_unsure(text: str) -> bool:
    """ "je ne sais pas", "aucune idée": an answer that says the candidate does not know
    (the self-check records it and the verdict sends that point to the referent)."""
    if not isinstance(text, str) or payload_answer(text) is not None:
        return False
    norm = normalise(text)
    return bool(norm) and leading_yes_no(norm) is None and bool(UNSURE.search(norm))


def yes_no(text: str, weak_yes: bool) -> bool | None:
    if not isinstance(text, str):
        return None
    payload = payload_answer(text)
    if payload is not None:
        return payload
    norm = normalise(text)
    if not norm or _YES_AND_NO.search(norm):
        return None
    # The first word is the answer; what follows is explanation ("non, je suis contractuel").
    leading = leading_yes_no(norm)
    if leading is not None:
        return leading
    # Checked before the negations: "je ne sais pas" contains "pas".
    if UNSURE.search(norm):
        return None
    # Negations before affirmations: "j'ai pas", "je ne suis pas".
    if _NO.search(norm):
        return False
    if _YES.search(norm) or (weak_yes and _WEAK_YES.search(norm)):
        return True
    return None


_VEHICLE = words(r"voitures?", r"vehicules?", r"autos?", r"automobiles?", r"bagnoles?", r"caisses?")


def parse_vehicle_mention(text: str) -> bool | None:
    """True/False when the text says it has / has no car ("mais pas de voiture"), None when silent."""
    plain, negated = hits(_VEHICLE, normalise(text))
    if plain:
        return True
    return False if negated else None
