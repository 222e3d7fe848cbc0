"""The background worker: `python -m bot worker`.

One long-running process (started by scripts/run.sh and scripts/run-cluster.sh,
deploy/systemd/wbe-worker.service in production) that

- sends the e-mail outbox (bot.mail.outbox) every OUTBOX_POLL_SECONDS, with retries;
- runs the retention purge (bot.referents.retention) at start and then every
  PURGE_INTERVAL_HOURS (default 24), and logs what it removed;
- every few minutes, overwrites the answers of self-checks abandoned halfway
  (bot.storage.tracker_events.redact_abandoned).

Why a process of its own rather than a thread of the action server: rasa-sdk
runs its actions in Sanic worker processes (one thread per worker would mean
several senders and several purges), an SMTP server that hangs must not take
an action server thread, and a separate unit can be restarted, stopped or
scaled to one on its own. Several workers are safe anyway (row locks).
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from datetime import timedelta

from bot import bootstrap
from bot.mail import outbox
from bot.referents import retention
from bot.settings import Settings
from bot.storage import tracker_events
from bot.storage.database import create_schema

log = logging.getLogger("bot.cli.worker")
# A self-check with no message for this long is over: its answers are overwritten.
ABANDONED_AFTER = timedelta(hours=2)
SWEEP_SECONDS = 600
# After a failed purge (database down), try again this soon rather than a day later.
PURGE_RETRY_SECONDS = 300


class Worker:
    def __init__(self, settings: Settings, clock, stop: threading.Event | None = None):
        self.settings, self.clock = settings, clock
        self.stop = stop or threading.Event()
        shared = bootstrap.build(settings, clock)  # the composition root's engine and sessions
        create_schema(shared.engine)
        self.sessions = shared.sessions
        self.next_purge = time.monotonic()
        self.next_sweep = time.monotonic()

    def purge(self) -> retention.Removed:
        days = self.settings.retention_days
        with self.sessions.begin() as session:
            removed = retention.purge(session, self.settings, self.clock(), days)
        log.info("retention purge (%d days): removed %s", days, removed.summary())
        return removed

    def sweep_selfchecks(self) -> int:
        engine = retention.tracker_engine(self.settings)
        if engine is None:
            return 0
        with engine.begin() as connection:
            changed = tracker_events.redact_abandoned(connection, retention.real_now() - ABANDONED_AFTER)
        if changed:
            log.info("overwrote %d event(s) of abandoned self-checks", changed)
        return changed

    def step(self) -> None:
        """One round: what is due now. Never raises (a database or SMTP outage is logged)."""
        now = time.monotonic()
        if now >= self.next_purge:
            try:
                self.purge()
                self.next_purge = now + self.settings.purge_interval_hours * 3600
            except Exception as error:  # noqa: BLE001 - retried soon, the worker goes on
                log.error("retention purge failed, next attempt in %d s: %s", PURGE_RETRY_SECONDS, error)
                self.next_purge = now + PURGE_RETRY_SECONDS
        if now >= self.next_sweep:
            try:
                self.sweep_selfchecks()
            except Exception as error:  # noqa: BLE001
                log.error("could not overwrite abandoned self-checks: %s", error)
            self.next_sweep = now + SWEEP_SECONDS
        try:
            report = outbox.deliver_due(self.sessions, self.settings)
            if report.sent or report.dead:
                log.info("outbox: %d sent, %d to retry, %d set aside", report.sent, report.retried, report.dead)
        except Exception as error:  # noqa: BLE001
            log.error("outbox not sent this round: %s", error)

    def run(self) -> None:
        log.info(
            "worker started: outbox every %.1f s, retention purge every %.1f h (%d days), SMTP %s",
            self.settings.outbox_poll_seconds,
            self.settings.purge_interval_hours,
            self.settings.retention_days,
            f"{self.settings.smtp_host}:{self.settings.smtp_port} ({self.settings.smtp_tls})"
            if self.settings.smtp_host
            else "off (SMTP_HOST unset)",
        )
        while not self.stop.is_set():
            self.step()
            self.stop.wait(self.settings.outbox_poll_seconds)
        log.info("worker stopped")


def main(settings: Settings, clock, once: bool = False) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)-8s %(name)s  - %(message)s")
    worker = Worker(settings, clock)
    if once:
        worker.step()
        return 0
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: worker.stop.set())
    worker.run()
    return 0
