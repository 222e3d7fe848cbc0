"""The sentences of each answer, one composer per topic (and per focused fact).

A composer reads facts through the FactSource and returns French text; it never
writes a figure, date, name or address itself. Where the circular is unclear,
the composer says so and gives the contact the circular names for the post.
"""
from __future__ import annotations

from datetime import date
from typing import Callable

from bot.answers.compose import Context, FactSource
from bot.domain.deadline import deadline_status
from bot.domain.french import bullets, euros, join_words, long_date, number, sentence

Composer = Callable[[FactSource, Context], str]


def post_contact(facts: FactSource) -> str:
    """The contact the circular gives for information on the post."""
    f = facts("contact").facts
    return f"{f['name']}, {f['role']} ({f['email']})"


def cdm_mention(facts: FactSource) -> str:
    """Where to mention the charge-de-mission wish: the circular names two places."""
    f = facts("charge_de_mission").facts
    return (f"la circulaire vous invite à mentionner ce souhait {f['mention_in_application']} à un endroit, "
            f"et {f['mention_in_letter']} à un autre, sans préciser si l'un suffit ; en cas de doute, "
            f"renseignez-vous auprès de {post_contact(facts)}")


def _post(facts: FactSource, ctx: Context) -> str:
    f = facts("post").facts
    more = "" if f["tasks_exhaustive"] else "\n(Cette liste n'est pas exhaustive.)"
    title = ""
    if ctx.header.get("title"):
        title = f"Fonction : {ctx.header['title']} (référence {ctx.header['reference']}). "
    return f"{title}{f['role']} Vos missions principales :\n{bullets(f['tasks'])}{more}"


def _institution(facts: FactSource, ctx: Context) -> str:
    f = facts("institution").facts
    return (
        f"{f['name']} est {f['description']} : {f['schools']} établissements scolaires, "
        f"{f['related_institutions']} institutions apparentées, {f['pupils']} et {f['staff']}. "
        f"Le poste est rattaché à la {f['service']} de la {f['direction']}, qui a notamment pour rôle de :\n"
        f"{bullets(f['service_missions'])}\nSite : {facts('apply').facts['website']}"
    )


def _contract(facts: FactSource, ctx: Context) -> str:
    f = facts("contract").facts
    text = (f"{f['posts']} postes sont à pourvoir. Le profil de fonction prévoit un engagement sous "
            f"{f['contract_type']}, niveau {f['level']} (catégorie {f['category']}), barème {f['scale_code']}.")
    if f["charge_de_mission_possible"]:
        cdm = facts("charge_de_mission").facts
        text += (" Les candidats nommés dans l'enseignement peuvent demander à exercer la fonction dans le "
                 f"cadre d'une charge de mission : {cdm['feasibility']}.")
        text += (f"\nLe texte n'est pas cohérent sur ce point : la lettre d'accompagnement indique que "
                 f"« {f['letter_wording']} », alors que le profil prévoit un {f['contract_type']} et présente "
                 f"la charge de mission comme une option. Pour une confirmation : {post_contact(facts)}.")
    return text


def _diploma(facts: FactSource, ctx: Context) -> str:
    f = facts("diploma").facts
    text = f"Il faut un {f['wording']}."
    if not f["higher_level_stated"]:
        text += (" La circulaire ne cite que ce type court et ne dit pas si un diplôme de niveau supérieur "
                 f"(master, doctorat) est accepté : pour en être sûr·e, renseignez-vous auprès de "
                 f"{post_contact(facts)}.")
    if not f["field_stated"]:
        text += " Le domaine d'études n'est pas précisé (la phrase de la circulaire est incomplète)."
    return text


def _foreign_diploma(facts: FactSource, ctx: Context) -> str:
    f = facts("foreign_diploma").facts
    lines = []
    if f["equivalence_required_outside_belgium"]:
        lines.append(f"Diplôme obtenu hors de Belgique : il faut une {f['equivalence_document']} "
                     f"(renseignements : {f['equivalence_phone']}) ; le diplôme ou son équivalence doit être "
                     f"en votre possession {f['equivalence_required_at']}.")
    if f["language_certificate_required_if_not_french"]:
        line = (f"Diplôme obtenu dans une autre langue que le français : il faut une "
                f"{f['language_certificate']} (inscription sur {f['language_certificate_website']}).")
        if not f["language_certificate_when_stated"]:
            line += " La circulaire ne précise pas à quel moment cette attestation doit être fournie."
        lines.append(line)
    return "\n".join(lines)


