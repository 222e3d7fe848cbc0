"""Each self-check question, answered as people answer it: at least ten natural
phrasings per slot (restatements of the options, synonyms, numbers in words,
"je ne sais pas", mixed answers that also fill a later question), through the
form's own validate_<slot> methods."""

from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.selfcheck_form import ValidateEligibilityForm
from bot.selfcheck.flow import QUESTIONS, UNCLEAR_DIPLOMA, UNSURE_ANSWER
from tests.integration.actions_support import tracker

FORM = ValidateEligibilityForm()
UNSURE = UNSURE_ANSWER

TABLES: dict[str, list[tuple[str, dict]]] = {
    "sc_diploma_level": [
        ("un bachelier", {"sc_diploma_level": "bachelier"}),
        ("j'ai un graduat en informatique", {"sc_diploma_level": "bachelier"}),
        ("je suis régente en français", {"sc_diploma_level": "bachelier"}),
        ("institutrice primaire", {"sc_diploma_level": "bachelier"}),
        ("une licence en histoire", {"sc_diploma_level": "master"}),
        ("master en sciences de l'éducation", {"sc_diploma_level": "master"}),
        ("un doctorat en physique", {"sc_diploma_level": "doctorat"}),
        ("juste le CESS", {"sc_diploma_level": "cess"}),
        ("un master obtenu en France", {"sc_diploma_level": "master", "sc_diploma_abroad": True}),
        ("aucun diplôme", {"sc_diploma_level": "none"}),
        ("je ne sais pas trop", {"sc_diploma_level": UNCLEAR_DIPLOMA}),
        ("master à l'ULB", {"sc_diploma_level": "master", "sc_diploma_abroad": False}),
    ],
    "sc_diploma_abroad": [
        ("non", {"sc_diploma_abroad": False}),
        ("oui", {"sc_diploma_abroad": True}),
        ("en Belgique", {"sc_diploma_abroad": False}),
        ("à Liège", {"sc_diploma_abroad": False}),
        ("à l'UCLouvain", {"sc_diploma_abroad": False}),
        ("en France", {"sc_diploma_abroad": True}),
        ("au Maroc", {"sc_diploma_abroad": True}),
        ("non, ici en Belgique", {"sc_diploma_abroad": False}),
        ("oui au Canada", {"sc_diploma_abroad": True}),
        ("à l'étranger", {"sc_diploma_abroad": True}),
        ("aucune idée", {"sc_diploma_abroad": UNSURE}),
    ],
    "sc_equivalence": [
        ("oui", {"sc_equivalence": True}),
        ("non", {"sc_equivalence": False}),
        ("oui je l'ai", {"sc_equivalence": True}),
        ("pas encore", {"sc_equivalence": False}),
        ("je l'ai déjà reçue", {"sc_equivalence": True}),
        ("non pas du tout", {"sc_equivalence": False}),
        ("ouais", {"sc_equivalence": True}),
        ("bien sûr", {"sc_equivalence": True}),
        ("jamais demandé", {"sc_equivalence": False}),
        ("tout à fait", {"sc_equivalence": True}),
        ("je ne sais pas", {"sc_equivalence": UNSURE}),
    ],
    "sc_diploma_in_french": [
        ("oui", {"sc_diploma_in_french": True}),
        ("non", {"sc_diploma_in_french": False}),
        ("en français", {"sc_diploma_in_french": True}),
        ("français", {"sc_diploma_in_french": True}),
        ("francais", {"sc_diploma_in_french": True}),
        ("oui en français", {"sc_diploma_in_french": True}),
        ("non, en néerlandais", {"sc_diploma_in_french": False}),
        ("en anglais", {"sc_diploma_in_french": False}),
        ("en flamand", {"sc_diploma_in_french": False}),
        ("évidemment", {"sc_diploma_in_french": True}),
        ("je ne sais plus", {"sc_diploma_in_french": UNSURE}),
    ],
    "sc_language_certificate": [
        ("oui", {"sc_language_certificate": True}),
        ("non", {"sc_language_certificate": False}),
        ("oui je l'ai passé", {"sc_language_certificate": True}),
        ("pas encore", {"sc_language_certificate": False}),
        ("non jamais", {"sc_language_certificate": False}),
        ("yes", {"sc_language_certificate": True}),
        ("affirmatif", {"sc_language_certificate": True}),
        ("nope", {"sc_language_certificate": False}),
        ("oui oui", {"sc_language_certificate": True}),
        ("non, pas de certificat", {"sc_language_certificate": False}),
        ("aucune idée", {"sc_language_certificate": UNSURE}),
    ],
    "sc_experience_months": [
        ("3 ans", {"sc_experience_months": 36}),
        ("trois ans", {"sc_experience_months": 36}),
        ("deux ans et demi", {"sc_experience_months": 30}),
        ("18 mois", {"sc_experience_months": 18}),
        ("dix-huit mois", {"sc_experience_months": 18}),
        ("un an", {"sc_experience_months": 12}),
        ("septante mois", {"sc_experience_months": 70}),
        ("depuis 2015 pas loin de 6 ans", {"sc_experience_months": 72}),
        ("5 ans comme institutrice", {"sc_experience_months": 60}),
        ("aucune", {"sc_experience_months": 0}),
        ("je ne sais pas exactement", {"sc_experience_months": UNSURE}),
        ("1 an et 6 mois", {"sc_experience_months": 18}),
    ],
    "sc_licence_b": [
        ("oui", {"sc_licence_b": True}),
        ("non", {"sc_licence_b": False}),
        ("oui j'ai le permis", {"sc_licence_b": True}),
        ("j'ai mon permis B", {"sc_licence_b": True}),
        ("non je ne l'ai pas", {"sc_licence_b": False}),
        ("pas de permis", {"sc_licence_b": False}),
        ("oui et une voiture", {"sc_licence_b": True, "sc_vehicle": True}),
        ("oui mais pas de voiture", {"sc_licence_b": True, "sc_vehicle": False}),
        ("bien sûr", {"sc_licence_b": True}),
        ("ouais", {"sc_licence_b": True}),
        ("je sais pas", {"sc_licence_b": UNSURE}),
    ],
    "sc_vehicle": [
        ("oui", {"sc_vehicle": True}),
        ("non", {"sc_vehicle": False}),
        ("oui j'ai une voiture", {"sc_vehicle": True}),
        ("pas de voiture", {"sc_vehicle": False}),
        ("non je n'ai pas de véhicule", {"sc_vehicle": False}),
        ("j'ai une auto", {"sc_vehicle": True}),
        ("évidemment", {"sc_vehicle": True}),
        ("non pas encore", {"sc_vehicle": False}),
        ("ouais", {"sc_vehicle": True}),
        ("tout à fait", {"sc_vehicle": True}),
        ("peut-être", {"sc_vehicle": UNSURE}),
    ],
    "sc_tenured": [
        ("oui", {"sc_tenured": True}),
        ("non", {"sc_tenured": False}),
        ("je suis nommée", {"sc_tenured": True}),
        ("nommé à titre définitif", {"sc_tenured": True}),
        ("non je suis temporaire", {"sc_tenured": False}),
        ("je suis contractuel", {"sc_tenured": False}),
        ("définitive depuis 2012", {"sc_tenured": True}),
        ("temporaire prioritaire", {"sc_tenured": False}),
        ("non, je ne suis pas dans l'enseignement", {"sc_tenured": False}),
        ("oui nommée à mi-temps", {"sc_tenured": True, "sc_full_time": False}),
        ("je ne sais pas", {"sc_tenured": UNSURE}),
    ],
    "sc_wants_cdm": [
        ("oui", {"sc_wants_cdm": True}),
        ("non", {"sc_wants_cdm": False}),
        ("oui je voudrais", {"sc_wants_cdm": True}),
        ("non merci", {"sc_wants_cdm": False}),
        ("pourquoi pas, oui", {"sc_wants_cdm": True}),
        ("volontiers", {"sc_wants_cdm": True}),
        ("pas du tout", {"sc_wants_cdm": False}),
        ("absolument", {"sc_wants_cdm": True}),
        ("nan", {"sc_wants_cdm": False}),
        ("ouais", {"sc_wants_cdm": True}),
        ("j'hésite", {"sc_wants_cdm": UNSURE}),
    ],
    "sc_full_time": [
        ("oui", {"sc_full_time": True}),
        ("non", {"sc_full_time": False}),
        ("temps plein", {"sc_full_time": True}),
        ("à temps plein", {"sc_full_time": True}),
        ("mi-temps", {"sc_full_time": False}),
        ("à temps partiel", {"sc_full_time": False}),
        ("un 4/5", {"sc_full_time": False}),
        ("oui, un temps plein", {"sc_full_time": True}),
        ("non, un mi-temps", {"sc_full_time": False}),
        ("complet", {"sc_full_time": True}),
        ("je ne sais pas", {"sc_full_time": UNSURE}),
    ],
    "sc_fwb_network": [
        ("oui", {"sc_fwb_network": True}),
        ("non", {"sc_fwb_network": False}),
        ("oui, dans une école subventionnée", {"sc_fwb_network": True}),
        ("dans un athénée de WBE", {"sc_fwb_network": True}),
        ("dans le libre subventionné", {"sc_fwb_network": True}),
        ("dans l'officiel subventionné, une école communale", {"sc_fwb_network": True}),
        ("en Flandre", {"sc_fwb_network": False}),
        ("dans une école néerlandophone", {"sc_fwb_network": False}),
        ("dans le privé", {"sc_fwb_network": False}),
        ("oui à la FWB", {"sc_fwb_network": True}),
        ("aucune idée", {"sc_fwb_network": UNSURE}),
    ],
    "sc_active_service": [
        ("oui", {"sc_active_service": True}),
        ("non", {"sc_active_service": False}),
        ("en activité", {"sc_active_service": True}),
        ("je suis en activité de service", {"sc_active_service": True}),
        ("en disponibilité par défaut d'emploi", {"sc_active_service": True}),
        ("je suis en congé de maladie", {"sc_active_service": True}),
        ("en disponibilité pour convenance personnelle", {"sc_active_service": False}),
        ("oui, je donne cours", {"sc_active_service": True}),
        ("non, je suis en disponibilité pour convenances personnelles", {"sc_active_service": False}),
        ("tout à fait", {"sc_active_service": True}),
        ("je ne suis pas sûr", {"sc_active_service": UNSURE}),
    ],
    "sc_assets": [
        ("aucun", {"sc_assets": []}),
        ("non", {"sc_assets": []}),
        ("la gestion de projet", {"sc_assets": ["project_management"]}),
        ("formation d'adultes", {"sc_assets": ["adult_training"]}),
        ("j'ai donné des formations à des adultes", {"sc_assets": ["adult_training"]}),
        ("tous", {"sc_assets": ["adult_training", "project_management", "tech_innovation", "digital_integration"]}),
        (
            "les quatre",
            {"sc_assets": ["adult_training", "project_management", "tech_innovation", "digital_integration"]},
        ),
        ("l'intégration du numérique en classe", {"sc_assets": ["digital_integration"]}),
        ("innovations technologiques et gestion de projet", {"sc_assets": ["project_management", "tech_innovation"]}),
        ("rien de tout ça", {"sc_assets": []}),
        ("aucune idée", {"sc_assets": UNSURE}),
    ],
}

