"""Fixtures for action tests: a loaded database behind the actions' runtime."""

from __future__ import annotations

from rasa_sdk import Tracker

from bot import bootstrap
from bot.storage.offer_loading import load_offers, read_offer_dir
from tests.conftest import OFFERS_DIR


def configure(monkeypatch, database_url, now="2021-06-01T10:00:00"):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("BOT_FIXED_NOW", now)
    bootstrap.use(None)  # rebuilt from the environment on next use


def inbox_database(monkeypatch, database_url, spool_dir):
    """The environment of the referent's commands (no email, default retention) and
    a database loaded with the offer; returns (engine, session factory)."""
    from bot.storage.database import create_schema, make_engine, make_session_factory

    for name in ("SMTP_HOST", "SMTP_PORT", "SMTP_USER", "REFERENT_EMAIL", "RETENTION_DAYS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("SPOOL_DIR", str(spool_dir))
    engine = make_engine(database_url)
    create_schema(engine)
    sessions = make_session_factory(engine)
    load_offers(sessions, read_offer_dir(OFFERS_DIR))
    return engine, sessions


def tracker(intent="ask_salary", text="", slots=None, entities=None, confidence=0.9, ranking=None):
    latest = {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": entities or []}
    if ranking is not None:
        latest["intent_ranking"] = [latest["intent"], *ranking]
    return Tracker(
        sender_id="test",
        slots=slots or {},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
        latest_message=latest,
    )