def _experience(facts: FactSource, ctx: Context) -> str:
    f = facts("experience").facts
    relevant = " pertinente" if f["relevant_only"] else ""
    text = (f"Il faut au moins {number(f['min_years'])} ans d'expérience professionnelle{relevant} "
            f"dans le secteur de l'{f['sector']}.")
    assets = facts("assets").facts["items"]
    return text + f" Une expérience dans un de ces domaines est un atout : {join_words(assets)}."


def _assets(facts: FactSource, ctx: Context) -> str:
    f = facts("assets").facts
    return ("Sont considérées comme des atouts (sans être obligatoires) les expériences dans :\n"
            f"{bullets(f['items'])}")


def _competences(facts: FactSource, ctx: Context) -> str:
    f = facts("competences").facts

    def names(group: str) -> list[str]:
        return [f"{c['name']}{' (compte davantage)' if c['weighs_more'] else ''}" for c in f[group]]

    text = (f"Compétences comportementales :\n{bullets(names('behavioural'))}\n"
            f"Compétences techniques :\n{bullets(names('technical'))}")
    if f["motivation_weighs_more"]:
        text += ("\nLes compétences marquées « compte davantage » (en gras dans la circulaire) et la motivation "
                 "pèsent plus dans le score final.")
    text += f"\nCritères éliminatoires : la circulaire indique « {f['eliminatory_statement']} »"
    if not f["italic_competences_marked"]:
        motivation = " La motivation est donc éliminatoire." if f["motivation_eliminatory"] else ""
        text += (f" Or aucune compétence n'est en italique dans le texte.{motivation} Quelles compétences sont "
                 f"éliminatoires, la circulaire ne permet pas de le dire : renseignez-vous auprès de "
                 f"{post_contact(facts)}.")
    return text


def _charge_de_mission(facts: FactSource, ctx: Context) -> str:
    f = facts("charge_de_mission").facts
    # A follow-up ("et pour la charge de mission ?") answers the previous topic.
    if ctx.previous_topic == "salary":
        return (f"En charge de mission, vous bénéficiez d'une {f['scale']} et recevez en plus une allocation "
                f"mensuelle de {euros(f['monthly_allocation_gross'])} brut.")
    if ctx.previous_topic == "hours":
        return (f"En charge de mission, le régime horaire est celui de l'administration : "
                f"{number(f['weekly_hours'])} h par semaine.")
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


def _cdm_duration(facts: FactSource, ctx: Context) -> str:
    f = facts("charge_de_mission").facts
    return (f"La charge de mission est accordée pour {f['duration_months']} mois, {f['renewal']}. "
            f"Elle est réservée aux candidats qui remplissent cette condition : {f['condition']}.")


def _salary(facts: FactSource, ctx: Context) -> str:
    f = facts("salary").facts
    return (f"Le salaire annuel brut va de {euros(f['min_annual_gross'])} ({f['min_condition']}) à "
            f"{euros(f['max_annual_gross'])} (barème {f['scale_code']}, niveau {f['level']} ; "
            f"{f['indexation']}). {sentence(f['experience_valued'])}.")


def _hours(facts: FactSource, ctx: Context) -> str:
    f = facts("hours").facts
    text = f"Le régime de travail est de {number(f['weekly_hours'])} heures par semaine."
    if f["flexible_schedule"]:
        text += (f" L'horaire est variable : arrivée entre {f['arrival_window'].replace('-', ' et ')}, "
                 f"départ entre {f['departure_window'].replace('-', ' et ')}.")
    return text


def _travel(facts: FactSource, ctx: Context) -> str:
    f = facts("travel").facts
    parts = []
    if f["itinerant"]:
        parts.append("Le travail est itinérant")
    if f["frequent_travel"]:
        parts.append(f"la fonction nécessite des déplacements fréquents {join_words(f['regions'])}")
    text = sentence(" et ".join(parts)) + f" ; la résidence administrative est fixée {f['administrative_residence']}."
    required = [item for item, needed in (("un permis B", f["licence_b_required"]),
                                          ("un véhicule personnel", f["own_vehicle_required"])) if needed]
    if required:
        text += f" Vous devez impérativement avoir {join_words(required)}."
    return text


