"""The Rasa 3.6 server accepts what the new action server (rasa-sdk 3.21, Python 3.12) answers.

The two processes now run on different Pythons and different SDK versions, so
their contract is tested, not assumed: each representative action call below is
made by Rasa's own client code (RemoteAction.run, the code path of `rasa run`:
the request built from a Rasa tracker, the reply checked against Rasa's action
response schema, the responses rendered with the domain, the events read back)
against the real action server started from .venv-app. Every reply is checked
by both validators Rasa may run: its own `jsonschema.validate()` and the cached
one of rasa_server/rasa_patch.py, and no event may be dropped when Rasa reads them.
"""

from __future__ import annotations

import asyncio
import copy

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, SlotSet, UserUttered, deserialise_events
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import EndpointConfig

from rasa_server import rasa_patch as speedups
from tests.e2e.conftest import ROOT, start_actions, stop

pytestmark = pytest.mark.e2e
DOMAIN = Domain.load(str(ROOT / "domain.yml"))
SALARY = "28\u00a0374,60 €"


@pytest.fixture(scope="module")
def action_endpoint(bot_env):
    work, env = bot_env
    port, process = start_actions(work, env, "actions-contract")
    yield EndpointConfig(f"http://127.0.0.1:{port}/webhook")
    stop(process)


@pytest.fixture
def replies(monkeypatch):
    """Every action server reply that Rasa validates, after checking it with both validators."""
    seen = []

    def validate(action, result):
        seen.append(copy.deepcopy(result))
        assert speedups.ORIGINAL_VALIDATE_ACTION_RESULT(action, result) is True
        assert speedups.validate_action_result(action, result) is True
        assert len(deserialise_events(result.get("events", []))) == len(result.get("events", []))
        return True

    monkeypatch.setattr(RemoteAction, "_validate_action_result", validate)
    return seen


def user(text, intent, confidence=0.95):
    return UserUttered(text, intent={"name": intent, "confidence": confidence})


def conversation(sender, *events):
    return DialogueStateTracker.from_events(sender, [ActionExecuted("action_listen"), *events], slots=DOMAIN.slots)


def in_form(form, requested, text, intent="inform", **extracted):
    """The tracker Rasa hands to a form's validation action: the user's answer and the slots it extracted."""
    return [
        ActionExecuted(form),
        ActiveLoop(form),
        SlotSet("requested_slot", requested),
        ActionExecuted("action_listen"),
        user(text, intent),
        *(SlotSet(name, value) for name, value in extracted.items()),
    ]


def run(endpoint, name, tracker):
    action = RemoteAction(name, endpoint)
    return asyncio.run(
        action.run(CollectingOutputChannel(), TemplatedNaturalLanguageGenerator(DOMAIN.responses), tracker, DOMAIN)
    )


def texts(events):
    return " ".join(event.text or "" for event in events if isinstance(event, BotUttered))


def slots(events):
    return {event.key: event.value for event in events if isinstance(event, SlotSet)}


def test_a_topic_answer(action_endpoint, replies):
    events = run(
        action_endpoint,
        "action_answer_offer_question",
        conversation("contract-topic", user("quel est le salaire ?", "ask_salary")),
    )
    assert SALARY in texts(events)
    assert len(replies) == 1


def test_a_form_step_with_a_valid_answer(action_endpoint, replies):
    tracker = conversation(
        "contract-form",
        *in_form(
            "eligibility_form",
            "sc_diploma_level",
            "un master obtenu en France",
            sc_diploma_level="un master obtenu en France",
        ),
    )
    events = run(action_endpoint, "validate_eligibility_form", tracker)
    assert slots(events)["sc_diploma_level"] == "master"
    assert slots(events)["sc_diploma_abroad"] is True
    assert len(replies) == 1


def test_a_slot_validation_that_refuses_the_value(action_endpoint, replies):
    tracker = conversation(
        "contract-refused", *in_form("eligibility_form", "sc_diploma_level", "azerty", sc_diploma_level="azerty")
    )
    events = run(action_endpoint, "validate_eligibility_form", tracker)
    assert slots(events)["sc_diploma_level"] is None
    # The re-ask is a domain response named by the action server, rendered by Rasa.
    assert any(
        isinstance(event, BotUttered) and event.metadata.get("utter_action") == "utter_invalid_sc_diploma_level"
        for event in events
    )


def test_a_form_question_and_the_verdict_with_its_follow_up_events(action_endpoint, replies):
    assert "la gestion de projet" in texts(
        run(action_endpoint, "action_ask_sc_assets", conversation("contract-verdict"))
    )
    answers = {
        "sc_diploma_level": "bachelier",
        "sc_diploma_abroad": False,
        "sc_diploma_in_french": True,
        "sc_experience_months": 36.0,
        "sc_licence_b": True,
        "sc_vehicle": True,
        "sc_tenured": False,
        "sc_assets": ["digital_integration"],
    }
    tracker = conversation("contract-verdict", *(SlotSet(name, value) for name, value in answers.items()))
    events = run(action_endpoint, "action_eligibility_verdict", tracker)
    assert "vous semblez remplir les conditions" in texts(events)
    # The answers are cleared once the verdict is given: Rasa applies the SlotSet events.
    for event in events:
        event.apply_to(tracker)
    assert all(tracker.get_slot(name) is None for name in answers)
    assert len(replies) == 2


def test_forwarding_a_question_to_the_referent(action_endpoint, replies):
    sender = "contract-forward"
    notice = run(
        action_endpoint,
        "action_forward_notice",
        conversation(sender, user("je voudrais parler à quelqu'un", "request_human")),
    )
    assert "180 jours" in texts(notice)
    assert slots(notice)["fw_reason"] == "request"
    question = "Un diplôme de bachelier en communication convient-il ?"
    validated = run(
        action_endpoint,
        "validate_forward_form",
        conversation(
            sender,
            *in_form("forward_form", "fw_email", "lea@example.org", fw_question=question, fw_email="lea@example.org"),
        ),
    )
    assert slots(validated)["fw_email"] == "lea@example.org"
    submitted = run(
        action_endpoint,
        "action_submit_forward",
        conversation(
            sender,
            SlotSet("fw_question", question),
            SlotSet("fw_email", "lea@example.org"),
            SlotSet("fw_reason", "request"),
        ),
    )
    assert "Votre référence : Q-" in texts(submitted)
    assert slots(submitted)["fw_email"] is None
    assert len(replies) == 3


def test_an_unknown_action_is_an_error_rasa_understands(action_endpoint, replies):
    with pytest.raises(RasaException, match="action_that_does_not_exist"):
        run(action_endpoint, "action_that_does_not_exist", conversation("contract-unknown"))


def test_the_check_catches_a_reply_rasa_would_reject(action_endpoint, replies):
    run(
        action_endpoint,
        "action_answer_offer_question",
        conversation("contract-broken", user("quel est le salaire ?", "ask_salary")),
    )
    broken = copy.deepcopy(replies[0])
    broken["events"].append({"event": "slot", "value": "a slot event without its name"})
    for validate in (speedups.ORIGINAL_VALIDATE_ACTION_RESULT, speedups.validate_action_result):
        with pytest.raises(jsonschema.ValidationError):
            validate(RemoteAction("action_answer_offer_question", action_endpoint), broken)
