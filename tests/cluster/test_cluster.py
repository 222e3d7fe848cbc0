"""Production mode: PostgreSQL + Redis, two Rasa servers behind one address.

Starts scripts/run-cluster.sh (the documented example) on free ports with its
own databases, then checks shared conversations, forwarding into PostgreSQL,
losing an instance and restarting one.
"""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import uuid
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, text

from tests.e2e.conftest import APP_PYTHON, RASA_BIN, ROOT, free_port, redis_unavailable, stop, stop_group, wait_for

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
    ports = {"balancer": free_port(), "actions": free_port(), "first": free_port()}
    while ports["first"] + 1 in ports.values():
        ports["first"] = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3",
           "DATABASE_URL": f"{PG}/wbe_bot_{suffix}", "TRACKER_DB_NAME": f"wbe_tracker_{suffix}",
           "REDIS_DB": "3", "PORT": str(ports["balancer"]), "ACTIONS_PORT": str(ports["actions"]),
           "FIRST_RASA_PORT": str(ports["first"]), "RASA_INSTANCES": "2", "RUN_DIR": str(work),
           "BALANCER_HOST": "127.0.0.1", "SPOOL_DIR": str(work / "spool"),
           "BOT_FIXED_NOW": "2021-06-01T10:00:00",
           # The script's defaults, spelled out for the server restarted by the test.
           "TRACKER_DB_HOST": "127.0.0.1", "TRACKER_DB_PORT": "5432", "TRACKER_DB_USER": "postgres",
           "TRACKER_DB_PASSWORD": "", "REDIS_HOST": "127.0.0.1", "REDIS_PORT": "6379",
           "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{ports['actions']}/webhook",
           "ACTION_SERVER_TOKEN": uuid.uuid4().hex}
    script = subprocess.Popen([str(ROOT / "scripts" / "run-cluster.sh")], cwd=ROOT, env=env,
                              stdout=(work / "cluster.log").open("w"), stderr=subprocess.STDOUT,
                              start_new_session=True)
    instances = [f"http://127.0.0.1:{ports['first'] + i}" for i in range(2)]
    try:
        for url in instances:
            wait_for(url + "/", script, work / "cluster.log")
        wait_for(f"http://127.0.0.1:{ports['balancer']}/", script, work / "cluster.log")
        yield {"url": f"http://127.0.0.1:{ports['balancer']}", "instances": instances, "work": work,
               "env": env, "ports": ports}
    finally:
        stop_group(script)
        admin = create_engine(f"{PG}/postgres", isolation_level="AUTOCOMMIT", future=True)
        with admin.connect() as connection:
            for name in (f"wbe_bot_{suffix}", f"wbe_tracker_{suffix}"):
                connection.execute(text(
                    f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"))
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
    listing = subprocess.run([str(APP_PYTHON), "-m", "bot", "referent", "list"], cwd=ROOT, env=cluster["env"],
                             capture_output=True, text=True, timeout=60)
    assert reference in listing.stdout


def test_losing_one_instance_keeps_the_service_and_a_restart_resumes(cluster):
    url, work = cluster["url"], cluster["work"]
    assert "Bonjour" in say(url, "cl-failover", "bonjour")
    first_port = cluster["ports"]["first"]
    pid = int(Path(work, f"rasa-{first_port}.pid").read_text())
    os.kill(pid, signal.SIGKILL)
    replies = [say(url, "cl-failover", message) for message in
               ("quelle est la date limite ?", "combien d'heures par semaine ?", "quel est le salaire ?")]
    assert "il vous reste 6 jours" in replies[0] and "38 heures" in replies[1] and "28\u00a0374,60 €" in replies[2]
    # A new server on the same port picks the conversation up from the tracker
    # store: its first message is a follow-up to the salary question asked before.
    log = work / "restarted.log"
    restarted = subprocess.Popen(
        [str(RASA_BIN / "rasa"), "run", "--model", str(ROOT / "models" / "wbe-assistant.tar.gz"),
         "--port", str(first_port), "-i", "127.0.0.1", "--credentials", str(ROOT / "credentials.yml"),
         "--endpoints", str(ROOT / "deploy" / "endpoints.production.yml")],
        cwd=ROOT, env=cluster["env"], stdout=log.open("w"), stderr=subprocess.STDOUT)
    try:
        wait_for(f"http://127.0.0.1:{first_port}/", restarted, log)
        assert say(f"http://127.0.0.1:{first_port}", "cl-failover",
                   "et pour la charge de mission ?").startswith(FOLLOW_UP)
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
    call = {"next_action": "action_greet", "sender_id": "cl-token", "version": "3.6.21",
            "tracker": {"sender_id": "cl-token", "slots": {}, "latest_message": {}, "events": []}, "domain": {}}
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
