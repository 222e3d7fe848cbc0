"""The e-mail outbox against local TLS SMTP servers (a certificate made by the test):
verified STARTTLS and SMTPS, retries while the server is down, dead letters the
referents see and can send again, and the worker process delivering a forwarded
question's notification exactly once after an SMTP outage."""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from actions import runtime
from actions.forwarding import ActionSubmitForward
from bot import bootstrap
from bot.__main__ import main
from bot.mail import outbox
from bot.mail.mailer import MailError, build_message, deliver
from bot.settings import load_settings
from tests.conftest import ROOT
from tests.integration.test_forwarding_actions import run
from tests.support.ports import free_port
from tests.support.smtp import _Inbox


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1 (IP in subjectAltName), made with the openssl CLI."""
    folder = tmp_path_factory.mktemp("tls")
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def server_context(certificate) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*map(str, certificate))
    return context


class TLSServer:
    """aiosmtpd with STARTTLS required (mode "starttls") or implicit TLS ("ssl"); can stop and restart."""

    def __init__(self, certificate, mode: str):
        self.certificate, self.mode, self.port = certificate, mode, free_port()
        self.inbox, self.controller = _Inbox(), None

    def start(self):
        if self.mode == "ssl":
            self.controller = Controller(
                self.inbox, hostname="127.0.0.1", port=self.port, ssl_context=server_context(self.certificate)
            )
        else:
            self.controller = Controller(
                self.inbox,
                hostname="127.0.0.1",
                port=self.port,
                tls_context=server_context(self.certificate),
                require_starttls=True,
            )
        self.controller.start()
        return self

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None

    def env(self, ca=True) -> dict[str, str]:
        env = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(self.port), "SMTP_TLS": self.mode}
        if ca:
            env["SMTP_CA_FILE"] = str(self.certificate[0])
        return env


@pytest.fixture(params=["starttls", "ssl"])
def tls_server(request, certificate):
    server = TLSServer(certificate, request.param).start()
    yield server
    server.stop()


def test_verified_tls_delivers(tls_server):
    settings = load_settings(tls_server.env())
    deliver(settings, build_message(settings, "a@example.org", "Objet", "Corps du message"))
    [message] = tls_server.inbox.messages
    assert message["To"] == "a@example.org" and message.get_content().strip() == "Corps du message"


def test_unknown_certificate_is_refused_and_retried(tls_server):
    # Without the test CA, the certificate cannot be verified: nothing is sent in clear, nothing lost.
    settings = load_settings(tls_server.env(ca=False))
    with pytest.raises(MailError) as refused:
        deliver(settings, build_message(settings, "a@example.org", "Objet", "Corps"))
    assert "CERTIFICATE_VERIFY_FAILED" in str(refused.value) and not refused.value.permanent
    assert tls_server.inbox.messages == []


def test_starttls_is_required(smtp_server):
    """A server that does not offer STARTTLS gets nothing (no silent fallback to clear text)."""
    settings = load_settings({"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp_server.port)})
    with pytest.raises(MailError, match="STARTTLS"):
        deliver(settings, build_message(settings, "a@example.org", "Objet", "Corps"))
    assert smtp_server.messages == []


def test_a_slow_server_times_out(certificate):
    """A server that accepts the connection and never answers: SMTP_TIMEOUT, then a retry later."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        settings = load_settings(
            {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(listener.getsockname()[1]), "SMTP_TIMEOUT": "0.5"}
        )
        started = time.monotonic()
        with pytest.raises(MailError, match="timed out|TimeoutError"):
            deliver(settings, build_message(settings, "a@example.org", "Objet", "Corps"))
        assert time.monotonic() - started < 5


def test_retries_then_dead_letter_visible_and_sent_again(
    session_factory, certificate, monkeypatch, capsys, database_url, tmp_path
):
    server = TLSServer(certificate, "starttls")  # not started: the SMTP server is down
    env = {**server.env(), "OUTBOX_MAX_ATTEMPTS": "2", "OUTBOX_RETRY_SECONDS": "0"}
    settings = load_settings(env)
    with session_factory.begin() as session:
        outbox.enqueue(session, settings, "c@example.org", "Réponse", "Texte", outbox.utc_now(), "Q-AAAABBBB")
    assert outbox.deliver_due(session_factory, settings) == outbox.DeliveryReport(retried=1, dead=1)
    with session_factory() as session:
        [message] = outbox.list_messages(session)
        assert (message.status, message.attempts) == (outbox.DEAD, 2)
        assert "Connection refused" in message.last_error or "Errno" in message.last_error

    for name, value in {**env, "DATABASE_URL": database_url, "SPOOL_DIR": str(tmp_path / "spool")}.items():
        monkeypatch.setenv(name, value)
    assert main(["referent", "outbox"]) == 0
    listing = capsys.readouterr().out
    assert "dead" in listing and "c@example.org" in listing and "outbox-retry" in listing
    assert main(["referent", "outbox-retry", str(message.id)]) == 0
    server.start()
    try:
        assert outbox.deliver_due(session_factory, settings).sent == 1
        assert [m["To"] for m in server.inbox.messages] == ["c@example.org"]
    finally:
        server.stop()
    with session_factory() as session:
        [sent] = outbox.list_messages(session)
        assert sent.status == outbox.SENT and sent.body == ""  # the text is not kept once sent


def start_worker(env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "worker"], cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
    )


def wait_until(condition, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def test_smtp_outage_forwarded_question_arrives_exactly_once(bot_db, certificate, monkeypatch, tmp_path):
    """The SMTP server is stopped, a candidate forwards a question (the action answers at once),
    the server comes back: the worker process delivers the referent's email, once."""
    server = TLSServer(certificate, "starttls").start()
    server.stop()
    env = {**server.env(), "OUTBOX_POLL_SECONDS": "0.2", "OUTBOX_RETRY_SECONDS": "0.5"}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("REFERENT_EMAIL", raising=False)
    bootstrap.use(None)  # rebuilt from the environment on next use

    started = time.monotonic()
    messages, _ = run(
        ActionSubmitForward(),
        slots={"fw_question": "Le permis C est-il utile ?", "fw_email": "lea@example.org", "fw_reason": "request"},
    )
    assert time.monotonic() - started < 2  # no SMTP on the conversation path
    reference = messages[0]["text"].split("référence : ")[1].split(".")[0]

    log = tmp_path / "worker.log"
    worker = start_worker({**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": bot_db}, log)
    try:
        assert wait_until(lambda: "not sent (attempt 2)" in log.read_text()), log.read_text()
        server.start()
        assert wait_until(lambda: server.inbox.messages), log.read_text()
        time.sleep(1.5)  # several more rounds of the worker: nothing is sent twice
    finally:
        worker.terminate()
        worker.wait(timeout=20)
        server.stop()
    [notification] = server.inbox.messages
    assert reference in notification["Subject"] and notification["To"] == "Sandrine.GEUQUET@cfwb.be"
    with runtime.offer_reader().session_factory() as session:
        [row] = session.scalars(select(outbox.OutboxMessage)).all()
        assert row.status == outbox.SENT and row.attempts >= 3
    assert "worker stopped" in log.read_text()
    bootstrap.use(None)  # rebuilt from the environment on next use
