"""Accounts, sessions, login throttling and dashboard counts, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone

import pytest

from bot.__main__ import main
from bot.referents import login_throttle
from bot.referents.accounts import (
    IDLE_TIMEOUT,
    AccountError,
    add_user,
    authenticate,
    end_session,
    find_user,
    open_session,
    session_user,
)
from bot.referents.inbox import get_ticket
from bot.referents.spool import Spool
from bot.referents.submission import submit_ticket
from bot.referents.tickets import NewTicket
from bot.referents.usage_counts import count_topic, week_of
from bot.storage.referent_tables import TopicCount
from tests.integration.actions_support import inbox_database

NOW = datetime(2021, 6, 2, 9, 0, tzinfo=timezone.utc)


def test_passwords_are_stored_as_argon2_hashes(session_factory):
    with session_factory.begin() as session:
        add_user(session, "Ana@CFWB.be", "Ana", "un mot de passe solide", NOW)
    with session_factory.begin() as session:
        user = find_user(session, "ana@cfwb.be")
        assert user.password_hash.startswith("$argon2id$") and "solide" not in user.password_hash
        assert authenticate(session, "ANA@cfwb.be", "un mot de passe solide") is not None
        assert authenticate(session, "ana@cfwb.be", "un mot de passe faux") is None
        assert authenticate(session, "nobody@cfwb.be", "un mot de passe solide") is None
        with pytest.raises(AccountError):
            add_user(session, "ana@cfwb.be", "Ana bis", "un autre mot de passe", NOW)
        with pytest.raises(AccountError):
            add_user(session, "bob@cfwb.be", "Bob", "court", NOW)


def test_sessions_end_on_logout_and_when_idle(session_factory):
    with session_factory.begin() as session:
        user = add_user(session, "ana@cfwb.be", "Ana", "un mot de passe solide", NOW)
        first, second = open_session(session, user, NOW), open_session(session, user, NOW)
    with session_factory.begin() as session:
        assert session_user(session, first, NOW + timedelta(minutes=5)).email == "ana@cfwb.be"
        end_session(session, first, NOW + timedelta(minutes=6))
    with session_factory.begin() as session:
        assert session_user(session, first, NOW + timedelta(minutes=7)) is None
        assert session_user(session, "forged-token", NOW) is None
        assert session_user(session, second, NOW + IDLE_TIMEOUT + timedelta(minutes=1)) is None


def test_throttle_counts_per_account_and_per_address(session_factory):
    keys = login_throttle.keys_for("ana@cfwb.be", "10.0.0.1")
    with session_factory.begin() as session:
        for _ in range(5):
            login_throttle.record_failure(session, keys, NOW)
        assert login_throttle.wait_remaining(session, keys, NOW) == timedelta(seconds=15)
        # Another account from the same address waits too; the same account from elsewhere too.
        assert login_throttle.wait_remaining(session, login_throttle.keys_for("bob@cfwb.be", "10.0.0.1"), NOW)
        assert login_throttle.wait_remaining(session, login_throttle.keys_for("ana@cfwb.be", "10.0.0.2"), NOW)
        assert not login_throttle.wait_remaining(session, login_throttle.keys_for("bob@cfwb.be", "10.0.0.2"), NOW)
        login_throttle.record_success(session, keys)
        assert not login_throttle.wait_remaining(session, keys, NOW)
    assert login_throttle.delay_after(4) == timedelta(0)
    assert login_throttle.delay_after(7) == timedelta(seconds=60)
    assert login_throttle.delay_after(50) == login_throttle.MAX_DELAY


def test_topic_counts_add_up_per_week(session_factory):
    monday = datetime(2021, 5, 31, 8, 0, tzinfo=timezone.utc)
    for moment in (monday, monday + timedelta(days=6, hours=12), monday + timedelta(days=7)):
        assert count_topic(session_factory, "offer", "salary", moment)
    with session_factory.begin() as session:
        rows = sorted((r.week, r.count) for r in session.query(TopicCount))
    assert rows == [(week_of(monday), 2), (week_of(monday + timedelta(days=7)), 1)]
    # Sunday 23:30 in Brussels is still the same week (UTC says Sunday 21:30).
    assert week_of(datetime(2021, 6, 6, 21, 30, tzinfo=timezone.utc)).isoformat() == "2021-05-31"


def test_add_user_command_and_one_answer_only(tmp_path, monkeypatch, capsys):
    _, sessions = inbox_database(monkeypatch, f"sqlite:///{tmp_path / 'cli.db'}", tmp_path / "spool")
    monkeypatch.setattr("sys.stdin", io.StringIO("un mot de passe solide\n"))
    assert main(["referent", "add-user", "bea@cfwb.be", "--name", "Béa", "--password-stdin"]) == 0
    assert "account created" in capsys.readouterr().out
    with sessions.begin() as session:
        assert authenticate(session, "bea@cfwb.be", "un mot de passe solide") is not None
    reference = submit_ticket(
        sessions,
        Spool(tmp_path / "spool"),
        NewTicket(
            offer_id="wbe3-cm-csap-2021-014",
            question="Q ?",
            email=None,
            conversation_id="c",
            reason="request",
            created_at=NOW,
        ),
    ).reference
    assert main(["referent", "answer", reference, "--text", "Première réponse"]) == 0
    assert main(["referent", "answer", reference, "--text", "Seconde réponse"]) == 1
    assert "already been answered" in capsys.readouterr().err
    with sessions.begin() as session:
        assert get_ticket(session, reference).answer == "Première réponse"
