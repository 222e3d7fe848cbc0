"""Whole bot replies built from the offer database (the actions' entry points)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import sessionmaker

from bot.answers.compose import Answer, Context, compose_answer
from bot.answers.composers import normalise_step
from bot.answers.statements import answer_statement, read_situation
from bot.domain.offer import OfferFileError
from bot.domain.topics import TOPIC_BY_INTENT
from bot.storage.offer_loading import offer_from_files
from bot.storage.offer_queries import OfferNotFound, get_offer, get_topic, topic_keywords, unstated_subjects
from bot.understanding.fact_focus import detect_foci, detect_focus
from bot.understanding.fact_search import best_topic, is_short_follow_up, rank, sub_questions, unstated_subject

log = logging.getLogger(__name__)


class DataUnavailable(RuntimeError):
    """The offer database cannot be read right now."""


@dataclass(frozen=True)
class OfferReader:
    session_factory: sessionmaker
    offer_id: str | None = None

    def answer(
        self,
        intent: str,
        now: datetime,
        previous_topic: str | None = None,
        selection_step: str | None = None,
        asked: str | None = None,
    ) -> Answer:
        """The answer to an intent; `asked` (the message) may focus it on one fact."""
        topic = TOPIC_BY_INTENT[intent]
        return self._with_session(
            lambda session, offer: compose_answer(
                topic,
                partial(get_topic, session, offer.offer_id),
                Context(
                    now=now,
                    circular_number=offer.circular_number,
                    previous_topic=previous_topic,
                    selection_step=selection_step,
                    header=offer.header,
                    focus=detect_focus(asked),
                    foci=detect_foci(asked),
                ),
            )
        )

    def answers(
        self,
        intent: str,
        now: datetime,
        previous_topic: str | None = None,
        selection_step: str | None = None,
        asked: str = "",
    ) -> list[Answer]:
        """The answer to an intent, read in its conversation, plus one per other question the message asks."""

        def build(session, offer):
            facts = partial(get_topic, session, offer.offer_id)
            keywords = topic_keywords(session, offer.offer_id)
            topic = TOPIC_BY_INTENT[intent]
            # "c'est inclus ?" right after the deadline: no topic word of its own, the last topic goes on.
            if previous_topic and is_short_follow_up(asked) and not rank(asked, keywords):
                topic = previous_topic
            others: dict[str, str] = {}
            same_topic = 0
            for part in sub_questions(asked):
                match = best_topic(part, keywords)
                if match is not None and match.topic == topic:
                    same_topic += 1
                elif match is not None and match.topic not in others and len(others) < 2:
                    others[match.topic] = part
            # Two questions on one topic ("quand est l'écrit et quand est l'entretien ?"): the whole topic.
            whole = same_topic >= 2

            def context(focus_text: str, step: str | None) -> Context:
                return Context(
                    now=now,
                    circular_number=offer.circular_number,
                    previous_topic=previous_topic,
                    selection_step=step,
                    header=offer.header,
                    focus=None if whole else detect_focus(focus_text),
                    foci=() if whole else detect_foci(focus_text),
                )

            main = compose_answer(topic, facts, context(asked, None if whole else selection_step))
            return [main] + [
                compose_answer(other, facts, context(part, normalise_step(part))) for other, part in others.items()
            ]

        return self._with_session(build)

    def statement(self, text: str, now: datetime) -> Answer | None:
        """The rules met by a situation the candidate described, or None if it says nothing usable."""
        return self._with_session(
            lambda session, offer: answer_statement(
                text,
                partial(get_topic, session, offer.offer_id),
                Context(now=now, circular_number=offer.circular_number, header=offer.header),
            )
        )

    def rescue(self, text: str, now: datetime, previous_topic: str | None = None) -> list[Answer]:
        """What the fallback can still answer for sure: a described situation, or the topics a
        message clearly names (one per question: "quel est le salaire et combien d'heures ?")."""
        if read_situation(text).names_a_condition():
            statement = self.statement(text, now)
            if statement is not None:
                return [statement]

        def search(session, offer):
            keywords = topic_keywords(session, offer.offer_id)
            parts = sub_questions(text)
            matches = [best_topic(part, keywords, previous_topic) for part in parts]
            if len(parts) < 2 or None in matches:
                parts, matches = [text], [best_topic(text, keywords, previous_topic)]
            found = {match.topic: part for match, part in zip(matches, parts, strict=True) if match is not None}
            return [
                compose_answer(
                    topic,
                    partial(get_topic, session, offer.offer_id),
                    Context(
                        now=now,
                        circular_number=offer.circular_number,
                        previous_topic=previous_topic,
                        header=offer.header,
                        focus=detect_focus(part),
                        foci=detect_foci(part),
                    ),
                )
                for topic, part in found.items()
            ]

        return self._with_session(search)

    def unstated(self, text: str) -> str | None:
        """The subject the circular is silent on that `text` asks about, or None."""
        return self._with_session(
            lambda session, offer: unstated_subject(text, unstated_subjects(session, offer.offer_id))
        )

    def greeting(self) -> str:
        return self._with_session(
            lambda session, offer: (
                f"Bonjour ! Je suis l'assistant automatique de l'appel à candidatures {offer.reference} "
                f"de {offer.header['institution']} : « {offer.title} ». "
                "Posez-moi vos questions sur le poste, les conditions, le salaire ou la candidature."
            )
        )

    def contact(self) -> str:
        return self._with_session(
            lambda session, offer: _contact_sentence(get_topic(session, offer.offer_id, "contact").facts)
        )

    def offer(self):
        return self._with_session(lambda session, offer: offer)

    def contact_details(self) -> dict:
        return self._with_session(lambda session, offer: get_topic(session, offer.offer_id, "contact").facts)

    def contact_email(self) -> str:
        return self._with_session(lambda session, offer: get_topic(session, offer.offer_id, "contact").facts["email"])

    def requirements(self, build):
        """Apply `build` (e.g. eligibility.requirements_from_offer) to the offer's topics."""
        return self._with_session(lambda session, offer: build(partial(get_topic, session, offer.offer_id)))

    def _with_session(self, build):
        try:
            with self.session_factory() as session:
                offer = get_offer(session, self.offer_id)
                return build(session, offer)
        except (SQLAlchemyError, OfferNotFound) as error:
            log.error("offer data unavailable: %s", error)
            raise DataUnavailable(str(error)) from error


