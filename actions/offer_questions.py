"""Answers to candidates' questions, read from the offer database."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from bot.answers.replies import DataUnavailable, unavailable_reply, unknown_reply, unstated_reply
from bot.domain.topics import TOPIC_BY_INTENT
from bot.understanding.fact_search import about_something_else, is_elliptical_question
from bot.understanding.message_focus import is_question

OUT_OF_SCOPE = "out_of_scope"
# Set on the development sets: the off-topic messages that got a guessed fact were read as
# out_of_scope at 0.96 to 1.00, short follow-ups at 0.5 to 0.6.
SURE_OFF_THE_OFFER = 0.8
YES_NO_BUTTONS = [{"title": "Oui", "payload": "oui"}, {"title": "Non", "payload": "non"}]


def _surely_off_the_offer(intent: dict[str, Any]) -> bool:
    return intent.get("name") == OUT_OF_SCOPE and float(intent.get("confidence") or 0.0) >= SURE_OFF_THE_OFFER


def _follows_up(text: str, tracker: Tracker) -> bool:
    """ "dans quel secteur ?" right after an answer: about that answer, whatever the classifier thought."""
    return bool(tracker.get_slot("topic")) and is_elliptical_question(text)


# An e-mail this long, sent to this vacancy's assistant, is about the vacancy: the classifier,
# trained on short questions, can read its reworded question ("ce que ce poste rapporte") as off
# the offer. Off-topic messages on the development sets are short: 14 words at most.
EMAIL_WORDS = 30


def _is_an_email(message: dict[str, Any]) -> bool:
    whole = message.get("full_text")
    return isinstance(whole, str) and len(whole.split()) >= EMAIL_WORDS


def _best_guess(message: dict[str, Any]) -> str | None:
    """The topic of the classifier's best guess below the fallback threshold, if it is a topic."""
    ranking = [r for r in message.get("intent_ranking") or [] if r.get("name") != "nlu_fallback"]
    return TOPIC_BY_INTENT.get(ranking[0].get("name")) if ranking else None


def _leans_off_the_offer(message: dict[str, Any]) -> bool:
    """The classifier's best guess, below the fallback threshold, was "off the offer"."""
    ranking = [r for r in message.get("intent_ranking") or [] if r.get("name") != "nlu_fallback"]
    return not ranking or ranking[0].get("name") == OUT_OF_SCOPE


def _apologise(dispatcher: CollectingDispatcher) -> list[dict[str, Any]]:
    settings = runtime.settings()
    dispatcher.utter_message(text=unavailable_reply(settings.offers_dir, settings.offer_id))
    return []


class ActionGreet(Action):
    def name(self) -> str:
        return "action_greet"

    def run(self, dispatcher, tracker: Tracker, domain):
        try:
            dispatcher.utter_message(text=runtime.offer_reader().greeting())
        except DataUnavailable:
            return _apologise(dispatcher)
        return []


class ActionAnswerOfferQuestion(Action):
    def name(self) -> str:
        return "action_answer_offer_question"

    def run(self, dispatcher, tracker: Tracker, domain):
        # Not get_intent_of_latest_message(): it skips nlu_fallback, and a
        # low-confidence message must never get a guessed fact.
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        text = runtime.message_text(tracker.latest_message)
        if intent not in TOPIC_BY_INTENT or about_something_else(text):
            return ActionAnswerUnknown().run(dispatcher, tracker, domain)
        try:
            # "Y a-t-il une période d'essai ?" reads as a contract question, but the circular is silent on it.
            if runtime.offer_reader().unstated(text):
                return ActionAnswerUnknown().run(dispatcher, tracker, domain)
        except DataUnavailable:
            return _apologise(dispatcher)
        step = next(tracker.get_latest_entity_values("selection_step"), None)
        try:
            answers = runtime.offer_reader().answers(
                intent,
                runtime.now(),
                previous_topic=tracker.get_slot("topic"),
                selection_step=step,
                asked=text,
            )
        except DataUnavailable:
            return _apologise(dispatcher)
        for answer in answers:
            dispatcher.utter_message(text=answer.full_text())
            runtime.count_topic(answer.topic)
        return [SlotSet("topic", answers[0].topic), SlotSet("selection_step", None), SlotSet("forward_offered", False)]


