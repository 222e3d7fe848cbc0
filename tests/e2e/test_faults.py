"""Faults: the candidate gets a French apology and the contact, never silence."""

from __future__ import annotations

import pytest
import requests

pytestmark = pytest.mark.e2e


def test_action_server_down_gives_an_apology_with_the_contact(rasa_url_without_actions):
    reply = requests.post(
        f"{rasa_url_without_actions}/webhooks/rest/webhook",
        json={"sender": "fault-actions", "message": "quel est le salaire ?"},
        timeout=60,
    )
    assert reply.status_code == 200
    text = " ".join(part["text"] for part in reply.json())
    assert text.startswith("Désolé, je rencontre un problème technique")
    assert "Sandrine.GEUQUET@cfwb.be" in text
