"""Every setting of the project, read from the environment in this one place, with
embedded defaults (README, "Settings"). Each process builds them once, through
`bot.bootstrap`; tests build them from a dict."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# The embedded default's conversations (endpoints.yml, relative to the project folder).
EMBEDDED_TRACKER_DB = "var/tracker.db"
DEFAULT_TIMEZONE = "Europe/Brussels"
# Forwarded questions and unanswered messages are deleted after this long.
DEFAULT_RETENTION_DAYS = 180
DEFAULT_MAX_CONCURRENT_MESSAGES = 4
DEFAULT_REFERENT_WEB_PORT = 5080
# How the mailer secures the SMTP connection: "starttls" (default) or "ssl" (SMTPS,
# implicit TLS), both with the server certificate verified; "none" only for a relay
# on the same machine.
SMTP_TLS_MODES = ("starttls", "ssl", "none")


@dataclass(frozen=True)
class Settings:
    database_url: str
    offers_dir: Path
    offer_id: str | None
    timezone: str
    fixed_now: str | None
    spool_dir: Path
    retention_days: int
    smtp_host: str | None
    smtp_port: int
    smtp_sender: str
    smtp_user: str | None
    smtp_password: str | None
    referent_email: str | None
    # The Rasa server's channels and the action server.
    action_server_token: str | None = None
    webchat_allowed_origins: str = ""
    max_concurrent_messages: str = ""
    # The referents' web inbox.
    referent_web_host: str = "127.0.0.1"
    referent_web_port: int = DEFAULT_REFERENT_WEB_PORT
    referent_web_secret_key: str | None = None
    referent_web_secure_cookies: bool = False
    referent_web_url: str | None = None
    smtp_tls: str = "starttls"
    smtp_ca_file: Path | None = None
    smtp_timeout: float = 10.0
    # Rasa's tracker store (conversations): purged and erased with the referent data.
    tracker_database_url: str | None = None
    # The e-mail outbox (bot.mail.outbox): delivery attempts before a message is set aside
    # as undeliverable (dead letter), and how often the worker looks for due messages.
    outbox_max_attempts: int = 10
    # Delay before the first retry (seconds), doubled at each failure, at most one hour.
    outbox_retry_seconds: float = 30.0
    outbox_poll_seconds: float = 5.0
    # How often the worker runs the retention purge (hours).
    purge_interval_hours: float = 24.0


def _flag(value: str | None) -> bool:
    return (value or "0").strip().lower() in ("1", "true", "yes")


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if env is None else env
    default_db = f"sqlite:///{PROJECT_ROOT / 'var' / 'bot.db'}"
    return Settings(
        database_url=env.get("DATABASE_URL") or default_db,
        offers_dir=Path(env.get("OFFERS_DIR") or PROJECT_ROOT / "data" / "offers"),
        # None means "the offer marked default: true".
        offer_id=env.get("OFFER_ID") or None,
        timezone=env.get("BOT_TIMEZONE") or DEFAULT_TIMEZONE,
        # ISO datetime to freeze the clock (demos and end-to-end tests).
        fixed_now=env.get("BOT_FIXED_NOW") or None,
        # Forwarded questions wait here when the database is unreachable.
        spool_dir=Path(env.get("SPOOL_DIR") or PROJECT_ROOT / "var" / "spool"),
        retention_days=int(env.get("RETENTION_DAYS") or DEFAULT_RETENTION_DAYS),
        # No SMTP_HOST, no email: nothing is sent.
        smtp_host=env.get("SMTP_HOST") or None,
        smtp_port=int(env.get("SMTP_PORT") or 25),
        smtp_sender=env.get("SMTP_FROM") or "assistant-candidats@localhost",
        smtp_user=env.get("SMTP_USER") or None,
        smtp_password=env.get("SMTP_PASSWORD") or None,
        # Default: the contact of the offer.
        referent_email=env.get("REFERENT_EMAIL") or None,
        # Shared secret the action server requires from Rasa (unset: loopback bind only).
        action_server_token=env.get("ACTION_SERVER_TOKEN") or None,
        # Sites allowed to embed the web chat, comma separated.
        webchat_allowed_origins=env.get("WEBCHAT_ALLOWED_ORIGINS") or "",
        # Messages one Rasa server works on at once (checked by rasa_server.admission).
        max_concurrent_messages=env.get("MAX_CONCURRENT_MESSAGES") or "",
        referent_web_host=env.get("REFERENT_WEB_HOST") or "127.0.0.1",
        referent_web_port=int(env.get("REFERENT_WEB_PORT") or DEFAULT_REFERENT_WEB_PORT),
        # Unset: a key kept in var/ is created on first use (referent_web.config).
        referent_web_secret_key=env.get("REFERENT_WEB_SECRET_KEY") or None,
        # Set to 1 when the inbox is served over HTTPS (behind a TLS proxy): cookies get Secure.
        referent_web_secure_cookies=_flag(env.get("REFERENT_WEB_SECURE_COOKIES")),
        # Base of the links in emails, e.g. https://referents.example.be
        referent_web_url=(env.get("REFERENT_WEB_URL") or "").rstrip("/") or None,
        smtp_tls=_smtp_tls(env.get("SMTP_TLS")),
        # Extra CA certificates to trust (a private CA, the tests' certificate).
        smtp_ca_file=Path(env["SMTP_CA_FILE"]) if env.get("SMTP_CA_FILE") else None,
        smtp_timeout=float(env.get("SMTP_TIMEOUT") or 10),
        tracker_database_url=tracker_database_url(env),
        outbox_max_attempts=int(env.get("OUTBOX_MAX_ATTEMPTS") or 10),
        outbox_retry_seconds=float(env.get("OUTBOX_RETRY_SECONDS") or 30),
        outbox_poll_seconds=float(env.get("OUTBOX_POLL_SECONDS") or 5),
        purge_interval_hours=float(env.get("PURGE_INTERVAL_HOURS") or 24),
    )


def _smtp_tls(value: str | None) -> str:
    mode = (value or "starttls").strip().lower()
    if mode not in SMTP_TLS_MODES:
        raise ValueError(f"SMTP_TLS must be one of {', '.join(SMTP_TLS_MODES)}, not {value!r}")
    return mode


def tracker_database_url(env) -> str:
    """The database of Rasa's tracker store, as the endpoints file configures it.

    TRACKER_DATABASE_URL when given; the production endpoints' PostgreSQL when
    TRACKER_DB_HOST is set (deploy/endpoints.production.yml); otherwise the embedded
    SQLite file of endpoints.yml (var/tracker.db).
    """
    if env.get("TRACKER_DATABASE_URL"):
        return env["TRACKER_DATABASE_URL"]
    if env.get("TRACKER_DB_HOST"):
        user = quote(env.get("TRACKER_DB_USER") or "postgres", safe="")
        password = env.get("TRACKER_DB_PASSWORD") or ""
        credentials = f"{user}:{quote(password, safe='')}" if password else user
        return (
            f"postgresql://{credentials}@{env['TRACKER_DB_HOST']}:{env.get('TRACKER_DB_PORT') or 5432}"
            f"/{env.get('TRACKER_DB_NAME') or 'wbe_tracker'}"
        )
    return f"sqlite:///{PROJECT_ROOT / EMBEDDED_TRACKER_DB}"
