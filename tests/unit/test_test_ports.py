"""The ports the tests give their servers stay out of the kernel's ephemeral range."""

import itertools
import socket

from tests.support import ports


def test_a_block_of_ports_is_free_and_below_the_ephemeral_range():
    first = ports.free_ports(4)
    assert 10000 <= first and first + 3 < ports._ephemeral_start()
    for port in range(first, first + 4):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", port))  # raises if taken


def test_a_taken_port_is_never_handed_out(monkeypatch):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        draws = itertools.chain([port, port], itertools.count(port + 1))
        monkeypatch.setattr(ports.random, "randint", lambda low, high: next(draws))
        monkeypatch.setattr(ports, "_LOWEST", 0)
        monkeypatch.setattr(ports, "_ephemeral_start", lambda: 65536)
        assert ports.free_ports(1) > port
