"""Whole bot replies built from the offer database (the actions' entry points)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import sessionmaker

from bot.answers.compose import Answer, Context, compose_answer
from bot.answers.composers import FOCUS_HOME, FOCUSED, normalise_step
from bot.answers.statements import answer_statement, read_situation
from bot.domain.offer import OfferFileError
from bot.domain.topics import TOPIC_BY_INTENT
from bot.parsing import normalise
from bot.storage.offer_loading import offer_from_files
from bot.storage.offer_queries import OfferNotFound, OfferSnapshot, offer_version, read_snapshot
from bot.understanding.fact_focus import detect_foci, detect_focus, job_fact_named
from bot.understanding.fact_search import (
    Match,
    about_something_else,
    best_topic,
    is_short_follow_up,
    rank,
    sub_questions,
    unstated_subject,
)
from bot.understanding.message_focus import focus_message

log = logging.getLogger(__name__)


class DataUnavailable(RuntimeError):
    """The offer database cannot be read right now."""


class _SnapshotCache:
    """The last offer snapshot read (replaced whole: no lock needed; two readers at
    worst both read a new version once)."""

    snapshot: OfferSnapshot | None = None


def _part_topic(part: str, keywords, main_topic: str, several: bool):
    """The topic one question of a message asks about. "Je voudrais postuler mais je suis perdu :
    quelle est la date limite ?" is read after its colon when the whole names no clear topic. A
    question naming the classifier's topic as often as any other is about it ("En cas de charge de
    mission, je garde mon barème ?"). In a message of `several` questions, one whose topic words tie
    but which names a fact ("et question congés, combien de jours prévoit le contrat ?") is about
    that fact's topic."""
    named = dict(rank(part, keywords))
    match = best_topic(part, keywords)
    if match is None and ":" in part:
        tail = part.rsplit(":", 1)[1]
        if len(tail.split()) >= 2:
            match = best_topic(tail, keywords)
    if match is not None and match.topic != main_topic and named.get(main_topic) == named.get(match.topic):
        return Match(main_topic, match.score, match.runner_up)
    if match is None and several:
        home = FOCUS_HOME.get(detect_focus(part) or "")
        if named and main_topic not in named and home in named:
            return Match(home, named[home], named[home])
    return match


def _two_named(question: str, keywords) -> dict[str, str]:
    """ "Quelles sont les conditions de diplôme et d'expérience ?": two topics named as often, joined by
    "et": both (the search otherwise refuses a tie)."""
    ranking = rank(question, keywords)
    if len(ranking) < 2 or ranking[0][1] != ranking[1][1] or not re.search(r"\bet\b", normalise(question)):
        return {}
    if len(ranking) > 2 and ranking[2][1] == ranking[0][1]:
        return {}
    return {ranking[0][0]: question, ranking[1][0]: question}


def _focused_context(
    offer, now: datetime, previous_topic: str | None, asked: str | None, step: str | None = None
) -> Context:
    """The context of an answer focused on the fact(s) `asked` names (none when `asked` is None)."""
    return Context(
        now=now,
        circular_number=offer.circular_number,
        previous_topic=previous_topic,
        selection_step=step,
        header=offer.header,
        focus=detect_focus(asked),
        foci=detect_foci(asked),
    )


def _answer_each(found: dict[str, str], snapshot, offer, now: datetime, previous_topic: str | None) -> list[Answer]:
    """One answer per topic found, focused on the question that named it."""
    return [
        compose_answer(topic, snapshot.topic, _focused_context(offer, now, previous_topic, part))
        for topic, part in found.items()
    ]


# Topics whose answer describes the job as a whole.
GENERIC_TOPICS = frozenset({"post"})


