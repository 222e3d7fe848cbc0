"""Composers of the answers on applying and selection: how, which documents, until when, the steps, the contact, diversity."""

from __future__ import annotations

from datetime import date

from bot.answers.compose import Context, FactSource
from bot.answers.composers.base import cdm_mention, fact_composer, post_contact, topic_composer
from bot.domain.deadline import deadline_status
from bot.domain.french import bullets, long_date, sentence


@topic_composer("apply")
def _apply(facts: FactSource, ctx: Context) -> str:
    f = facts("apply").facts
    text = f"On postule {f['channel']} ({f['website']}). Attention : {f['nullity']}."
    if not f["form_link_in_circular"]:
        text += " Le lien direct vers le formulaire ne figure pas dans la circulaire."
    text += f"\nSi vous êtes nommé·e et souhaitez une charge de mission, {cdm_mention(facts)}."
    return text + "\n" + _deadline_sentence(facts, ctx)


@topic_composer("documents")
def _documents(facts: FactSource, ctx: Context) -> str:
    f = facts("documents").facts
    tenured = [f"{item} (si vous êtes nommé·e dans l'enseignement)" for item in f["tenured_items"]]
    advice = facts("selection").facts["cv_advice"]
    return f"Votre candidature doit impérativement comporter :\n{bullets(f['items'] + tenured)}\nConseil : {advice}."


def _deadline_sentence(facts: FactSource, ctx: Context) -> str:
    f = facts("deadline").facts
    opens = ctx.header.get("valid_from")
    status = deadline_status(
        date.fromisoformat(f["date"]),
        f["inclusive"],
        f["timezone"],
        ctx.now,
        opens_on=date.fromisoformat(opens) if opens else None,
    )
    return status.describe()


@topic_composer("deadline")
def _deadline(facts: FactSource, ctx: Context) -> str:
    text = _deadline_sentence(facts, ctx)
    published, valid_from, valid_until = (ctx.header.get(key) for key in ("published_on", "valid_from", "valid_until"))
    if published and valid_from and valid_until:
        text += (
            f" L'appel a été publié le {long_date(date.fromisoformat(published), weekday=False)} ; "
            f"la circulaire est valide du {long_date(date.fromisoformat(valid_from), weekday=False)} au "
            f"{long_date(date.fromisoformat(valid_until), weekday=False)}."
        )
    return text


@fact_composer("publication", "deadline", "apply")
def _publication(facts: FactSource, ctx: Context) -> str:
    published = ctx.header.get("published_on")
    if not published:
        return _deadline(facts, ctx)
    text = f"L'appel a été publié le {long_date(date.fromisoformat(published), weekday=False)}."
    return text + " " + _deadline_sentence(facts, ctx)


SELECTION_STEPS = ("preselection", "examen_ecrit", "entretien", "classement")
# Words that name a step when the NLU returns raw text instead of a synonym.
_STEP_WORDS = {
    "preselection": (
        "présélection",
        "preselection",
        "pré-sélection",
        "screening",
        "premier tri",
        "tri des dossiers",
        "tri des candidatures",
    ),
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


@topic_composer("selection")
def _selection(facts: FactSource, ctx: Context) -> str:
    f = facts("selection").facts
    step = normalise_step(ctx.selection_step)
    if step == "preselection":
        return f"La présélection se fait {f['preselection']}. Conseil : {f['cv_advice']}."
    if step == "examen_ecrit":
        return (
            f"L'examen écrit a lieu {f['written_exam']}. Pour le réussir, il faut {f['written_exam_pass_mark']} ; "
            f"seuls les {f['interview_candidates']} meilleurs sont invités à l'entretien."
        )
    if step == "entretien":
        return (
            f"Seuls les {f['interview_candidates']} candidats les mieux classés à l'examen écrit sont invités à "
            f"l'entretien. Il a lieu {f['interview']}. Il faut {f['interview_pass_mark']} à l'entretien "
            f"et {f['total_pass_mark']}."
        )
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


@fact_composer(
    "contact", "post", "institution", "contract", "diploma", "experience", "competences", "selection", "apply"
)
@topic_composer("contact")
def _contact(facts: FactSource, ctx: Context) -> str:
    f = facts("contact").facts
    return (
        f"Pour toute information sur la fonction, la circulaire indique comme contact {f['name']}, "
        f"{f['role']} : {f['email']}.\nPour la mise en application de la circulaire elle-même, elle indique : "
        f"{f['circular_contact_name']} ({f['circular_contact_service']}), {f['circular_contact_email']}."
        f"\nLa circulaire a été rédigée par {f['circular_writer']}."
    )


@topic_composer("diversity")
@fact_composer("accommodation", "diversity", "selection", "apply", "documents", "post")
def _diversity(facts: FactSource, ctx: Context) -> str:
    f = facts("diversity").facts
    text = f["statement"]
    if f["reasonable_accommodation"]:
        text += (
            " Pour plus d'information sur sa politique de diversité ou pour des aménagements raisonnables, "
            "la circulaire renvoie à une page"
        )
        if not f["policy_link_in_circular"]:
            text += " dont le lien manque dans le texte"
        if not f["accommodation_contact_named"]:
            text += ", et ne nomme personne à contacter pour ces demandes"
        text += f". Site : {facts('apply').facts['website']}."
    return text + f" Pour toute information sur la fonction, le contact indiqué est {post_contact(facts)}."
