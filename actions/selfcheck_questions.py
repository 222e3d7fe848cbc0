"""The self-check questions whose wording names facts of the offer (asked by the form)."""

from __future__ import annotations

from abc import ABC, abstractmethod

from rasa_sdk import Action

from actions import runtime
from bot.answers.replies import DataUnavailable
from bot.selfcheck.profile import requirements_from_offer
from bot.selfcheck.questions import YES_NO_QUESTIONS, question


def _requirements():
    return runtime.offer_reader().requirements(requirements_from_offer)


YES_NO_BUTTONS = [{"title": "Oui", "payload": "oui"}, {"title": "Non", "payload": "non"}]


class _AskFromOffer(Action, ABC):
    """Asks a self-check question whose wording names facts of the offer."""

    @property
    @abstractmethod
    def slot(self) -> str:
        """The form slot this action asks for."""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    def run(self, dispatcher, tracker, domain):
        try:
            text = question(self.slot, _requirements())
        except DataUnavailable:
            dispatcher.utter_message(response="utter_offer_unavailable_in_form")
            return []
        if self.slot in YES_NO_QUESTIONS:
            dispatcher.utter_message(text=text, buttons=YES_NO_BUTTONS)
        elif self.slot == "sc_assets":
            dispatcher.utter_message(text=text, buttons=[{"title": "Aucun", "payload": "aucun"}])
        else:
            dispatcher.utter_message(text=text)
        return []


class ActionAskEquivalence(_AskFromOffer):
    slot = "sc_equivalence"


class ActionAskLanguageCertificate(_AskFromOffer):
    slot = "sc_language_certificate"


class ActionAskExperience(_AskFromOffer):
    slot = "sc_experience_months"


class ActionAskNetwork(_AskFromOffer):
    slot = "sc_fwb_network"


class ActionAskActiveService(_AskFromOffer):
    slot = "sc_active_service"


class ActionAskAssets(_AskFromOffer):
    slot = "sc_assets"