def _car_costs(facts: FactSource, ctx: Context) -> str:
    travel, benefits = facts("travel").facts, facts("benefits").facts
    if travel["car_costs_reimbursement_stated"]:
        return _travel(facts, ctx)
    text = "La circulaire ne dit rien d'un remboursement des frais de déplacement en voiture"
    if travel["own_vehicle_required"]:
        text += ", alors que la fonction exige un véhicule personnel"
    text += (f". Parmi les avantages, elle cite une indemnité vélo de {euros(benefits['bike_allowance_per_km'])} "
             f"par kilomètre et un forfait de {euros(benefits['monthly_flat_rate'])} par mois")
    if not benefits["flat_rate_purpose_stated"]:
        text += ", sans préciser ce que ce forfait couvre"
    return text + f". Pour en savoir plus : {post_contact(facts)}."


def _telework(facts: FactSource, ctx: Context) -> str:
    f = facts("telework").facts
    if not f["possible"]:
        return "La circulaire ne prévoit pas de télétravail."
    return f"Le télétravail est possible après {f['after_months']} mois dans la fonction, {f['condition']}."


def _cdm_regime(facts: FactSource) -> str:
    cdm = facts("charge_de_mission").facts
    return f"en charge de mission, {cdm['conditions_adapted']} et vos vacances suivent le {cdm['holidays']}"


def _benefits(facts: FactSource, ctx: Context) -> str:
    f = facts("benefits").facts
    return (f"Les avantages prévus :\n{bullets(f['items'])}\n"
            f"Ce sont ceux de l'engagement sous contrat ; {_cdm_regime(facts)}.")


def _leave(facts: FactSource, ctx: Context) -> str:
    f, cdm = facts("benefits").facts, facts("charge_de_mission").facts
    text = f"Sous contrat : au moins {f['min_leave_days']} jours de congé par an"
    if f["leave_between_christmas_and_new_year"]:
        text += ", plus un congé entre Noël et Nouvel an"
    return text + f".\nEn charge de mission (candidats nommés) : vos vacances suivent le {cdm['holidays']}."


def _apply(facts: FactSource, ctx: Context) -> str:
    f = facts("apply").facts
    text = f"On postule {f['channel']} ({f['website']}). Attention : {f['nullity']}."
    if not f["form_link_in_circular"]:
        text += " Le lien direct vers le formulaire ne figure pas dans la circulaire."
    text += f"\nSi vous êtes nommé·e et souhaitez une charge de mission, {cdm_mention(facts)}."
    return text + "\n" + _deadline_sentence(facts, ctx)


def _documents(facts: FactSource, ctx: Context) -> str:
    f = facts("documents").facts
    tenured = [f"{item} (si vous êtes nommé·e dans l'enseignement)" for item in f["tenured_items"]]
    advice = facts("selection").facts["cv_advice"]
    return (f"Votre candidature doit impérativement comporter :\n{bullets(f['items'] + tenured)}\n"
            f"Conseil : {advice}.")


def _deadline_sentence(facts: FactSource, ctx: Context) -> str:
    f = facts("deadline").facts
    opens = ctx.header.get("valid_from")
    status = deadline_status(date.fromisoformat(f["date"]), f["inclusive"], f["timezone"], ctx.now,
                             opens_on=date.fromisoformat(opens) if opens else None)
    return status.describe()


def _deadline(facts: FactSource, ctx: Context) -> str:
    text = _deadline_sentence(facts, ctx)
    published, valid_from, valid_until = (ctx.header.get(key) for key in ("published_on", "valid_from", "valid_until"))
    if published and valid_from and valid_until:
        text += (f" L'appel a été publié le {long_date(date.fromisoformat(published), weekday=False)} ; "
                 f"la circulaire est valide du {long_date(date.fromisoformat(valid_from), weekday=False)} au "
                 f"{long_date(date.fromisoformat(valid_until), weekday=False)}.")
    return text


def _publication(facts: FactSource, ctx: Context) -> str:
    published = ctx.header.get("published_on")
    if not published:
        return _deadline(facts, ctx)
    text = f"L'appel a été publié le {long_date(date.fromisoformat(published), weekday=False)}."
    return text + " " + _deadline_sentence(facts, ctx)


SELECTION_STEPS = ("preselection", "examen_ecrit", "entretien", "classement")
# Words that name a step when the NLU returns raw text instead of a synonym.
_STEP_WORDS = {
    "preselection": ("présélection", "preselection", "pré-sélection", "screening"),
    "examen_ecrit": ("écrit", "ecrit", "testwe", "examen", "test"),
    "entretien": ("entretien", "interview", "oral", "webex", "visio"),
    "classement": ("classement", "égalité", "egalite", "aequo", "départage", "departage"),
}


