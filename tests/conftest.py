"""Shared fixtures: the real offer file, and databases (SQLite and PostgreSQL)."""
from __future__ import annotations

import os
import uuid
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import create_engine, text

from bot.database import create_schema, make_engine, make_session_factory
from bot.loader import load_offers, read_offer_dir
from bot.offer_schema import read_offer_file

ROOT = Path(__file__).resolve().parent.parent
OFFERS_DIR = ROOT / "data" / "offers"
OFFER_FILE = OFFERS_DIR / "wbe3-cm-csap-2021-014.yml"
BRUSSELS = ZoneInfo("Europe/Brussels")
PG_ADMIN_URL = os.environ.get("TEST_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


@pytest.fixture(scope="session")
def offer_data():
    return read_offer_file(OFFER_FILE)


@pytest.fixture(scope="session")
def offer_facts(offer_data):
    """topic -> facts, straight from the YAML file (the expected values)."""
    return {name: topic.facts for name, topic in offer_data.topics.items()}


def _postgres_database():
    """Create a throw-away database; skip with the reason when no server answers."""
    try:
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", future=True)
        with admin.connect() as connection:
            name = f"wbe_test_{uuid.uuid4().hex[:10]}"
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # noqa: BLE001 - any failure means "no server here"
        pytest.skip(f"PostgreSQL not available at {PG_ADMIN_URL}: {error.__class__.__name__}: {error}")
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    return admin, name, url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'bot.db'}"
        return
    admin, name, url = _postgres_database()
    yield url
    with admin.connect() as connection:
        connection.execute(text(
            f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"))
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


@pytest.fixture
def session_factory(database_url):
    engine = make_engine(database_url)
    create_schema(engine)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture
def loaded_session_factory(session_factory):
    load_offers(session_factory, read_offer_dir(OFFERS_DIR))
    return session_factory


@pytest.fixture
def brussels():
    return lambda *args: datetime(*args, tzinfo=BRUSSELS)


class _Inbox:
    """aiosmtpd handler that keeps every received message."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes, policy

        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def _start_smtp():
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    inbox.port = port
    return inbox, controller


@pytest.fixture
def smtp_server():
    """A local SMTP server started by the test; never a real one."""
    inbox, controller = _start_smtp()
    yield inbox
    controller.stop()


@pytest.fixture(scope="session")
def session_smtp_server():
    inbox, controller = _start_smtp()
    yield inbox
    controller.stop()
