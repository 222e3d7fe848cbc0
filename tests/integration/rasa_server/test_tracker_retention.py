"""The tracker store as the Rasa server runs it (Rasa 3.6, SQLAlchemy 1.4), on the embedded
SQLite file of endpoints.yml: conversations survive a restart, a finished self-check's answers
are not kept, and the referent's purge and erasure (run by the app environment's CLI, as in
production) leave no event of the candidate."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import yaml
from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import create_engine, text

from rasa_server.tracker_store import ResilientSQLTrackerStore
from tests.conftest import ROOT
from tests.integration.rasa_server.test_tracker_store import domain, run  # noqa: F401,F811 - the domain fixture

APP_PYTHON = Path(os.environ.get("APP_VENV", ROOT / ".venv-app")) / "bin" / "python"
EMAIL = "ioana.popescu@example.org"


@pytest.fixture
def tracker_file(tmp_path):
    return tmp_path / "tracker.db"


def open_store(domain, path: Path) -> ResilientSQLTrackerStore:
    # Exactly what endpoints.yml configures, with the file in the test's folder.
    config = yaml.safe_load((ROOT / "endpoints.yml").read_text())["tracker_store"]
    assert config == {
        "type": "rasa_server.tracker_store.ResilientSQLTrackerStore",
        "dialect": "sqlite",
        "db": "var/tracker.db",
    }
    return ResilientSQLTrackerStore(domain=domain, dialect="sqlite", db=str(path))


def stored_text(path: Path) -> str:
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT data FROM events")).scalars().all()
    engine.dispose()
    return "\n".join(rows)


def turn(tracker: DialogueStateTracker, *events) -> None:
    for event in events:
        tracker.update(event)


def test_conversations_survive_a_restart_and_selfcheck_answers_are_not_kept(domain, tracker_file):
    store = open_store(domain, tracker_file)
    tracker = DialogueStateTracker("candidate-1", domain.slots)
    turn(
        tracker,
        ActionExecuted("action_listen"),
        UserUttered("est-ce que je peux postuler ?", {"name": "ask_eligibility", "confidence": 0.9}),
        ActionExecuted("eligibility_form"),
        ActiveLoop("eligibility_form"),
        BotUttered("Quel est votre diplôme le plus élevé ?"),
        ActionExecuted("action_listen"),
    )
    run(store.save(tracker))
    turn(
        tracker,
        UserUttered("un bachelier en droit obtenu en Roumanie", {"name": "inform", "confidence": 0.9}),
        ActionExecuted("eligibility_form"),
        SlotSet("sc_diploma_level", "bachelier"),
        SlotSet("sc_diploma_abroad", True),
        ActionExecuted("action_listen"),
    )
    run(store.save(tracker))
    # While the self-check runs, its answers are needed, and kept.
    assert "bachelier" in stored_text(tracker_file)
    store.engine.dispose()

    # "Restart": a new store on the same file resumes the conversation where it was.
    store = open_store(domain, tracker_file)
    resumed = run(store.retrieve("candidate-1"))
    assert resumed.get_slot("sc_diploma_level") == "bachelier" and resumed.active_loop_name == "eligibility_form"

    turn(
        resumed,
        UserUttered("oui j'ai l'équivalence", {"name": "affirm", "confidence": 0.9}),
        ActionExecuted("eligibility_form"),
        ActiveLoop(None),
        ActionExecuted("action_eligibility_verdict"),
        BotUttered("Avec votre bachelier obtenu en Roumanie et son équivalence, vous remplissez..."),
        SlotSet("sc_diploma_level", None),
        SlotSet("sc_diploma_abroad", None),
        ActionExecuted("action_listen"),
    )
    run(store.save(resumed))
    stored = stored_text(tracker_file)
    for answer in ("bachelier", "Roumanie", "équivalence", "l\\u00e9quivalence"):
        assert answer not in stored, answer
    assert "est-ce que je peux postuler" in stored  # the request itself is not an answer

    # The conversation goes on from the overwritten events.
    again = run(store.retrieve("candidate-1"))
    assert again.active_loop_name is None and again.get_slot("sc_diploma_level") is None
    assert again.latest_action_name == "action_listen"
    store.engine.dispose()


def referent(tmp_path: Path, tracker_file: Path, *args: str) -> str:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
        "SPOOL_DIR": str(tmp_path / "spool"),
        "TRACKER_DATABASE_URL": f"sqlite:///{tracker_file}",
    }
    result = subprocess.run(
        [str(APP_PYTHON), "-m", "bot", "referent", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_delete_candidate_and_purge_reach_the_rasa_store(domain, tracker_file, tmp_path):
    store = open_store(domain, tracker_file)
    for sender, said in (("forwarder", f"mon adresse : {EMAIL}"), ("bystander", "quel est le salaire ?")):
        tracker = DialogueStateTracker(sender, domain.slots)
        turn(
            tracker,
            ActionExecuted("action_listen"),
            UserUttered(said, {"name": "inform", "confidence": 0.9}),
            SlotSet("fw_email", EMAIL if sender == "forwarder" else None),
            BotUttered("C'est transmis."),
            ActionExecuted("action_listen"),
        )
        run(store.save(tracker))
    assert EMAIL in stored_text(tracker_file)

    assert "conversation event(s)" in referent(tmp_path, tracker_file, "delete-candidate", EMAIL)
    assert EMAIL not in stored_text(tracker_file)
    assert run(store.retrieve("forwarder")) is None
    assert run(store.retrieve("bystander")) is not None

    referent(tmp_path, tracker_file, "purge", "--days", "0")
    assert stored_text(tracker_file) == ""
    assert run(store.retrieve("bystander")) is None
    store.engine.dispose()
