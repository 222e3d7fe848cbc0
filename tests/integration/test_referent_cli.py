"""The referent's inbox commands, with answers emailed to a local SMTP server."""

from __future__ import annotations

import csv
from datetime import datetime, timedelta, timezone

import pytest

from bot.__main__ import main
from bot.referents.spool import Spool
from bot.referents.submission import submit_ticket
from bot.referents.tickets import NewTicket
from tests.integration.actions_support import inbox_database


@pytest.fixture
def inbox(tmp_path, monkeypatch):
    _, sessions = inbox_database(monkeypatch, f"sqlite:///{tmp_path / 'inbox.db'}", tmp_path / "spool")
    now = datetime.now(timezone.utc)

    def add(question, email="ana@example.org", days_ago=0):
        return submit_ticket(
            sessions,
            Spool(tmp_path / "spool"),
            NewTicket(
                offer_id="wbe3-cm-csap-2021-014",
                question=question,
                email=email,
                conversation_id=f"conv-{email}",
                reason="request",
                created_at=now - timedelta(days=days_ago),
            ),
        ).reference

    return add


def test_list_show_close(inbox, capsys):
    ref = inbox("Le master en droit est-il accepté ?")
    assert main(["referent", "list", "--status", "new"]) == 0
    out = capsys.readouterr().out
    assert ref in out and "Le master en droit" in out and "new: 1" in out
    assert main(["referent", "show", ref]) == 0
    assert "ana@example.org" in capsys.readouterr().out
    assert main(["referent", "close", ref]) == 0
    main(["referent", "list", "--status", "closed"])
    assert ref in capsys.readouterr().out
    assert main(["referent", "show", "Q-NOTHERE"]) == 1


def test_answer_is_emailed_to_the_candidate(inbox, smtp_server, monkeypatch, capsys):
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(smtp_server.port))
    monkeypatch.setenv("SMTP_TLS", "none")  # the plain local test server
    ref = inbox("Puis-je postuler avec un diplôme belge néerlandophone ?", email="bert@example.org")
    assert main(["referent", "answer", ref, "--text", "Oui, avec l'attestation du Selor."]) == 0
    assert "emailed to bert@example.org" in capsys.readouterr().out
    [message] = smtp_server.messages
    assert message["To"] == "bert@example.org" and ref in message["Subject"]
    body = message.get_content()
    assert "Oui, avec l'attestation du Selor." in body and "néerlandophone" in body and "180 jours" in body


def test_answer_without_smtp_sends_nothing_and_says_so(inbox, capsys):
    ref = inbox("Question sans SMTP")
    assert main(["referent", "answer", ref, "--text", "Réponse"]) == 0
    assert "NOT emailed" in capsys.readouterr().out


def test_export_delete_candidate_purge_and_report(inbox, tmp_path, capsys):
    inbox("Question d'Ana", email="ana@example.org")
    inbox("Question de Bob", email="bob@example.org")
    inbox("Très vieille question", email="old@example.org", days_ago=400)
    out = tmp_path / "export.csv"
    assert main(["referent", "export", "--out", str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {row["email"] for row in rows} == {"ana@example.org", "bob@example.org", "old@example.org"}
    assert main(["referent", "delete-candidate", "bob@example.org"]) == 0
    assert main(["referent", "purge"]) == 0
    assert "purged 1 question(s)" in capsys.readouterr().out
    main(["referent", "list"])
    listing = capsys.readouterr().out
    assert "Question d'Ana" in listing and "Bob" not in listing and "vieille" not in listing
    assert main(["referent", "report", "--days", "7"]) == 0
    assert "(nothing)" in capsys.readouterr().out


def test_flush_spool_command(inbox, tmp_path, capsys):
    spool = Spool(tmp_path / "spool")
    spool.append(
        NewTicket(
            offer_id="wbe3-cm-csap-2021-014",
            question="gardée pendant la panne",
            email="x@example.org",
            conversation_id="c",
            reason="request",
            created_at=datetime.now(timezone.utc),
            reference="Q-SPOOLED1",
        )
    )
    assert main(["referent", "flush-spool"]) == 0
    assert "1 spooled question(s) moved" in capsys.readouterr().out
    main(["referent", "show", "Q-SPOOLED1"])
    assert "gardée pendant la panne" in capsys.readouterr().out