def normalise_step(value: str | None) -> str | None:
    """Map an extracted selection step to one of SELECTION_STEPS, or None."""
    if not value:
        return None
    text = value.lower()
    if text in SELECTION_STEPS:
        return text
    return next((step for step, words in _STEP_WORDS.items() if any(w in text for w in words)), None)


def _assignment(facts: FactSource) -> str:
    f = facts("selection").facts
    text = sentence(f["assignment_conditions"])
    if not f["assignment_details_in_circular"]:
        text += " ; la circulaire renvoie pour le détail à un lien qui manque dans le texte"
    return text + "."


def _selection(facts: FactSource, ctx: Context) -> str:
    f = facts("selection").facts
    step = normalise_step(ctx.selection_step)
    if step == "preselection":
        return f"La présélection se fait {f['preselection']}. Conseil : {f['cv_advice']}."
    if step == "examen_ecrit":
        return (f"L'examen écrit a lieu {f['written_exam']}. Pour le réussir, il faut {f['written_exam_pass_mark']} ; "
                f"seuls les {f['interview_candidates']} meilleurs sont invités à l'entretien.")
    if step == "entretien":
        return (f"Seuls les {f['interview_candidates']} candidats les mieux classés à l'examen écrit sont invités à "
                f"l'entretien. Il a lieu {f['interview']}. Il faut {f['interview_pass_mark']} à l'entretien "
                f"et {f['total_pass_mark']}.")
    if step == "classement":
        return f"{sentence(f['ranking'])}. {sentence(f['tie_break'])}. {_assignment(facts)}"
    return (
        "La sélection se déroule en trois temps :\n"
        f"1. Présélection {f['preselection']}.\n"
        f"2. Examen écrit {f['written_exam']} ; il faut {f['written_exam_pass_mark']} et seuls les "
        f"{f['interview_candidates']} meilleurs passent à l'entretien.\n"
        f"3. Entretien {f['interview']} ; il faut {f['interview_pass_mark']}, et {f['total_pass_mark']}.\n"
        f"{sentence(f['ranking'])} ; {f['tie_break']}.\n{_assignment(facts)}"
    )


def _contact(facts: FactSource, ctx: Context) -> str:
    f = facts("contact").facts
    return (f"Pour toute information sur la fonction, la circulaire indique comme contact {f['name']}, "
            f"{f['role']} : {f['email']}.\nPour la mise en application de la circulaire elle-même, elle indique : "
            f"{f['circular_contact_name']} ({f['circular_contact_service']}), {f['circular_contact_email']}.")


def _diversity(facts: FactSource, ctx: Context) -> str:
    f = facts("diversity").facts
    text = f["statement"]
    if f["reasonable_accommodation"]:
        text += (" Pour plus d'information sur sa politique de diversité ou pour des aménagements raisonnables, "
                 "la circulaire renvoie à une page")
        if not f["policy_link_in_circular"]:
            text += " dont le lien manque dans le texte"
        if not f["accommodation_contact_named"]:
            text += ", et ne nomme personne à contacter pour ces demandes"
        text += f". Site : {facts('apply').facts['website']}."
    return text + f" Pour toute information sur la fonction, le contact indiqué est {post_contact(facts)}."


COMPOSERS: dict[str, Composer] = {
    "post": _post,
    "institution": _institution,
    "contract": _contract,
    "diploma": _diploma,
    "foreign_diploma": _foreign_diploma,
    "experience": _experience,
    "assets": _assets,
    "competences": _competences,
    "charge_de_mission": _charge_de_mission,
    "salary": _salary,
    "hours": _hours,
    "travel": _travel,
    "telework": _telework,
    "benefits": _benefits,
    "apply": _apply,
    "documents": _documents,
    "deadline": _deadline,
    "selection": _selection,
    "contact": _contact,
    "diversity": _diversity,
}

# (topic, focus) -> the composer of that one fact (focus names: bot.understanding.fact_focus).
FOCUSED: dict[tuple[str, str], Composer] = {
    **{(topic, "leave"): _leave for topic in ("benefits", "charge_de_mission", "hours", "contract")},
    **{(topic, "car_costs"): _car_costs for topic in ("benefits", "travel", "salary")},
    ("deadline", "publication"): _publication,
    ("apply", "publication"): _publication,
    ("charge_de_mission", "duration"): _cdm_duration,
}


def composer_for(topic: str, focus: str | None) -> Composer:
    return FOCUSED.get((topic, focus or ""), COMPOSERS[topic])
