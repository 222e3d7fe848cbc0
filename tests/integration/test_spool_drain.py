"""Questions kept in the spool during a database outage reach the database by themselves:
with the next question the database accepts, and before the referent's commands.
On SQLite and PostgreSQL."""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta, timezone

import pytest

from actions import runtime
from actions.forwarding import ActionSubmitForward
from bot import bootstrap
from bot.__main__ import main
from bot.mail import outbox
from bot.referents.inbox import answer_ticket, get_ticket, list_tickets
from bot.referents.spool import Spool
from bot.referents.submission import submit_ticket
from bot.referents.tickets import NewTicket, ticket_row
from bot.storage.database import make_engine, make_session_factory
from tests.integration.actions_support import inbox_database
from tests.integration.test_forwarding_actions import run

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=timezone.utc)
OFFER = "wbe3-cm-csap-2021-014"


def ticket(question, email="ana@example.org", conversation="c1", created=NOW):
    return NewTicket(
        offer_id=OFFER,
        question=question,
        email=email,
        conversation_id=conversation,
        reason="request",
        created_at=created,
    )


@pytest.fixture
def down():
    """A database nobody listens to."""
    engine = make_engine("postgresql://postgres@127.0.0.1:1/down")
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture
def spool(tmp_path):
    return Spool(tmp_path / "spool")


def stored(session_factory) -> dict[str, str]:
    """reference -> question of every ticket in the database."""
    with session_factory() as session:
        return {t.reference: t.question for t in list_tickets(session)}


def spool_during_outage(down, spool, *questions) -> list[str]:
    references = []
    for index, question in enumerate(questions):
        result = submit_ticket(
            down, spool, ticket(question, conversation=f"outage-{index}", created=NOW + timedelta(seconds=index))
        )
        assert result.stored_in == "spool"
        references.append(result.reference)
    return references


class FailsAfter:
    """A session factory whose database goes away after `good` transactions."""

    def __init__(self, working, broken, good: int):
        self.working, self.broken, self.good = working, broken, good

    def begin(self):
        self.good -= 1
        return (self.working if self.good >= 0 else self.broken).begin()

    def __call__(self):
        return self.working()


def test_the_next_stored_question_drains_the_spool(session_factory, down, spool):
    kept = spool_during_outage(
        down,
        spool,
        "Première question pendant la panne",
        "Deuxième question pendant la panne",
        "Troisième question pendant la panne",
    )
    assert [t.reference for t in spool.pending()] == kept
    assert stored(session_factory) == {}

    result = submit_ticket(session_factory, spool, ticket("Question après le retour de la base"))

    assert result.stored_in == "database"
    assert [t.reference for t in result.drained] == kept
    assert stored(session_factory) == {
        kept[0]: "Première question pendant la panne",
        kept[1]: "Deuxième question pendant la panne",
        kept[2]: "Troisième question pendant la panne",
        result.reference: "Question après le retour de la base",
    }
    assert spool.pending() == [] and spool.path.read_text() == "" and not spool.has_pending()
    with session_factory() as session:
        first = get_ticket(session, kept[0])
        assert (first.status, first.email, first.conversation_id, first.reason) == (
            "new",
            "ana@example.org",
            "outage-0",
            "request",
        )
    # Nothing left: the following question drains nothing.
    assert submit_ticket(session_factory, spool, ticket("Encore une")).drained == ()
    assert len(stored(session_factory)) == 5


def test_an_empty_spool_is_not_flushed(session_factory, spool, monkeypatch):
    def fail(*args):
        raise AssertionError("the spool should not be flushed")

    monkeypatch.setattr(Spool, "flush_tickets", fail)
    result = submit_ticket(session_factory, spool, ticket("Question ordinaire"))
    assert (result.stored_in, result.drained) == ("database", ())
    assert not spool.path.exists()