class ActionAnswerStatement(Action):
    """A candidate describes their situation: give the rules it meets, or suggest the self-check."""

    def name(self) -> str:
        return "action_answer_statement"

    def run(self, dispatcher, tracker: Tracker, domain):
        text = runtime.message_text(tracker.latest_message)
        try:
            # "Je suis française, faut-il être belge ?": what the circular is silent on, said so.
            if runtime.offer_reader().unstated(text):
                return ActionAnswerUnknown().run(dispatcher, tracker, domain)
            answer = runtime.offer_reader().statement(text, runtime.now())
            # "et si je suis en disponibilité par défaut d'emploi ?" states nothing the rules read, but
            # asks about a fact the offer names: that fact's answer.
            rescued = (
                runtime.offer_reader().rescue(text, runtime.now(), previous_topic=tracker.get_slot("topic"))
                if answer is None and is_question(text)
                else []
            )
        except DataUnavailable:
            return _apologise(dispatcher)
        if rescued:
            for found in rescued:
                dispatcher.utter_message(text=found.full_text())
            return [SlotSet("topic", rescued[0].topic), SlotSet("forward_offered", False)]
        if answer is None:
            dispatcher.utter_message(response="utter_suggest_selfcheck")
            return [SlotSet("forward_offered", False)]
        dispatcher.utter_message(text=answer.full_text())
        return [SlotSet("topic", answer.topic), SlotSet("forward_offered", False)]


class ActionAnswerUnknown(Action):
    def name(self) -> str:
        return "action_answer_unknown"

    def run(self, dispatcher, tracker: Tracker, domain):
        message = tracker.latest_message or {}
        text = runtime.message_text(message).strip()
        intent = message.get("intent") or {}
        try:
            unstated = runtime.offer_reader().unstated(text)
            # Before admitting defeat: a described situation, or one fact the offer clearly names.
            # Not when the classifier is sure the message is off the offer: a topic word in "le salaire
            # minimum en Belgique" or "WBE recrute des chauffeurs ?" does not make it a question on it
            # (a follow-up such as "à partir de quand ?" gets out_of_scope at lower confidences).
            rescued = (
                []
                if unstated
                or (_surely_off_the_offer(intent) and not _follows_up(text, tracker) and not _is_an_email(message))
                else runtime.offer_reader().rescue(
                    text,
                    runtime.now(),
                    previous_topic=tracker.get_slot("topic"),
                    by_fact=not _leans_off_the_offer(message),
                    guess=_best_guess(message),
                )
            )
        except DataUnavailable:
            return _apologise(dispatcher)
        if rescued:
            for answer in rescued:
                dispatcher.utter_message(text=answer.full_text())
            return [SlotSet("topic", rescued[0].topic), SlotSet("forward_offered", False)]
        try:
            # The message's other questions are answered first; the silent one is offered to the referent.
            reader = runtime.offer_reader()
            others = reader.besides_unstated(text, runtime.now(), tracker.get_slot("topic")) if unstated else []
            for answer in others:
                dispatcher.utter_message(text=answer.full_text())
            contact = runtime.offer_reader().contact()
            reply = unstated_reply(unstated, contact) if unstated else unknown_reply(contact)
        except DataUnavailable:
            return _apologise(dispatcher)
        # Kept so referents see which facts are missing (purged with the rest): the question the
        # classifier read, without the e-mail's greeting and signature.
        question = str(message.get("text") or text).strip()
        if question:
            runtime.forwarder().log_unanswered(
                tracker.sender_id, question, intent.get("name"), intent.get("confidence"), runtime.now()
            )
        dispatcher.utter_message(text=reply, buttons=YES_NO_BUTTONS)
        return [
            SlotSet("forward_offered", True),
            SlotSet("fw_question", question or None),
            SlotSet("fw_reason", "out_of_scope" if intent.get("name") == OUT_OF_SCOPE else "low_confidence"),
        ]


class ActionGiveContact(Action):
    def name(self) -> str:
        return "action_give_contact"

    def run(self, dispatcher, tracker: Tracker, domain):
        try:
            dispatcher.utter_message(text=runtime.offer_reader().contact())
        except DataUnavailable:
            return _apologise(dispatcher)
        return [SlotSet("forward_offered", False)]
