"""The actions read slots, call `bot`, and utter the facts of the offer file."""

from __future__ import annotations

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.offer_questions import ActionAnswerOfferQuestion, ActionAnswerUnknown, ActionGiveContact, ActionGreet
from bot import bootstrap
from tests.integration.actions_support import configure, tracker


def run(action, **kwargs):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker(**kwargs), {})
    return " ".join(m["text"] for m in dispatcher.messages), events


def test_salary_answer_has_both_bounds_and_sets_the_topic(bot_db, offer_facts):
    text, events = run(ActionAnswerOfferQuestion(), intent="ask_salary")
    assert "28\u00a0374,60 €" in text and "43\u00a0644,46 €" in text
    assert "Source : circulaire 8118" in text
    assert SlotSet("topic", "salary") in events


def test_follow_up_on_charge_de_mission_uses_the_previous_topic(bot_db):
    text, events = run(ActionAnswerOfferQuestion(), intent="ask_charge_de_mission", slots={"topic": "salary"})
    assert "86,76 € brut" in text and "allocation mensuelle" in text
    assert SlotSet("topic", "charge_de_mission") in events


def test_hours_and_deadline_on_the_fixed_clock(bot_db, monkeypatch):
    assert "38 heures par semaine" in run(ActionAnswerOfferQuestion(), intent="ask_hours")[0]
    assert "il vous reste 6 jours" in run(ActionAnswerOfferQuestion(), intent="ask_deadline")[0]
    configure(monkeypatch, bot_db, now="2021-06-07T23:00:00")
    assert "dernier jour" in run(ActionAnswerOfferQuestion(), intent="ask_deadline")[0]
    configure(monkeypatch, bot_db, now="2021-06-08T00:01:00")
    assert "clôturé" in run(ActionAnswerOfferQuestion(), intent="ask_deadline")[0]


def test_selection_step_entity_focuses_the_answer(bot_db):
    entities = [{"entity": "selection_step", "value": "entretien"}]
    text, events = run(ActionAnswerOfferQuestion(), intent="ask_selection", entities=entities)
    assert "Webex" in text and "TestWe" not in text
    assert SlotSet("selection_step", None) in events


def test_unknown_intent_contact_and_greeting(bot_db, offer_facts):
    email = offer_facts["contact"]["email"]
    text, _ = run(ActionAnswerOfferQuestion(), intent="out_of_scope")
    assert "pas certain" in text and email in text
    assert email in run(ActionAnswerUnknown(), intent="nlu_fallback")[0]
    assert email in run(ActionGiveContact(), intent="request_human")[0]
    greeting = run(ActionGreet(), intent="greet")[0]
    assert "assistant automatique" in greeting and "WBE3 CM CSAP 2021 014" in greeting


def test_database_down_gives_an_apology_and_the_contact(monkeypatch, tmp_path, offer_facts):
    # Nothing listens on port 1: the database is down.
    configure(monkeypatch, "postgresql://postgres@127.0.0.1:1/wbe")
    for action, intent in (
        (ActionAnswerOfferQuestion(), "ask_salary"),
        (ActionGreet(), "greet"),
        (ActionAnswerUnknown(), "nlu_fallback"),
        (ActionGiveContact(), "request_human"),
    ):
        text, events = run(action, intent=intent)
        assert text.startswith("Désolé, je ne parviens pas à consulter")
        assert offer_facts["contact"]["email"] in text
        assert events == []
    bootstrap.use(None)  # rebuilt from the environment on next use


def test_a_question_the_circular_is_silent_on_gets_no_topic_facts_and_the_referent(bot_db):
    # The classifier reads it as a contract question; the contract's facts would be a guess.
    text, events = run(ActionAnswerOfferQuestion(), intent="ask_contract", text="Y a-t-il une période d'essai ?")
    assert "ne dit rien sur une période d'essai" in text and "Sandrine.GEUQUET@cfwb.be" in text
    assert "Source :" not in text and "CDI" not in text
    assert SlotSet("forward_offered", True) in events
    assert SlotSet("fw_question", "Y a-t-il une période d'essai ?") in events


def test_the_fallback_says_the_circular_is_silent_instead_of_rescuing_a_topic(bot_db):
    text, events = run(ActionAnswerUnknown(), intent="nlu_fallback", text="il y a un parking au bureau ?")
    assert "ne dit rien sur un parking" in text and "Source :" not in text
    assert SlotSet("forward_offered", True) in events
