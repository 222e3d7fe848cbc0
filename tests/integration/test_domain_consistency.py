"""What `rasa data validate` lets through but matters here."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import yaml
from rasa_sdk import Action

import actions
from bot.domain.topics import TOPIC_BY_INTENT

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def nlu_intents(folder: Path) -> set[str]:
    intents = set()
    for path in folder.glob("*.yml"):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            if "intent" in block:
                intents.add(block["intent"])
    return intents


def test_every_domain_intent_has_training_and_test_examples():
    domain_intents = set(DOMAIN["intents"])
    assert nlu_intents(ROOT / "data" / "nlu") == domain_intents
    assert nlu_intents(ROOT / "tests" / "model" / "nlu") == domain_intents
    assert set(TOPIC_BY_INTENT) <= domain_intents


def test_every_response_used_by_the_actions_exists():
    used = set()
    for path in (ROOT / "actions").glob("*.py"):
        used |= set(re.findall(r'response="(utter_[a-z_]+)"', path.read_text(encoding="utf-8")))
    assert used and used <= set(DOMAIN["responses"])


def test_every_form_question_can_be_asked():
    askers = set(DOMAIN["responses"]) | set(DOMAIN["actions"])
    for form in DOMAIN["forms"].values():
        for slot in form["required_slots"]:
            assert f"utter_ask_{slot}" in askers or f"action_ask_{slot}" in askers, slot
            assert slot in DOMAIN["slots"]


def test_custom_actions_and_domain_agree():
    # Every module of the actions package, as rasa_sdk loads them (--actions actions).
    modules = [importlib.import_module(f"actions.{info.name}") for info in pkgutil.iter_modules(actions.__path__)]
    names = {
        cls().name()
        for module in modules
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, Action) and cls.__module__ == module.__name__ and not inspect.isabstract(cls)
    }
    assert names == set(DOMAIN["actions"])
