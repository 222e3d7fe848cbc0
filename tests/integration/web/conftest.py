"""The referents' web inbox on a fresh SQLite database, driven by Flask's test client."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from bot.referents.accounts import add_user
from bot.referents.spool import Spool
from bot.referents.submission import submit_ticket
from bot.referents.tickets import NewTicket
from bot.settings import load_settings
from referent_web import create_app
from referent_web.config import WebSettings
from tests.integration.actions_support import inbox_database

OFFER_ID = "wbe3-cm-csap-2021-014"
PASSWORD = "un mot de passe assez long"
START = datetime(2021, 6, 1, 8, 0, tzinfo=timezone.utc)


class MovableClock:
    def __init__(self, moment: datetime):
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **delta) -> None:
        self.moment += timedelta(**delta)


class Site:
    """The app, its database, its clock and helpers to log in and post forms."""

    def __init__(self, app, sessions, clock, spool_dir):
        self.app, self.sessions, self.clock, self.spool_dir = app, sessions, clock, spool_dir

    def client(self):
        return self.app.test_client()

    def add_user(self, email: str, name: str, password: str = PASSWORD) -> None:
        with self.sessions.begin() as session:
            add_user(session, email, name, password, self.clock())

    def add_ticket(
        self,
        question: str,
        email: str | None = "candidate@example.org",
        conversation: str = "conv-1",
        days_ago: int = 0,
    ) -> str:
        return submit_ticket(
            self.sessions,
            Spool(self.spool_dir),
            NewTicket(
                offer_id=OFFER_ID,
                question=question,
                email=email,
                conversation_id=conversation,
                reason="request",
                created_at=self.clock() - timedelta(days=days_ago),
            ),
        ).reference

    @staticmethod
    def csrf(client, path: str = "/connexion") -> str:
        page = client.get(path).get_data(as_text=True)
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    def login(self, client, email: str, password: str = PASSWORD):
        return client.post("/connexion", data={"email": email, "password": password, "csrf_token": self.csrf(client)})

    def post(self, client, path: str, data: dict | None = None, token_from: str = "/"):
        return client.post(path, data={**(data or {}), "csrf_token": self.csrf(client, token_from)})


@pytest.fixture
def site(tmp_path, monkeypatch, smtp_server):
    """Emails go to a local SMTP server (smtp_server.messages)."""
    _, sessions = inbox_database(monkeypatch, f"sqlite:///{tmp_path / 'web.db'}", tmp_path / "spool")
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(smtp_server.port))
    monkeypatch.setenv("SMTP_TLS", "none")  # the plain local test server
    clock = MovableClock(START)
    web = WebSettings(
        host="127.0.0.1", port=0, secret_key="test-secret-key", secure_cookies=False, public_url="http://referents.test"
    )
    app = create_app(settings=load_settings(), web=web, clock=clock)
    return Site(app, sessions, clock, tmp_path / "spool")


@pytest.fixture
def logged_in(site):
    site.add_user("ana@cfwb.be", "Ana Référente")
    client = site.client()
    assert site.login(client, "ana@cfwb.be").status_code == 303
    return client
