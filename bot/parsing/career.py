"""The candidate's career status: tenure, working time, network, and the charge-de-mission status."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.parsing.diploma import parse_diploma_origin
from bot.parsing.text import NEGATED_OR_NON, UNSURE, hits, normalise, words
from bot.parsing.yes_no import leading_yes_no, yes_no


@dataclass(frozen=True)
class TenureParse:
    tenured: bool | None
    full_time: bool | None
    fwb_network: bool | None


_TENURED = words(r"nommee?s?", r"nomination", r"definiti(?:f|ve|ves|fs|vement)", r"titularisee?s?", r"statutaire")
# Appointment still to come: "pas encore, j'attends ma nomination".
_AWAITED = words(r"pas\s+encore", r"j'?\s*attends", r"en\s+attente", r"bientot", r"l'an\s+prochain")
_NOT_TENURED = words(
    r"temporaires?",
    r"contractuel(?:le)?s?",
    r"interimaires?",
    r"interim",
    r"cdd",
    r"remplacante?s?",
    r"remplacements?",
    # Not in teaching at all, or not appointed yet ("TP": temporaire prioritaire).
    r"tp",
    r"(?:au|le)\s+chomage",
    r"demandeuse?\s+d'?\s*emploi",
    r"(?:dans\s+le|du)\s+prive",
)
_PART_TIME = words(
    r"mi[\s-]?temps",
    r"demi[\s-]?temps",
    r"temps\s+partiel",
    r"partiel\w*",
    r"quart[\s-]?temps",
    r"tiers[\s-]?temps",
    r"horaire\s+incomplet",
    r"quatre\s+cinquiemes?",
    r"trois\s+quarts?",
)
_FULL_TIME = words(
    r"temps\s+plein", r"plein[\s-]temps", r"temps\s+complet", r"horaire\s+complet", r"full[\s-]?time", r"^complet$"
)
_PERCENT = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.,]\d+)?)\s*(?:%|pour\s*cents?|pourcents?)")
# "4/5", "12/22", "16 périodes sur 22": not part of a date such as 01/09/2020.
_FRACTION = re.compile(r"(?<![\d/])(\d{1,2})\s*(?:/|(?:periodes?|heures?|h)?\s+sur)\s*(\d{1,2})(?![\d/])")
_FWB = words(
    r"fwb",
    r"wbe",
    r"wallonie[\s-]+bruxelles",
    r"federation",
    r"communaute\s+francaise",
    r"subventionn\w*",
    r"reseau\s+(?:officiel|libre|communal|provincial)",
    r"officiel(?:le)?s?",
    r"communal\w*",
    r"provincia\w*",
    r"province",
    r"catholique",
    r"(?:enseignement|ecole|reseau)\s+libre",
    r"libre\s+(?:non\s+)?confessionnel\w*",
    r"athenee",
    r"segec",
    r"cecp",
    r"cpeons",
    r"felsi",
    r"(?:dans|du)\s+(?:le\s+libre|l'\s*officiel)",
)
_NOT_FWB = words(
    r"non[\s-]+subventionn\w*",
    r"privee?s?",
    r"communaute\s+(?:flamande|germanophone)",
    r"flamande?s?",
    r"flandre",
    r"neerlandophones?",
    r"germanophones?",
    r"ecoles?\s+(?:europeennes?|internationales?)",
)


def _full_time(norm: str) -> bool | None:
    part = hits(_PART_TIME, norm)[0]
    full, full_negated = hits(_FULL_TIME, norm)
    for match in _PERCENT.finditer(norm):
        share = float(match.group(1).replace(",", "."))
        full = full or share == 100
        part = part or 0 < share < 100
    for match in _FRACTION.finditer(norm):
        numerator, denominator = int(match.group(1)), int(match.group(2))
        full = full or 0 < numerator == denominator
        part = part or 0 < numerator < denominator
    # Any part-time share wins: "nommée à mi-temps, temporaire sur l'autre mi-temps"
    # is not a full-time appointment. "pas à temps plein" is part time too.
    if part or full_negated:
        return False
    return True if full else None


def parse_tenure(text: str) -> TenureParse:
    """Appointment status: tenured (nommé·e à titre définitif), full time, FWB-funded school network."""
    norm = normalise(text)
    if not norm:
        return TenureParse(None, None, None)

    tenured_plain, tenured_negated = hits(_TENURED, norm, NEGATED_OR_NON)
    if UNSURE.search(norm):  # "je ne sais pas si je suis nommée"
        tenured = None
    elif tenured_negated or _AWAITED.search(norm):  # "pas nommée", "non définitif", "j'attends ma nomination"
        tenured = False
    elif tenured_plain:  # before the temporary markers: "nommée à mi-temps, temporaire ailleurs"
        tenured = True
    elif _NOT_TENURED.search(norm):
        tenured = False
    else:
        tenured = None

    full_time = _full_time(norm)

    fwb_plain, fwb_negated = hits(_FWB, norm, NEGATED_OR_NON)
    abroad = parse_diploma_origin(norm) == "abroad"
    if fwb_negated or abroad or _NOT_FWB.search(norm):
        fwb_network = False  # checked first: "privé non subventionné" contains "subventionné"
    elif fwb_plain:
        fwb_network = True
    else:
        fwb_network = None

    if tenured is None:
        if full_time is None and fwb_network is None:
            # A bare "oui" / "non"; "je suis stagiaire" says nothing about tenure.
            tenured = yes_no(text, weak_yes=False)
        else:
            # Only an opening oui / non: "je suis à mi-temps" is no answer about tenure.
            tenured = leading_yes_no(norm)
    return TenureParse(tenured, full_time, fwb_network)


_NO_POST = words(r"(?:par\s+)?defaut\s+d'\s*emplois?", r"dpde")
_AVAILABILITY = words(r"disponibilites?", r"dispo")
_ACTIVE = words(
    r"(?:en\s+)?activite(?:\s+de\s+service)?",
    r"en\s+service",
    r"en\s+fonction",
    r"je\s+travaille",
    r"j'?\s*enseigne",
    r"je\s+donne\s+cours",
)


def parse_service_status(text: str) -> bool | None:
    """Is the candidate "en activité de service ou en disponibilité par défaut d'emploi"?

    True or False when the answer names a status; None when it names none (then a plain
    yes/no applies) or only says what it is not ("je ne suis pas en disponibilité").
    Any other disponibilité (convenance personnelle, maladie...) does not qualify.
    """
    norm = normalise(text)
    if not norm:
        return None
    no_post, no_post_negated = hits(_NO_POST, norm)
    if no_post:
        return True
    active, active_negated = hits(_ACTIVE, norm)
    available, _ = hits(_AVAILABILITY, norm)
    if available and not no_post_negated:
        return False
    if active:
        return True
    if active_negated or no_post_negated:
        return False
    return None


def mentions_service_status(text: str) -> bool:
    """Whether the answer talks about a status at all (then yes/no words are not the answer)."""
    norm = normalise(text)
    return any(p.search(norm) for p in (_NO_POST, _AVAILABILITY, _ACTIVE))
