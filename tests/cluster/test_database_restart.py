"""Production mode: PostgreSQL stops and starts again while candidates forward questions.

Starts a private PostgreSQL 15 (initdb in a temporary folder, own port, 127.0.0.1
only) and scripts/run-cluster.sh against it (two Rasa servers behind
HAProxy, one action server), drives concurrent conversations that each forward
a question to the referent through HAProxy to the REST endpoint, and stops the
database for a few seconds in the middle of that traffic (`pg_ctl stop -m fast`,
wait, `pg_ctl start`: every open connection is cut, like a restart). The stop
is triggered by a tap on the Rasa -> action server calls at the moment one
probe candidate's question is being submitted, so that the "database down
while storing a question" path is certain to be exercised; the other
candidates are at whatever step they happen to be.

What a candidate experiences during the outage:
- most messages are only slower (a few seconds): the conversation store retries
  loading and saving for up to 15 s (rasa_server/tracker_store.py), so a message
  sent while the database is down is answered normally, in context, once it is
  back;
- a message already being answered when the database drops, if its answer
  needs the offer data, gets "Désolé, je ne parviens pas à consulter les
  informations de l'offre pour le moment. Réessayez dans quelques minutes."
  with the referent's contact (read from the offer file); sending it again
  works once the database is back (rare: not seen in a 5 s outage here);
- a question submitted just as the database drops still gets a reference:
  "Notre base de données est momentanément indisponible, mais votre question
  est conservée et sera transmise dès son retour. Votre référence : Q-...";
  it waits in the local spool and the next question stored after the restart
  moves it into the database (the referent's commands would too);
- when the database stays down longer than that window (run with
  DB_RESTART_OUTAGE_SECONDS=25 to see it), a message waits 15 s and gets
  "Désolé, je rencontre un problème technique et ne peux pas vous répondre pour
  le moment. Réessayez dans quelques minutes." with the contact; sent again
  once the database is back, it continues where the conversation was (an
  email address sent again gets the reference of the question already kept,
  not a second ticket).
No HTTP error, no lost question, no conversation answered out of context.
"""

from __future__ import annotations

import json
import os
import pwd
import random
import re
import shutil
import subprocess
import tempfile
import threading
import time
import uuid
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, text

from tests.cluster.conftest import wait_for_cluster
from tests.e2e.conftest import ROOT, free_port, redis_unavailable, stop_group
from tests.support.ports import free_ports

pytestmark = pytest.mark.e2e
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
CLIENTS = 6
# How long the database stays down; longer than the tracker store's retry window (15 s)
# to see the long-outage behaviour, e.g. DB_RESTART_OUTAGE_SECONDS=25.
OUTAGE_SECONDS = float(os.environ.get("DB_RESTART_OUTAGE_SECONDS", "5"))
TRAFFIC_AFTER_RESTART = 12  # seconds of traffic once the database is back

REFERENCE = re.compile(r"Votre référence : (Q-[A-Z0-9]{8})")
ASK_QUESTION = "Quelle question souhaitez-vous transmettre"
ASK_EMAIL = "À quelle adresse e-mail une réponse éventuelle peut-elle vous être envoyée"
KEPT = "votre question est conservée"
SALARY = "28\u00a0374,60 €"


def _as_postgres(*command) -> list[str]:
    # initdb and postgres refuse to run as root.
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return prefix + [str(part) for part in command]


