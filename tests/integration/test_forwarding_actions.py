"""Forwarding in the conversation: offer, notice, form validation, confirmation."""

from __future__ import annotations

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from actions.forwarding import (
    EMAIL_DECLINED,
    ActionForwardCancelled,
    ActionForwardNotice,
    ActionSubmitForward,
    ValidateForwardForm,
)
from actions.offer_questions import ActionAnswerUnknown
from bot import bootstrap
from bot.mail import outbox
from bot.referents.inbox import get_ticket, list_tickets
from bot.referents.report import unanswered_report
from bot.referents.spool import Spool
from tests.integration.actions_support import configure, tracker


def run(action, **kwargs):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker(**kwargs), {})
    return dispatcher.messages, events


def test_unknown_question_is_logged_and_forwarding_offered(bot_db):
    messages, events = run(ActionAnswerUnknown(), intent="nlu_fallback", text="Y a-t-il un parking ?", confidence=0.3)
    assert "transmette votre question" in messages[0]["text"]
    assert [b["payload"] for b in messages[0]["buttons"]] == ["oui", "non"]
    assert SlotSet("forward_offered", True) in events and SlotSet("fw_question", "Y a-t-il un parking ?") in events
    with runtime.offer_reader().session_factory() as session:
        assert [line.question for line in unanswered_report(session)] == ["Y a-t-il un parking ?"]


def test_notice_names_the_referent_purpose_retention_and_erasure(bot_db):
    messages, _ = run(ActionForwardNotice(), intent="affirm")
    text = messages[0]["text"]
    for expected in (
        "Sandrine GEUQUET",
        "uniquement à traiter votre question",
        "mission de service public",
        "180 jours",
        "effacer",
        "Sandrine.GEUQUET@cfwb.be",
    ):
        assert expected in text
    # The circular names her as the contact for the post; it promises no answer (issue #12).
    assert "vous répondra" not in text and "si une réponse vous est donnée" in text


def validate(slot, text):
    dispatcher = CollectingDispatcher()
    result = getattr(ValidateForwardForm(), f"validate_{slot}")(text, dispatcher, tracker(text=text), {})
    return result, [m.get("response") for m in dispatcher.messages]


def test_email_validation_re_asks_and_accepts_a_refusal():
    assert validate("fw_email", "ana@example.org") == ({"fw_email": "ana@example.org"}, [])
    assert validate("fw_email", "ana at example") == ({"fw_email": None}, ["utter_invalid_fw_email"])
    assert validate("fw_email", "non merci") == ({"fw_email": EMAIL_DECLINED}, [])
    assert validate("fw_question", "oui") == ({"fw_question": None}, ["utter_invalid_fw_question"])
    assert validate("fw_question", "Le graduat en marketing est-il pertinent ?")[0] == {
        "fw_question": "Le graduat en marketing est-il pertinent ?"
    }


def test_submit_stores_the_ticket_notifies_the_referent_and_confirms(bot_db, smtp_server, monkeypatch):
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(smtp_server.port))
    monkeypatch.setenv("SMTP_TLS", "none")  # the plain local test server
    configure(monkeypatch, bot_db)
    bootstrap.use(None)  # rebuilt from the environment on next use
    slots = {
        "fw_question": "Mon diplôme roumain est-il reconnu ?",
        "fw_email": "ioana@example.org",
        "fw_reason": "low_confidence",
    }
    messages, events = run(ActionSubmitForward(), slots=slots)
    text = messages[0]["text"]
    assert text.startswith("C'est transmis. Votre référence : Q-") and "ioana@example.org" in text
    reference = text.split("référence : ")[1].split(".")[0]
    with runtime.offer_reader().session_factory() as session:
        stored = get_ticket(session, reference)
        assert (stored.email, stored.reason) == ("ioana@example.org", "low_confidence")
    # The action only queued the email (no SMTP on the conversation path): the worker sends it.
    assert smtp_server.messages == []
    assert outbox.deliver_due(runtime.offer_reader().session_factory, runtime.settings()).sent == 1
    [notification] = smtp_server.messages
    assert notification["To"] == "Sandrine.GEUQUET@cfwb.be" and reference in notification["Subject"]
    assert SlotSet("fw_question", None) in events and SlotSet("forward_offered", False) in events
    bootstrap.use(None)  # rebuilt from the environment on next use


def test_declined_email_gives_the_contact_and_stores_nothing(bot_db):
    messages, _ = run(ActionSubmitForward(), slots={"fw_question": "Une question", "fw_email": EMAIL_DECLINED})
    assert "je ne transmets rien" in messages[0]["text"] and "Sandrine.GEUQUET@cfwb.be" in messages[0]["text"]
    with runtime.offer_reader().session_factory() as session:
        assert list_tickets(session) == []


def test_database_down_keeps_the_question_in_the_spool(monkeypatch, tmp_path):
    configure(monkeypatch, "postgresql://postgres@127.0.0.1:1/down")
    monkeypatch.setenv("SPOOL_DIR", str(tmp_path / "spool"))
    bootstrap.use(None)  # rebuilt from the environment on next use
    slots = {"fw_question": "Question pendant la panne", "fw_email": "ana@example.org"}
    messages, _ = run(ActionSubmitForward(), slots=slots)
    assert "momentanément indisponible" in messages[0]["text"] and "sera transmise" in messages[0]["text"]
    [kept] = Spool(tmp_path / "spool").pending()
    assert kept.question == "Question pendant la panne" and kept.offer_id == "wbe3-cm-csap-2021-014"
    assert kept.reference in messages[0]["text"]
    bootstrap.use(None)  # rebuilt from the environment on next use


def test_cancel_gives_the_contact(bot_db):
    messages, events = run(ActionForwardCancelled(), intent="stop")
    assert "pas été transmise" in messages[0]["text"] and "Sandrine.GEUQUET@cfwb.be" in messages[0]["text"]
    assert SlotSet("fw_email", None) in events
