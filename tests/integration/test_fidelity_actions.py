"""Faithful to circular 8118 (issue #12), as the actions say it (database behind)."""

from __future__ import annotations

from tests.conftest import ROOT


def test_the_referent_is_the_contact_for_the_post_not_a_promise_to_answer(offer_data, bot_db):
    from actions import runtime
    from bot.answers.replies import unknown_reply

    contact = runtime.offer_reader().contact()
    assert "répondra" not in contact and "Sandrine.GEUQUET@cfwb.be" in contact
    assert "contact" in contact and "fonction" in contact
    assert "répondra" not in unknown_reply(contact)
    forwarding = (ROOT / "actions" / "forwarding.py").read_text(encoding="utf-8")
    assert "vous répondra" not in forwarding
