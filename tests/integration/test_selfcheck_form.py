"""Form validation with CollectingDispatcher: free answers, re-asks, interruptions."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.selfcheck_form import ActionEligibilityVerdict, ActionResetSelfcheck, ValidateEligibilityForm
from actions.selfcheck_questions import ActionAskAssets
from bot.selfcheck.flow import QUESTIONS, UNCLEAR_DIPLOMA, UNSURE_ANSWER
from tests.integration.actions_support import tracker

FORM = ValidateEligibilityForm()


def validate(slot, text, intent="inform", confidence=0.9):
    dispatcher = CollectingDispatcher()
    method = getattr(FORM, f"validate_{slot}")
    result = method(text, dispatcher, tracker(intent=intent, text=text, confidence=confidence), {})
    return result, dispatcher.messages


def responses(messages):
    return [m.get("response") for m in messages]


@pytest.mark.parametrize(
    "slot, text, expected",
    [
        ("sc_diploma_level", "j'ai un master en sciences de l'éducation", {"sc_diploma_level": "master"}),
        ("sc_diploma_level", "bachelier instituteur primaire", {"sc_diploma_level": "bachelier"}),
        ("sc_diploma_level", "un master obtenu en France", {"sc_diploma_level": "master", "sc_diploma_abroad": True}),
        ("sc_diploma_level", "CESS", {"sc_diploma_level": "cess"}),
        ("sc_diploma_level", "un diplôme d'ostéopathe", {"sc_diploma_level": UNCLEAR_DIPLOMA}),
        ("sc_diploma_level", "je ne sais pas", {"sc_diploma_level": UNCLEAR_DIPLOMA}),
        ("sc_diploma_abroad", "non, en Belgique", {"sc_diploma_abroad": False}),
        ("sc_diploma_abroad", "au Maroc", {"sc_diploma_abroad": True}),
        ("sc_experience_months", "3 ans et demi", {"sc_experience_months": 42}),
        ("sc_experience_months", "1 an et 11 mois", {"sc_experience_months": 23}),
        ("sc_experience_months", "aucune", {"sc_experience_months": 0}),
        ("sc_licence_b", "oui j'ai le permis mais pas de voiture", {"sc_licence_b": True, "sc_vehicle": False}),
        ("sc_licence_b", "oui", {"sc_licence_b": True}),
        ("sc_licence_b", "non", {"sc_licence_b": False}),
        ("sc_tenured", "je suis nommée à titre définitif à mi-temps", {"sc_tenured": True, "sc_full_time": False}),
        ("sc_tenured", "non je suis temporaire", {"sc_tenured": False}),
        ("sc_full_time", "temps plein", {"sc_full_time": True}),
        ("sc_fwb_network", "oui, dans une école subventionnée", {"sc_fwb_network": True}),
        ("sc_active_service", "je suis en disponibilité par défaut d'emploi", {"sc_active_service": True}),
        (
            "sc_assets",
            "j'ai fait de la gestion de projet et de la formation d'adultes",
            {"sc_assets": ["adult_training", "project_management"]},
        ),
        ("sc_assets", "aucun", {"sc_assets": []}),
    ],
)
def test_free_answers_are_understood(slot, text, expected):
    result, messages = validate(slot, text)
    assert result == expected
    assert messages == []


@pytest.mark.parametrize(
    "slot, text, response",
    [
        ("sc_experience_months", "-3", "utter_invalid_experience_negative"),
        ("sc_experience_months", "beaucoup", "utter_invalid_sc_experience_months"),
        ("sc_experience_months", "150 ans", "utter_invalid_experience_too_large"),
        ("sc_diploma_level", "azerty", "utter_invalid_sc_diploma_level"),
        ("sc_licence_b", "le bleu", "utter_invalid_yes_no"),
        ("sc_tenured", "bof", "utter_invalid_yes_no"),
    ],
)
def test_bad_values_are_refused_with_a_clear_re_ask(slot, text, response):
    result, messages = validate(slot, text)
    assert result == {slot: None}
    assert responses(messages) == [response]


def test_an_offer_question_is_answered_and_the_question_asked_again(bot_db):
    result, messages = validate(
        "sc_experience_months", "au fait c'est quoi le salaire ?", intent="ask_salary", confidence=0.95
    )
    assert result == {"sc_experience_months": None}
    assert len(messages) == 1 and "28\u00a0374,60 €" in messages[0]["text"]


def test_a_low_confidence_question_is_not_treated_as_an_interruption():
    result, messages = validate("sc_licence_b", "hmm le salaire ?", intent="ask_salary", confidence=0.3)
    assert result == {"sc_licence_b": None}
    assert responses(messages) == ["utter_invalid_yes_no"]


@pytest.mark.parametrize(
    "answers, expected",
    [
        ({}, ["sc_diploma_level", "sc_experience_months", "sc_licence_b", "sc_vehicle", "sc_tenured", "sc_assets"]),
        (
            {"sc_diploma_level": "cess"},
            ["sc_diploma_level", "sc_experience_months", "sc_licence_b", "sc_vehicle", "sc_tenured", "sc_assets"],
        ),
        (
            {"sc_diploma_level": "master", "sc_diploma_abroad": True, "sc_diploma_in_french": False},
            [
                "sc_diploma_level",
                "sc_diploma_abroad",
                "sc_equivalence",
                "sc_diploma_in_french",
                "sc_language_certificate",
                "sc_experience_months",
                "sc_licence_b",
                "sc_vehicle",
                "sc_tenured",
                "sc_assets",
            ],
        ),
        (
            {"sc_diploma_level": "bachelier", "sc_tenured": True, "sc_wants_cdm": True},
            [
                "sc_diploma_level",
                "sc_diploma_abroad",
                "sc_diploma_in_french",
                "sc_experience_months",
                "sc_licence_b",
                "sc_vehicle",
                "sc_tenured",
                "sc_wants_cdm",
                "sc_full_time",
                "sc_fwb_network",
                "sc_active_service",
                "sc_assets",
            ],
        ),
    ],
)
def test_only_the_needed_questions_are_asked(bot_db, answers, expected):
    required = asyncio.run(FORM.required_slots([], CollectingDispatcher(), tracker(slots=answers), {}))
    assert required == expected


ELIGIBLE_ANSWERS = {
    "sc_diploma_level": "bachelier",
    "sc_diploma_abroad": False,
    "sc_diploma_in_french": True,
    "sc_experience_months": 36.0,
    "sc_licence_b": True,
    "sc_vehicle": True,
    "sc_tenured": False,
    "sc_assets": ["digital_integration"],
}


def test_verdict_for_an_eligible_profile_then_forgets_the_answers(bot_db):
    dispatcher = CollectingDispatcher()
    events = ActionEligibilityVerdict().run(dispatcher, tracker(slots=ELIGIBLE_ANSWERS), {})
    text = dispatcher.messages[0]["text"]
    assert text.startswith("D'après vos réponses, vous semblez remplir les conditions")
    assert "sous contrat" in text and "intégration du numérique" in text and "indicatif" in text
    assert "il vous reste 6 jours" in text
    assert events == [SlotSet(name, None) for name in QUESTIONS]


def test_verdict_for_an_ineligible_profile_gives_the_reason(bot_db):
    dispatcher = CollectingDispatcher()
    answers = {**ELIGIBLE_ANSWERS, "sc_experience_months": 12}
    ActionEligibilityVerdict().run(dispatcher, tracker(slots=answers), {})
    text = dispatcher.messages[0]["text"]
    assert "ne semblez pas remplir" in text and "il manque 1 an" in text


def test_assets_question_lists_the_offer_assets_and_reset_clears(bot_db):
    dispatcher = CollectingDispatcher()
    ActionAskAssets().run(dispatcher, tracker(), {})
    assert "la gestion de projet" in dispatcher.messages[0]["text"]
    assert ActionResetSelfcheck().run(CollectingDispatcher(), tracker(), {}) == [
        SlotSet(name, None) for name in QUESTIONS
    ]


def test_an_unreadable_assets_answer_is_re_asked_with_the_offer_assets(bot_db):
    result, messages = validate("sc_assets", "qsdfgh")
    assert result == {"sc_assets": None}
    assert len(messages) == 1 and "la gestion de projet" in messages[0]["text"] and "aucun" in messages[0]["text"]


def _form_turn(text, slots, earlier=(), dispatcher=None):
    """One form turn as Rasa runs it: the requested slot was just set from the message
    (`earlier`: unread answers to the same question before it)."""
    from rasa_sdk import Tracker

    asked = slots["requested_slot"]
    events = [{"event": "slot", "name": "requested_slot", "value": asked}]
    for answer in [*earlier, text]:
        events += [
            {"event": "action", "name": "eligibility_form"},
            {"event": "user", "text": answer, "parse_data": {"intent": {"name": "inform", "confidence": 0.9}}},
            {"event": "slot", "name": asked, "value": answer},
        ]
    current = Tracker(
        sender_id="mixed",
        slots={**slots, asked: text},
        events=events,
        paused=False,
        followup_action=None,
        active_loop={"name": "eligibility_form"},
        latest_action_name="action_listen",
        latest_message={"text": text, "intent": {"name": "inform", "confidence": 0.9}, "entities": []},
    )
    domain = {"forms": {"eligibility_form": {"required_slots": list(QUESTIONS)}}, "slots": {}}
    events = asyncio.run(FORM.run(dispatcher or CollectingDispatcher(), current, domain))
    return {event["name"]: event["value"] for event in events if event.get("event") == "slot"}


def test_the_third_unreadable_answer_is_noted_as_a_point_to_check(bot_db):
    slots = {"requested_slot": "sc_diploma_abroad", "sc_diploma_level": "master"}
    dispatcher = CollectingDispatcher()
    assert _form_turn("bah", slots, earlier=["hmm"], dispatcher=dispatcher)["sc_diploma_abroad"] is None
    assert dispatcher.messages[0]["response"] == "utter_invalid_yes_no"
    dispatcher = CollectingDispatcher()
    set_now = _form_turn("bah", slots, earlier=["hmm", "quoi"], dispatcher=dispatcher)
    assert set_now["sc_diploma_abroad"] == UNSURE_ANSWER and set_now["requested_slot"] == "sc_diploma_in_french"
    assert "point à vérifier" in dispatcher.messages[0]["text"] and len(dispatcher.messages) == 1


def test_a_mixed_answer_fills_the_next_question_too(bot_db):
    slots = {"requested_slot": "sc_diploma_abroad", "sc_diploma_level": "bachelier"}
    set_now = _form_turn("En Belgique, en français.", slots)
    assert set_now["sc_diploma_abroad"] is False and set_now["sc_diploma_in_french"] is True
    # The language question is skipped: experience comes next.
    assert set_now["requested_slot"] == "sc_experience_months"


def test_an_unreadable_answer_fills_nothing_else(bot_db):
    set_now = _form_turn("le bleu, permis oui", {"requested_slot": "sc_experience_months", "sc_diploma_level": "cess"})
    assert set_now["sc_experience_months"] is None and "sc_licence_b" not in set_now


def test_a_profile_that_reads_like_check_eligibility_answers_the_question(bot_db):
    # Classified check_eligibility, as "je peux postuler ?" is: it is still the answer.
    text = "bachelier instit obtenu en Belgique, en français, et j'ai 4 ans d'expérience"
    set_now = _form_turn(text, {"requested_slot": "sc_diploma_level"})
    assert set_now["sc_diploma_level"] == "bachelier" and set_now["sc_diploma_abroad"] is False
    assert set_now["sc_experience_months"] == 48 and set_now["requested_slot"] == "sc_diploma_in_french"


def test_explicit_words_restart_the_self_check(bot_db):
    set_now = _form_turn("je veux recommencer", {"requested_slot": "sc_licence_b", "sc_diploma_level": "master"})
    assert set_now["sc_diploma_level"] is None and set_now["requested_slot"] == "sc_diploma_level"