def test_a_failed_drain_keeps_the_new_question_and_every_spooled_line(session_factory, down, spool, caplog):
    kept = spool_during_outage(down, spool, "Gardée 1", "Gardée 2")
    before = spool.path.read_text()
    # The new question is committed, then the database drops before the spool is drained.
    flaky = FailsAfter(session_factory, down, good=1)

    with caplog.at_level(logging.ERROR, logger="bot.referents.spool"):
        result = submit_ticket(flaky, spool, ticket("Acceptée juste avant la coupure"))

    assert (result.stored_in, result.drained) == ("database", ())
    assert stored(session_factory) == {result.reference: "Acceptée juste avant la coupure"}
    assert spool.path.read_text() == before
    assert [t.reference for t in spool.pending()] == kept
    assert any("could not drain the spool" in r.getMessage() for r in caplog.records)
    # The next question drains both.
    later = submit_ticket(session_factory, spool, ticket("Plus tard"))
    assert [t.reference for t in later.drained] == kept
    assert set(stored(session_factory)) == {result.reference, later.reference, *kept}


def test_a_failing_spool_file_does_not_fail_the_question(session_factory, spool, monkeypatch, caplog):
    spool.append(ticket("Gardée", conversation="x").with_reference())

    def broken(self, session_factory):
        raise OSError("disk error")

    monkeypatch.setattr(Spool, "flush_tickets", broken)
    with caplog.at_level(logging.ERROR, logger="bot.referents.spool"):
        result = submit_ticket(session_factory, spool, ticket("Nouvelle"))
    assert (result.stored_in, result.drained) == ("database", ())
    assert list(stored(session_factory).values()) == ["Nouvelle"]
    assert [t.question for t in spool.pending()] == ["Gardée"]
    assert any("disk error" in r.getMessage() for r in caplog.records)


def test_an_unreadable_spool_does_not_stop_a_new_question(session_factory, spool, monkeypatch, caplog):
    spool.append(ticket("Gardée", conversation="x").with_reference())

    def unreadable(self):
        raise PermissionError("spool unreadable")

    monkeypatch.setattr(Spool, "pending", unreadable)
    monkeypatch.setattr(Spool, "flush_tickets", lambda self, factory: unreadable(self))
    with caplog.at_level(logging.ERROR, logger="bot.referents.spool"):
        result = submit_ticket(session_factory, spool, ticket("Nouvelle"))
    assert (result.stored_in, result.drained, result.repeated) == ("database", (), False)
    assert list(stored(session_factory).values()) == ["Nouvelle"]
    assert sum("spool unreadable" in r.getMessage() for r in caplog.records) == 2
    assert len(spool.path.read_text().splitlines()) == 1


def test_a_ticket_already_in_the_database_is_not_added_twice(session_factory, spool):
    # A flush interrupted after its commit but before the spool was emptied.
    already = ticket("Déjà en base").with_reference()
    with session_factory.begin() as session:
        session.add(ticket_row(already))
    spool.append(already)
    fresh = ticket("Seulement dans le spool").with_reference()
    spool.append(fresh)
    spool.append(fresh)  # the same line twice

    result = submit_ticket(session_factory, spool, ticket("Nouvelle"))

    assert [t.reference for t in result.drained] == [fresh.reference]
    assert stored(session_factory) == {
        already.reference: "Déjà en base",
        fresh.reference: "Seulement dans le spool",
        result.reference: "Nouvelle",
    }
    assert spool.pending() == []


def test_an_unreadable_line_is_set_aside_not_lost(session_factory, spool):
    first, second = ticket("Lisible 1").with_reference(), ticket("Lisible 2").with_reference()
    spool.append(first)
    with open(spool.path, "a", encoding="utf-8") as handle:
        handle.write('{"offer_id": "wbe3-cm-csap-2021-014", "question": "coupée\n')  # torn by a crash
    spool.append(second)

    result = submit_ticket(session_factory, spool, ticket("Nouvelle"))

    assert [t.reference for t in result.drained] == [first.reference, second.reference]
    assert set(stored(session_factory)) == {first.reference, second.reference, result.reference}
    assert spool.path.read_text() == ""
    assert spool.unreadable_path.read_text() == '{"offer_id": "wbe3-cm-csap-2021-014", "question": "coupée\n'


