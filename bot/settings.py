"""Settings read from the environment, with embedded defaults."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TIMEZONE = "Europe/Brussels"
# Forwarded questions and unanswered messages are deleted after this long.
DEFAULT_RETENTION_DAYS = 180


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


def load_settings(env: dict[str, str] | None = None) -> Settings:
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
    )
