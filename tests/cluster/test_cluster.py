"""Production mode: PostgreSQL + Redis, two Rasa servers behind HAProxy.

Starts scripts/run-cluster.sh (the documented example) on free ports with its
own databases, then checks shared conversations, forwarding into PostgreSQL,
losing an instance and restarting one.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import subprocess
import time
import uuid
from pathlib import Path

import pytest
import requests
import websockets
from sqlalchemy import create_engine, text

from tests.cluster.conftest import wait_for_cluster
from tests.e2e.conftest import APP_PYTHON, RASA_BIN, ROOT, redis_unavailable, stop, stop_group, wait_for
from tests.support.ports import free_ports

pytestmark = pytest.mark.e2e
PG = "postgresql://postgres@127.0.0.1:5432"
# The answer to "et pour la charge de mission ?" right after the salary question.
FOLLOW_UP = "En charge de mission, vous bénéficiez d'une échelle identique"


def _postgres_and_redis_available() -> str | None:
    try:
        with create_engine(f"{PG}/postgres", future=True).connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001
        return f"PostgreSQL not available at {PG}: {error}"
    return redis_unavailable()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    reason = _postgres_and_redis_available()
    if reason:
        pytest.skip(reason)
    work = tmp_path_factory.mktemp("cluster")
    suffix = uuid.uuid4().hex[:8]
    block = free_ports(4)  # HAProxy, the action server, two Rasa servers
    ports = {"haproxy": block, "actions": block + 1, "first": block + 2}
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "DATABASE_URL": f"{PG}/wbe_bot_{suffix}",
        "TRACKER_DB_NAME": f"wbe_tracker_{suffix}",
        "REDIS_DB": "3",
        "PORT": str(ports["haproxy"]),
        "ACTIONS_PORT": str(ports["actions"]),
        "FIRST_RASA_PORT": str(ports["first"]),
        "RASA_INSTANCES": "2",
        "RUN_DIR": str(work),
        "HAPROXY_BIND": "127.0.0.1",
        "SPOOL_DIR": str(work / "spool"),
        "BOT_FIXED_NOW": "2021-06-01T10:00:00",
        # The script's defaults, spelled out for the server restarted by the test.
        "TRACKER_DB_HOST": "127.0.0.1",
        "TRACKER_DB_PORT": "5432",
        "TRACKER_DB_USER": "postgres",
        "TRACKER_DB_PASSWORD": "",
        "REDIS_HOST": "127.0.0.1",
        "REDIS_PORT": "6379",
        "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{ports['actions']}/webhook",
        "ACTION_SERVER_TOKEN": uuid.uuid4().hex,
    }
    script = subprocess.Popen(
        [str(ROOT / "scripts" / "run-cluster.sh")],
        cwd=ROOT,
        env=env,
        stdout=(work / "cluster.log").open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    instances = [f"http://127.0.0.1:{ports['first'] + i}" for i in range(2)]
    try:
        wait_for_cluster(script, work, [ports["first"], ports["first"] + 1], ports["haproxy"])
        yield {
            "url": f"http://127.0.0.1:{ports['haproxy']}",
            "instances": instances,
            "work": work,
            "env": env,
            "ports": ports,
        }
    finally:
        stop_group(script)
        admin = create_engine(f"{PG}/postgres", isolation_level="AUTOCOMMIT", future=True)
        with admin.connect() as connection:
            for name in (f"wbe_bot_{suffix}", f"wbe_tracker_{suffix}"):
                connection.execute(
                    text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'")
                )
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))


def say(url: str, sender: str, message: str) -> str:
    reply = requests.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=60)
    assert reply.status_code == 200, reply.text
    return "\n".join(part.get("text", "") for part in reply.json())


def test_a_conversation_spans_both_instances(cluster):
    # Round robin sends consecutive messages to different instances: the
    # follow-up only works if they share the conversation (PostgreSQL tracker).
    assert "28\u00a0374,60 €" in say(cluster["url"], "cl-shared", "quel est le salaire ?")
    assert say(cluster["url"], "cl-shared", "et pour la charge de mission ?").startswith(FOLLOW_UP)
    first, second = cluster["instances"]
    assert "28\u00a0374,60 €" in say(first, "cl-direct", "quel est le salaire ?")
    assert say(second, "cl-direct", "et pour la charge de mission ?").startswith(FOLLOW_UP)


def test_a_forwarded_question_lands_in_postgresql(cluster):
    url = cluster["url"]
    say(url, "cl-forward", "je voudrais parler à quelqu'un")
    say(url, "cl-forward", "Un diplôme de bachelier en communication convient-il ?")
    confirmation = say(url, "cl-forward", "lea@example.org")
    reference = re.search(r"(Q-[A-Z0-9]{8})", confirmation).group(1)
    listing = subprocess.run(
        [str(APP_PYTHON), "-m", "bot", "referent", "list"],
        cwd=ROOT,
        env=cluster["env"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert reference in listing.stdout


def test_socketio_polling_stays_on_one_instance(cluster):
    # An engine.io session lives in one server's memory: with REST's round robin,
    # every other poll would reach the instance that never heard of this sid (400).
    url = f"{cluster['url']}/socket.io/?EIO=4&transport=polling"
    handshake = requests.get(url, timeout=10)
    assert handshake.status_code == 200 and handshake.text.startswith("0"), handshake.text
    session = f"{url}&sid={json.loads(handshake.text[1:])['sid']}"
    assert requests.post(session, data="40", timeout=10).status_code == 200
    assert requests.get(session, timeout=30).text.startswith("40")  # socket.io namespace connected
    for _ in range(6):  # a pong packet ("3"): harmless, and answered only by the sid's instance
        reply = requests.post(session, data="3", timeout=10)
        assert (reply.status_code, reply.text) == (200, "OK")
    # Sent straight to each instance, the same sid is unknown to one of them.
    sid = session.split("sid=")[1]
    statuses = sorted(
        requests.post(f"{instance}/socket.io/?EIO=4&transport=polling&sid={sid}", data="3", timeout=10).status_code
        for instance in cluster["instances"]
    )
    assert statuses == [200, 400]


def test_socketio_websocket_through_haproxy(cluster):
    # The WebSocket upgrade goes through HAProxy, and the bot answers over it.
    async def talk() -> str:
        address = cluster["url"].replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
        async with websockets.connect(address) as socket_:
            assert (await socket_.recv()).startswith("0")
            await socket_.send("40")
            assert (await socket_.recv()).startswith("40")
            await socket_.send('42["session_request",{"session_id":"cl-websocket"}]')
            await socket_.send('42["user_uttered",{"message":"quel est le salaire ?","session_id":"cl-websocket"}]')
            while True:
                message = await asyncio.wait_for(socket_.recv(), 60)
                if message.startswith('42["bot_uttered"'):
                    return json.loads(message[2:])[1]["text"]

    assert "28\u00a0374,60 €" in asyncio.run(talk())


def test_losing_one_instance_keeps_the_service_and_a_restart_resumes(cluster):
    url, work = cluster["url"], cluster["work"]
    assert "Bonjour" in say(url, "cl-failover", "bonjour")
    first_port = cluster["ports"]["first"]
    pid = int(Path(work, f"rasa-{first_port}.pid").read_text())
    os.kill(pid, signal.SIGKILL)
    # Until the dying process has released its memory the kernel still completes
    # connections to its port, and HAProxy may send it a message that then gets a
    # 502 (never a replay: tests/cluster/test_haproxy.py). Once its port refuses
    # connections, HAProxy sends the messages to the other instance, before its
    # health check has even noticed.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", first_port), timeout=1).close()
        except ConnectionRefusedError:
            break
        except OSError:  # a full backlog times out: not gone yet
            pass
        time.sleep(0.05)
    else:
        pytest.fail(f"port {first_port} still open 30 s after SIGKILL")
    replies = [
        say(url, "cl-failover", message)
        for message in ("quelle est la date limite ?", "combien d'heures par semaine ?", "quel est le salaire ?")
    ]
    assert "il vous reste 6 jours" in replies[0] and "38 heures" in replies[1] and "28\u00a0374,60 €" in replies[2]
    # A new server on the same port picks the conversation up from the tracker
    # store: its first message is a follow-up to the salary question asked before.
    log = work / "restarted.log"
    restarted = subprocess.Popen(
        [
            str(RASA_BIN / "rasa"),
            "run",
            "--model",
            str(ROOT / "models" / "wbe-assistant.tar.gz"),
            "--port",
            str(first_port),
            "-i",
            "127.0.0.1",
            "--credentials",
            str(ROOT / "credentials.yml"),
            "--endpoints",
            str(ROOT / "deploy" / "endpoints.production.yml"),
        ],
        cwd=ROOT,
        env=cluster["env"],
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(f"http://127.0.0.1:{first_port}/", restarted, log)
        assert say(f"http://127.0.0.1:{first_port}", "cl-failover", "et pour la charge de mission ?").startswith(
            FOLLOW_UP
        )
    finally:
        stop(restarted)


def _external_address() -> str | None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.254", 9))  # no packet is sent for UDP connect
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def test_the_action_server_only_accepts_local_calls(cluster):
    port = cluster["ports"]["actions"]
    assert requests.get(f"http://127.0.0.1:{port}/health", timeout=5).status_code == 200
    address = _external_address()
    if address is None:
        pytest.skip("this machine has no non-loopback address to test from")
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://{address}:{port}/health", timeout=5)


def test_the_action_server_wants_the_rasa_servers_token(cluster):
    webhook = f"http://127.0.0.1:{cluster['ports']['actions']}/webhook"
    call = {
        "next_action": "action_greet",
        "sender_id": "cl-token",
        "version": "3.6.21",
        "tracker": {"sender_id": "cl-token", "slots": {}, "latest_message": {}, "events": []},
        "domain": {},
    }
    assert requests.post(webhook, json=call, timeout=10).status_code == 401
    assert requests.post(webhook, params={"token": "guess"}, json=call, timeout=10).status_code == 401
    granted = requests.post(webhook, params={"token": cluster["env"]["ACTION_SERVER_TOKEN"]}, json=call, timeout=10)
    assert granted.status_code == 200, granted.text
    # The conversations of the tests above went through: Rasa sends it.
    assert "Bonjour" in say(cluster["url"], "cl-token", "bonjour")


def test_rasa_http_api_is_off(cluster):
    # Model and tracker endpoints exist only with --enable-api, which is never passed.
    assert requests.get(f"{cluster['url']}/conversations/cl-shared/tracker", timeout=10).status_code == 404
    assert requests.put(f"{cluster['url']}/model", json={}, timeout=10).status_code in (404, 405)
