"""Input limits of the HTTP channels, and the apology instead of silence."""

from __future__ import annotations

import pytest

from rasa_server.guard import MAX_MESSAGE_LENGTH, check_payload, clean_text, never_silent


@pytest.mark.parametrize(
    "payload, problem",
    [
        ({"sender": "a1", "message": "bonjour"}, None),
        ({"sender": "conv:42@web", "message": "x" * MAX_MESSAGE_LENGTH}, None),
        ({"sender": "a1", "message": "x" * (MAX_MESSAGE_LENGTH + 1)}, "dépasse"),
        ({"sender": "a1", "message": "   \n\t"}, "vide"),
        ({"sender": "a1", "message": "\x00\x01"}, "vide"),
        ({"sender": "a1", "message": 12}, "vide"),
        ({"sender": 12, "message": "bonjour"}, "sender"),
        ({"sender": "s" * 129, "message": "bonjour"}, "sender"),
        ({"sender": "<script>", "message": "bonjour"}, "sender"),
        ({"message": "bonjour"}, "sender"),
        (["not", "an", "object"], "objet JSON"),
        (None, "objet JSON"),
    ],
)
def test_payload_checks(payload, problem):
    result = check_payload(payload)
    assert result is None if problem is None else problem in result.reason


@pytest.mark.parametrize(
    "payload, status",
    [
        ({"sender": "a1", "message": "x" * (MAX_MESSAGE_LENGTH + 1)}, 413),
        ({"sender": "a1", "message": ""}, 400),
        ({"sender": "<script>", "message": "bonjour"}, 400),
        (None, 400),
    ],
)
def test_the_status_comes_with_the_refusal_not_from_its_wording(payload, status):
    assert check_payload(payload).status == status


@pytest.mark.parametrize(
    "raw, cleaned",
    [
        ("  quel salaire ?  ", "quel salaire ?"),
        ("a\x00b\x1bc", "a b c"),
        ("ligne 1\nligne 2", "ligne 1\nligne 2"),
        ("/restart", "restart"),
        ("//ask_salary", "ask_salary"),
        ("/ /", ""),
        (" / / salaire", "salaire"),
        ("\ud800x", "?x"),
        ("😀", "😀"),
    ],
)
def test_clean_text(raw, cleaned):
    assert clean_text(raw) == cleaned


def test_never_silent_apologises_with_the_contact_from_the_offer_file():
    assert never_silent([{"text": "ok"}], "s") == [{"text": "ok"}]
    [apology] = never_silent([], "s")
    assert apology["recipient_id"] == "s"
    assert apology["text"].startswith("Désolé, je rencontre un problème technique")
    assert "Sandrine.GEUQUET@cfwb.be" in apology["text"]