def _contact_sentence(contact: dict) -> str:
    # The circular names her as the contact for information on the post, nothing more.
    return (
        f"Pour plus d'informations sur la fonction, la circulaire indique comme contact {contact['name']}, "
        f"{contact['role']} : {contact['email']}."
    )


def unstated_reply(subject: str, contact_sentence: str) -> str:
    """A question the circular leaves unanswered: say so, never guess, offer the referent."""
    return (
        f"La circulaire ne dit rien sur {subject} : je ne peux donc pas vous répondre sans risquer "
        f"de vous induire en erreur. {contact_sentence} Voulez-vous que je lui transmette votre question ?"
    )


def unknown_reply(contact_sentence: str) -> str:
    return (
        "Je ne suis pas certain d'avoir compris, et je préfère ne pas vous donner une information "
        "inexacte : je réponds uniquement à partir du texte officiel de l'appel. "
        f"Vous pouvez reformuler votre question. {contact_sentence} "
        "Voulez-vous que je lui transmette votre question ?"
    )


DATA_DOWN = (
    "Désolé, je ne parviens pas à consulter les informations de l'offre pour le moment. "
    "Réessayez dans quelques minutes."
)
SERVICE_DOWN = (
    "Désolé, je rencontre un problème technique et ne peux pas vous répondre pour le moment. "
    "Réessayez dans quelques minutes."
)


def unavailable_reply(offers_dir, offer_id: str | None = None, opening: str = DATA_DOWN) -> str:
    """Apology when a part of the service is down; the contact comes from the offer file."""
    text = opening
    try:
        chosen = offer_from_files(offers_dir, offer_id)
        text += " " + _contact_sentence(chosen.topics["contact"].facts)
    except (OfferFileError, OSError) as error:
        log.error("offer file unreadable too: %s", error)
    return text
