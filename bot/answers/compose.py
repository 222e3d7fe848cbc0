"""Short French answers composed from an offer's facts, with their sources.

Sentences are written in `bot.answers.composers`; every figure, date, name and list
comes from the offer data, so a new offer file changes the answers without new
code. The sections an answer cites are the sections of the facts it actually
read (recorded while composing), so a fact taken from another part of the
circular is cited under its own section.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from bot.domain.offer import Topic

# Reads one topic of the current offer.
FactSource = Callable[[str], Topic]

# Intent name -> topic of the offer file it asks about.


@dataclass(frozen=True)
class Context:
    """What an answer may depend on besides the facts."""

    now: datetime
    circular_number: int
    previous_topic: str | None = None
    selection_step: str | None = None
    # The offer's header (publication and validity dates).
    header: dict[str, Any] = field(default_factory=dict)
    # The precise fact asked about, when the message names one (see bot.understanding.fact_focus).
    focus: str | None = None
    # Every fact it names, when several ("quelle durée et quelle allocation ?"); focus is the first.
    foci: tuple[str, ...] = ()


@dataclass(frozen=True)
class FactUse:
    topic: str
    key: str
    value: Any
    section: str


@dataclass(frozen=True)
class Answer:
    topic: str
    text: str
    sections: tuple[str, ...]
    circular_number: int
    uses: tuple[FactUse, ...] = ()

    @property
    def source(self) -> str:
        return f"Source : circulaire {self.circular_number}, « {' ; '.join(self.sections)} »."

    def full_text(self) -> str:
        return f"{self.text}\n{self.source}"


class _RecordingFacts(dict):
    """A topic's facts that remember which keys were read."""

    def __init__(self, topic: Topic, log: list[FactUse]):
        super().__init__(topic.facts)
        self._topic, self._log = topic, log

    def __getitem__(self, key: str) -> Any:
        value = super().__getitem__(key)
        self._log.append(FactUse(self._topic.name, key, value, self._topic.section_of(key)))
        return value


# Where the offer header's values (title, reference, publication and validity dates) stand.
HEADER_SECTION = "En-tête de l'appel"


class _RecordingHeader(dict):
    def __init__(self, header: dict[str, Any], log: list[FactUse]):
        super().__init__(header)
        self._log = log

    def get(self, key: str, default: Any = None) -> Any:
        if key in self:
            self._log.append(FactUse("offer", key, self[key], HEADER_SECTION))
        return super().get(key, default)

    def __getitem__(self, key: str) -> Any:
        value = super().__getitem__(key)
        self._log.append(FactUse("offer", key, value, HEADER_SECTION))
        return value


class FactRecorder:
    """A FactSource that logs every fact a composer reads."""

    def __init__(self, facts: FactSource):
        self._facts = facts
        self.uses: list[FactUse] = []

    def __call__(self, name: str) -> Topic:
        topic = self._facts(name)
        return Topic(
            name=topic.name,
            section=topic.section,
            facts=_RecordingFacts(topic, self.uses),
            fact_sections=topic.fact_sections,
        )


def compose_answer(topic: str, facts: FactSource, context: Context) -> Answer:
    from bot.answers.composers import COMPOSERS, FOCUS_HOME, FOCUSED, composer_for

    composer = composer_for(topic, context.focus, context.foci)
    # "Le poste est basé où ?" answered with the travel facts is a travel answer: the conversation goes
    # on from there ("et si j'habite à Liège ?").
    homes = {FOCUS_HOME[name] for name in (context.focus, *context.foci) if name and (topic, name) in FOCUSED}
    if composer is not COMPOSERS[topic] and len(homes) == 1:
        topic = homes.pop()
    return compose_with(topic, composer, facts, context)


def compose_with(
    topic: str, composer: Callable[[FactSource, Context], str], facts: FactSource, context: Context
) -> Answer:
    """Run a composer, recording the facts it reads to cite their sections."""
    recorder = FactRecorder(facts)
    text = composer(recorder, replace(context, header=_RecordingHeader(context.header, recorder.uses)))
    first_uses: dict[tuple[str, str], FactUse] = {}
    for use in recorder.uses:
        first_uses.setdefault((use.topic, use.key), use)
    uses = tuple(first_uses.values())
    sections = tuple(dict.fromkeys(use.section for use in uses))
    return Answer(topic=topic, text=text, sections=sections, circular_number=context.circular_number, uses=uses)
