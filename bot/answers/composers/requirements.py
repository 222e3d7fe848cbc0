"""Composers of the answers on the conditions to apply: diploma, foreign diploma, experience, assets, charge de mission."""

from __future__ import annotations

from bot.answers.compose import Context, FactSource
from bot.answers.composers.base import cdm_mention, fact_composer, post_contact, topic_composer
from bot.domain.french import bullets, euros, join_words, number, sentence


@topic_composer("diploma")
def _diploma(facts: FactSource, ctx: Context) -> str:
    f = facts("diploma").facts
    text = f"Il faut un {f['wording']}."
    if not f["higher_level_stated"]:
        text += (
            " La circulaire ne cite que ce type court et ne dit pas si un diplôme de niveau supérieur "
            f"(master, doctorat) est accepté : pour en être sûr·e, renseignez-vous auprès de "
            f"{post_contact(facts)}."
        )
    if not f["field_stated"]:
        text += " Le domaine d'études n'est pas précisé (la phrase de la circulaire est incomplète)."
    return text


@topic_composer("foreign_diploma")
def _foreign_diploma(facts: FactSource, ctx: Context) -> str:
    f = facts("foreign_diploma").facts
    lines = []
    if f["equivalence_required_outside_belgium"]:
        lines.append(
            f"Diplôme obtenu hors de Belgique : il faut une {f['equivalence_document']} "
            f"(renseignements : {f['equivalence_phone']}) ; le diplôme ou son équivalence doit être "
            f"en votre possession {f['equivalence_required_at']}."
        )
    if f["language_certificate_required_if_not_french"]:
        line = (
            f"Diplôme obtenu dans une autre langue que le français : il faut une "
            f"{f['language_certificate']} (inscription sur {f['language_certificate_website']})."
        )
        if not f["language_certificate_when_stated"]:
            line += " La circulaire ne précise pas à quel moment cette attestation doit être fournie."
        lines.append(line)
    return "\n".join(lines)


@fact_composer("abroad", "diploma", "documents")
def _diploma_from_abroad(facts: FactSource, ctx: Context) -> str:
    return _foreign_diploma(facts, ctx)


@fact_composer("language", "diploma", "foreign_diploma", "documents")
def _diploma_language(facts: FactSource, ctx: Context) -> str:
    f = facts("foreign_diploma").facts
    if not f["language_certificate_required_if_not_french"]:
        return _foreign_diploma(facts, ctx)
    text = (
        f"Si votre diplôme a été obtenu dans une autre langue que le français, il faut une "
        f"{f['language_certificate']} (inscription sur {f['language_certificate_website']}). "
        "Un diplôme obtenu en français n'en demande pas."
    )
    if not f["language_certificate_when_stated"]:
        text += " La circulaire ne précise pas à quel moment cette attestation doit être fournie."
    if f["equivalence_required_outside_belgium"]:
        text += (
            f"\nS'il a été obtenu hors de Belgique, il faut aussi une {f['equivalence_document']} "
            f"(renseignements : {f['equivalence_phone']})."
        )
    return text


@fact_composer("allocation", "charge_de_mission", "salary")
def _cdm_allocation(facts: FactSource, ctx: Context) -> str:
    f = facts("charge_de_mission").facts
    return (
        f"En charge de mission (candidats nommés), vous gardez une {f['scale']} et recevez en plus une "
        f"allocation mensuelle de {euros(f['monthly_allocation_gross'])} brut."
    )


@topic_composer("experience")
def _experience(facts: FactSource, ctx: Context) -> str:
    f = facts("experience").facts
    relevant = " pertinente" if f["relevant_only"] else ""
    text = (
        f"Il faut au moins {number(f['min_years'])} ans d'expérience professionnelle{relevant} "
        f"dans le secteur de l'{f['sector']}."
    )
    assets = facts("assets").facts["items"]
    return text + f" Une expérience dans un de ces domaines est un atout : {join_words(list(assets.values()))}."


@topic_composer("assets")
def _assets(facts: FactSource, ctx: Context) -> str:
    f = facts("assets").facts
    return (
        "Sont considérées comme des atouts (sans être obligatoires) les expériences dans :\n"
        f"{bullets(list(f['items'].values()))}"
    )


@topic_composer("charge_de_mission")
def _charge_de_mission(facts: FactSource, ctx: Context) -> str:
    f = facts("charge_de_mission").facts
    # A follow-up ("et pour la charge de mission ?") answers the previous topic.
    if ctx.previous_topic == "salary":
        return (
            f"En charge de mission, vous bénéficiez d'une {f['scale']} et recevez en plus une allocation "
            f"mensuelle de {euros(f['monthly_allocation_gross'])} brut."
        )
    if ctx.previous_topic == "hours":
        return (
            f"En charge de mission, le régime horaire est celui de l'administration : "
            f"{number(f['weekly_hours'])} h par semaine."
        )
    if ctx.previous_topic == "benefits":
        return f"En charge de mission, {f['conditions_adapted']} ; vos vacances suivent le {f['holidays']}."
    if ctx.previous_topic == "documents":
        return f"Pour une charge de mission, joignez aussi {f['extra_document']} ; {cdm_mention(facts)}."
    return (
        "La charge de mission est une option pour les candidats nommés dans l'enseignement qui remplissent "
        f"en outre cette condition : {f['condition']}.\n"
        f"- Durée : {f['duration_months']} mois, {f['renewal']}.\n"
        f"- Rémunération : {f['scale']}, plus une allocation mensuelle de {euros(f['monthly_allocation_gross'])} brut.\n"
        f"- Horaire : {number(f['weekly_hours'])} h par semaine ; vacances : {f['holidays']}.\n"
        f"- Comment la demander : {cdm_mention(facts)}.\n"
        f"- {sentence(f['feasibility'])}.\n"
        f"Cadre légal : {f['legal_basis']}."
    )


@fact_composer("duration", "charge_de_mission")
def _cdm_duration(facts: FactSource, ctx: Context) -> str:
    f = facts("charge_de_mission").facts
    return (
        f"La charge de mission est accordée pour {f['duration_months']} mois, {f['renewal']}. "
        f"Elle est réservée aux candidats qui remplissent cette condition : {f['condition']}."
    )
