"""bot.storage.tracker_events on an `events` table like Rasa's: the self-check's answers are overwritten
once it ends (or when abandoned), the purge and erasure statements. Shared code: runs on
SQLAlchemy 1.4 (the Rasa server's environment) and 2.x (the worker's)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
import yaml
from sqlalchemy import create_engine, insert, select

from bot.storage import tracker_events as te
from tests.conftest import ROOT

T0 = datetime(2026, 1, 10, 12, 0, tzinfo=timezone.utc).timestamp()


def selfcheck_conversation(ended: bool = True) -> list[dict]:
    """The events of a conversation with a self-check, as Rasa stores them (as_dict)."""
    events = [
        {
            "event": "user",
            "text": "bonjour",
            "parse_data": {"text": "bonjour", "intent": {"name": "greet"}, "entities": []},
        },
        {"event": "bot", "text": "Bonjour !", "data": {}},
        {
            "event": "user",
            "text": "est-ce que je peux postuler ?",
            "parse_data": {"text": "est-ce que je peux postuler ?", "intent": {"name": "ask_eligibility"}},
        },
        {"event": "action", "name": "eligibility_form"},
        {"event": "active_loop", "name": "eligibility_form"},
        {"event": "bot", "text": "Quel est votre diplôme ?", "data": {"buttons": []}},
        {
            "event": "user",
            "text": "un bachelier en droit obtenu en Roumanie",
            "parse_data": {
                "text": "un bachelier en droit obtenu en Roumanie",
                "intent": {"name": "inform"},
                "entities": [{"entity": "country", "value": "Roumanie", "start": 33, "end": 41}],
            },
        },
        {"event": "slot", "name": "sc_diploma_level", "value": "bachelier"},
        {"event": "slot", "name": "sc_diploma_abroad", "value": True},
        {"event": "slot", "name": "requested_slot", "value": "sc_equivalence"},
    ]
    if ended:
        events += [
            {"event": "active_loop", "name": None},
            {"event": "action", "name": "action_eligibility_verdict"},
            {"event": "bot", "text": "Avec un diplôme obtenu en Roumanie, il vous faut l'équivalence.", "data": {}},
            {"event": "slot", "name": "sc_diploma_level", "value": None},
            {"event": "slot", "name": "sc_diploma_abroad", "value": None},
            {"event": "action", "name": "action_listen"},
            {
                "event": "user",
                "text": "quel est le salaire ?",
                "parse_data": {"text": "quel est le salaire ?", "intent": {"name": "ask_salary"}},
            },
            {"event": "bot", "text": "Le salaire est ...", "data": {}},
        ]
    for number, event in enumerate(events):
        event["timestamp"] = T0 + number
    return events


def stored(events: list[dict], include_open: bool = False) -> list[dict]:
    changes = te.redactions(list(enumerate(events)), include_open=include_open)
    return [changes.get(number, event) for number, event in enumerate(events)]


def test_an_ended_selfcheck_keeps_no_answer():
    after = stored(selfcheck_conversation())
    text = json.dumps(after, ensure_ascii=False)
    for answer in ("bachelier", "Roumanie", "droit"):
        assert answer not in text
    # What is not the self-check stays: the greeting, the request, the question asked afterwards.
    assert [e["text"] for e in after if e["event"] == "user"] == [
        "bonjour",
        "est-ce que je peux postuler ?",
        te.REDACTED,
        "quel est le salaire ?",
    ]
    assert after[-1]["text"] == "Le salaire est ..."
    # What the dialogue policies read stays: intents, entity names, actions, loop events.
    answer = after[6]
    assert answer["parse_data"]["intent"] == {"name": "inform"}
    assert answer["parse_data"]["entities"][0]["entity"] == "country"
    assert [e.get("name") for e in after if e["event"] in ("action", "active_loop")] == [
        e.get("name") for e in selfcheck_conversation() if e["event"] in ("action", "active_loop")
    ]
    # Overwriting again changes nothing.
    assert te.redactions(list(enumerate(after))) == {}


def test_a_running_selfcheck_is_left_alone_unless_abandoned():
    running = selfcheck_conversation(ended=False)
    assert stored(running) == running  # the form still needs its answers
    abandoned = json.dumps(stored(running, include_open=True), ensure_ascii=False)
    assert "bachelier" not in abandoned and "Roumanie" not in abandoned


def test_ended_selfcheck_is_recognised_from_the_latest_turn():
    events = selfcheck_conversation()
    assert te.ended_selfcheck(events[:16])  # up to the verdict's turn
    assert not te.ended_selfcheck(events)  # a later turn
    assert not te.ended_selfcheck(selfcheck_conversation(ended=False))


@pytest.fixture
def connection(database_url):
    """An events table on SQLite (the embedded default) and PostgreSQL (production)."""
    engine = create_engine(database_url, future=True)
    te.events.metadata.create_all(engine)
    with engine.begin() as connection:
        yield connection
    engine.dispose()


def add(connection, sender_id: str, events: list[dict]) -> None:
    for event in events:
        connection.execute(
            insert(te.events).values(
                sender_id=sender_id, type_name=event["event"], timestamp=event["timestamp"], data=json.dumps(event)
            )
        )


def all_data(connection, sender_id: str) -> str:
    return " ".join(connection.execute(select(te.events.c.data).where(te.events.c.sender_id == sender_id)).scalars())


def test_sql_redaction_purge_and_erasure(connection):
    add(connection, "ended", selfcheck_conversation())
    add(connection, "abandoned", selfcheck_conversation(ended=False))
    add(connection, "recent", [{**e, "timestamp": T0 + 10**6} for e in selfcheck_conversation(ended=False)])
    add(connection, "mentions", [{"event": "user", "text": "Mon adresse : Lea.Martin@Example.org", "timestamp": T0}])

    assert te.redact_conversation(connection, "ended") > 0
    assert "bachelier" not in all_data(connection, "ended")
    assert te.redact_conversation(connection, "abandoned") == 0  # still running: untouched
    idle_before = datetime.fromtimestamp(T0 + 1000, timezone.utc)
    assert te.redact_abandoned(connection, idle_before) > 0
    assert "bachelier" not in all_data(connection, "abandoned")
    assert "bachelier" in all_data(connection, "recent")  # not idle long enough

    assert te.conversations_mentioning(connection, "lea.martin@example.org") == {"mentions"}
    assert te.conversations_mentioning(connection, "l_a%") == set()  # LIKE wildcards are literal
    assert te.delete_conversations(connection, ["mentions"]) == 1
    assert te.purge_before(connection, datetime.fromtimestamp(T0 + 10**5, timezone.utc)) == 28
    assert set(connection.execute(select(te.events.c.sender_id).distinct()).scalars()) == {"recent"}


def test_no_events_table_yet(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'empty.db'}", future=True)
    with engine.begin() as connection:
        assert te.purge_before(connection, datetime.now(timezone.utc) - timedelta(days=1)) == 0
        assert te.delete_conversations(connection, ["x"]) == 0
        assert te.redact_abandoned(connection, datetime.now(timezone.utc)) == 0
    engine.dispose()


def test_the_words_about_the_selfcheck_match_what_is_overwritten():
    """ "je n'enregistre pas vos réponses" (domain.yml, the verdict) holds because every answer of the
    form is an sc_* slot and both ways out of it are the actions that trigger the overwriting."""
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    said = (ROOT / "domain.yml").read_text(encoding="utf-8") + (ROOT / "bot" / "selfcheck" / "verdict.py").read_text(
        encoding="utf-8"
    )
    assert "je n'enregistre pas vos réponses" in said.lower()
    required = domain["forms"][te.SELFCHECK_LOOP]["required_slots"]
    assert required and all(slot.startswith(te.SELFCHECK_SLOT_PREFIX) for slot in required)
    assert set(te.SELFCHECK_END_ACTIONS) <= set(domain["actions"])