class PrivatePostgres:
    """A throw-away PostgreSQL 15 instance: trust auth, 127.0.0.1 only, its own port."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="wbe-pg-restart-"))
        self.data, self.log, self.port = self.folder / "data", self.folder / "postgres.log", free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}"

    def create(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        subprocess.run(
            _as_postgres(
                PG_BIN / "initdb",
                "-D",
                self.data,
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ),
            check=True,
            capture_output=True,
            timeout=120,
        )
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.folder}'\nfsync = off\n"
            )

    def ctl(self, *args: str) -> None:
        subprocess.run(
            _as_postgres(PG_BIN / "pg_ctl", "-D", self.data, "-l", self.log, "-w", "-t", "60", *args),
            check=True,
            capture_output=True,
            timeout=90,
        )

    def start(self) -> None:
        self.ctl("start")

    def stop(self, mode: str = "fast") -> None:
        self.ctl("-m", mode, "stop")

    def remove(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self.stop("immediate")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="module")
def private_postgres():
    if not (PG_BIN / "initdb").exists() or not (PG_BIN / "pg_ctl").exists():
        pytest.skip(f"PostgreSQL server binaries not found in {PG_BIN} (set PG_BIN)")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no user postgres to run PostgreSQL as")
        if not shutil.which("runuser"):
            pytest.skip("running as root without runuser: cannot start PostgreSQL as user postgres")
    reason = redis_unavailable()
    if reason:
        pytest.skip(reason)
    server = PrivatePostgres()
    try:
        server.create()
        server.start()
        yield server
    finally:
        server.remove()


class ActionTap:
    """Relays Rasa's calls to the action server, and lets the test act just before one."""

    def __init__(self, upstream: str):
        self.upstream = upstream
        self.before_call = lambda payload: None
        tap = self

        class Relay(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                try:
                    tap.before_call(json.loads(body))
                except ValueError:
                    pass
                reply = requests.post(
                    tap.upstream + self.path,
                    data=body,
                    timeout=300,
                    headers={"Content-Type": self.headers.get("Content-Type", "application/json")},
                )
                self.send_response(reply.status_code)
                self.send_header("Content-Type", reply.headers.get("Content-Type", "application/json"))
                self.send_header("Content-Length", str(len(reply.content)))
                self.end_headers()
                self.wfile.write(reply.content)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Relay)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def cluster(private_postgres, tmp_path_factory):
    work = tmp_path_factory.mktemp("db-restart")
    block = free_ports(4)  # HAProxy, the action server, two Rasa servers
    ports = {"haproxy": block, "actions": block + 1, "first": block + 2}
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "DATABASE_URL": f"{private_postgres.url}/wbe_bot",
        "TRACKER_DB_NAME": "wbe_tracker",
        "TRACKER_DB_HOST": "127.0.0.1",
        "TRACKER_DB_PORT": str(private_postgres.port),
        "TRACKER_DB_USER": "postgres",
        "TRACKER_DB_PASSWORD": "",
        "REDIS_HOST": "127.0.0.1",
        "REDIS_PORT": "6379",
        "REDIS_DB": "5",
        "PORT": str(ports["haproxy"]),
        "HAPROXY_BIND": "127.0.0.1",
        "ACTIONS_PORT": str(ports["actions"]),
        "FIRST_RASA_PORT": str(ports["first"]),
        "RASA_INSTANCES": "2",
        "RUN_DIR": str(work),
        "SPOOL_DIR": str(work / "spool"),
        "BOT_FIXED_NOW": "2021-06-01T10:00:00",
    }
    for name in ("SMTP_HOST", "REFERENT_EMAIL"):
        env.pop(name, None)
    tap = ActionTap(f"http://127.0.0.1:{ports['actions']}")
    env["ACTION_ENDPOINT_URL"] = f"{tap.url}/webhook"
    script = subprocess.Popen(
        [str(ROOT / "scripts" / "run-cluster.sh")],
        cwd=ROOT,
        env=env,
        stdout=(work / "cluster.log").open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_for_cluster(script, work, [ports["first"], ports["first"] + 1], ports["haproxy"])
        yield {
            "url": f"http://127.0.0.1:{ports['haproxy']}",
            "work": work,
            "env": env,
            "tap": tap,
            "spool": work / "spool" / "tickets.jsonl",
        }
    finally:
        stop_group(script)
        tap.close()


class Candidate:
    """Forwards one question, behaving like a person: reads what the bot asks for,
    answers it, and sends a message again (after a pause) when the bot apologises."""

    MAX_ATTEMPTS = 40

    def __init__(self, url: str, sender: str, question: str, email: str, journal: list):
        self.url, self.sender, self.question, self.email, self.journal = url, sender, question, email, journal
        self.reference: str | None = None
        self.kept_in_spool = False
        self.problems: list[str] = []

    def say(self, message: str) -> str:
        started = time.monotonic()
        try:
            reply = requests.post(
                f"{self.url}/webhooks/rest/webhook", timeout=90, json={"sender": self.sender, "message": message}
            )
        except requests.RequestException as error:
            self.journal.append((self.sender, message, "no HTTP answer", str(error), 0.0))
            self.problems.append(f"no HTTP answer to {message!r}: {error}")
            return ""
        elapsed = time.monotonic() - started
        body = "\n".join(part.get("text", "") for part in reply.json()) if reply.status_code == 200 else reply.text
        self.journal.append((self.sender, message, reply.status_code, body, elapsed))
        if reply.status_code != 200:
            self.problems.append(f"HTTP {reply.status_code} for {message!r}: {body[:200]}")
        return body

    def forward(self) -> None:
        message = "je voudrais parler à quelqu'un"
        for _ in range(self.MAX_ATTEMPTS):
            reply = self.say(message)
            found = REFERENCE.search(reply)
            if found:
                self.reference, self.kept_in_spool = found.group(1), KEPT in reply
                return
            if ASK_EMAIL in reply:
                message = self.email
            elif ASK_QUESTION in reply:
                message = self.question
            elif reply.startswith("Désolé") or not reply:
                time.sleep(1)  # then send the same message again
            else:
                self.problems.append(f"unexpected answer to {message!r}: {reply[:300]}")
                return
            time.sleep(random.uniform(0.1, 0.5))  # reading and typing
        self.problems.append(f"no reference after {self.MAX_ATTEMPTS} messages")


def tickets(database_url: str) -> dict[str, tuple[str, str, str]]:
    """reference -> (conversation, question, email) in the private database."""
    engine = create_engine(database_url, future=True)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT reference, conversation_id, question, email FROM referent_tickets"))
            return {reference: (conversation, question, email) for reference, conversation, question, email in rows}
    finally:
        engine.dispose()


def test_no_forwarded_question_is_lost_when_postgresql_restarts(cluster, private_postgres):
    url, run_id = cluster["url"], uuid.uuid4().hex[:6]
    journal: list = []
    candidates: list[Candidate] = []
    stop_traffic, outage = threading.Event(), threading.Event()
    warmed_up = threading.Barrier(CLIENTS + 1, timeout=300)

    def client(number: int) -> None:
        round_ = 0
        while not stop_traffic.is_set():
            candidate = Candidate(
                url,
                f"restart-{run_id}-{number}-{round_}",
                f"Question {number}.{round_} : mon diplôme de bachelier en {number} ans convient-il pour ce poste ?",
                f"candidat.{number}.{round_}@example.org",
                journal,
            )
            candidates.append(candidate)
            candidate.forward()
            if round_ == 0:
                warmed_up.wait()
            round_ += 1

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    warmed_up.wait()  # every client has forwarded one question with the database up
    time.sleep(2)  # the clients are now at different steps

    # The probe: the database stops just as its question is being submitted.
    probe_sender = f"restart-{run_id}-probe"

    stop_errors: list = []

    def stop_database_before_submit(payload: dict) -> None:
        if (
            payload.get("next_action") == "action_submit_forward"
            and payload.get("sender_id") == probe_sender
            and not outage.is_set()
        ):
            try:
                private_postgres.stop("fast")
            except Exception as error:  # noqa: BLE001 - reported by the test thread
                stop_errors.append(error)
            outage.set()

    cluster["tap"].before_call = stop_database_before_submit
    probe = Candidate(
        url,
        probe_sender,
        "Question de la sonde : un master en sciences de l'éducation suffit-il ?",
        "sonde@example.org",
        journal,
    )
    candidates.append(probe)
    probe_thread = threading.Thread(target=probe.forward, daemon=True)
    probe_thread.start()
    assert outage.wait(timeout=120), f"the probe's question was never submitted: {probe.problems}"
    assert stop_errors == []
    stopped_at = time.monotonic()
    time.sleep(OUTAGE_SECONDS)
    private_postgres.start()
    restarted_at = time.monotonic()
    time.sleep(TRAFFIC_AFTER_RESTART)
    stop_traffic.set()
    for thread in [*threads, probe_thread]:
        thread.join(timeout=240)
    assert not any(thread.is_alive() for thread in [*threads, probe_thread]), "a conversation never finished"

    # The conversations: no HTTP error, every one ended with a reference.
    statuses = Counter(entry[2] for entry in journal)
    assert set(statuses) == {200}, statuses
    problems = [f"{c.sender}: {p}" for c in candidates for p in c.problems]
    assert problems == []
    given = {c.reference: c for c in candidates}
    assert None not in given and len(given) == len(candidates) >= 2 * CLIENTS + 1
    # The probe's question met the outage: it was kept in the spool under the
    # reference the candidate got (the action server's log says so).
    actions_log = (cluster["work"] / "actions.log").read_text()
    spooled = set(re.findall(r"spooling (Q-[A-Z0-9]{8})", actions_log))
    assert probe.reference in spooled, [entry for entry in journal if entry[0] == probe_sender]

    # A new conversation after the restart works normally, and its forwarded
    # question moves anything still in the spool into the database.
    fresh = Candidate(
        url,
        f"restart-{run_id}-fresh",
        "Le permis B est-il indispensable pour ce poste ?",
        "nouvelle@example.org",
        journal,
    )
    assert SALARY in fresh.say("quel est le salaire ?")
    fresh.forward()
    assert fresh.problems == [] and fresh.reference and not fresh.kept_in_spool
    given[fresh.reference] = fresh

    stored = tickets(f"{private_postgres.url}/wbe_bot")
    missing = sorted(set(given) - set(stored))
    assert missing == [], f"references given but not in referent_tickets: {missing}"
    for reference, candidate in given.items():
        assert stored[reference] == (candidate.sender, candidate.question, candidate.email)
    # One ticket per conversation: nothing stored twice by a message sent again.
    ours = Counter(
        conversation for conversation, _, _ in stored.values() if conversation.startswith(f"restart-{run_id}")
    )
    assert ours == Counter({c.sender: 1 for c in given.values()})
    # Moved by the bot itself when the next questions were stored, no flush-spool.
    assert cluster["spool"].read_text() == ""
    actions_log = (cluster["work"] / "actions.log").read_text()
    moved = {
        reference
        for line in re.findall(r"during a database outage from \S+ into the database: (.*)", actions_log)
        for reference in line.split(", ")
    }
    assert spooled <= moved

    apologies = [entry for entry in journal if entry[3].startswith("Désolé")]
    print(
        f"\n{len(candidates) + 1} conversations, {len(journal)} messages; database down "
        f"{restarted_at - stopped_at:.1f}s; apologies: {len(apologies)}; questions kept in the spool "
        f"then moved: {len(spooled)} (told so: {sum(KEPT in entry[3] for entry in journal)}); "
        f"slowest answer {max(entry[4] for entry in journal):.1f}s"
    )
    for sender, message, _, body, elapsed in apologies:
        print(f"  {sender} {message!r} ({elapsed:.1f}s) -> {body[:110]!r}")
    for candidate in candidates:
        if candidate.kept_in_spool:
            print(f"  kept: {candidate.sender} {candidate.reference}")
