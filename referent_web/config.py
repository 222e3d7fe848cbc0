"""Settings of the referents' web inbox, from the environment."""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from bot.settings import PROJECT_ROOT

DEFAULT_PORT = 5080
SECRET_KEY_FILE = PROJECT_ROOT / "var" / "referent-web-secret.key"


@dataclass(frozen=True)
class WebSettings:
    host: str
    port: int
    secret_key: str
    secure_cookies: bool
    public_url: str | None   # base of the links in emails, e.g. https://referents.example.be


def load_web_settings(env: dict[str, str] | None = None, key_file: Path = SECRET_KEY_FILE) -> WebSettings:
    env = os.environ if env is None else env
    return WebSettings(
        host=env.get("REFERENT_WEB_HOST") or "127.0.0.1",
        port=int(env.get("REFERENT_WEB_PORT") or DEFAULT_PORT),
        secret_key=env.get("REFERENT_WEB_SECRET_KEY") or stored_secret_key(key_file),
        # Set to 1 when the page is served over HTTPS (behind a TLS proxy): cookies get Secure.
        secure_cookies=(env.get("REFERENT_WEB_SECURE_COOKIES") or "0").lower() in ("1", "true", "yes"),
        public_url=(env.get("REFERENT_WEB_URL") or "").rstrip("/") or None,
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
