"""Answer a candidate who describes their situation ("j'ai un bachelier en compta, c'est bon ?").

The self-check parsers read what the statement says (diploma, where and in
which language it was obtained, years of experience, tenure); each element
found gets the rule of the circular it meets, from the offer data, and the
candidate is invited to run the full self-check. Nothing is stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from bot.answers.compose import Answer, Context, FactSource, compose_with
from bot.answers.composers import post_contact
from bot.domain.french import duration_text
from bot.parsing import normalise, parse_diploma, parse_diploma_origin, parse_experience_months, parse_tenure
from bot.selfcheck.profile import LEVELS

_EXPERIENCE_CUE = re.compile(
    r"(?<![a-z])(?:experience|enseign\w*|prof\w*|instit\w*|regent\w*|depuis|annees?\s+d|ans?\s+d'?\s*(?:experience|"
    r"anciennete|enseignement)|anciennete|travaille|carriere|interim\w*|temporaire)(?![a-z])"
)
_LANGUAGE = re.compile(
    r"(?<![a-z])(?:en|langue)\s+(neerlandais|flamand|anglais|allemand|espagnol|italien|"
    r"portugais|arabe|roumain|polonais|turc|russe|ukrainien|grec|chinois)(?![a-z])"
)
# The candidate speaks of themself ("j'ai", "je suis", "mon diplôme"), not of someone else's job.
_FIRST_PERSON = re.compile(r"(?<![a-z])(?:j'|(?:je|mon|ma|mes|moi|perso)(?![a-z]))")
_NO_LICENCE = re.compile(r"(?<![a-z])(?:pas|sans|ni)\s+(?:de\s+|le\s+)?permis(?![a-z])")
_NO_CAR = re.compile(r"(?<![a-z])(?:pas|sans|ni)\s+(?:de\s+|d'\s*)?(?:voiture|vehicule|auto)s?(?![a-z])")


@dataclass(frozen=True)
class Situation:
    """What a statement says about the candidate (None: not said)."""

    diploma_level: str | None = None
    diploma_in_progress: bool = False
    abroad: bool = False
    other_language: str | None = None
    experience_months: int | None = None
    tenured: bool | None = None
    no_licence: bool = False
    no_car: bool = False

    first_person: bool = False

    def names_a_condition(self) -> bool:
        """The candidate's diploma, origin, language or experience: enough to answer an unclassified message."""
        return self.first_person and any(
            (
                self.diploma_level not in (None, "none"),
                self.diploma_in_progress,
                self.abroad,
                self.other_language,
                self.experience_months is not None,
            )
        )

    def says_something(self) -> bool:
        return any(
            (
                self.diploma_level,
                self.diploma_in_progress,
                self.abroad,
                self.other_language,
                self.experience_months is not None,
                self.tenured,
                self.no_licence,
                self.no_car,
            )
        )


def read_situation(text: str) -> Situation:
    norm = normalise(text)
    diploma = parse_diploma(text)
    months = None
    if _EXPERIENCE_CUE.search(norm):
        months = parse_experience_months(text).months
    language = _LANGUAGE.search(norm)
    return Situation(
        diploma_level=diploma.level if diploma.level in LEVELS else None,
        diploma_in_progress=diploma.in_progress,
        abroad=parse_diploma_origin(text) == "abroad",
        other_language=language.group(1) if language else None,
        experience_months=months,
        tenured=parse_tenure(text).tenured,
        no_licence=bool(_NO_LICENCE.search(norm)),
        no_car=bool(_NO_CAR.search(norm)),
        first_person=bool(_FIRST_PERSON.search(norm)),
    )


def _diploma_line(facts: FactSource, situation: Situation) -> str | None:
    f = facts("diploma").facts
    if situation.diploma_in_progress:
        return (
            f"Diplôme : la circulaire demande d'être en possession du diplôme {f['held_at']} ; "
            "un diplôme encore en cours ne remplit pas cette condition."
        )
    level = situation.diploma_level
    if level is None:
        return None
    required = f["required_level"]
    if LEVELS.index(level) < LEVELS.index(required):
        return f"Diplôme : il faut un {f['wording']} ; le diplôme que vous citez ne remplit pas cette condition."
    if level == required:
        line = f"Diplôme : votre diplôme correspond au niveau demandé, un {f['wording']}."
        if not f["field_stated"]:
            line += " Le domaine d'études n'est pas précisé dans le texte."
        return line
    if f["higher_level_stated"]:
        return f"Diplôme : un diplôme de niveau supérieur est accepté ({f['wording']})."
    return (
        f"Diplôme : la circulaire demande un {f['wording']} et ne dit pas si un diplôme de niveau supérieur "
        f"est accepté ; pour en être sûr·e, renseignez-vous auprès de {post_contact(facts)}."
    )


def _situation_lines(facts: FactSource, situation: Situation) -> list[str]:
    lines = [line for line in [_diploma_line(facts, situation)] if line]
    foreign = facts("foreign_diploma").facts
    if situation.abroad and foreign["equivalence_required_outside_belgium"]:
        lines.append(
            f"Diplôme obtenu hors de Belgique : il faut une {foreign['equivalence_document']} "
            f"(renseignements : {foreign['equivalence_phone']}), {foreign['equivalence_required_at']}."
        )
    if situation.other_language and foreign["language_certificate_required_if_not_french"]:
        lines.append(
            f"Diplôme obtenu dans une autre langue que le français : il faut une "
            f"{foreign['language_certificate']} (inscription sur {foreign['language_certificate_website']})."
        )
    if situation.experience_months is not None:
        f = facts("experience").facts
        needed = round(f["min_years"] * 12)
        verdict = (
            "cette condition est remplie"
            if situation.experience_months >= needed
            else "cette condition n'est pas remplie"
        )
        lines.append(
            f"Expérience : il faut au moins {duration_text(needed)} d'expérience professionnelle pertinente "
            f"dans le secteur de l'{f['sector']} ; avec {duration_text(situation.experience_months)}, "
            f"{verdict}."
        )
    if situation.tenured:
        cdm = facts("charge_de_mission").facts
        lines.append(
            "Nomination : vous pouvez postuler sous contrat, ou demander une charge de mission si vous "
            f"remplissez cette condition : {cdm['condition']}."
        )
    travel = facts("travel").facts
    if (situation.no_licence and travel["licence_b_required"]) or (situation.no_car and travel["own_vehicle_required"]):
        lines.append(
            "Déplacements : la fonction exige impérativement un permis B et un véhicule personnel "
            "(déplacements fréquents)."
        )
    return lines


def answer_statement(text: str, facts: FactSource, context: Context) -> Answer | None:
    """The rules a described situation meets, with sources; None when the text says nothing usable."""
    situation = read_situation(text)
    if not situation.says_something():
        return None

    def compose(recorded: FactSource, ctx: Context) -> str:
        lines = _situation_lines(recorded, situation)
        lines.append(
            "Pour vérifier l'ensemble de votre profil, dites « est-ce que je peux postuler ? » : "
            "je vous pose quelques questions."
        )
        return "\n".join(lines)

    answer = compose_with("statement", compose, facts, context)
    if not answer.uses:
        return None
    # The topic of the first rule given: an elliptical follow-up ("où la demander ?") continues it.
    return replace(answer, topic=answer.uses[0].topic)
