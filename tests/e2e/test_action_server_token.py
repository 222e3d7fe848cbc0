"""Action server with ACTION_SERVER_TOKEN: Rasa's calls carry the token, others get 401."""
from __future__ import annotations

import subprocess

import pytest
import requests

from actions.auth import token_accepted
from tests.e2e.conftest import RASA_BIN, ROOT, free_port, start_actions, stop, wait_for

pytestmark = pytest.mark.e2e
TOKEN = "e2e-3f9c2b7d1a"
CALL = {"next_action": "action_greet", "sender_id": "token-test", "version": "3.6.21",
        "tracker": {"sender_id": "token-test", "slots": {}, "latest_message": {}, "events": [],
                    "paused": False, "followup_action": None, "active_loop": {},
                    "latest_action_name": None}, "domain": {}}


@pytest.fixture(scope="module")
def protected(bot_env, trained_model):
    work, env = bot_env
    env = {**env, "ACTION_SERVER_TOKEN": TOKEN}
    rasa_port = free_port()
    rasa_log = work / "rasa-token.log"
    action_port, actions = start_actions(work, env, "actions-token")
    endpoints = work / "endpoints-token.yml"
    endpoints.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n'
                         f'  token: "{TOKEN}"\n')
    rasa = subprocess.Popen(
        [str(RASA_BIN / "rasa"), "run", "--model", str(trained_model), "--port", str(rasa_port),
         "-i", "127.0.0.1", "--credentials", str(ROOT / "credentials.yml"), "--endpoints", str(endpoints)],
        cwd=ROOT, env=env, stdout=rasa_log.open("w"), stderr=subprocess.STDOUT)
    try:
        wait_for(f"http://127.0.0.1:{rasa_port}/", rasa, rasa_log)
        yield f"http://127.0.0.1:{action_port}", f"http://127.0.0.1:{rasa_port}"
    finally:
        stop(rasa, actions)


def test_rasa_with_the_token_gets_answers(protected):
    _, rasa = protected
    reply = requests.post(f"{rasa}/webhooks/rest/webhook", json={"sender": "token-ok", "message": "bonjour"},
                          timeout=30).json()
    text = " ".join(part.get("text", "") for part in reply)
    assert "Je suis l'assistant automatique" in text
    assert "Désolé" not in text


@pytest.mark.parametrize("params", [{}, {"token": ""}, {"token": "wrong"}, {"token": TOKEN + "x"},
                                    {"Token": TOKEN}])
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


@pytest.mark.parametrize("given, accepted", [(TOKEN, True), ("", False), (None, False), ("x", False),
                                             (TOKEN.upper(), False), ("é", False)])
def test_token_comparison(given, accepted):
    assert token_accepted(TOKEN, given) is accepted
