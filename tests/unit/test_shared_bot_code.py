"""The bot/ code that the Rasa server loads as well as the action server.

rasa_server/webchat.py and rasa_server/guard.py (Rasa server, .venv: Python 3.10,
SQLAlchemy 1.4) import bot.storage.offer_loading, bot.settings and bot.answers.replies, and the NLU
step rasa_server/question_focus.py imports bot.understanding.message_focus, which the
action server (.venv-app: Python 3.12, SQLAlchemy 2.x) uses too. These tests
run in both environments (the unit tier runs in both);
tests/integration/rasa_server/test_bot_modules_loaded.py fails when the Rasa
server starts loading another bot/ module.
"""

from __future__ import annotations

from bot.answers.replies import SERVICE_DOWN, unavailable_reply
from bot.settings import load_settings
from bot.storage.offer_loading import offer_from_files
from tests.conftest import OFFERS_DIR


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
