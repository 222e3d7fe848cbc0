"""HAProxy's configuration (deploy/haproxy.cfg) in front of stub backends that count requests.

No Rasa here: each stub is a small HTTP server on loopback that answers the
health check and either answers a POST, or reads it whole and then dies with
it (closes or resets the connection without a byte of reply), as a Rasa
server killed in the middle of a message would. HAProxy runs as
scripts/run-cluster.sh runs it: the file rendered by deploy/haproxy-render.sh,
in the foreground.
"""

from __future__ import annotations

import os
import socket
import struct
import subprocess
import threading
import time
from collections import Counter

import pytest
import requests

from tests.e2e.conftest import ROOT, free_port

pytestmark = pytest.mark.e2e
WEBHOOK = "/webhooks/rest/webhook"


class Stub:
    """HTTP/1.1 server that counts requests; `on_post` is 'answer', 'close' or 'reset'."""

    def __init__(self, name: str, on_post: str = "answer"):
        self.name, self.on_post = name, on_post
        self.posts: list[tuple[dict, bytes]] = []
        self.gets: Counter = Counter()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.address = f"127.0.0.1:{self.port}"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(connection,), daemon=True).start()

    @staticmethod
    def _read_request(connection: socket.socket):
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = connection.recv(65536)
            if not chunk:
                return None
            data += chunk
        head, body = data.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        method, path, _ = lines[0].split(" ", 2)
        headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:])}
        while len(body) < int(headers.get("content-length", 0)):
            chunk = connection.recv(65536)
            if not chunk:
                break
            body += chunk
        return method, path, headers, body

    def _handle(self, connection: socket.socket) -> None:
        with connection:
            request = self._read_request(connection)
            if request is None:
                return
            method, path, headers, body = request
            if method == "POST":
                self.posts.append((headers, body))
                if self.on_post == "reset":
                    # SO_LINGER 0: close() sends a RST, as a killed process's socket may.
                    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    return
                if self.on_post == "close":
                    return
            else:
                self.gets[path.split("?")[0]] += 1
            reply = b'[{"recipient_id": "x", "text": "' + self.name.encode() + b'"}]'
            connection.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                b"Content-Length: " + str(len(reply)).encode() + b"\r\n\r\n" + reply
            )

    def close(self) -> None:
        self.listener.close()


@pytest.fixture
def haproxy(tmp_path):
    """Starts HAProxy with deploy/haproxy.cfg in front of the given addresses; stops it after."""
    binary = subprocess.run([str(ROOT / "scripts" / "ensure-haproxy.sh")], capture_output=True, text=True, timeout=600)
    if binary.returncode != 0:
        pytest.fail(f"HAProxy could not be installed: {binary.stderr[-2000:]}")
    started: list[subprocess.Popen] = []

    def start(*addresses: str) -> str:
        config = tmp_path / "haproxy.cfg"
        config.write_text(
            subprocess.run(
                [str(ROOT / "deploy" / "haproxy-render.sh"), *addresses], check=True, capture_output=True, text=True
            ).stdout
        )
        port = free_port()
        env = {
            **os.environ,
            "PORT": str(port),
            "HAPROXY_BIND": "127.0.0.1",
            "HAPROXY_STATS_SOCKET": str(tmp_path / "haproxy.sock"),
        }
        log = tmp_path / "haproxy.log"
        process = subprocess.Popen(
            [binary.stdout.strip(), "-db", "-f", str(config)], env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
        )
        started.append(process)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            assert process.poll() is None, log.read_text()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return f"http://127.0.0.1:{port}"
            except OSError:
                time.sleep(0.1)
        pytest.fail(f"HAProxy did not listen on {port}: {log.read_text()}")

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=10)


def post(url: str, message: str = "bonjour") -> requests.Response:
    return requests.post(url + WEBHOOK, json={"sender": "haproxy-test", "message": message}, timeout=30)


@pytest.mark.parametrize("death", ["close", "reset"])
def test_a_post_is_not_replayed_when_the_backend_dies_mid_request(haproxy, death):
    # Both instances die with the request they got: a replay would reach the other one.
    stubs = [Stub("a", death), Stub("b", death)]
    url = haproxy(*(stub.address for stub in stubs))
    for number in range(4):
        reply = post(url, f"message {number}")
        assert reply.status_code == 502, reply.text
    time.sleep(1)  # nothing sent later either
    bodies = Counter(body for stub in stubs for _, body in stub.posts)
    assert sorted(bodies.values()) == [1, 1, 1, 1], bodies
    assert all(stub.posts for stub in stubs), "round robin should have tried both instances"


def test_a_request_that_could_not_be_sent_goes_to_a_live_instance(haproxy):
    # An instance that refuses connections (killed, not yet marked down by the
    # health check): its requests were never sent, so they go to the other one.
    dead = f"127.0.0.1:{free_port()}"
    live = Stub("live")
    url = haproxy(dead, live.address)
    replies = [post(url, f"message {number}") for number in range(6)]
    assert [reply.status_code for reply in replies] == [200] * 6
    assert sorted(body for _, body in live.posts) == sorted(
        f'{{"sender": "haproxy-test", "message": "message {number}"}}'.encode() for number in range(6)
    )


def test_the_instances_see_the_candidates_address(haproxy):
    stub = Stub("a")
    url = haproxy(stub.address)
    assert post(url).status_code == 200
    headers, _ = stub.posts[0]
    assert headers["x-forwarded-for"] == "127.0.0.1"


def test_rest_is_round_robin_and_socketio_sticks_to_one_instance(haproxy):
    stubs = [Stub("a"), Stub("b")]
    url = haproxy(*(stub.address for stub in stubs))
    names = [post(url).json()[0]["text"] for _ in range(6)]
    assert Counter(names) == {"a": 3, "b": 3}
    for _ in range(10):
        assert requests.get(f"{url}/socket.io/?EIO=4&transport=polling", timeout=10).status_code == 200
    assert sorted(stub.gets["/socket.io/"] for stub in stubs) == [0, 10]
