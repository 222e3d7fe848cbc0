"""The topic registry (bot/domain/topics.py) is the one list of topics: the offer
file's schema, the composers, the rules, the domain's intents and the NLU data
all agree with it."""

from __future__ import annotations

import yaml

from bot.answers.composers import COMPOSERS, FOCUSED
from bot.cli.rules import DOMAIN_FILE, RULES_FILE, domain_with_topic_intents, offer_question_rules
from bot.domain.topics import TOPIC_BY_INTENT, TOPIC_FIELDS, TOPIC_LABELS, TOPIC_NAMES, TOPICS
from tests.conftest import ROOT


def _yaml(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_names_and_intents_are_unique():
    assert len(set(TOPIC_NAMES)) == len(TOPICS) == len(TOPIC_BY_INTENT)
    assert set(TOPIC_FIELDS) == set(TOPIC_LABELS) == set(TOPIC_NAMES)


def test_every_topic_has_one_composer_and_every_focused_fact_a_known_topic():
    assert set(COMPOSERS) == set(TOPIC_NAMES)
    assert {topic for topic, _ in FOCUSED} <= set(TOPIC_NAMES)


def test_the_offer_file_has_exactly_the_registry_topics_and_fields(offer_data):
    assert set(offer_data.topics) == set(TOPIC_NAMES)
    for topic in TOPICS:
        assert set(offer_data.topics[topic.name].facts) <= set(topic.fields), topic.name


def test_the_rules_file_is_generated_from_the_registry():
    # Stale? Run `python -m bot generate-rules`.
    assert RULES_FILE.read_text(encoding="utf-8") == offer_question_rules()


def test_the_domain_declares_every_topic_intent():
    # Stale? Run `python -m bot generate-rules` (it writes the marked block of domain.yml).
    text = DOMAIN_FILE.read_text(encoding="utf-8")
    assert text == domain_with_topic_intents(text)
    assert set(TOPIC_BY_INTENT) <= set(_yaml(ROOT / "domain.yml")["intents"])


def test_every_topic_intent_has_training_examples():
    trained = {
        block["intent"]
        for path in (ROOT / "data" / "nlu").glob("*.yml")
        for block in _yaml(path).get("nlu") or []
        if "intent" in block
    }
    assert set(TOPIC_BY_INTENT) <= trained
