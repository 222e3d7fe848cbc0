"""Action server with ACTION_SERVER_TOKEN (the session's bot runs with one): Rasa's
calls carry the token, others get 401."""

from __future__ import annotations

import pytest
import requests

from actions.auth import token_accepted
from tests.e2e.conftest import ACTION_TOKEN as TOKEN

pytestmark = pytest.mark.e2e
CALL = {
    "next_action": "action_greet",
    "sender_id": "token-test",
    "version": "3.6.21",
    "tracker": {
        "sender_id": "token-test",
        "slots": {},
        "latest_message": {},
        "events": [],
        "paused": False,
        "followup_action": None,
        "active_loop": {},
        "latest_action_name": None,
    },
    "domain": {},
}


@pytest.fixture(scope="module")
def protected(bot):
    return bot.action_url, bot.rasa_url


def test_rasa_with_the_token_gets_answers(protected):
    _, rasa = protected
    reply = requests.post(
        f"{rasa}/webhooks/rest/webhook", json={"sender": "token-ok", "message": "bonjour"}, timeout=30
    ).json()
    text = " ".join(part.get("text", "") for part in reply)
    assert "Je suis l'assistant automatique" in text
    assert "Désolé" not in text


@pytest.mark.parametrize("params", [{}, {"token": ""}, {"token": "wrong"}, {"token": TOKEN + "x"}, {"Token": TOKEN}])
def test_calls_without_the_right_token_are_refused(protected, params):
    actions, _ = protected
    response = requests.post(f"{actions}/webhook", params=params, json=CALL, timeout=10)
    assert response.status_code == 401
    assert requests.get(f"{actions}/actions", params=params, timeout=10).status_code == 401


def test_the_right_token_opens_the_webhook_and_health_stays_open(protected):
    actions, _ = protected
    response = requests.post(f"{actions}/webhook", params={"token": TOKEN}, json=CALL, timeout=10)
    assert response.status_code == 200, response.text
    assert "Je suis l'assistant automatique" in response.json()["responses"][0]["text"]
    assert requests.get(f"{actions}/health", timeout=10).status_code == 200


@pytest.mark.parametrize(
    "given, accepted", [(TOKEN, True), ("", False), (None, False), ("x", False), (TOKEN.upper(), False), ("é", False)]
)
def test_token_comparison(given, accepted):
    assert token_accepted(TOKEN, given) is accepted
