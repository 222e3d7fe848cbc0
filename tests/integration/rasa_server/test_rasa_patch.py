"""The cached action-reply validation accepts and rejects exactly what Rasa's own does."""

from __future__ import annotations

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered, deserialise_events
from rasa.shared.utils.common import all_subclasses

from rasa_server import rasa_patch as speedups
from rasa_server.rest import GuardedRestInput

RASA_VALIDATE = speedups.ORIGINAL_VALIDATE_ACTION_RESULT
RASA_RESOLVE = speedups.ORIGINAL_RESOLVE_BY_TYPE
ACTION = RemoteAction("action_answer_offer_question", None)

VALID = [
    {"events": [], "responses": []},
    {},
    {
        "events": [{"event": "slot", "timestamp": None, "name": "topic", "value": "salary"}],
        "responses": [{"text": "Bonjour", "buttons": [{"title": "Oui", "payload": "oui"}]}],
    },
    {
        "events": [{"event": "active_loop", "name": None}, {"event": "followup", "name": "action_listen"}],
        "responses": [{"text": "x" * 3000}],
    },
]
INVALID = [
    {"events": "not a list"},
    {"events": [{"event": "slot"}]},
    {"events": [{"event": "no_such_event"}]},
    {"responses": "text"},
    {"responses": [42]},
    {"events": [{"event": "slot", "name": 5, "value": 1}]},
]


def test_building_the_channels_installs_the_cached_validation(monkeypatch):
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RASA_VALIDATE)
    GuardedRestInput().blueprint(lambda message: None)
    assert RemoteAction._validate_action_result is speedups.validate_action_result
    assert speedups.install() is True  # idempotent


@pytest.mark.parametrize("result", VALID)
def test_valid_replies_pass_both_checks(result):
    assert RASA_VALIDATE(ACTION, result) is True
    assert speedups.validate_action_result(ACTION, result) is True


@pytest.mark.parametrize("result", INVALID)
def test_invalid_replies_fail_with_rasas_error(result):
    with pytest.raises(jsonschema.ValidationError) as rasa_error:
        RASA_VALIDATE(ACTION, result)
    with pytest.raises(jsonschema.ValidationError) as our_error:
        speedups.validate_action_result(ACTION, result)
    assert our_error.value.message == rasa_error.value.message
    assert "Failed to validate Action server response" in our_error.value.message


def test_other_rasa_versions_are_left_alone(monkeypatch):
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RASA_VALIDATE)
    monkeypatch.setattr(Event, "resolve_by_type", staticmethod(RASA_RESOLVE))
    monkeypatch.setattr(speedups.rasa, "__version__", "3.7.0")
    assert speedups.install() is False
    assert RemoteAction._validate_action_result is RASA_VALIDATE
    assert Event.resolve_by_type is RASA_RESOLVE


def test_building_the_channels_installs_the_event_type_table(monkeypatch):
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RASA_VALIDATE)
    monkeypatch.setattr(Event, "resolve_by_type", staticmethod(RASA_RESOLVE))
    GuardedRestInput().blueprint(lambda message: None)
    assert Event.resolve_by_type is speedups.resolve_event_type


@pytest.mark.parametrize("cls", all_subclasses(Event))
def test_every_event_type_resolves_to_rasas_class(cls):
    assert speedups.resolve_event_type(cls.type_name) is RASA_RESOLVE(cls.type_name)


def test_unknown_event_types_get_rasas_answer():
    assert speedups.resolve_event_type("topic") is None
    assert speedups.resolve_event_type("no_such_event", default=UserUttered) is UserUttered
    with pytest.raises(ValueError, match="Unknown event name 'no_such_event'"):
        speedups.resolve_event_type("no_such_event")


def test_events_read_back_are_the_same(monkeypatch):
    events = [UserUttered("bonjour", {"name": "greet"}), SlotSet("topic", "salary"), ActionExecuted("action_listen")]
    dumped = [event.as_dict() for event in events]
    monkeypatch.setattr(Event, "resolve_by_type", staticmethod(speedups.resolve_event_type))
    assert deserialise_events(dumped) == events