def test_spooling_and_draining_at_the_same_time_lose_and_duplicate_nothing(session_factory, down, spool):
    given, errors = {}, []

    def candidate(index):
        try:
            # Every third candidate meets the outage; the others drain what is kept.
            factory = down if index % 3 == 0 else session_factory
            given[index] = submit_ticket(factory, spool, ticket(f"Question {index}", conversation=f"c{index}"))
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=candidate, args=(i,)) for i in range(24)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    spooled = {r.reference for r in given.values() if r.stored_in == "spool"}
    assert len(spooled) == 8
    last = submit_ticket(session_factory, spool, ticket("Dernière", conversation="last"))
    drained = [t.reference for r in [*given.values(), last] for t in r.drained]
    assert len(drained) == len(set(drained)) == 8 and set(drained) == spooled
    assert stored(session_factory) == {
        **{r.reference: f"Question {i}" for i, r in given.items()},
        last.reference: "Dernière",
    }
    assert spool.pending() == []


# --- a message sent again after an outage does not make a second ticket ---


def test_the_same_question_sent_again_gets_the_same_reference(session_factory, spool):
    first = submit_ticket(session_factory, spool, ticket("Mon diplôme est-il reconnu ?"))
    again = submit_ticket(session_factory, spool, ticket("  Mon diplôme est-il reconnu ?  "))
    assert (again.reference, again.stored_in, again.repeated) == (first.reference, "database", True)
    assert not first.repeated
    # Another question, another conversation or another address: new tickets.
    others = [
        submit_ticket(session_factory, spool, t)
        for t in (
            ticket("Une autre question ?"),
            ticket("Mon diplôme est-il reconnu ?", conversation="c2"),
            ticket("Mon diplôme est-il reconnu ?", email="autre@example.org"),
        )
    ]
    assert not any(r.repeated for r in others)
    assert len(stored(session_factory)) == 4
    # Once answered, asking again is a new question.
    with session_factory.begin() as session:
        answer_ticket(session, first.reference, "Oui.", NOW)
    later = submit_ticket(session_factory, spool, ticket("Mon diplôme est-il reconnu ?"))
    assert later.reference != first.reference and not later.repeated
    assert len(stored(session_factory)) == 5


def test_a_question_kept_in_the_spool_and_sent_again_stays_one_ticket(session_factory, down, spool):
    [kept] = spool_during_outage(down, spool, "Gardée pendant la panne")
    still_down = submit_ticket(down, spool, ticket("Gardée pendant la panne", conversation="outage-0"))
    assert (still_down.reference, still_down.stored_in, still_down.repeated) == (kept, "spool", True)
    assert [t.reference for t in spool.pending()] == [kept]

    back = submit_ticket(session_factory, spool, ticket("Gardée pendant la panne", conversation="outage-0"))

    assert (back.reference, back.stored_in, back.repeated) == (kept, "database", True)
    assert [t.reference for t in back.drained] == [kept]
    assert stored(session_factory) == {kept: "Gardée pendant la panne"}
    assert spool.pending() == []


# --- the referent's commands drain the spool first ---


@pytest.fixture
def inbox(database_url, tmp_path, monkeypatch):
    engine, sessions = inbox_database(monkeypatch, database_url, tmp_path / "spool")
    yield sessions, Spool(tmp_path / "spool")
    engine.dispose()


def kept_question(spool, question, email="kept@example.org", reference="Q-KEPT2345"):
    spool.append(
        NewTicket(
            offer_id=OFFER,
            question=question,
            email=email,
            conversation_id="outage",
            reason="request",
            created_at=datetime.now(timezone.utc),
            reference=reference,
        )
    )


def test_list_shows_questions_kept_during_an_outage(inbox, capsys):
    sessions, spool = inbox
    kept_question(spool, "Gardée pendant la panne : le permis B est-il obligatoire ?")
    assert main(["referent", "list"]) == 0
    out, err = capsys.readouterr()
    assert "Q-KEPT2345" in out and "Gardée pendant la panne" in out and "1 shown; new: 1" in out
    assert "1 question(s) kept during a database outage moved to the database (Q-KEPT2345)" in err
    assert spool.pending() == []
    assert stored(sessions) == {"Q-KEPT2345": "Gardée pendant la panne : le permis B est-il obligatoire ?"}
    # Once moved, nothing more to say.
    assert main(["referent", "list"]) == 0
    out, err = capsys.readouterr()
    assert "1 shown" in out and err == ""


