"""Composers of the answers on working conditions: salary, hours, travel, telework, benefits, leave."""

from __future__ import annotations

from bot.answers.compose import Context, FactSource
from bot.answers.composers.base import fact_composer, post_contact, topic_composer
from bot.domain.french import bullets, euros, join_words, number, sentence


@topic_composer("salary")
def _salary(facts: FactSource, ctx: Context) -> str:
    f = facts("salary").facts
    return (
        f"Le salaire annuel brut va de {euros(f['min_annual_gross'])} ({f['min_condition']}) à "
        f"{euros(f['max_annual_gross'])} (barème {f['scale_code']}, niveau {f['level']} ; "
        f"{f['indexation']}). {sentence(f['experience_valued'])}."
    )


@fact_composer("net", "salary")
def _net_salary(facts: FactSource, ctx: Context) -> str:
    f = facts("salary").facts
    if f["net_stated"]:
        return _salary(facts, ctx)
    return (
        f"La circulaire ne donne pas le salaire net ; elle indique le salaire annuel brut : de "
        f"{euros(f['min_annual_gross'])} "
        f"({f['min_condition']}) à {euros(f['max_annual_gross'])} (barème {f['scale_code']}). Pour une "
        f"estimation du net, renseignez-vous auprès de {post_contact(facts)}."
    )


@topic_composer("hours")
def _hours(facts: FactSource, ctx: Context) -> str:
    f = facts("hours").facts
    text = f"Le régime de travail est de {number(f['weekly_hours'])} heures par semaine."
    if f["flexible_schedule"]:
        text += (
            f" L'horaire est variable : arrivée entre {f['arrival_window'].replace('-', ' et ')}, "
            f"départ entre {f['departure_window'].replace('-', ' et ')}."
        )
    return text


@topic_composer("travel")
def _travel(facts: FactSource, ctx: Context) -> str:
    f = facts("travel").facts
    parts = []
    if f["itinerant"]:
        parts.append("Le travail est itinérant")
    if f["frequent_travel"]:
        parts.append(f"la fonction nécessite des déplacements fréquents {join_words(f['regions'])}")
    text = sentence(" et ".join(parts)) + f" ; la résidence administrative est fixée {f['administrative_residence']}."
    required = [
        item
        for item, needed in (
            ("un permis B", f["licence_b_required"]),
            ("un véhicule personnel", f["own_vehicle_required"]),
        )
        if needed
    ]
    if required:
        text += f" Vous devez impérativement avoir {join_words(required)}."
    return text


@fact_composer("car_costs", "benefits", "travel", "salary")
def _car_costs(facts: FactSource, ctx: Context) -> str:
    travel, benefits = facts("travel").facts, facts("benefits").facts
    if travel["car_costs_reimbursement_stated"]:
        return _travel(facts, ctx)
    text = "La circulaire ne dit rien d'un remboursement des frais de déplacement en voiture"
    if travel["own_vehicle_required"]:
        text += ", alors que la fonction exige un véhicule personnel"
    text += (
        f". Parmi les avantages, elle cite une indemnité vélo de {euros(benefits['bike_allowance_per_km'])} "
        f"par kilomètre et un forfait de {euros(benefits['monthly_flat_rate'])} par mois"
    )
    if not benefits["flat_rate_purpose_stated"]:
        text += ", sans préciser ce que ce forfait couvre"
    return text + f". Pour en savoir plus : {post_contact(facts)}."


@topic_composer("telework")
def _telework(facts: FactSource, ctx: Context) -> str:
    f = facts("telework").facts
    if not f["possible"]:
        return "La circulaire ne prévoit pas de télétravail."
    return f"Le télétravail est possible après {f['after_months']} mois dans la fonction, {f['condition']}."


def _cdm_regime(facts: FactSource) -> str:
    cdm = facts("charge_de_mission").facts
    return f"en charge de mission, {cdm['conditions_adapted']} et vos vacances suivent le {cdm['holidays']}"


@topic_composer("benefits")
def _benefits(facts: FactSource, ctx: Context) -> str:
    f = facts("benefits").facts
    return (
        f"Les avantages prévus :\n{bullets(f['items'])}\n"
        f"Ce sont ceux de l'engagement sous contrat ; {_cdm_regime(facts)}."
    )


@fact_composer("leave", "benefits", "charge_de_mission", "hours", "contract")
def _leave(facts: FactSource, ctx: Context) -> str:
    f, cdm = facts("benefits").facts, facts("charge_de_mission").facts
    cdm_rule = f"En charge de mission (candidats nommés) : vos vacances suivent le {cdm['holidays']}."
    # "et les vacances ?" right after a charge-de-mission answer: its rule, not the contract's days.
    if ctx.previous_topic == "charge_de_mission":
        return cdm_rule
    text = f"Sous contrat : au moins {f['min_leave_days']} jours de congé par an"
    if f["leave_between_christmas_and_new_year"]:
        text += ", plus un congé entre Noël et Nouvel an"
    return text + ".\n" + cdm_rule


@fact_composer("pay", "experience", "diploma")
def _pay_and_experience(facts: FactSource, ctx: Context) -> str:
    f = facts("salary").facts
    return (
        f"{sentence(f['experience_valued'])}. Le salaire annuel brut va de {euros(f['min_annual_gross'])} "
        f"({f['min_condition']}) à {euros(f['max_annual_gross'])} (barème {f['scale_code']})."
    )


@fact_composer("place", "post", "institution", "contract", "travel", "hours")
def _place(facts: FactSource, ctx: Context) -> str:
    return _travel(facts, ctx)
