"""Shared by every tier: where things are, the offer file as the tests' source of
truth, the composition root's one override point, and which environment runs what.

Tiers (README, "Tests"; scripts/test.sh TIER): tests/unit (pure: no database, no
Rasa), tests/integration (databases, SMTP, actions, CLI, inbox; Rasa-side in
tests/integration/rasa_server), tests/e2e (one bot per session), tests/cluster.
Two environments: .venv-app (Python 3.12) runs unit and integration except
rasa_server; .venv (Python 3.10, Rasa 3.6) runs unit again (the bot/ code the
Rasa server loads), integration/rasa_server and integration/shared, e2e and cluster.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot import bootstrap
from bot.domain.offer import read_offer_file

pytest_plugins = ["tests.support.smtp"]

ROOT = Path(__file__).resolve().parent.parent
OFFERS_DIR = ROOT / "data" / "offers"
OFFER_FILE = OFFERS_DIR / "wbe3-cm-csap-2021-014.yml"
BRUSSELS = ZoneInfo("Europe/Brussels")
HAS_RASA = importlib.util.find_spec("rasa") is not None
# Folders each environment leaves to the other; tests/integration/shared (bot/ code that
# both the Rasa server and the app load, against a database) runs in both.
RASA_ONLY = ("tests/integration/rasa_server", "tests/e2e", "tests/cluster")
BOTH = ("tests/integration/shared",)
APP_ONLY = ("tests/integration",)  # except the two above


def _relative(path: Path) -> str:
    return path.resolve().relative_to(ROOT).as_posix()


def _under(path: Path, folders: tuple[str, ...]) -> bool:
    relative = _relative(path)
    return any(relative == folder or relative.startswith(folder + "/") for folder in folders)


def pytest_ignore_collect(collection_path, config):
    if _under(collection_path, RASA_ONLY):
        return None if HAS_RASA else True
    if _under(collection_path, BOTH):
        return None
    if HAS_RASA and _under(collection_path, APP_ONLY):
        # Flask, argon2 and SQLAlchemy 2.x live in .venv-app only.
        return True
    return None


def pytest_report_header(config):
    versions = [f"Python {sys.version.split()[0]}"]
    for name in ("sqlalchemy", "rasa", "rasa_sdk"):
        if importlib.util.find_spec(name):
            versions.append(f"{name} {importlib.import_module(name).__version__}")
    return "environment: " + ", ".join(versions)


@pytest.fixture(autouse=True)
def fresh_services():
    """The one override point of the composition root (bot.bootstrap): every test
    starts from services built from its own environment, and leaves none behind.
    A test that changes the environment mid-way calls `bootstrap.use(None)`."""
    bootstrap.use(None)
    yield
    bootstrap.use(None)


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


@pytest.fixture
def brussels():
    return lambda *args: datetime(*args, tzinfo=BRUSSELS)