def test_export_includes_questions_kept_during_an_outage(inbox, tmp_path, capsys):
    sessions, spool = inbox
    kept_question(spool, "Gardée pour l'export")
    out_file = tmp_path / "export.csv"
    assert main(["referent", "export", "--out", str(out_file)]) == 0
    assert "1 question(s) written" in capsys.readouterr().out
    rows = out_file.read_text(encoding="utf-8").splitlines()
    assert len(rows) == 2 and rows[1].startswith("Q-KEPT2345,") and "Gardée pour l'export" in rows[1]


def test_erasing_a_candidate_also_covers_questions_kept_during_an_outage(inbox, capsys):
    sessions, spool = inbox
    kept_question(spool, "Question de Zoé", email="zoe@example.org")
    assert main(["referent", "delete-candidate", "zoe@example.org"]) == 0
    assert "deleted 1 question(s)" in capsys.readouterr().out
    assert spool.pending() == [] and stored(sessions) == {}


def test_a_failed_drain_does_not_stop_the_command(inbox, capsys, monkeypatch):
    sessions, spool = inbox
    kept_question(spool, "Toujours gardée")

    def broken(self, session_factory):
        raise OSError("disk error")

    monkeypatch.setattr(Spool, "flush_tickets", broken)
    assert main(["referent", "list"]) == 0
    out, err = capsys.readouterr()
    assert "0 shown" in out and "still waiting" in err and "flush-spool" in err
    assert [t.reference for t in spool.pending()] == ["Q-KEPT2345"]


# --- the referent hears of the questions kept during the outage ---


def test_the_referent_is_emailed_the_questions_kept_during_the_outage(bot_db, smtp_server, monkeypatch, tmp_path):
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(smtp_server.port))
    monkeypatch.setenv("SMTP_TLS", "none")  # the plain local test server
    monkeypatch.setenv("SPOOL_DIR", str(tmp_path / "spool"))
    monkeypatch.delenv("REFERENT_EMAIL", raising=False)
    bootstrap.use(None)  # rebuilt from the environment on next use
    spool = Spool(tmp_path / "spool")
    kept_question(spool, "Gardée A", email="a@example.org", reference="Q-KEPTAAAA")
    kept_question(spool, "Gardée B", email="b@example.org", reference="Q-KEPTBBBB")

    messages, _ = run(
        ActionSubmitForward(),
        slots={"fw_question": "Question nouvelle", "fw_email": "new@example.org", "fw_reason": "request"},
    )

    assert messages[0]["text"].startswith("C'est transmis. Votre référence : Q-")
    assert outbox.deliver_due(runtime.offer_reader().session_factory, runtime.settings()).sent == 2
    new, digest = smtp_server.messages
    assert new["To"] == digest["To"] == "Sandrine.GEUQUET@cfwb.be"
    assert "Nouvelle question de candidat" in new["Subject"]
    assert digest["Subject"] == "[WBE3 CM CSAP 2021 014] 2 question(s) de candidats reçue(s) pendant une panne"
    body = digest.get_content()
    assert "Q-KEPTAAAA" in body and "Gardée A" in body and "a@example.org" in body
    assert "Q-KEPTBBBB" in body and "Gardée B" in body and "b@example.org" in body
    with runtime.offer_reader().session_factory() as session:
        assert {t.reference for t in list_tickets(session)} >= {"Q-KEPTAAAA", "Q-KEPTBBBB"}
        assert len(list_tickets(session)) == 3
    assert spool.pending() == []
    # The candidate sends the same question again (the bot had apologised): no new ticket, no new email.
    again, _ = run(
        ActionSubmitForward(),
        slots={"fw_question": "Question nouvelle", "fw_email": "new@example.org", "fw_reason": "request"},
    )
    assert again[0]["text"] == messages[0]["text"]
    assert outbox.deliver_due(runtime.offer_reader().session_factory, runtime.settings()).sent == 0
    assert len(smtp_server.messages) == 2
    bootstrap.use(None)  # rebuilt from the environment on next use
