"""A local SMTP server for tests (aiosmtpd), as a pytest plugin; never a real one."""

from __future__ import annotations

import pytest


class _Inbox:
    """aiosmtpd handler that keeps every received message."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes, policy

        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def _start_smtp():
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    inbox.port = port
    return inbox, controller


@pytest.fixture
def smtp_server():
    """A local SMTP server started by the test; never a real one."""
    inbox, controller = _start_smtp()
    yield inbox
    controller.stop()


@pytest.fixture(scope="session")
def session_smtp_server():
    inbox, controller = _start_smtp()
    yield inbox
    controller.stop()
