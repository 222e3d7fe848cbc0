"""Databases for the integration tier: SQLite and a throw-away PostgreSQL database
per test (skipped, with the reason, when no server answers), and the actions'
database behind the composition root."""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text

from bot import bootstrap
from bot.storage.database import create_schema, make_engine, make_session_factory
from bot.storage.offer_loading import load_offers, read_offer_dir
from tests.conftest import OFFERS_DIR

PG_ADMIN_URL = os.environ.get("TEST_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def pytest_configure(config):
    import sqlalchemy

    if int(sqlalchemy.__version__.split(".")[0]) >= 2:
        # The app environment: any use of an API that SQLAlchemy 2.x deprecates fails.
        config.addinivalue_line("filterwarnings", "error::sqlalchemy.exc.SADeprecationWarning")


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
        connection.execute(text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"))
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
def bot_db(monkeypatch, tmp_path):
    """An SQLite database loaded with the offer, behind the actions (actions.runtime)."""
    from actions import runtime
    from tests.integration.actions_support import configure

    url = f"sqlite:///{tmp_path / 'actions.db'}"
    configure(monkeypatch, url)
    from bot.storage.database import create_schema

    create_schema(runtime.offer_reader().session_factory.kw["bind"])
    load_offers(runtime.offer_reader().session_factory, read_offer_dir(OFFERS_DIR))
    yield url
    bootstrap.use(None)  # rebuilt from the environment on next use
