"""`python -m bot generate-rules`: the Rasa rules that answer each topic's intent,
written from the topic registry (bot.domain.topics) to data/rules/offer_questions.yml."""

from __future__ import annotations

from pathlib import Path

from bot.domain.topics import TOPICS
from bot.settings import PROJECT_ROOT

RULES_FILE = PROJECT_ROOT / "data" / "rules" / "offer_questions.yml"
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
