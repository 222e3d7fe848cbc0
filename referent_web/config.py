"""Settings of the referents' web inbox, taken from the project's settings."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from bot.bootstrap import services
from bot.settings import PROJECT_ROOT, Settings

SECRET_KEY_FILE = PROJECT_ROOT / "var" / "referent-web-secret.key"


@dataclass(frozen=True)
class WebSettings:
    host: str
    port: int
    secret_key: str
    secure_cookies: bool
    public_url: str | None  # base of the links in emails, e.g. https://referents.example.be


def load_web_settings(settings: Settings | None = None, key_file: Path = SECRET_KEY_FILE) -> WebSettings:
    """The inbox's settings, from the project's settings (bot.settings reads the environment)."""
    settings = settings or services().settings
    return WebSettings(
        host=settings.referent_web_host,
        port=settings.referent_web_port,
        secret_key=settings.referent_web_secret_key or stored_secret_key(key_file),
        secure_cookies=settings.referent_web_secure_cookies,
        public_url=settings.referent_web_url,
    )


def stored_secret_key(path: Path) -> str:
    """The key kept in `path` (mode 0600), created on first use so that run.sh needs no setup."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(descriptor, "w", encoding="ascii") as out:
        out.write(secrets.token_urlsafe(48))
    return path.read_text(encoding="ascii").strip()
