"""Answers to later self-check questions given in passing: "en Belgique, en français"
answers where the diploma comes from and its language; "oui, et j'ai une voiture"
answers the licence and the car. Only explicit mentions count, read clause by clause,
so a question is skipped only when the candidate already answered it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bot.parsing import parse_diploma_language, parse_diploma_origin, parse_experience_months, parse_tenure
from bot.parsing.text import normalise, words
from bot.parsing.yes_no import parse_vehicle_mention, yes_no
from bot.selfcheck.flow import QUESTIONS

_CLAUSE = re.compile(r"[,;.!?]|\s(?:et|mais|par contre|sinon)\s")
_LANGUAGE = words(
    r"francais",
    r"francophone",
    r"neerlandais",
    r"flamand",
    r"anglais",
    r"allemand",
    r"espagnol",
    r"italien",
    r"portugais",
    r"arabe",
    r"turc",
    r"roumain",
    r"polonais",
    r"langue",
)
_EXPERIENCE = words(r"experiences?", r"xp", r"ans?\s+(?:d'\s*)?(?:enseignement|dans|comme|en\s+tant|de\s+metier)")
_LICENCE = words(r"permis")
_TENURE = words(r"nomme\w*", r"definiti\w*", r"temporaire\w*", r"contractuel\w*", r"interimaire\w*", r"statutaire\w*")
_RESTART = words(
    r"recommenc\w*",
    r"reprendre\s+(?:du|depuis\s+le|au)\s+debut",
    r"depuis\s+le\s+debut",
    r"a\s+zero",
    r"refaire",
    r"repartir",
    r"restart",
    r"on\s+reprend",
)
# Where the diploma comes from is asked before its language: an answer to the place
# question may name the language. Not the level question: "régente en français" is a subject.
_LANGUAGE_AFTER = ("sc_diploma_abroad", "sc_equivalence")


def _clauses_with(pattern: re.Pattern[str], text: str) -> list[str]:
    return [clause for clause in _CLAUSE.split(normalise(text)) if pattern.search(clause)]


def _explicit(slot: str, asked: str, text: str) -> Any:
    if slot == "sc_diploma_abroad":
        origin = parse_diploma_origin(text)
        return None if origin is None else origin == "abroad"
    if slot == "sc_diploma_in_french" and asked in _LANGUAGE_AFTER:
        clauses = _clauses_with(_LANGUAGE, text)
        return parse_diploma_language(" ".join(clauses)) if clauses else None
    if slot == "sc_experience_months":
        for clause in _clauses_with(_EXPERIENCE, text):
            months = parse_experience_months(clause).months
            if months is not None:
                return months
        return None
    if slot == "sc_licence_b":
        clauses = _clauses_with(_LICENCE, text)
        return yes_no(clauses[0], weak_yes=True) if clauses else None
    if slot == "sc_vehicle":
        return parse_vehicle_mention(text)
    if slot == "sc_tenured":
        clauses = _clauses_with(_TENURE, text)
        return parse_tenure(" ".join(clauses)).tenured if clauses else None
    return None


def later_answers(text: str, asked: str, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Values for the questions after `asked`, not answered yet, that `text` states explicitly."""
    if asked not in QUESTIONS or not isinstance(text, str):
        return {}
    found: dict[str, Any] = {}
    for slot in QUESTIONS[QUESTIONS.index(asked) + 1 :]:
        if answers.get(slot) is not None:
            continue
        value = _explicit(slot, asked, text)
        if value is not None:
            found[slot] = value
    return found


def wants_restart(text: str) -> bool:
    """ "je veux recommencer le test": start the self-check again, during the self-check."""
    return isinstance(text, str) and bool(_RESTART.search(normalise(text)))
