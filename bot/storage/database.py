"""Engine and session factory for the bot's database (SQLAlchemy 1.4, 2.0 style)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import sessionmaker

from bot.mail import outbox  # noqa: F401 - registers the outbox table
from bot.storage import referent_tables  # noqa: F401 - registers the referent web tables
from bot.storage.tables import Base


def make_engine(database_url: str) -> Engine:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    # pool_pre_ping: a database restarted under us is reconnected, not an error.
    return create_engine(database_url, future=True, pool_pre_ping=True)


def make_session_factory(engine: Engine) -> sessionmaker:
    return sessionmaker(bind=engine, future=True, expire_on_commit=False)


def create_schema(engine: Engine) -> None:
    Base.metadata.create_all(engine)


def ensure_database(database_url: str) -> bool:
    """Create a PostgreSQL database that does not exist yet; True if created."""
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        return False
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT", future=True)
    try:
        with admin.connect() as connection:
            exists = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": url.database}
            ).scalar()
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{url.database}"'))
            return not exists
    finally:
        admin.dispose()
