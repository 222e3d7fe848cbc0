"""Which bot/ modules the Rasa server loads (Python 3.10, SQLAlchemy 1.4): the unit
tier runs in that environment too, so their tests cover it; a new module here
must keep working there."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

# What the Rasa server imports from bot/ when it loads our channels and tracker store.
RASA_SERVER_BOT_MODULES = [
    "bot",
    "bot.answers",
    "bot.answers.compose",
    "bot.answers.composers",
    "bot.answers.composers.base",
    "bot.answers.composers.conditions",
    "bot.answers.composers.procedure",
    "bot.answers.composers.requirements",
    "bot.answers.composers.role",
    "bot.answers.replies",
    "bot.answers.statements",
    "bot.bootstrap",
    "bot.domain",
    "bot.domain.clock",
    "bot.domain.deadline",
    "bot.domain.french",
    "bot.domain.offer",
    "bot.domain.offer_fields",
    "bot.domain.topics",
    "bot.parsing",
    "bot.parsing.assets",
    "bot.parsing.career",
    "bot.parsing.diploma",
    "bot.parsing.experience",
    "bot.parsing.text",
    "bot.parsing.yes_no",
    "bot.selfcheck",
    "bot.selfcheck.profile",
    "bot.settings",
    "bot.storage",
    "bot.storage.offer_loading",
    "bot.storage.offer_queries",
    "bot.storage.tables",
    "bot.storage.tracker_events",
    "bot.understanding",
    "bot.understanding.fact_focus",
    "bot.understanding.fact_search",
    "bot.understanding.message_focus",
]


def test_the_rasa_server_loads_only_these_bot_modules():
    probe = (
        "import sys, rasa_server.admission, rasa_server.webchat, rasa_server.rest, rasa_server.guard, rasa_server.tracker_store, "
        "rasa_server.question_focus, rasa_server.socketio; "
        "print(' '.join(sorted(m for m in sys.modules if m == 'bot' or m.startswith('bot.'))))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    ).stdout.split()
    assert loaded == RASA_SERVER_BOT_MODULES
