"""Actions that read real messages: several questions, follow-ups, statements, the safety net (#11)."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.forwarding import ActionForwardNotice
from actions.offer_questions import ActionAnswerOfferQuestion, ActionAnswerStatement, ActionAnswerUnknown
from tests.integration.actions_support import tracker


def run(action, **kwargs):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker(**kwargs), {})
    return [m.get("text") or m.get("response") for m in dispatcher.messages], events


def test_two_questions_in_one_message_get_two_answers(bot_db):
    texts, _ = run(
        ActionAnswerOfferQuestion(),
        intent="ask_salary",
        text="Quel est le salaire ? Et le télétravail, c'est possible ?",
    )
    assert len(texts) == 2
    assert "28\u00a0374,60 €" in texts[0] and "télétravail est possible après 6 mois" in texts[1]


def test_two_questions_on_one_topic_get_the_whole_topic(bot_db):
    texts, _ = run(
        ActionAnswerOfferQuestion(),
        intent="ask_selection",
        text="Quand est l'écrit et quand est l'entretien ?",
        entities=[{"entity": "selection_step", "value": "examen_ecrit"}],
    )
    assert len(texts) == 1 and "TestWe" in texts[0] and "juillet" in texts[0]


def test_a_short_follow_up_without_a_topic_word_continues_the_topic(bot_db):
    texts, events = run(
        ActionAnswerOfferQuestion(), intent="ask_diversity", text="c'est inclus ?", slots={"topic": "deadline"}
    )
    assert "7 juin 2021 inclus" in texts[0]
    assert SlotSet("topic", "deadline") in events


def test_a_follow_up_naming_a_topic_changes_topic(bot_db):
    texts, _ = run(
        ActionAnswerOfferQuestion(), intent="ask_telework", text="et le télétravail ?", slots={"topic": "salary"}
    )
    assert "télétravail" in texts[0] and "28\u00a0374" not in texts[0]


def test_a_question_about_something_else_is_not_answered_with_a_fact(bot_db):
    texts, events = run(
        ActionAnswerOfferQuestion(), intent="ask_salary", text="C'est quoi le salaire d'une directrice d'école ?"
    )
    assert "Source :" not in texts[0] and "pas certain" in texts[0]
    assert SlotSet("forward_offered", True) in events


def test_a_statement_gets_the_rules_it_meets(bot_db):
    texts, events = run(ActionAnswerStatement(), intent="inform", text="Je suis prof depuis 1 an seulement.")
    assert "au moins 2 ans" in texts[0] and "n'est pas remplie" in texts[0] and "Source :" in texts[0]
    assert SlotSet("topic", "experience") in events


def test_a_statement_with_nothing_usable_suggests_the_self_check(bot_db):
    texts, _ = run(ActionAnswerStatement(), intent="inform", text="j'aime beaucoup mon métier")
    assert texts == ["utter_suggest_selfcheck"]


def test_a_question_read_as_a_statement_gets_the_fact_it_names(bot_db):
    texts, events = run(
        ActionAnswerStatement(),
        intent="inform",
        text="et si je suis en disponibilité par défaut d'emploi ?",
        slots={"topic": "charge_de_mission"},
    )
    assert "disponibilité par défaut d'emploi" in texts[0] and "Source :" in texts[0]
    assert SlotSet("topic", "charge_de_mission") in events


def test_the_other_questions_of_a_message_are_answered_beside_a_silent_one(bot_db):
    texts, events = run(
        ActionAnswerOfferQuestion(),
        intent="ask_contract",
        text="Bonjour, quand commencerait le contrat pour les lauréats ? Ensuite, est-ce qu'on peut télétravailler ?",
    )
    assert len(texts) == 2
    assert "télétravail est possible après 6 mois" in texts[0]
    assert "ne dit rien sur la date d'entrée en fonction" in texts[1]
    assert SlotSet("forward_offered", True) in events


def test_a_question_on_the_net_pay_gets_the_gross_amounts_said_to_be_gross(bot_db):
    texts, _ = run(ActionAnswerOfferQuestion(), intent="ask_salary", text="Combien ça fait en net par mois ?")
    assert "ne donne pas le salaire net" in texts[0] and "brut" in texts[0] and "28\u00a0374,60 €" in texts[0]


def test_the_safety_net_answers_a_clear_question_and_each_part(bot_db):
    texts, events = run(
        ActionAnswerUnknown(),
        intent="nlu_fallback",
        confidence=0.4,
        text="Quel est le salaire et combien d'heures par semaine ?",
    )
    assert len(texts) == 2 and "28\u00a0374,60 €" in texts[0] and "38 heures" in texts[1]
    assert SlotSet("forward_offered", False) in events


def test_the_safety_net_answers_a_described_diploma(bot_db):
    texts, _ = run(
        ActionAnswerUnknown(),
        intent="nlu_fallback",
        confidence=0.4,
        text="J'ai un bachelier en comptabilité, c'est bon ?",
    )
    assert "correspond au niveau demandé" in texts[0]


def test_the_safety_net_never_guesses_off_topic(bot_db):
    for text in (
        "Quelle est la capitale de l'Australie ?",
        "tu connais un bon garagiste a liege",
        "Combien gagne un instituteur primaire en début de carrière ?",
    ):
        texts, events = run(ActionAnswerUnknown(), intent="nlu_fallback", confidence=0.4, text=text)
        assert "Source :" not in texts[0] and "pas certain" in texts[0], text
        assert SlotSet("forward_offered", True) in events


def test_a_question_with_a_request_for_a_person_is_answered_and_forwarded_prefilled(bot_db):
    text = "Quelle est la date limite ? Je voudrais parler à quelqu'un."
    dispatcher = CollectingDispatcher()
    latest = {
        "text": text,
        "intent": {"name": "request_human", "confidence": 1.0},
        "intent_ranking": [{"name": "request_human", "confidence": 1.0}, {"name": "ask_deadline", "confidence": 0.9}],
        "entities": [],
    }
    person = Tracker(
        sender_id="t",
        slots={},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
        latest_message=latest,
    )
    events = ActionForwardNotice().run(dispatcher, person, {})
    assert "7 juin 2021" in dispatcher.messages[0]["text"]
    assert "Je peux transmettre votre question" in dispatcher.messages[1]["text"]
    assert SlotSet("fw_question", "Quelle est la date limite ?") in events


def test_an_off_topic_message_the_classifier_is_sure_of_gets_no_fact(bot_db):
    for text in ("Quel est le salaire minimum en Belgique ?", "WBE recrute des chauffeurs de bus scolaire ?"):
        texts, events = run(ActionAnswerUnknown(), intent="out_of_scope", confidence=0.99, text=text)
        assert "Source :" not in texts[0], text
        assert SlotSet("forward_offered", True) in events


def test_a_follow_up_read_as_off_topic_at_low_confidence_stays_on_the_topic(bot_db):
    follow_up = {"text": "À partir de quand ?", "slots": {"topic": "telework"}}
    texts, _ = run(ActionAnswerUnknown(), intent="out_of_scope", confidence=0.54, **follow_up)
    assert "6 mois" in texts[0]


def test_the_safety_net_answers_a_fact_named_alone(bot_db):
    unsure = {"intent": "nlu_fallback", "confidence": 0.4}
    texts, events = run(ActionAnswerUnknown(), text="Où travaille-t-on ?", ranking=[{"name": "ask_hours"}], **unsure)
    assert "itinérant" in texts[0] and any(e.get("name") == "topic" for e in events)
    # Not when the classifier leaned off the offer, nor for a place that is not the work's.
    for text, best in (("Où travaille-t-on ?", "out_of_scope"), ("C'est où la gare ?", "ask_hours")):
        texts, _ = run(ActionAnswerUnknown(), text=text, ranking=[{"name": best}], **unsure)
        assert "Source :" not in texts[0], text


def test_a_fact_answered_apart_is_not_the_focus_of_the_main_answer(bot_db):
    texts, _ = run(
        ActionAnswerOfferQuestion(),
        intent="ask_post",
        text="Combien de postes sont ouverts et quelle est la référence de l'offre ?",
    )
    assert "WBE3 CM CSAP 2021 014" in texts[0] and "2 postes" in texts[1]


def test_an_elliptical_follow_up_is_read_in_context_even_when_the_classifier_said_off_topic(bot_db):
    follow_up = {"text": "dans quel secteur ?", "slots": {"topic": "experience"}}
    texts, _ = run(ActionAnswerUnknown(), intent="out_of_scope", confidence=0.91, **follow_up)
    assert "secteur de l'enseignement" in texts[0]


def test_a_follow_up_naming_a_verb_of_another_topic_changes_topic(bot_db):
    texts, _ = run(
        ActionAnswerOfferQuestion(), intent="ask_apply", text="et comment je postule ?", slots={"topic": "deadline"}
    )
    assert "formulaire" in texts[0]


def test_a_weak_guess_is_answered_when_the_message_also_names_its_topic(bot_db):
    unsure = {"intent": "nlu_fallback", "confidence": 0.4}
    text = "quel salaire pour un CDI ?"  # two topics named once each: the keywords alone cannot choose
    texts, _ = run(ActionAnswerUnknown(), text=text, ranking=[{"name": "ask_salary"}], **unsure)
    assert "28\u00a0374,60 €" in texts[0]
    texts, _ = run(ActionAnswerUnknown(), text=text, ranking=[{"name": "ask_telework"}], **unsure)
    assert "pas certain" in texts[0]


def test_a_school_named_in_a_statement_is_not_a_diploma(bot_db):
    text = "Je suis nommée à titre définitif dans une école secondaire. Puis-je demander une charge de mission ?"
    texts, _ = run(ActionAnswerStatement(), intent="inform", text=text)
    assert "ne remplit pas" not in texts[0] and "temps plein" in texts[0]


def test_who_wrote_the_circular_is_answered(bot_db):
    texts, _ = run(ActionAnswerOfferQuestion(), intent="ask_contact", text="Qui a rédigé la circulaire ?")
    assert "Ysaline Molle" in texts[0]


def test_two_topics_named_together_in_a_question_get_both(bot_db):
    texts, _ = run(
        ActionAnswerUnknown(),
        intent="nlu_fallback",
        confidence=0.4,
        text="Quelles sont les conditions de diplôme et d'expérience pour ce poste ?",
    )
    assert len(texts) == 2
    assert "type court" in texts[0] + texts[1] and "au moins 2 ans" in texts[0] + texts[1]
