"""The self-check's questions and re-asks that carry facts of the offer.

Questions that name a document, a sector, a network or a status read it from
the offer's requirements, so the wording follows the offer file. Questions with
no fact in them stay in domain.yml.
"""

from __future__ import annotations

from bot.selfcheck.profile import Requirements


def question(slot: str, req: Requirements) -> str:
    """The question of a self-check slot whose wording comes from the offer."""
    if slot == "sc_equivalence":
        return f"Avez-vous déjà l'{req.equivalence_document} ?"
    if slot == "sc_language_certificate":
        return f"Avez-vous l'{req.language_certificate} ?"
    if slot == "sc_experience_months":
        return (
            f"Combien d'années d'expérience professionnelle pertinente avez-vous dans le secteur de "
            f"l'{req.experience_sector} ? (par exemple « 3 ans », « 18 mois »)"
        )
    if slot == "sc_fwb_network":
        return f"Votre nomination est-elle dans l'enseignement {' ou '.join(req.cdm_networks)} ?"
    if slot == "sc_active_service":
        return f"Êtes-vous {' ou '.join(req.cdm_statuses)} ?"
    if slot == "sc_assets":
        return (
            f"Dernière question : avez-vous de l'expérience dans un de ces domaines : "
            f"{', '.join(req.asset_names.values())} ? Citez-les, ou répondez « aucun »."
        )
    raise KeyError(slot)


OFFER_WORDED_QUESTIONS = (
    "sc_equivalence",
    "sc_language_certificate",
    "sc_experience_months",
    "sc_fwb_network",
    "sc_active_service",
    "sc_assets",
)
YES_NO_QUESTIONS = ("sc_equivalence", "sc_language_certificate", "sc_fwb_network", "sc_active_service")

# A typed diploma that could mean two levels: ask instead of guessing.
DIPLOMA_CLARIFICATIONS = {
    "bac": (
        "« Bac » peut désigner deux niveaux : en France, le baccalauréat marque la fin des études "
        "secondaires ; en Belgique, on dit « bac » pour un bachelier (enseignement supérieur). "
        "Lequel avez-vous : un bachelier (ou graduat), ou un diplôme de fin de secondaire ?"
    ),
    "higher_studies": (
        "Quel diplôme de l'enseignement supérieur avez-vous obtenu : un bachelier ou graduat "
        "(type court), un master (type long) ? Si vos études ne sont pas terminées, dites-le-moi."
    ),
    "studying": ("Quel est le diplôme le plus élevé que vous avez déjà obtenu (et non celui que vous préparez) ?"),
}


def status_clarification(req: Requirements) -> str:
    """Re-ask when the answer names no accepted status ("je ne suis pas en disponibilité")."""
    return (
        f"Pour une charge de mission, il faut être {' ou '.join(req.cdm_statuses)}. "
        "Êtes-vous dans l'une de ces situations ? Répondez par oui ou par non."
    )


def invalid_assets(req: Requirements) -> str:
    return (
        f"Je n'ai pas compris. Citez les domaines où vous avez de l'expérience "
        f"({', '.join(req.asset_names.values())}) ou répondez « aucun »."
    )
