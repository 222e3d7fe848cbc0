"""Settings read from the environment, with embedded defaults."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TIMEZONE = "Europe/Brussels"


@dataclass(frozen=True)
class Settings:
    database_url: str
    offers_dir: Path
    offer_id: str | None
    timezone: str
    fixed_now: str | None


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
    )
