"""Forwarded questions on SQLite and PostgreSQL: tickets, spool, inbox, purge, erasure, report."""

from __future__ import annotations

import io
import threading
from datetime import datetime, timedelta, timezone

import pytest

from bot.referents import tickets
from bot.referents.erasure import delete_candidate, purge_expired
from bot.referents.inbox import answer_ticket, close_ticket, export_csv, get_ticket, list_tickets
from bot.referents.report import unanswered_report
from bot.referents.spool import Spool
from bot.referents.submission import record_unanswered, submit_ticket
from bot.referents.tickets import NewTicket, TicketNotFound, valid_email
from bot.storage.database import make_engine, make_session_factory

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=timezone.utc)


def ticket(question="Mon diplôme marocain est-il accepté ?", email="ana@example.org", conversation="c1", created=NOW):
    return NewTicket(
        offer_id="wbe3-cm-csap-2021-014",
        question=question,
        email=email,
        conversation_id=conversation,
        reason="request",
        created_at=created,
    )


@pytest.fixture
def spool(tmp_path):
    return Spool(tmp_path / "spool")


def test_a_ticket_is_stored_with_a_readable_reference(session_factory, spool):
    result = submit_ticket(session_factory, spool, ticket())
    assert result.stored_in == "database"
    assert result.reference.startswith("Q-") and len(result.reference) == 10
    with session_factory() as session:
        stored = get_ticket(session, result.reference.lower())
        assert (stored.status, stored.email, stored.question) == (
            "new",
            "ana@example.org",
            "Mon diplôme marocain est-il accepté ?",
        )
    assert spool.pending() == []


def test_concurrent_submissions_get_distinct_references(session_factory, spool):
    results, errors = [], []

    def submit(index):
        try:
            results.append(submit_ticket(session_factory, spool, ticket(conversation=f"c{index}")))
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len({r.reference for r in results}) == 20
    with session_factory() as session:
        assert len(list_tickets(session)) == 20


def test_a_taken_reference_is_redrawn(session_factory, spool, monkeypatch):
    draws = iter(["Q-AAAAAAAA", "Q-AAAAAAAA", "Q-BBBBBBBB"])
    monkeypatch.setattr(tickets, "new_reference", lambda: next(draws))
    assert submit_ticket(session_factory, spool, ticket()).reference == "Q-AAAAAAAA"
    assert submit_ticket(session_factory, spool, ticket(question="Une autre question")).reference == "Q-BBBBBBBB"


def test_database_down_spools_the_question_and_flush_delivers_it(session_factory, spool):
    down = make_session_factory(make_engine("postgresql://postgres@127.0.0.1:1/none"))
    result = submit_ticket(down, spool, ticket(question="Question gardée pendant la panne"))
    assert result.stored_in == "spool"
    assert [t.reference for t in spool.pending()] == [result.reference]
    # Still down: flushing fails and keeps the spool intact.
    with pytest.raises(Exception):  # noqa: B017 - whatever the driver raises, the spool stays
        spool.flush(down)
    assert len(spool.pending()) == 1
    assert spool.flush(session_factory) == 1
    assert spool.pending() == []
    with session_factory() as session:
        assert get_ticket(session, result.reference).question == "Question gardée pendant la panne"
    # Flushing twice does not duplicate.
    assert spool.flush(session_factory) == 0


def test_answer_close_and_filters(session_factory, spool):
    first = submit_ticket(session_factory, spool, ticket(question="Question sur le permis B")).reference
    second = submit_ticket(session_factory, spool, ticket(question="Question sur le salaire")).reference
    with session_factory.begin() as session:
        answer_ticket(session, first, "Oui, il est obligatoire.", NOW)
        close_ticket(session, second)
    with session_factory() as session:
        assert [t.reference for t in list_tickets(session, status="answered")] == [first]
        assert [t.reference for t in list_tickets(session, status="closed")] == [second]
        assert [t.reference for t in list_tickets(session, search="salaire")] == [second]
        answered = get_ticket(session, first)
        assert answered.answer == "Oui, il est obligatoire." and answered.answered_at is not None
        with pytest.raises(ValueError):
            answer_ticket(session, first, "   ", NOW)
        with pytest.raises(TicketNotFound):
            get_ticket(session, "Q-NOTHERE")


def test_csv_export_neutralises_formulas(session_factory, spool):
    submit_ticket(session_factory, spool, ticket(question="=HYPERLINK(\"http://evil\")"))
    out = io.StringIO()
    with session_factory() as session:
        assert export_csv(session, out) == 1
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("reference,offer_id,status")
    assert "'=HYPERLINK" in lines[1]


def test_deleting_one_candidate_keeps_the_others(session_factory, spool):
    submit_ticket(session_factory, spool, ticket(email="ana@example.org", conversation="ana"))
    submit_ticket(session_factory, spool, ticket(email="bob@example.org", conversation="bob"))
    record_unanswered(session_factory, "wbe3-cm-csap-2021-014", "ana", "question d'Ana", None, None, NOW)
    record_unanswered(session_factory, "wbe3-cm-csap-2021-014", "bob", "question de Bob", None, None, NOW)
    with session_factory.begin() as session:
        assert delete_candidate(session, "ANA@example.org ") == (1, 1)
    with session_factory() as session:
        assert [t.email for t in list_tickets(session)] == ["bob@example.org"]
        assert [line.question for line in unanswered_report(session)] == ["question de Bob"]


def test_purge_removes_only_what_is_past_retention(session_factory, spool):
    old, recent = NOW - timedelta(days=200), NOW - timedelta(days=10)
    submit_ticket(session_factory, spool, ticket(question="ancienne question", created=old))
    submit_ticket(session_factory, spool, ticket(question="question récente", created=recent))
    record_unanswered(session_factory, "o", "c", "vieux message", None, None, old)
    record_unanswered(session_factory, "o", "c", "message récent", None, None, recent)
    with session_factory.begin() as session:
        assert purge_expired(session, NOW, 180) == (1, 1)
    with session_factory() as session:
        assert [t.question for t in list_tickets(session)] == ["question récente"]
        assert [line.question for line in unanswered_report(session)] == ["message récent"]


def test_report_groups_similar_messages(session_factory):
    for text in ("Y a-t-il un parking ?", "y a t il un parking", "Y A-T-IL UN PARKING ?", "Et la cantine ?"):
        record_unanswered(session_factory, "o", "c", text, "nlu_fallback", 0.3, NOW)
    with session_factory() as session:
        report = unanswered_report(session, since=NOW - timedelta(days=1))
    assert [(line.count, line.question.lower().startswith("y a")) for line in report] == [(3, True), (1, False)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ana@example.org", "ana@example.org"),
        ("  <prenom.nom@ecole.be> ", "prenom.nom@ecole.be"),
        ("pas une adresse", None),
        ("a@b", None),
        ("x@@y.be", None),
        ("a..b@x.be", None),
        ("", None),
        ("<script>@x.be", None),
        ("a" * 70 + "@x.be", None),
    ],
)
def test_email_validation(text, expected):
    assert valid_email(text) == expected
