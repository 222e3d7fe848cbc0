"""The self-check's verdict in French: advisory, with every reason, the documents,
the route, the deadline and the referent (bot.selfcheck.rules decides it)."""

from __future__ import annotations

from bot.domain.french import bullets
from bot.selfcheck.rules import CONDITIONAL, ELIGIBLE, NOT_ELIGIBLE, Assessment

VERDICT_TITLES = {
    ELIGIBLE: "D'après vos réponses, vous semblez remplir les conditions de participation.",
    CONDITIONAL: "D'après vos réponses, vous pourriez remplir les conditions, sous réserve des points ci-dessous.",
    NOT_ELIGIBLE: "D'après vos réponses, vous ne semblez pas remplir toutes les conditions de participation.",
}


WORK_CONDITIONS_MISSING = (
    "D'après vos réponses, une condition que la fonction exige impérativement n'est pas "
    "remplie : il vous manque {missing}. La circulaire la range dans les conditions de travail "
    "(déplacements fréquents), pas dans les conditions de participation à la sélection."
)
PARTICIPATION_AFTER_WORK = {
    ELIGIBLE: "Pour les conditions de participation, vos réponses correspondent à ce qui est demandé.",
    CONDITIONAL: "Pour les conditions de participation, vous pourriez y répondre, sous réserve des points ci-dessous.",
}


def describe(assessment: Assessment, deadline_sentence: str, contact_email: str) -> str:
    """The verdict in French: advisory, with reasons, documents, deadline and referent."""
    missing_work = assessment.missing_work_conditions
    lines = [VERDICT_TITLES[assessment.verdict]]
    if missing_work:
        names = {"licence_b": "le permis B", "vehicle": "un véhicule personnel"}
        work = WORK_CONDITIONS_MISSING.format(missing=" et ".join(names[f.condition] for f in missing_work))
        # Participation conditions met or open: the missing working condition is the headline.
        lines = (
            [work, PARTICIPATION_AFTER_WORK[assessment.verdict]]
            if assessment.verdict != NOT_ELIGIBLE
            else [lines[0], work]
        )
    lines.append(bullets([f.text for f in assessment.findings]))
    if assessment.verdict != NOT_ELIGIBLE:
        route = (
            "en charge de mission (option à confirmer, voir ci-dessus)"
            if assessment.route == "charge_de_mission"
            else f"sous {assessment.contract_type}"
        )
        lines.append(f"Vous postuleriez {route}. Documents à joindre :\n{bullets(list(assessment.documents))}")
    if assessment.strengths:
        lines.append("Vos atouts pour la fonction : " + ", ".join(assessment.strengths) + ".")
    lines.append(deadline_sentence)
    if assessment.refer_to_referent or assessment.verdict == CONDITIONAL:
        lines.append(f"Pour un cas particulier, la personne de contact pour la fonction est : {contact_email}.")
    lines.append(
        "Ce résultat est indicatif : seule la procédure de sélection officielle décide de la "
        "recevabilité. Je n'enregistre pas vos réponses à ce test."
    )
    return "\n".join(lines)