@dataclass(frozen=True)
class OfferReader:
    session_factory: sessionmaker
    offer_id: str | None = None
    # The offer's facts change only when `load-offers` writes a new version, which
    # changes its fingerprint: each reply checks the fingerprint (one small query)
    # and reads the facts again only then, instead of four to six queries per reply.
    _cache: _SnapshotCache = field(default_factory=_SnapshotCache, compare=False, repr=False)

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
        return self._with_offer(
            lambda snapshot, offer: compose_answer(
                topic,
                snapshot.topic,
                _focused_context(offer, now, previous_topic, asked, selection_step),
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

        def build(snapshot, offer):
            facts = snapshot.topic
            keywords = snapshot.keywords()
            topic = TOPIC_BY_INTENT[intent]
            # "c'est inclus ?" right after the deadline: no topic word of its own, the last topic goes on.
            if previous_topic and is_short_follow_up(asked) and not rank(asked, keywords):
                topic = previous_topic
            # The post's description is where the classifier puts what it cannot place ("la
            # rémunération pour ce poste", "il faut une voiture pour ce poste ?"): a message that names
            # another topic and none of the post's words is about that topic.
            # A question naming one fact of the job and no word of the classifier's topic ("Où se situe le
            # bureau pour ce poste ?" read as how to apply) gets that fact's answer.
            elif (
                (fact := job_fact_named(focus_message(asked).text)) in FOCUS_HOME
                and (topic, fact) not in FOCUSED
                and topic not in dict(rank(asked, keywords))
            ):
                topic = FOCUS_HOME[fact]
            # Not when it names a fact of the job ("présent tous les jours dans un bureau ?"): that fact's answer.
            elif topic in GENERIC_TOPICS and not job_fact_named(asked):
                named = best_topic(asked, keywords)
                if named is not None and named.topic != topic and topic not in dict(rank(asked, keywords)):
                    topic = named.topic
            others: dict[str, str] = {}
            same_topic = 0
            # The parts the main answer is for: a fact named in a part answered apart is not its focus.
            main_parts: list[str] = []
            parts = sub_questions(asked)
            for part in parts:
                match = _part_topic(part, keywords, topic, several=len(parts) > 1)
                if match is not None and match.topic == topic:
                    same_topic += 1
                elif match is not None and match.topic not in others and len(others) < 2:
                    others[match.topic] = part
                    continue
                main_parts.append(part)
            # Two questions on one topic ("quand est l'écrit et quand est l'entretien ?"): the whole topic.
            whole = same_topic >= 2

            def context(focus_text: str, step: str | None) -> Context:
                return _focused_context(offer, now, previous_topic, None if whole else focus_text, step)

            # The focus comes from the questions, not from an e-mail's self-presentation.
            main_text = " ".join(main_parts) if main_parts else asked
            main = compose_answer(topic, facts, context(main_text, None if whole else selection_step))
            return [main] + [
                compose_answer(other, facts, context(part, normalise_step(part))) for other, part in others.items()
            ]

        return self._with_offer(build)

    def statement(self, text: str, now: datetime) -> Answer | None:
        """The rules met by a situation the candidate described, or None if it says nothing usable."""
        return self._with_offer(
            lambda snapshot, offer: answer_statement(
                text,
                snapshot.topic,
                Context(now=now, circular_number=offer.circular_number, header=offer.header),
            )
        )

    def besides_unstated(self, text: str, now: datetime, previous_topic: str | None = None) -> list[Answer]:
        """The answers to the other questions of a message one of whose questions the circular is silent
        on ("quand commencerait le contrat ? Ensuite, est-ce qu'on peut télétravailler ?")."""

        def search(snapshot, offer):
            keywords, unstated = snapshot.keywords(), snapshot.unstated()
            parts = sub_questions(text)
            if len(parts) < 2:
                return []
            found: dict[str, str] = {}
            for part in parts:
                match = None if unstated_subject(part, unstated) else best_topic(part, keywords)
                if match is not None and match.topic not in found:
                    found[match.topic] = part
            return _answer_each(found, snapshot, offer, now, previous_topic)

        return self._with_offer(search)

    def rescue(
        self,
        text: str,
        now: datetime,
        previous_topic: str | None = None,
        by_fact: bool = False,
        guess: str | None = None,
    ) -> list[Answer]:
        """What the fallback can still answer for sure: a described situation, or the topics a
        message clearly names (one per question: "quel est le salaire et combien d'heures ?").
        With `by_fact`, a question that names no topic but one fact ("où travaille-t-on ?") gets
        that fact (the caller allows it when the classifier did not lean off the offer). `guess`
        is the classifier's topic below its threshold: answered when the message also names that
        topic among others (two weak signals that agree), never for a question about something else."""
        # The situation of the question itself: an e-mail's self-presentation is not what it asks.
        asked = focus_message(text).text
        if read_situation(asked).names_a_condition():
            statement = self.statement(asked, now)
            if statement is not None:
                return [statement]

        def search(snapshot, offer):
            keywords = snapshot.keywords()
            parts = sub_questions(text)
            matches = [best_topic(part, keywords, previous_topic) for part in parts]
            if len(parts) < 2 or None in matches:
                parts, matches = [text], [best_topic(text, keywords, previous_topic)]
            found = {match.topic: part for match, part in zip(matches, parts, strict=True) if match is not None}
            if not found and guess and not about_something_else(text) and guess in dict(rank(text, keywords)):
                found = {guess: text}
            if not found and not about_something_else(text):
                found = _two_named(focus_message(text).text, keywords)
            fact = job_fact_named(text) if by_fact and not found and not about_something_else(text) else None
            if fact in FOCUS_HOME:
                found = {FOCUS_HOME[fact]: text}
            return _answer_each(found, snapshot, offer, now, previous_topic)

        return self._with_offer(search)

    def unstated(self, text: str) -> str | None:
        """The subject the circular is silent on that `text` asks about, or None."""
        return self._with_offer(lambda snapshot, offer: unstated_subject(text, snapshot.unstated()))

    def greeting(self) -> str:
        return self._with_offer(
            lambda snapshot, offer: (
                f"Bonjour ! Je suis l'assistant automatique de l'appel à candidatures {offer.reference} "
                f"de {offer.header['institution']} : « {offer.title} ». "
                "Posez-moi vos questions sur le poste, les conditions, le salaire ou la candidature."
            )
        )

    def contact(self) -> str:
        return self._with_offer(lambda snapshot, offer: _contact_sentence(snapshot.topic("contact").facts))

    def offer(self):
        return self._with_offer(lambda snapshot, offer: offer)

    def contact_details(self) -> dict:
        return self._with_offer(lambda snapshot, offer: snapshot.topic("contact").facts)

    def contact_email(self) -> str:
        return self._with_offer(lambda snapshot, offer: snapshot.topic("contact").facts["email"])

    def requirements(self, build):
        """Apply `build` (e.g. eligibility.requirements_from_offer) to the offer's topics."""
        return self._with_offer(lambda snapshot, offer: build(snapshot.topic))

    def snapshot(self) -> OfferSnapshot:
        """The offer's current facts: read again only when its fingerprint changed."""
        with self.session_factory() as session:
            version = offer_version(session, self.offer_id)
            cached = self._cache.snapshot
            if cached is not None and (cached.offer.offer_id, cached.fingerprint) == version:
                return cached
            fresh = read_snapshot(session, version[0])
        self._cache.snapshot = fresh
        return fresh

    def _with_offer(self, build):
        try:
            snapshot = self.snapshot()
            return build(snapshot, snapshot.offer)
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
