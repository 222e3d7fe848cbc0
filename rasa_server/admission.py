"""How many messages one Rasa server works on at once; the others wait their turn.

Rasa interleaves every message it has accepted at each await (the action
server call, the tracker store). Under a burst, say 50 candidates opening the
chat at once, all of them then progress together and all finish late, at the
end of the burst. Working on a few at a time, in arrival order, gives the same
throughput but most candidates their answer early (bench/compare.py, (a)).
A message never waits more than MAX_WAIT_SECONDS for its turn: if a slow
dependency holds the slots, it goes ahead anyway rather than queue forever.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from weakref import WeakKeyDictionary

log = logging.getLogger(__name__)
ENV = "MAX_CONCURRENT_MESSAGES"  # read by bot.settings; named here for the log line
DEFAULT_SLOTS = 4
MAX_WAIT_SECONDS = 5.0
_semaphores: WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = WeakKeyDictionary()


def slots_from_settings() -> int:
    from bot.bootstrap import services

    raw = services().settings.max_concurrent_messages.strip()
    if not raw:
        return DEFAULT_SLOTS
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        log.warning("%s=%r is not a positive integer: using %d", ENV, raw, DEFAULT_SLOTS)
        return DEFAULT_SLOTS
    return value


def _semaphore() -> asyncio.Semaphore:
    loop = asyncio.get_running_loop()
    if loop not in _semaphores:
        _semaphores[loop] = asyncio.Semaphore(slots_from_settings())
    return _semaphores[loop]


@asynccontextmanager
async def turn(max_wait: float = MAX_WAIT_SECONDS) -> AsyncIterator[bool]:
    """Wait (in arrival order) for a free slot; yields False if it went ahead without one."""
    semaphore = _semaphore()
    try:
        await asyncio.wait_for(semaphore.acquire(), max_wait)
    except asyncio.TimeoutError:
        log.warning("no free message slot after %.0fs: handling this message anyway", max_wait)
        yield False
        return
    try:
        yield True
    finally:
        semaphore.release()
