"""What every view needs: the settings, the request's database session, the clock, the user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app, g
from sqlalchemy.orm import Session, sessionmaker

from bot.domain.clock import Clock
from bot.settings import Settings
from referent_web.config import WebSettings


@dataclass(frozen=True)
class Services:
    settings: Settings
    web: WebSettings
    sessions: sessionmaker
    clock: Clock


def services() -> Services:
    return current_app.extensions["referent"]


def db() -> Session:
    """The request's database session, committed after a successful response."""
    if "db" not in g:
        g.db = services().sessions()
    return g.db


def now() -> datetime:
    return services().clock()


def actor() -> str:
    """How the logged-in referent is named in histories and the audit log."""
    return g.user.email
