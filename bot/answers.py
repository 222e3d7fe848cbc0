"""Short French answers composed from an offer's facts.

Sentences are written here; every figure, date, name and list comes from the
offer data, so a new offer file changes the answers without new code.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Callable

from bot.deadline import deadline_status
from bot.french import bullets, euros, join_words, number, sentence
from bot.offer_schema import Topic

# Reads one topic of the current offer.
FactSource = Callable[[str], Topic]

# Intent name -> topic of the offer file it asks about.
TOPIC_BY_INTENT = {
    "ask_post": "post",
    "ask_institution": "institution",
    "ask_contract": "contract",
    "ask_diploma": "diploma",
    "ask_foreign_diploma": "foreign_diploma",
    "ask_experience": "experience",
    "ask_assets": "assets",
    "ask_competences": "competences",
    "ask_charge_de_mission": "charge_de_mission",
    "ask_salary": "salary",
    "ask_hours": "hours",
    "ask_travel": "travel",
    "ask_telework": "telework",
    "ask_benefits": "benefits",
    "ask_apply": "apply",
    "ask_documents": "documents",
    "ask_deadline": "deadline",
    "ask_selection": "selection",
    "ask_contact": "contact",
    "ask_diversity": "diversity",
}


@dataclass(frozen=True)
class Context:
    """What an answer may depend on besides the facts."""
    now: datetime
    circular_number: int
    previous_topic: str | None = None
    selection_step: str | None = None


@dataclass(frozen=True)
class Answer:
    topic: str
    text: str
    sections: tuple[str, ...]
    circular_number: int

    @property
    def source(self) -> str:
        return f"Source : circulaire {self.circular_number}, « {' ; '.join(self.sections)} »."

    def full_text(self) -> str:
        return f"{self.text}\n{self.source}"


def compose_answer(topic: str, facts: FactSource, context: Context) -> Answer:
    composer = COMPOSERS[topic]
    text, used = composer(facts, context)
    sections = tuple(dict.fromkeys(facts(name).section for name in used))
    return Answer(topic=topic, text=text, sections=sections, circular_number=context.circular_number)


def _post(facts: FactSource, ctx: Context):
    f = facts("post").facts
    more = "" if f["tasks_exhaustive"] else "\n(Cette liste n'est pas exhaustive.)"
    return (f"{f['role']} Vos missions principales :\n{bullets(f['tasks'])}{more}", ["post"])


def _institution(facts: FactSource, ctx: Context):
    f = facts("institution").facts
    return (
        f"{f['name']} est {f['description']} : {f['schools']} établissements scolaires, "
        f"{f['related_institutions']} institutions apparentées, {f['pupils']} et {f['staff']}. "
        f"Le poste est rattaché à la {f['service']} de la {f['direction']}, qui a notamment pour rôle de :\n"
        f"{bullets(f['service_missions'])}",
        ["institution"],
    )


def _contract(facts: FactSource, ctx: Context):
    f = facts("contract").facts
    text = (f"{f['posts']} postes sont à pourvoir, en {f['contract_type']}, niveau {f['level']} "
            f"(catégorie {f['category']}), barème {f['scale_code']}.")
    if f["charge_de_mission_possible"]:
        text += " Les membres du personnel nommés peuvent aussi demander à exercer la fonction en charge de mission."
    return text, ["contract"]


def _diploma(facts: FactSource, ctx: Context):
    f = facts("diploma").facts
    text = f"Il faut un {f['wording']}."
    if not f["higher_level_stated"]:
        text += (" La circulaire ne dit pas explicitement si un diplôme de niveau supérieur (master) "
                 "est accepté à la place : en cas de doute, je peux vous donner le contact de la référente.")
    if not f["field_stated"]:
        text += " Le domaine d'études n'est pas précisé dans le texte."
    return text, ["diploma"]


def _foreign_diploma(facts: FactSource, ctx: Context):
    f = facts("foreign_diploma").facts
    lines = []
    if f["equivalence_required_outside_belgium"]:
        lines.append(f"Diplôme obtenu hors de Belgique : il faut une {f['equivalence_document']} "
                     f"(renseignements : {f['equivalence_phone']}).")
    if f["language_certificate_required_if_not_french"]:
        lines.append(f"Diplôme obtenu dans une autre langue que le français : il faut une "
                     f"{f['language_certificate']} (inscription sur {f['language_certificate_website']}).")
    lines.append(f"Ces documents doivent être obtenus {f['required_at']}.")
    return "\n".join(lines), ["foreign_diploma"]


def _experience(facts: FactSource, ctx: Context):
    f = facts("experience").facts
    years = number(f["min_years"])
    relevant = " pertinente" if f["relevant_only"] else ""
    text = f"Il faut au moins {years} ans d'expérience professionnelle{relevant} dans le secteur de l'{f['sector']}."
    assets = facts("assets").facts["items"]
    text += f" Une expérience dans un de ces domaines est un atout : {join_words(assets)}."
    return text, ["experience", "assets"]


def _assets(facts: FactSource, ctx: Context):
    f = facts("assets").facts
    return (f"Sont considérées comme des atouts (sans être obligatoires) les expériences dans :\n"
            f"{bullets(f['items'])}", ["assets"])


def _competences(facts: FactSource, ctx: Context):
    f = facts("competences").facts

    def names(group):
        return [f"{c['name']}{' (compte davantage)' if c['weighs_more'] else ''}" for c in f[group]]

    text = (f"Compétences comportementales :\n{bullets(names('behavioural'))}\n"
            f"Compétences techniques :\n{bullets(names('technical'))}")
    if f["motivation_weighs_more"]:
        text += "\nLes compétences marquées « compte davantage » et la motivation pèsent plus dans le score final."
    return text, ["competences"]


def _charge_de_mission(facts: FactSource, ctx: Context):
    f = facts("charge_de_mission").facts
    # A follow-up ("et pour la charge de mission ?") answers the previous topic.
    if ctx.previous_topic == "salary":
        return (f"En charge de mission, vous gardez une {f['scale']} et recevez en plus une allocation "
                f"mensuelle de {euros(f['monthly_allocation_gross'])} brut.", ["charge_de_mission"])
    if ctx.previous_topic == "hours":
        return (f"En charge de mission, le régime horaire est celui de l'administration : "
                f"{number(f['weekly_hours'])} h par semaine.", ["charge_de_mission"])
    if ctx.previous_topic == "benefits":
        note = facts("benefits").facts["charge_de_mission_note"]
        return (f"En charge de mission, {note} ; vos vacances suivent le {f['holidays']}.",
                ["charge_de_mission", "benefits"])
    if ctx.previous_topic == "documents":
        return (f"Pour une charge de mission, joignez aussi {f['extra_document']} ; {f['how_to_mention']}.",
                ["charge_de_mission", "documents"])
    return (
        f"La charge de mission est réservée aux candidats qui remplissent une condition en plus : {f['condition']}.\n"
        f"- Durée : {f['duration_months']} mois, {f['renewal']}.\n"
        f"- Rémunération : {f['scale']}, plus une allocation mensuelle de {euros(f['monthly_allocation_gross'])} brut.\n"
        f"- Horaire : {number(f['weekly_hours'])} h par semaine ; vacances : {f['holidays']}.\n"
        f"- Comment la demander : {f['how_to_mention']}. {f['feasibility']}.\n"
        f"Cadre légal : {f['legal_basis']}.",
        ["charge_de_mission"],
    )


def _salary(facts: FactSource, ctx: Context):
    f = facts("salary").facts
    return (
        f"Le salaire annuel brut va de {euros(f['min_annual_gross'])} ({f['min_condition']}) à "
        f"{euros(f['max_annual_gross'])} (barème {f['scale_code']}, niveau {f['level']} ; "
        f"{f['indexation']}). {sentence(f['experience_valued'])}.",
        ["salary"],
    )


def _hours(facts: FactSource, ctx: Context):
    f = facts("hours").facts
    text = f"Le régime de travail est de {number(f['weekly_hours'])} heures par semaine."
    if f["flexible_schedule"]:
        text += (f" L'horaire est variable : arrivée entre {f['arrival_window'].replace('-', ' et ')}, "
                 f"départ entre {f['departure_window'].replace('-', ' et ')}.")
    return text, ["hours"]


def _travel(facts: FactSource, ctx: Context):
    f = facts("travel").facts
    text = ""
    if f["itinerant"]:
        text = (f"Le travail est itinérant, avec des déplacements fréquents en {join_words(f['regions'])} ; "
                f"la résidence administrative est fixée {f['administrative_residence']}.")
    required = [item for item, needed in (("un permis B", f["licence_b_required"]),
                                          ("un véhicule personnel", f["own_vehicle_required"])) if needed]
    if required:
        text += f" Vous devez impérativement avoir {join_words(required)}."
    return text.strip(), ["travel"]


def _telework(facts: FactSource, ctx: Context):
    f = facts("telework").facts
    if not f["possible"]:
        return "La circulaire ne prévoit pas de télétravail.", ["telework"]
    return (f"Le télétravail est possible après {f['after_months']} mois dans la fonction, "
            f"{f['condition']}.", ["telework"])


def _benefits(facts: FactSource, ctx: Context):
    f = facts("benefits").facts
    return f"Les avantages prévus :\n{bullets(f['items'])}", ["benefits"]


def _apply(facts: FactSource, ctx: Context):
    f = facts("apply").facts
    text = f"On postule {f['channel']} ({f['website']}). Attention : {f['nullity']}."
    if not f["form_link_in_circular"]:
        text += " Le lien direct vers le formulaire ne figure pas dans la circulaire."
    text += f" {sentence(f['charge_de_mission_note'])}."
    text += "\n" + _deadline_sentence(facts, ctx)
    return text, ["apply"]


def _documents(facts: FactSource, ctx: Context):
    f = facts("documents").facts
    tenured = [f"{item} (si vous êtes nommé·e dans l'enseignement)" for item in f["tenured_items"]]
    return (f"Votre candidature doit impérativement comporter :\n{bullets(f['items'] + tenured)}\n"
            f"Conseil : {f['cv_advice']}.", ["documents"])


def _deadline_sentence(facts: FactSource, ctx: Context) -> str:
    f = facts("deadline").facts
    status = deadline_status(date.fromisoformat(f["date"]), f["inclusive"], f["timezone"], ctx.now)
    return status.describe()


def _deadline(facts: FactSource, ctx: Context):
    return _deadline_sentence(facts, ctx), ["deadline"]


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


def _selection(facts: FactSource, ctx: Context):
    f = facts("selection").facts
    step = normalise_step(ctx.selection_step)
    if step == "preselection":
        text = f"La présélection se fait {f['preselection']}."
    elif step == "examen_ecrit":
        text = (f"L'examen écrit a lieu {f['written_exam']}. Pour le réussir, il faut {f['written_exam_pass_mark']} ; "
                f"seuls les {f['interview_candidates']} meilleurs sont invités à l'entretien.")
    elif step == "entretien":
        text = (f"L'entretien a lieu {f['interview']}. Il faut {f['interview_pass_mark']} à l'entretien "
                f"et {f['total_pass_mark']}.")
    elif step == "classement":
        text = f"{sentence(f['ranking'])}. {sentence(f['tie_break'])}."
    else:
        text = (
            "La sélection se déroule en trois temps :\n"
            f"1. Présélection {f['preselection']}.\n"
            f"2. Examen écrit {f['written_exam']} ; il faut {f['written_exam_pass_mark']} et seuls les "
            f"{f['interview_candidates']} meilleurs passent à l'entretien.\n"
            f"3. Entretien {f['interview']} ; il faut {f['interview_pass_mark']}, et {f['total_pass_mark']}.\n"
            f"{sentence(f['ranking'])} ; {f['tie_break']}."
        )
    return text, ["selection"]


def _contact(facts: FactSource, ctx: Context):
    f = facts("contact").facts
    return (f"Pour toute question sur la fonction, vous pouvez écrire à {f['name']}, {f['role']} : "
            f"{f['email']}.", ["contact"])


def _diversity(facts: FactSource, ctx: Context):
    f = facts("diversity").facts
    text = f["statement"]
    if f["reasonable_accommodation"]:
        text += " Si vous souhaitez des aménagements raisonnables, la circulaire invite à en faire la demande."
    if not f["policy_link_in_circular"]:
        contact = facts("contact").facts
        text += (f" Le lien vers sa page sur l'égalité des chances manque dans le texte : "
                 f"pour une demande précise, écrivez à {contact['email']}.")
    return text, ["diversity", "contact"]


COMPOSERS: dict[str, Callable[[FactSource, Context], tuple[str, list[str]]]] = {
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
