"""The eligibility self-check form: validation, the assets question, the verdict.

Free answers are parsed by `bot.parsing`; the rules live in `bot.selfcheck.rules`.
A question about the offer asked in the middle is answered, then the form
asks its question again. Nothing is kept once the verdict is given.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from bot.answers.replies import DataUnavailable
from bot.domain.topics import TOPIC_BY_INTENT
from bot.parsing import (
    is_unsure,
    mentions_service_status,
    parse_assets,
    parse_diploma,
    parse_diploma_language,
    parse_diploma_origin,
    parse_experience_months,
    parse_service_status,
    parse_tenure,
    parse_vehicle_mention,
    parse_yes_no,
)
from bot.selfcheck.attempts import MAX_UNREADABLE_ANSWERS, unreadable_answers
from bot.selfcheck.flow import (
    DIPLOMA_IN_PROGRESS,
    QUESTIONS,
    UNCLEAR_DIPLOMA,
    UNSURE_ANSWER,
    profile_from_answers,
    required_questions,
)
from bot.selfcheck.mixed_answers import later_answers, wants_restart
from bot.selfcheck.profile import Requirements, requirements_from_offer
from bot.selfcheck.questions import (
    DIPLOMA_CLARIFICATIONS,
    invalid_assets,
    status_clarification,
)
from bot.selfcheck.rules import assess
from bot.selfcheck.verdict import describe

# An FAQ intent must be this sure before a non-answer is treated as a question.
INTERRUPTION_CONFIDENCE = 0.6


def _answers(tracker: Tracker) -> dict[str, Any]:
    return {name: tracker.get_slot(name) for name in QUESTIONS}


def _requirements() -> Requirements:
    return runtime.offer_reader().requirements(requirements_from_offer)


UNSURE_NOTED = "Entendu : je le note comme un point à vérifier."
UNREADABLE_NOTED = (
    "Je n'arrive pas à lire votre réponse à cette question : je la note comme un point à vérifier "
    "et je passe à la suite."
)


class ValidateEligibilityForm(FormValidationAction):
    def name(self) -> str:
        return "validate_eligibility_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain):
        try:
            return required_questions(_answers(tracker), _requirements())
        except DataUnavailable:
            # The verdict action apologises; meanwhile ask what the domain lists.
            return domain_slots

    async def get_validation_events(self, dispatcher, tracker, domain):
        text = str(tracker.latest_message.get("text") or "")
        if wants_restart(text):
            dispatcher.utter_message(response="utter_selfcheck_restart")
            return [SlotSet(question, None) for question in QUESTIONS]
        said = len(dispatcher.messages)
        events = await super().get_validation_events(dispatcher, tracker, domain)
        asked = tracker.get_slot("requested_slot")
        filled = {event["name"]: event["value"] for event in events if event.get("event") == "slot"}
        if asked is not None and asked in filled and filled[asked] is None and self._gave_up(asked, tracker):
            # Not a fourth "je n'ai pas compris": noted as a point to check, and on to the next question.
            del dispatcher.messages[said:]
            dispatcher.utter_message(text=UNREADABLE_NOTED)
            value = UNCLEAR_DIPLOMA if asked == "sc_diploma_level" else UNSURE_ANSWER
            return [e for e in events if not (e.get("event") == "slot" and e.get("name") == asked)] + [
                SlotSet(asked, value)
            ]
        if asked is None or filled.get(asked) is None:
            return events
        # "En Belgique, en français" also answers the next question: do not ask it.
        extra = later_answers(text, asked, {**_answers(tracker), **filled})
        return events + [SlotSet(slot, value) for slot, value in extra.items()]

    # --- helpers ---

    @staticmethod
    def _gave_up(asked: str, tracker: Tracker) -> bool:
        def side_question(parse: dict) -> bool:
            intent = parse.get("intent") or {}
            return (
                intent.get("name") in TOPIC_BY_INTENT and (intent.get("confidence") or 0.0) >= INTERRUPTION_CONFIDENCE
            )

        if side_question(tracker.latest_message or {}):
            return False  # answered as a question about the offer: the self-check question comes again
        return unreadable_answers(tracker.events, asked, QUESTIONS, side_question) >= MAX_UNREADABLE_ANSWERS

    def _interrupted(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
        """Answer an offer question asked instead of an answer; True if it was one."""
        intent = tracker.latest_message.get("intent") or {}
        name, confidence = intent.get("name"), intent.get("confidence") or 0.0
        if confidence < INTERRUPTION_CONFIDENCE:
            return False
        try:
            if name in TOPIC_BY_INTENT:
                answer = runtime.offer_reader().answer(name, runtime.now(), asked=tracker.latest_message.get("text"))
                dispatcher.utter_message(text=answer.full_text())
            elif name == "request_human":
                dispatcher.utter_message(text=runtime.offer_reader().contact())
            elif name == "bot_challenge":
                dispatcher.utter_message(response="utter_iamabot")
            else:
                return False
        except DataUnavailable:
            dispatcher.utter_message(
                text="Je ne peux pas consulter l'offre pour le moment ; reprenons la vérification."
            )
        return True

    def _unsure(self, slot: str, value: Any, dispatcher) -> dict[str, Any] | None:
        """ "je ne sais pas": recorded as such, so the question is not asked forever."""
        if not is_unsure(str(value)):
            return None
        dispatcher.utter_message(text=UNSURE_NOTED)
        return {slot: UNSURE_ANSWER}

    def _yes_no(self, slot: str, value: Any, dispatcher, tracker) -> dict[str, Any]:
        answer = parse_yes_no(str(value))
        if answer is None:
            unsure = self._unsure(slot, value, dispatcher)
            if unsure is not None:
                return unsure
            if not self._interrupted(dispatcher, tracker):
                dispatcher.utter_message(response="utter_invalid_yes_no")
        return {slot: answer}

    # --- one validate_<slot> per question ---

    def validate_sc_diploma_level(self, value, dispatcher, tracker, domain):
        text = str(value)
        parsed = parse_diploma(text)
        level = DIPLOMA_IN_PROGRESS if parsed.in_progress else parsed.level
        if level is None:
            if self._interrupted(dispatcher, tracker):
                return {"sc_diploma_level": None}
            if parsed.ambiguity:
                dispatcher.utter_message(text=DIPLOMA_CLARIFICATIONS[parsed.ambiguity])
                return {"sc_diploma_level": None}
            if parsed.unsure:
                level = UNCLEAR_DIPLOMA
            else:
                dispatcher.utter_message(response="utter_invalid_sc_diploma_level")
                return {"sc_diploma_level": None}
        slots = {"sc_diploma_level": level}
        # "un master obtenu en France" also answers the next question.
        origin = parse_diploma_origin(text)
        if origin is not None:
            slots["sc_diploma_abroad"] = origin == "abroad"
        return slots

    def validate_sc_diploma_abroad(self, value, dispatcher, tracker, domain):
        origin = parse_diploma_origin(str(value))
        if origin is not None:
            return {"sc_diploma_abroad": origin == "abroad"}
        return self._yes_no("sc_diploma_abroad", value, dispatcher, tracker)

    def validate_sc_equivalence(self, value, dispatcher, tracker, domain):
        return self._yes_no("sc_equivalence", value, dispatcher, tracker)

    def validate_sc_diploma_in_french(self, value, dispatcher, tracker, domain):
        # "en français", "non, en néerlandais" answer the question as well as "oui" / "non".
        answer = parse_diploma_language(str(value))
        if answer is None and (unsure := self._unsure("sc_diploma_in_french", value, dispatcher)) is not None:
            return unsure
        if answer is None and not self._interrupted(dispatcher, tracker):
            dispatcher.utter_message(response="utter_invalid_sc_diploma_in_french")
        return {"sc_diploma_in_french": answer}

    def validate_sc_language_certificate(self, value, dispatcher, tracker, domain):
        return self._yes_no("sc_language_certificate", value, dispatcher, tracker)

    def validate_sc_experience_months(self, value, dispatcher, tracker, domain):
        parsed = parse_experience_months(str(value))
        if parsed.months is not None:
            return {"sc_experience_months": parsed.months}
        if parsed.problem == "negative":
            dispatcher.utter_message(response="utter_invalid_experience_negative")
        elif parsed.problem == "too_large":
            dispatcher.utter_message(response="utter_invalid_experience_too_large")
        elif (unsure := self._unsure("sc_experience_months", value, dispatcher)) is not None:
            return unsure
        elif not self._interrupted(dispatcher, tracker):
            dispatcher.utter_message(response="utter_invalid_sc_experience_months")
        return {"sc_experience_months": None}

    def validate_sc_licence_b(self, value, dispatcher, tracker, domain):
        text = str(value)
        slots = self._yes_no("sc_licence_b", text, dispatcher, tracker)
        # "oui j'ai le permis mais pas de voiture" answers both questions.
        vehicle = parse_vehicle_mention(text)
        if slots["sc_licence_b"] is not None and vehicle is not None:
            slots["sc_vehicle"] = vehicle
        return slots

    def validate_sc_vehicle(self, value, dispatcher, tracker, domain):
        return self._yes_no("sc_vehicle", value, dispatcher, tracker)

    def validate_sc_tenured(self, value, dispatcher, tracker, domain):
        tenure = parse_tenure(str(value))
        if tenure.tenured is None:
            if (unsure := self._unsure("sc_tenured", value, dispatcher)) is not None:
                return unsure
            if not self._interrupted(dispatcher, tracker):
                dispatcher.utter_message(response="utter_invalid_yes_no")
            return {"sc_tenured": None}
        slots: dict[str, Any] = {"sc_tenured": tenure.tenured}
        # "nommée à titre définitif à mi-temps" also says it is part time.
        if tenure.full_time is not None:
            slots["sc_full_time"] = tenure.full_time
        if tenure.fwb_network is not None:
            slots["sc_fwb_network"] = tenure.fwb_network
        return slots

    def validate_sc_wants_cdm(self, value, dispatcher, tracker, domain):
        return self._yes_no("sc_wants_cdm", value, dispatcher, tracker)

    def validate_sc_full_time(self, value, dispatcher, tracker, domain):
        tenure = parse_tenure(str(value))
        if tenure.full_time is not None:
            return {"sc_full_time": tenure.full_time}
        return self._yes_no("sc_full_time", value, dispatcher, tracker)

    def validate_sc_fwb_network(self, value, dispatcher, tracker, domain):
        tenure = parse_tenure(str(value))
        if tenure.fwb_network is not None:
            return {"sc_fwb_network": tenure.fwb_network}
        return self._yes_no("sc_fwb_network", value, dispatcher, tracker)

    def validate_sc_active_service(self, value, dispatcher, tracker, domain):
        text = str(value)
        status = parse_service_status(text)
        if status is not None:
            return {"sc_active_service": status}
        if mentions_service_status(text):
            # "je ne suis pas en disponibilité" says what the candidate is not: ask again.
            try:
                dispatcher.utter_message(text=status_clarification(_requirements()))
            except DataUnavailable:
                dispatcher.utter_message(response="utter_invalid_yes_no")
            return {"sc_active_service": None}
        return self._yes_no("sc_active_service", value, dispatcher, tracker)

    def validate_sc_assets(self, value, dispatcher, tracker, domain):
        assets = parse_assets(str(value))
        if assets is None:
            if (unsure := self._unsure("sc_assets", value, dispatcher)) is not None:
                return unsure
            if not self._interrupted(dispatcher, tracker):
                try:
                    dispatcher.utter_message(text=invalid_assets(_requirements()))
                except DataUnavailable:
                    dispatcher.utter_message(response="utter_invalid_sc_assets")
            return {"sc_assets": None}
        return {"sc_assets": assets}


class ActionEligibilityVerdict(Action):
    def name(self) -> str:
        return "action_eligibility_verdict"

    def run(self, dispatcher, tracker, domain):
        reader = runtime.offer_reader()
        try:
            requirements = reader.requirements(requirements_from_offer)
            deadline = reader.answer("ask_deadline", runtime.now()).text
            contact = reader.contact_email()
        except DataUnavailable:
            dispatcher.utter_message(
                text="Désolé, je ne peux pas consulter les conditions de l'offre pour "
                "le moment : réessayez dans quelques minutes."
            )
            return _forget_answers()
        assessment = assess(profile_from_answers(_answers(tracker)), requirements)
        dispatcher.utter_message(text=describe(assessment, deadline, contact))
        runtime.count_verdict(assessment.verdict)
        if not assessment.refer_to_referent:
            return _forget_answers()
        dispatcher.utter_message(
            text="Voulez-vous que je transmette votre situation à la référente ?",
            buttons=[{"title": "Oui", "payload": "oui"}, {"title": "Non", "payload": "non"}],
        )
        return _forget_answers() + [
            SlotSet("forward_offered", True),
            SlotSet("fw_question", None),
            SlotSet("fw_reason", "selfcheck"),
        ]


class ActionResetSelfcheck(Action):
    def name(self) -> str:
        return "action_reset_selfcheck"

    def run(self, dispatcher, tracker, domain):
        return _forget_answers()


def _forget_answers() -> list[dict[str, Any]]:
    # The self-check is advisory and stores nothing about the person.
    return [SlotSet(name, None) for name in QUESTIONS]
