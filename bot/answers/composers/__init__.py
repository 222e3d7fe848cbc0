"""The sentences of each answer: one composer per topic of the registry
(bot.domain.topics), and one per focused fact, in modules by theme. Importing
this package registers them all; it fails at once when a topic of the registry
has no composer, or a composer no topic.
"""

from __future__ import annotations

from bot.answers.composers import conditions, procedure, requirements, role  # noqa: F401 - they register
from bot.answers.composers.base import COMPOSERS, FOCUS_HOME, FOCUSED, Composer, cdm_mention, post_contact
from bot.answers.composers.procedure import SELECTION_STEPS, normalise_step
from bot.domain.topics import TOPIC_NAMES

if set(COMPOSERS) != set(TOPIC_NAMES):
    raise ImportError(
        f"topics without a composer: {sorted(set(TOPIC_NAMES) - set(COMPOSERS))}; "
        f"composers without a topic: {sorted(set(COMPOSERS) - set(TOPIC_NAMES))}"
    )


def composer_for(topic: str, focus: str | None, foci: tuple[str, ...] = ()) -> Composer:
    """The composer of the fact(s) asked about under this topic, else the topic's whole answer."""
    named = [
        FOCUSED[(topic, name)]
        for name in dict.fromkeys((*((focus,) if focus else ()), *foci))
        if (topic, name) in FOCUSED
    ]
    composers = list(dict.fromkeys(named))
    if not composers:
        return COMPOSERS[topic]
    if len(composers) == 1:
        return composers[0]
    return lambda facts, ctx: "\n".join(composer(facts, ctx) for composer in composers)


__all__ = [
    "COMPOSERS",
    "FOCUSED",
    "FOCUS_HOME",
    "SELECTION_STEPS",
    "Composer",
    "cdm_mention",
    "composer_for",
    "normalise_step",
    "post_contact",
]
