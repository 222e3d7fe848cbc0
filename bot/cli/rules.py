"""`python -m bot generate-rules`: what Rasa needs for each topic of the registry
(bot.domain.topics): the rule that answers its intent (data/rules/offer_questions.yml)
and the intent itself in domain.yml, between two marker comments."""

from __future__ import annotations

from pathlib import Path

from bot.domain.topics import TOPICS
from bot.settings import PROJECT_ROOT

RULES_FILE = PROJECT_ROOT / "data" / "rules" / "offer_questions.yml"
DOMAIN_FILE = PROJECT_ROOT / "domain.yml"
BEGIN_INTENTS = "  # --- topic intents: written by `python -m bot generate-rules` from bot/domain/topics.py ---"
END_INTENTS = "  # --- end of the topic intents ---"
ANSWER_ACTION = "action_answer_offer_question"


def offer_question_rules() -> str:
    lines = [
        'version: "3.1"',
        "",
        "# Written by `python -m bot generate-rules` from bot/domain/topics.py: do not edit by hand.",
        "# Every question about the offer is answered from the offer database.",
        "rules:",
    ]
    for topic in TOPICS:
        lines += [
            f"- rule: answer {topic.intent}",
            "  steps:",
            f"  - intent: {topic.intent}",
            f"  - action: {ANSWER_ACTION}",
            "",
        ]
    return "\n".join(lines[:-1]) + "\n"


def write_rules(path: Path = RULES_FILE) -> bool:
    """Write the rules file; True when it changed."""
    text = offer_question_rules()
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


def domain_with_topic_intents(domain_text: str) -> str:
    """domain.yml's text with the registry's intents between the two marker lines."""
    lines = domain_text.splitlines()
    try:
        begin, end = lines.index(BEGIN_INTENTS), lines.index(END_INTENTS)
    except ValueError:
        raise ValueError(f"domain.yml needs the lines {BEGIN_INTENTS!r} and {END_INTENTS!r} under intents:") from None
    intents = [f"  - {topic.intent}" for topic in TOPICS]
    return "\n".join(lines[: begin + 1] + intents + lines[end:]) + "\n"


def write_domain_intents(path: Path = DOMAIN_FILE) -> bool:
    """Rewrite the topic intents of domain.yml; True when it changed."""
    text = path.read_text(encoding="utf-8")
    updated = domain_with_topic_intents(text)
    if updated == text:
        return False
    path.write_text(updated, encoding="utf-8")
    return True
