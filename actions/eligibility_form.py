"""The eligibility self-check form: validation, the assets question, the verdict.

Free answers are parsed by `bot.parsing`; the rules live in `bot.eligibility`.
A question about the offer asked in the middle is answered, then the form
asks its question again. Nothing is kept once the verdict is given.
"""
from __future__ import annotations

from functools import partial
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from bot.answers import TOPIC_BY_INTENT
from bot.eligibility import assess, describe, requirements_from_offer
from bot.parsing import (parse_assets, parse_diploma_level, parse_diploma_origin,
                         parse_experience_months, parse_tenure, parse_yes_no)
from bot.replies import DataUnavailable
from bot.selfcheck_flow import QUESTIONS, UNCLEAR_DIPLOMA, profile_from_answers, required_questions

# Answers that mean "I cannot say what my diploma is": the referent decides.
UNKNOWN_DIPLOMA_WORDS = ("je ne sais pas", "sais pas", "autre", "aucune idee", "aucune idée", "diplome", "diplôme")
# An FAQ intent must be this sure before a non-answer is treated as a question.
INTERRUPTION_CONFIDENCE = 0.6


def _answers(tracker: Tracker) -> dict[str, Any]:
    return {name: tracker.get_slot(name) for name in QUESTIONS}


class ValidateEligibilityForm(FormValidationAction):
    def name(self) -> str:
        return "validate_eligibility_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain):
        return required_questions(_answers(tracker))

    # --- helpers ---

    def _interrupted(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
        """Answer an offer question asked instead of an answer; True if it was one."""
        intent = tracker.latest_message.get("intent") or {}
        name, confidence = intent.get("name"), intent.get("confidence") or 0.0
        if confidence < INTERRUPTION_CONFIDENCE:
            return False
        try:
            if name in TOPIC_BY_INTENT:
                answer = runtime.offer_reader().answer(name, runtime.now())
                dispatcher.utter_message(text=answer.full_text())
            elif name == "request_human":
                dispatcher.utter_message(text=runtime.offer_reader().contact())
            elif name == "bot_challenge":
                dispatcher.utter_message(response="utter_iamabot")
            else:
                return False
        except DataUnavailable:
            dispatcher.utter_message(text="Je ne peux pas consulter l'offre pour le moment ; reprenons la vérification.")
        return True

    def _yes_no(self, slot: str, value: Any, dispatcher, tracker) -> dict[str, Any]:
        answer = parse_yes_no(str(value))
        if answer is None and not self._interrupted(dispatcher, tracker):
            dispatcher.utter_message(response="utter_invalid_yes_no")
        return {slot: answer}

    # --- one validate_<slot> per question ---

    def validate_sc_diploma_level(self, value, dispatcher, tracker, domain):
        text = str(value)
        level = parse_diploma_level(text)
        if level is None:
            if self._interrupted(dispatcher, tracker):
                return {"sc_diploma_level": None}
            if any(word in text.lower() for word in UNKNOWN_DIPLOMA_WORDS):
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
        return self._yes_no("sc_diploma_in_french", value, dispatcher, tracker)

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
        elif not self._interrupted(dispatcher, tracker):
            dispatcher.utter_message(response="utter_invalid_sc_experience_months")
        return {"sc_experience_months": None}

    def validate_sc_licence_b(self, value, dispatcher, tracker, domain):
        text = str(value)
        slots = self._yes_no("sc_licence_b", text, dispatcher, tracker)
        # "oui j'ai le permis mais pas de voiture" answers both questions.
        vehicle = _vehicle_in(text)
        if slots["sc_licence_b"] is not None and vehicle is not None:
            slots["sc_vehicle"] = vehicle
        return slots

    def validate_sc_vehicle(self, value, dispatcher, tracker, domain):
        return self._yes_no("sc_vehicle", value, dispatcher, tracker)

    def validate_sc_tenured(self, value, dispatcher, tracker, domain):
        tenure = parse_tenure(str(value))
        if tenure.tenured is None:
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
        text = str(value).lower()
        if "disponibilit" in text or ("activit" in text and "pas" not in text):
            return {"sc_active_service": True}
        return self._yes_no("sc_active_service", value, dispatcher, tracker)

    def validate_sc_assets(self, value, dispatcher, tracker, domain):
        assets = parse_assets(str(value))
        if assets is None:
            if not self._interrupted(dispatcher, tracker):
                dispatcher.utter_message(response="utter_invalid_sc_assets")
            return {"sc_assets": None}
        return {"sc_assets": assets}


def _vehicle_in(text: str) -> bool | None:
    lowered = text.lower()
    for word in ("voiture", "véhicule", "vehicule", "auto"):
        position = lowered.find(word)
        if position >= 0:
            # Look for a negation just before the word: "mais pas de voiture".
            before = lowered[max(0, position - 15):position]
            return not any(neg in before for neg in ("pas", "sans", "aucun", "n'ai", "ni "))
    return None


class ActionAskAssets(Action):
    """Asks about the assets listed in the offer data."""

    def name(self) -> str:
        return "action_ask_sc_assets"

    def run(self, dispatcher, tracker, domain):
        try:
            names = runtime.offer_reader().requirements(requirements_from_offer).asset_names.values()
            listed = ", ".join(names)
        except DataUnavailable:
            listed = "les domaines cités comme atouts dans l'offre"
        dispatcher.utter_message(
            text=f"Dernière question : avez-vous de l'expérience dans un de ces domaines : {listed} ? "
                 "Citez-les, ou répondez « aucun ».",
            buttons=[{"title": "Aucun", "payload": "aucun"}])
        return []


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
            dispatcher.utter_message(text="Désolé, je ne peux pas consulter les conditions de l'offre pour "
                                          "le moment : réessayez dans quelques minutes.")
            return _forget_answers()
        assessment = assess(profile_from_answers(_answers(tracker)), requirements)
        dispatcher.utter_message(text=describe(assessment, deadline, contact))
        runtime.count_verdict(assessment.verdict)
        if not assessment.refer_to_referent:
            return _forget_answers()
        dispatcher.utter_message(text="Voulez-vous que je transmette votre situation à la référente ?",
                                 buttons=[{"title": "Oui", "payload": "oui"}, {"title": "Non", "payload": "non"}])
        return _forget_answers() + [SlotSet("forward_offered", True), SlotSet("fw_question", None),
                                    SlotSet("fw_reason", "selfcheck")]


class ActionResetSelfcheck(Action):
    def name(self) -> str:
        return "action_reset_selfcheck"

    def run(self, dispatcher, tracker, domain):
        return _forget_answers()


def _forget_answers() -> list[dict[str, Any]]:
    # The self-check is advisory and stores nothing about the person.
    return [SlotSet(name, None) for name in QUESTIONS]
