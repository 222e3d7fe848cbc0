"""Free TCP ports for the servers the tests start.

The kernel hands out its ephemeral range (ip_local_port_range) to every outgoing
connection: a port picked there with bind(0) and given to a server a minute later
can meanwhile be the local end of a database or HTTP connection of another test
lane, and the server then fails to bind. Ports are therefore drawn below that range,
at random, and checked free.

`python -m tests.support.ports [N]` prints the first of N consecutive free ports.
"""

from __future__ import annotations

import random
import socket
import sys
from pathlib import Path

_LOWEST = 10000
_RANGE_FILE = Path("/proc/sys/net/ipv4/ip_local_port_range")


def _ephemeral_start() -> int:
    try:
        return int(_RANGE_FILE.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768  # Linux's default


def _is_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_ports(count: int = 1) -> int:
    """The first of `count` consecutive free ports, outside the ephemeral range."""
    highest = _ephemeral_start() - count
    for _ in range(1000):
        first = random.randint(_LOWEST, highest)
        if all(_is_free(first + offset) for offset in range(count)):
            return first
    raise RuntimeError(f"no {count} consecutive free ports between {_LOWEST} and {highest + count}")


def free_port() -> int:
    return free_ports(1)


if __name__ == "__main__":
    print(free_ports(int(sys.argv[1]) if len(sys.argv) > 1 else 1))
