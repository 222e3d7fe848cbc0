"""The composition root: what every entry point shares, built once per process.

The action server (actions/), the Rasa server's channels (rasa_server/), the
command line (bot/cli/) and the referents' web inbox (referent_web/) all reach
settings, the database, the clock, the offer reader and the forwarder through
`services()`. Tests install their own with `use(build(...))` (one fixture,
tests/conftest.py), instead of patching module caches.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING

from bot.domain.clock import Clock, clock_from_settings
from bot.settings import Settings, load_settings

if TYPE_CHECKING:  # the Rasa server loads this module but never builds these
    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import sessionmaker

    from bot.answers.replies import OfferReader
    from bot.referents.forwarding import Forwarder
    from bot.referents.usage_counts import CountWriter


@dataclass
class Services:
    """Shared objects; the database ones are built on first use (the Rasa server
    reads only settings, and a CLI command may need no database)."""

    settings: Settings
    clock: Clock

    def now(self) -> datetime:
        return self.clock()

    @cached_property
    def engine(self) -> Engine:
        from bot.storage.database import make_engine

        return make_engine(self.settings.database_url)

    @cached_property
    def sessions(self) -> sessionmaker:
        from bot.storage.database import make_session_factory

        return make_session_factory(self.engine)

    @cached_property
    def offer_reader(self) -> OfferReader:
        from bot.answers.replies import OfferReader

        return OfferReader(self.sessions, self.settings.offer_id)

    @cached_property
    def count_writer(self) -> CountWriter:
        from bot.referents.usage_counts import CountWriter

        return CountWriter(self.sessions)

    @cached_property
    def forwarder(self) -> Forwarder:
        from bot.referents.forwarding import Forwarder

        return Forwarder(self.offer_reader, self.settings)


def build(settings: Settings | None = None, clock: Clock | None = None) -> Services:
    settings = settings or load_settings()
    return Services(settings, clock or clock_from_settings(settings))


_current: Services | None = None


def services() -> Services:
    """This process's services, built from the environment on first use."""
    global _current
    if _current is None:
        _current = build()
    return _current


def use(replacement: Services | None) -> None:
    """Install `replacement` for this process (None: rebuild from the environment on next use)."""
    global _current
    _current = replacement
