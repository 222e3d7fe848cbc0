"""What every composer shares: the registration of composers, and the two
sentences several topics use (the post's contact, where to mention a
charge-de-mission wish).

A composer reads facts through the FactSource and returns French text; it never
writes a figure, date, name or address itself. Where the circular is unclear,
the composer says so and gives the contact the circular names for the post.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.answers.compose import Context, FactSource

Composer = Callable[[FactSource, Context], str]

# topic -> the composer of its answer (one per topic of bot.domain.topics).
COMPOSERS: dict[str, Composer] = {}
# (topic, focus) -> the composer of that one fact (focus names: bot.understanding.fact_focus).
FOCUSED: dict[tuple[str, str], Composer] = {}


def topic_composer(topic: str) -> Callable[[Composer], Composer]:
    def register(composer: Composer) -> Composer:
        if topic in COMPOSERS:
            raise ValueError(f"two composers for the topic {topic!r}")
        COMPOSERS[topic] = composer
        return composer

    return register


FOCUS_HOME: dict[str, str] = {}


def fact_composer(focus: str, *topics: str) -> Callable[[Composer], Composer]:
    """The composer of one fact (`focus`), asked about under any of `topics`."""

    def register(composer: Composer) -> Composer:
        for topic in topics:
            FOCUSED[(topic, focus)] = composer
        # The first topic named is the fact's own: where a question naming only the fact goes.
        FOCUS_HOME.setdefault(focus, topics[0])
        return composer

    return register


def post_contact(facts: FactSource) -> str:
    """The contact the circular gives for information on the post."""
    f = facts("contact").facts
    return f"{f['name']}, {f['role']} ({f['email']})"


def cdm_mention(facts: FactSource) -> str:
    """Where to mention the charge-de-mission wish: the circular names two places."""
    f = facts("charge_de_mission").facts
    return (
        f"la circulaire vous invite à mentionner ce souhait {f['mention_in_application']} à un endroit, "
        f"et {f['mention_in_letter']} à un autre, sans préciser si l'un suffit ; en cas de doute, "
        f"renseignez-vous auprès de {post_contact(facts)}"
    )
