"""Input limits of the HTTP channels, and the apology instead of silence."""
from __future__ import annotations

import pytest

from webchat.guard import MAX_MESSAGE_LENGTH, check_payload, clean_text, never_silent


@pytest.mark.parametrize("payload, problem", [
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
])
def test_payload_checks(payload, problem):
    result = check_payload(payload)
    assert result is None if problem is None else problem in result


@pytest.mark.parametrize("raw, cleaned", [
    ("  quel salaire ?  ", "quel salaire ?"), ("a\x00b\x1bc", "a b c"), ("ligne 1\nligne 2", "ligne 1\nligne 2"),
    ("/restart", "restart"), ("//ask_salary", "ask_salary"), ("/ /", ""), (" / / salaire", "salaire"),
    ("\ud800x", "?x"), ("😀", "😀"),
])
def test_clean_text(raw, cleaned):
    assert clean_text(raw) == cleaned


def test_never_silent_apologises_with_the_contact_from_the_offer_file():
    assert never_silent([{"text": "ok"}], "s") == [{"text": "ok"}]
    [apology] = never_silent([], "s")
    assert apology["recipient_id"] == "s"
    assert apology["text"].startswith("Désolé, je rencontre un problème technique")
    assert "Sandrine.GEUQUET@cfwb.be" in apology["text"]


def test_chat_page_is_filled_from_the_offer_data_and_escaped(offer_data):
    from webchat.channel import STATIC_DIR, render_page

    page = render_page((STATIC_DIR / "index.html").read_text(encoding="utf-8"))
    assert "{{" not in page
    assert offer_data.header["reference"] in page
    assert f"circulaire {offer_data.header['circular_number']}" in page
    assert offer_data.topics["contact"].facts["email"] in page
    assert "Conseiller·ère Techno-Pédagogique en charge de l&#x27;Intégration" in page
