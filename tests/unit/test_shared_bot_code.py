"""The bot/ code that the Rasa server loads as well as the action server.

webchat/channel.py and webchat/guard.py (Rasa server, .venv: Python 3.10,
SQLAlchemy 1.4) import bot.loader, bot.settings and bot.replies, and the NLU
step rasa_addons/question_focus.py imports bot.message_focus, which the
action server (.venv-app: Python 3.12, SQLAlchemy 2.x) uses too. These tests
run in both environments (shared_code in tests/conftest.py), and the last one,
in the Rasa environment, fails when the Rasa server starts loading another
bot/ module: that module's tests then belong in SHARED_CODE_TESTS.
"""
from __future__ import annotations

import subprocess
import sys

import pytest

from bot.loader import offer_from_files
from bot.replies import SERVICE_DOWN, unavailable_reply
from bot.settings import load_settings
from tests.conftest import HAS_RASA, OFFERS_DIR, ROOT

# What the Rasa server imports from bot/ when it loads our channels and tracker store.
RASA_SERVER_BOT_MODULES = ["bot", "bot.answers", "bot.composers", "bot.deadline", "bot.eligibility",
                           "bot.fact_search", "bot.focus", "bot.french", "bot.loader", "bot.message_focus",
                           "bot.models", "bot.offer_schema", "bot.offers", "bot.parsing", "bot.replies",
                           "bot.settings", "bot.statements",
                           # via deploy/tracker_store.py; tested by tests/unit/test_tracker_events.py
                           "bot.tracker_events"]


def test_the_offer_and_the_apology_come_from_the_offer_file(offer_facts):
    offer = offer_from_files(OFFERS_DIR)
    assert offer.is_default and offer.topics["contact"].facts == offer_facts["contact"]
    reply = unavailable_reply(OFFERS_DIR, opening=SERVICE_DOWN)
    assert reply.startswith(SERVICE_DOWN) and offer_facts["contact"]["email"] in reply


def test_an_unreadable_offer_folder_still_gives_the_apology(tmp_path):
    assert unavailable_reply(tmp_path / "missing", opening=SERVICE_DOWN) == SERVICE_DOWN


def test_settings_from_the_environment(tmp_path):
    settings = load_settings({"DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/wbe", "OFFERS_DIR": str(tmp_path)})
    assert settings.database_url.startswith("postgresql://") and settings.offers_dir == tmp_path


@pytest.mark.skipif(not HAS_RASA, reason="needs Rasa: runs in .venv")
def test_the_rasa_server_loads_only_these_bot_modules():
    probe = ("import sys, webchat, webchat.channel, webchat.rest, webchat.guard, deploy.tracker_store, "
             "rasa_addons.question_focus; "
             "print(' '.join(sorted(m for m in sys.modules if m == 'bot' or m.startswith('bot.'))))")
    loaded = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True,
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}).stdout.split()
    assert loaded == RASA_SERVER_BOT_MODULES
