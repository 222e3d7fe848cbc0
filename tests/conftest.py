"""Shared fixtures: the real offer file, and databases (SQLite and PostgreSQL).

Also which environment runs which tests (README, "Processes and Python
versions"): the Rasa server's .venv (Python 3.10, Rasa 3.6, SQLAlchemy 1.4) and
the app's .venv-app (Python 3.12, rasa-sdk 3.21, SQLAlchemy 2.x).
scripts/test.sh runs every test not listed below in .venv-app, and
`-m "rasa_env or shared_code"` in .venv.
"""
from __future__ import annotations

import importlib
import importlib.util
import os
import sys
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

# Tests that need Rasa: they import it (webchat/, deploy/) or run the Rasa server.
RASA_ENV_TESTS = ("tests/unit/test_speedups.py", "tests/unit/test_tracker_store.py",
                  "tests/unit/test_tracker_retention.py",
                  "tests/unit/test_channel_guard.py", "tests/unit/test_admission.py",
                  "tests/unit/test_question_focus_component.py",
                  "tests/e2e", "tests/cluster")
# Tests of the bot/ modules that the Rasa server loads too (webchat/channel.py and
# webchat/guard.py import bot.loader, bot.settings and bot.replies, and these
# import bot.offers, bot.models, bot.answers...): they run in both environments.
SHARED_CODE_TESTS = ("tests/unit/test_offer_loader.py", "tests/unit/test_answers.py",
                     "tests/unit/test_deadline.py", "tests/unit/test_shared_bot_code.py",
                     "tests/unit/test_message_focus.py", "tests/unit/test_focus.py",
                     "tests/unit/test_fact_search.py", "tests/unit/test_parsing.py",
                     "tests/unit/test_eligibility.py", "tests/unit/test_fidelity.py",
                     # bot.tracker_events: imported by deploy/tracker_store.py and by the worker.
                     "tests/unit/test_tracker_events.py")
# Folders whose conftest already needs .venv-app (Flask, argon2): skipped whole in .venv.
APP_ENV_ONLY = ("tests/web",)
HAS_RASA = importlib.util.find_spec("rasa") is not None
_left_to_rasa_env: list[str] = []


def _listed(path: Path, listed: tuple[str, ...]) -> bool:
    relative = path.resolve().relative_to(ROOT).as_posix()
    return any(relative == entry or relative.startswith(entry + "/") for entry in listed)


def pytest_configure(config):
    import sqlalchemy

    if int(sqlalchemy.__version__.split(".")[0]) >= 2:
        # The app environment: any use of an API that SQLAlchemy 2.x deprecates fails.
        config.addinivalue_line("filterwarnings", "error::sqlalchemy.exc.SADeprecationWarning")


def pytest_ignore_collect(collection_path, config):
    if not HAS_RASA and _listed(collection_path, RASA_ENV_TESTS):
        _left_to_rasa_env.append(collection_path.resolve().relative_to(ROOT).as_posix())
        return True
    # In the Rasa environment only the tests listed above are collected: the others import
    # what lives in .venv-app only (the CLI's argon2, the inbox's Flask).
    if HAS_RASA and _listed(collection_path, APP_ENV_ONLY):
        return True
    if (HAS_RASA and collection_path.is_file() and collection_path.name.startswith("test_")
            and not _listed(collection_path, RASA_ENV_TESTS + SHARED_CODE_TESTS)):
        return True
    return None


def pytest_collection_modifyitems(config, items):
    for item in items:
        if _listed(item.path, RASA_ENV_TESTS):
            item.add_marker(pytest.mark.rasa_env)
        if _listed(item.path, SHARED_CODE_TESTS):
            item.add_marker(pytest.mark.shared_code)


def pytest_report_header(config):
    import sqlalchemy

    versions = [f"Python {sys.version.split()[0]}", f"SQLAlchemy {sqlalchemy.__version__}"]
    for name in ("rasa", "rasa_sdk"):
        if importlib.util.find_spec(name):
            versions.append(f"{name} {importlib.import_module(name).__version__}")
    return "environment: " + ", ".join(versions)


def pytest_terminal_summary(terminalreporter):
    if _left_to_rasa_env:
        terminalreporter.write_line(
            "not collected here (no Rasa in this environment; scripts/test.sh runs them in .venv): "
            + ", ".join(sorted(set(_left_to_rasa_env))))


@pytest.fixture(autouse=True)
def _own_tracker_store(monkeypatch, tmp_path):
    """Purges and erasures under test reach a tracker store of their own, never var/tracker.db."""
    monkeypatch.setenv("TRACKER_DATABASE_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    for name in ("TRACKER_DB_HOST", "SMTP_TLS", "SMTP_CA_FILE"):
        monkeypatch.delenv(name, raising=False)


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
