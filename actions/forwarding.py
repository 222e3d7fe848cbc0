"""Forwarding a question to the referent: offer, notice, form, confirmation."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet

from actions import runtime
from bot.answers.replies import DataUnavailable, unavailable_reply
from bot.domain.topics import TOPIC_BY_INTENT
from bot.parsing import parse_yes_no
from bot.referents.tickets import MAX_QUESTION_CHARS, valid_email
from bot.understanding.message_focus import focus_message

EMAIL_DECLINED = "declined"
# The classifier's confidence in the question asked together with a request for a person.
ANSWER_FIRST_CONFIDENCE = 0.55
FORWARD_SLOTS = ("fw_question", "fw_email", "fw_reason")


def _reset() -> list[dict[str, Any]]:
    return [SlotSet(name, None) for name in FORWARD_SLOTS] + [SlotSet("forward_offered", False)]


def _previous_bot_action(tracker: Tracker) -> str | None:
    """The last action before the latest user message."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen_user = True
        elif seen_user and event.get("event") == "action" and event.get("name") != "action_listen":
            return event.get("name")
    return None


class ActionForwardNotice(Action):
    def name(self) -> str:
        return "action_forward_notice"

    def run(self, dispatcher, tracker, domain):
        asked = focus_message(runtime.message_text(tracker.latest_message)).questions
        human_requested = tracker.get_intent_of_latest_message() == "request_human"
        if asked and human_requested:
            _answer_first(dispatcher, tracker, asked[0])
        try:
            dispatcher.utter_message(text=runtime.forwarder().notice())
        except DataUnavailable:
            settings = runtime.settings()
            dispatcher.utter_message(text=unavailable_reply(settings.offers_dir, settings.offer_id))
            return _reset()
        events: list[dict[str, Any]] = [SlotSet("forward_offered", False)]
        # Reuse the candidate's last message only if it was the unanswered question.
        if tracker.get_slot("fw_question") and _previous_bot_action(tracker) not in (
            "action_answer_unknown",
            "action_eligibility_verdict",
        ):
            events.append(SlotSet("fw_question", None))
        if not tracker.get_slot("fw_reason") or tracker.get_intent_of_latest_message() == "request_human":
            events.append(SlotSet("fw_reason", "request"))
        # "Quel est le salaire ? Je voudrais en parler à quelqu'un": the question is already there.
        if asked and human_requested:
            events.append(SlotSet("fw_question", " ".join(asked)[:MAX_QUESTION_CHARS]))
        return events


def _answer_first(dispatcher, tracker, question: str) -> None:
    """A question asked with the request for a person: answer it when the classifier was sure of it."""
    ranking = tracker.latest_message.get("intent_ranking") or []
    asked = ranking[1] if len(ranking) > 1 else {}
    try:
        if asked.get("name") in TOPIC_BY_INTENT and (asked.get("confidence") or 0) >= ANSWER_FIRST_CONFIDENCE:
            answers = [runtime.offer_reader().answer(asked["name"], runtime.now(), asked=question)]
        elif asked.get("name") == "out_of_scope":
            return
        else:
            # Unsure: only a fact the question clearly names ("où travaille-t-on ?"), as the fallback would.
            answers = runtime.offer_reader().rescue(question, runtime.now(), by_fact=True)
    except DataUnavailable:
        return
    for answer in answers[:1]:
        dispatcher.utter_message(text=answer.full_text())


class ValidateForwardForm(FormValidationAction):
    def name(self) -> str:
        return "validate_forward_form"

    def validate_fw_question(self, value, dispatcher, tracker, domain):
        text = " ".join(str(value or "").split())
        if len(text) < 5 or parse_yes_no(text) is not None:
            dispatcher.utter_message(response="utter_invalid_fw_question")
            return {"fw_question": None}
        return {"fw_question": text[:MAX_QUESTION_CHARS]}

    def validate_fw_email(self, value, dispatcher, tracker, domain):
        text = str(value or "")
        email = valid_email(text)
        if email:
            return {"fw_email": email}
        if parse_yes_no(text) is False:
            return {"fw_email": EMAIL_DECLINED}
        dispatcher.utter_message(response="utter_invalid_fw_email")
        return {"fw_email": None}


class ActionSubmitForward(Action):
    def name(self) -> str:
        return "action_submit_forward"

    def run(self, dispatcher, tracker, domain):
        email = tracker.get_slot("fw_email")
        if email == EMAIL_DECLINED or not email:
            _give_contact(dispatcher, "Entendu, je ne transmets rien.")
            return _reset()
        try:
            result = runtime.forwarder().forward(
                tracker.get_slot("fw_question"),
                email,
                tracker.sender_id,
                tracker.get_slot("fw_reason") or "request",
                runtime.now(),
            )
        except OSError:
            # Neither the database nor the local spool could keep it: say so plainly.
            _give_contact(dispatcher, "Désolé, je n'ai pas pu enregistrer votre question pour le moment.")
            return _reset()
        if result.stored_in == "database":
            dispatcher.utter_message(
                text=f"C'est transmis. Votre référence : {result.reference}. "
                f"Votre question lui est transmise ; une réponse éventuelle vous sera envoyée à l'adresse {email}."
            )
        else:
            dispatcher.utter_message(
                text=f"Notre base de données est momentanément indisponible, mais votre question est conservée "
                f"et sera transmise dès son retour. Votre référence : {result.reference}. "
                f"Une réponse éventuelle vous sera envoyée à l'adresse {email}."
            )
        return _reset()


class ActionForwardCancelled(Action):
    def name(self) -> str:
        return "action_forward_cancelled"

    def run(self, dispatcher, tracker, domain):
        _give_contact(dispatcher, "D'accord, votre question n'a pas été transmise.")
        return _reset()


def _give_contact(dispatcher, opening: str) -> None:
    try:
        dispatcher.utter_message(text=f"{opening} {runtime.offer_reader().contact()}")
    except DataUnavailable:
        settings = runtime.settings()
        dispatcher.utter_message(text=f"{opening} {unavailable_reply(settings.offers_dir, settings.offer_id)}")