CASES = [(slot, text, expected) for slot, rows in TABLES.items() for text, expected in rows]


def test_every_question_has_a_table_of_at_least_ten_phrasings():
    assert set(TABLES) == set(QUESTIONS)
    assert all(len(rows) >= 10 for rows in TABLES.values())


@pytest.mark.parametrize("slot, text, expected", CASES, ids=[f"{slot}:{text}" for slot, text, _ in CASES])
def test_the_answer_fills_its_slot(slot, text, expected):
    dispatcher = CollectingDispatcher()
    method = getattr(FORM, f"validate_{slot}")
    result = method(text, dispatcher, tracker(intent="inform", text=text, confidence=0.9), {})
    assert result == expected
    # Re-asks carry a response; an accepted answer says nothing, or notes an unsure one.
    assert not [m for m in dispatcher.messages if (m.get("response") or "").startswith("utter_invalid")]


# Answers heard when probing each question (2026-11-29), now read.
MORE = [
    # SMS spellings, emphatic openings, appointments still awaited, "X périodes sur Y".
    ("sc_licence_b", "ui", True),
    ("sc_language_certificate", "ouaip", True),
    ("sc_wants_cdm", "ouep", True),
    ("sc_diploma_in_french", "wé", True),
    ("sc_diploma_abroad", "nn", False),
    ("sc_equivalence", "évidemment, sinon je ne postulerais pas", True),
    ("sc_equivalence", "toujours en attente de la réponse", False),
    ("sc_tenured", "pas encore, j'attends ma nomination", False),
    ("sc_tenured", "je ne sais pas si je suis nommée ou pas", UNSURE),
    ("sc_full_time", "nommé pour 12 périodes sur 22", False),
    ("sc_diploma_in_french", "jsp, faudrait que je regarde", UNSURE),
    ("sc_equivalence", "demande en cours", False),
    ("sc_diploma_level", "juste le secondaire", "cess"),
    ("sc_equivalence", "sans objet", False),
    ("sc_language_certificate", "je vais le passer", False),
    ("sc_licence_b", "je le passe bientôt", False),
    ("sc_experience_months", "une dizaine d'années", 120),
    ("sc_tenured", "je suis dans le privé", False),
    ("sc_tenured", "TP", False),
    ("sc_tenured", "je suis au chômage", False),
    ("sc_fwb_network", "dans une école provinciale", True),
    ("sc_fwb_network", "enseignement catholique", True),
    ("sc_assets", "un peu de tout", ["adult_training", "project_management", "tech_innovation", "digital_integration"]),
]


@pytest.mark.parametrize("slot, text, value", MORE, ids=[f"{slot}:{text}" for slot, text, _ in MORE])
def test_more_answers_are_read(slot, text, value):
    result = getattr(FORM, f"validate_{slot}")(text, CollectingDispatcher(), tracker(intent="inform", text=text), {})
    assert result[slot] == value
