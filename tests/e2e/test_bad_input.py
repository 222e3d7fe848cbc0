"""Hostile and malformed input: a clear answer or a 4xx, never a 5xx or a crash."""

from __future__ import annotations

import json
import random
import string

import pytest
import requests

pytestmark = pytest.mark.e2e

HOSTILE_TEXTS = [
    "",
    " ",
    "\n\t  \r\n",
    "\x00\x01\x02\x1b[31m",
    "😀😀😀",
    "🤖" * 500,
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "'; DROP TABLE referent_tickets; --",
    "\" OR 1=1 --",
    "{{7*7}} ${7*7} <%= 7*7 %>",
    "../../../../etc/passwd",
    "A" * 100_000,
    "é" * 50_000,
    "\u202e\u200b\u200d\ufeff",
    "\ud800",
    "NaN",
    "null",
    "0" * 5000,
    "/restart",
    "/greet",
    "/ask_salary{\"selection_step\": \"entretien\"}",
    "/nlu_fallback",
    "[lien](javascript:alert(1))",
]


def generated_texts(count: int, seed: int = 8118) -> list[str]:
    rng = random.Random(seed)
    alphabet = string.printable + "éèàçœ€«»—\u00a0\u2028😀🚗"
    texts = []
    for index in range(count):
        kind = index % 5
        if kind == 0:
            texts.append("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 300))))
        elif kind == 1:
            texts.append("".join(chr(rng.randint(0x20, 0x2FFF)) for _ in range(rng.randint(1, 200))))
        elif kind == 2:
            texts.append(rng.choice(HOSTILE_TEXTS) + " " + rng.choice(["salaire", "diplôme", "stop", ""]))
        elif kind == 3:
            texts.append("".join(chr(rng.randint(0, 31)) for _ in range(rng.randint(1, 50))))
        else:
            texts.append(rng.choice(["quel est le salaire ?", "stop", "oui", "non", "bonjour"]) * rng.randint(1, 400))
    return texts


RAW_BODIES = [
    b"",
    b"not json",
    b"{",
    b"[]",
    b"\"just a string\"",
    b"null",
    b"\xff\xfe\x00\x01binary\x80\x81",
    b'{"sender": "x", "message": "\xff\xfe invalid utf-8"}',
    b'{"sender": 12, "message": 13}',
    b'{"sender": ["a"], "message": {"a": 1}}',
    b'{"sender": null, "message": null}',
    b'{"message": "no sender"}',
    b'{"sender": "no message"}',
    json.dumps({"sender": "s" * 100_000, "message": "bonjour"}).encode(),
    json.dumps({"sender": "ok", "message": "bonjour", "metadata": "x" * 1000}).encode(),
]


def test_500_hostile_messages_get_no_5xx_and_other_conversations_are_unaffected(rasa_url, say):
    assert say("fuzz-bystander", "bonjour").startswith("Bonjour")
    url = f"{rasa_url}/webhooks/rest/webhook"
    statuses = []
    texts = HOSTILE_TEXTS + generated_texts(500 - len(HOSTILE_TEXTS) - len(RAW_BODIES))
    for index, text in enumerate(texts):
        body = json.dumps({"sender": f"fuzz-{index % 7}", "message": text})
        statuses.append(
            (
                text[:40],
                requests.post(url, data=body, headers={"Content-Type": "application/json"}, timeout=60).status_code,
            )
        )
    for raw in RAW_BODIES:
        statuses.append(
            (
                raw[:40],
                requests.post(url, data=raw, headers={"Content-Type": "application/json"}, timeout=60).status_code,
            )
        )
    assert len(statuses) >= 500
    server_errors = [(sample, status) for sample, status in statuses if status >= 500]
    assert server_errors == []
    assert all(status in (200, 400, 413) for _, status in statuses)
    # The server is still up and the bystander's conversation continues normally.
    assert "28\u00a0374,60 €" in say("fuzz-bystander", "quel est le salaire ?")
