"""NLU pipeline steps that read a candidate's message as the question it contains.

`QuestionFocus` runs first: it reduces a long, e-mail-like or greeting-prefixed
message to its question (bot.understanding.message_focus), so the classifier sees what it was
trained on. `HumanRequest` runs last: when the message also asked for a person,
the intent becomes `request_human`, and the forwarding form starts with the
question already filled in (actions/forwarding.py).
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.answers.statements import read_situation
from bot.understanding.fact_focus import job_fact_named
from bot.understanding.fact_search import is_elliptical_question, is_short_question
from bot.understanding.message_focus import (
    asks_about_eligibility,
    asks_about_the_assistant,
    asks_for_a_reminder,
    focus_message,
    is_question,
)

WANTS_HUMAN = "wants_human"
FULL_TEXT = "full_text"  # read by actions.runtime.message_text
HUMAN_INTENT = "request_human"
# Small talk the classifier may read in a follow-up question ("et au plus tard ?" -> goodbye).
SOCIAL_INTENTS = frozenset({"greet", "goodbye", "thank", "affirm", "deny", "bot_challenge", "help"})
FALLBACK_INTENT = "nlu_fallback"
# Small talk is short ("vous pouvez m'aider ?"): a question this long asks about something.
LONG_QUESTION_WORDS = 9
# A message this long is an e-mail, not a chat line.
EMAIL_WORDS = 20
STATEMENT_INTENT = "inform"
ELIGIBILITY_INTENT = "check_eligibility"


class _Stateless(GraphComponent):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        # Training examples are already single questions.
        return training_data


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=False)
class QuestionFocus(_Stateless):
    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str) or not text.strip():
                continue
            focused = focus_message(text)
            if focused.text and focused.text != text:
                message.set(TEXT, focused.text)
                # The actions answer every question of the message (actions.runtime.message_text).
                message.set(FULL_TEXT, text, add_to_output=True)
            if focused.wants_human:
                message.set(WANTS_HUMAN, True, add_to_output=False)
        return messages


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class HumanRequest(_Stateless):
    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if not message.get(WANTS_HUMAN):
                continue
            intent = {INTENT_NAME_KEY: HUMAN_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != HUMAN_INTENT]
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [intent] + ranking, add_to_output=True)
        return messages


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class FollowUpQuestion(_Stateless):
    """A short question starting with "et", "mais", "dans ce cas"... is never small talk: it goes
    to the fallback's search, which reads it against the conversation's last topic. Nor is a
    question naming a fact of this job ("qui peut me renseigner sur la fonction ?" read as help)."""

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            text = message.get(TEXT)
            name = intent.get(INTENT_NAME_KEY)
            if not (
                (
                    name in SOCIAL_INTENTS
                    and (is_elliptical_question(text) or is_short_question(text) or job_fact_named(text))
                )
                # "et je dois avoir une voiture ?" is a question, not a statement to comment on.
                or (name == STATEMENT_INTENT and is_elliptical_question(text))
                # "Je me demandais à partir de quand les lauréats entreront en fonction ?", in an e-mail, is
                # no small talk (a short message is left to the classifier: "mon voisin fait du bruit, je fais quoi ?").
                or (
                    name in SOCIAL_INTENTS - {"bot_challenge"}
                    and isinstance(message.get(FULL_TEXT), str)
                    and is_question(text)
                    and len(text.split()) >= LONG_QUESTION_WORDS
                    and not asks_about_the_assistant(text)
                )
                # "Pourriez-vous me rappeler la date limite ?": remind, not call back.
                or (name == HUMAN_INTENT and not message.get(WANTS_HUMAN) and asks_for_a_reminder(text))
            ):
                continue
            _set_intent(message, FALLBACK_INTENT)
        return messages


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class DescribedSituation(_Stateless):
    """An e-mail that describes the candidate ("nommée à mi-temps", "diplôme obtenu en Roumanie",
    "pas de permis") and asks whether they can apply gets the rules that situation meets
    (action_answer_statement, which then offers the self-check), not the self-check's first
    question as if nothing had been said."""

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            whole = message.get(FULL_TEXT)
            if intent.get(INTENT_NAME_KEY) != ELIGIBILITY_INTENT or not isinstance(whole, str):
                continue
            question = message.get(TEXT)
            # An e-mail whose question is about a fact ("c'est jusqu'à quand qu'on peut rentrer sa
            # candidature ?", "de quelles conditions d'affectation s'agit-il ?"), not about whether the
            # candidate may apply: the fallback's search reads it.
            if len(whole.split()) >= EMAIL_WORDS and is_question(question) and not asks_about_eligibility(question):
                _set_intent(message, FALLBACK_INTENT)
                continue
            situation = read_situation(whole)
            if not (situation.first_person and situation.says_something()):
                continue
            _set_intent(message, STATEMENT_INTENT)
        return messages


def _set_intent(message: Message, name: str) -> None:
    """Replace the classifier's intent, kept below in the ranking."""
    intent = {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: 1.0}
    message.set(INTENT, intent, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [intent, *(message.get(INTENT_RANKING_KEY) or [])], add_to_output=True)
