"""Start the real action server and Rasa server on free ports for end-to-end tests."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import requests

from tests.support.ports import free_port

ROOT = Path(__file__).resolve().parents[2]
# Two environments (README, "Processes and Python versions"): the Rasa server
# runs from .venv (Python 3.10, Rasa 3.6), the action server and the referent
# CLI from .venv-app (Python 3.12), whichever environment runs these tests.
RASA_BIN = Path(os.environ.get("RASA_VENV", ROOT / ".venv")) / "bin"
APP_PYTHON = Path(os.environ.get("APP_VENV", ROOT / ".venv-app")) / "bin" / "python"
VENV_BIN = RASA_BIN  # the Rasa server's commands (rasa, its python)
MODEL = ROOT / "models" / "wbe-assistant.tar.gz"
EMBEDDING_ORIGIN = "http://embedding-site.test:8080"


def redis_unavailable() -> str | None:
    """Why the machine's Redis cannot be used, or None."""
    try:
        import redis

        redis.Redis(host="127.0.0.1", port=6379, socket_timeout=2).ping()
    except Exception as error:  # noqa: BLE001
        return f"Redis not available at 127.0.0.1:6379: {error}"
    return None


def wait_for(
    url: str, process: subprocess.Popen, log: Path, timeout: float = 360, died: Callable[[], str | None] | None = None
) -> None:
    """Wait until `url` answers; fail at once when `process` exits, or when `died` (a check of
    another process the script started) says why it is gone."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited early:\n{log.read_text()[-3000:]}")
        reason = died() if died else None
        if reason:
            raise RuntimeError(f"{url}: {reason}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} not ready after {timeout}s:\n{log.read_text()[-3000:]}")


def stop_group(process: subprocess.Popen) -> None:
    """Stop a script started with start_new_session=True and everything it started."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def bot_env(tmp_path_factory, session_smtp_server):
    """Environment of the servers: own SQLite database and spool, clock fixed before
    the deadline, email to a local SMTP server."""
    work = tmp_path_factory.mktemp("e2e")
    env = dict(os.environ)
    env.update(
        PYTHONPATH=str(ROOT),
        TF_CPP_MIN_LOG_LEVEL="3",
        RASA_TELEMETRY_ENABLED="false",
        DATABASE_URL=f"sqlite:///{work / 'bot.db'}",
        SPOOL_DIR=str(work / "spool"),
        BOT_FIXED_NOW="2021-06-01T10:00:00",
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=str(session_smtp_server.port),
        SMTP_TLS="none",
        # A site allowed to embed the chat (tests/e2e/test_socketio_origin.py).
        WEBCHAT_ALLOWED_ORIGINS=EMBEDDING_ORIGIN,
        # The worker (started with the servers) sends the queued emails and purges this tracker store.
        OUTBOX_POLL_SECONDS="0.3",
        TRACKER_DATABASE_URL=f"sqlite:///{work / 'tracker.db'}",
    )
    subprocess.run([str(APP_PYTHON), "-m", "bot", "load-offers"], cwd=ROOT, env=env, check=True, capture_output=True)
    return work, env


@pytest.fixture(scope="session")
def trained_model():
    """The model scripts/setup.sh trained (it retrains only when the data changed)."""
    assert MODEL.exists(), "no trained model: run scripts/setup.sh first"
    return MODEL


def start_rasa(
    work: Path, env: dict, model: Path, action_port: int, name: str, token: str | None = None
) -> tuple[str, subprocess.Popen]:
    rasa_port = free_port()
    endpoints = work / f"endpoints-{name}.yml"
    endpoints.write_text(
        f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n'
        + (f'  token: "{token}"\n' if token else "")
    )
    log = work / f"rasa-{name}.log"
    process = subprocess.Popen(
        [
            str(RASA_BIN / "rasa"),
            "run",
            "--model",
            str(model),
            "--port",
            str(rasa_port),
            "--credentials",
            str(ROOT / "credentials.yml"),
            "--endpoints",
            str(endpoints),
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(f"http://127.0.0.1:{rasa_port}/", process, log)
    except Exception:
        stop(process)
        raise
    return f"http://127.0.0.1:{rasa_port}", process


def stop(*processes: subprocess.Popen) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def start_actions(work: Path, env: dict, name: str, port: int | None = None) -> tuple[int, subprocess.Popen]:
    """The real action server, as scripts/run.sh starts it (Python 3.12, loopback only)."""
    port = port or free_port()
    log = work / f"{name}.log"
    process = subprocess.Popen(
        [str(APP_PYTHON), "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)],
        cwd=ROOT,
        env={**env, "SANIC_HOST": "127.0.0.1"},
        stdout=log.open("a"),
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/health", process, log)
    except Exception:
        stop(process)
        raise
    return port, process


def start_worker(work: Path, env: dict) -> subprocess.Popen:
    """The email outbox and purge worker, as scripts/run.sh starts it (bot/cli/worker.py)."""
    return subprocess.Popen(
        [str(APP_PYTHON), "-m", "bot", "worker"],
        cwd=ROOT,
        env=env,
        stdout=(work / "worker.log").open("w"),
        stderr=subprocess.STDOUT,
    )


# The session's one bot: its action server requires this token, and Rasa sends it
# (tests/e2e/test_action_server_token.py checks both sides on this same bot).
ACTION_TOKEN = "e2e-3f9c2b7d1a"


class Bot:
    """The session's action server and Rasa server; the action server can be stopped
    and started again on the same port (the fault tests)."""

    def __init__(self, work: Path, env: dict, model: Path):
        self.work, self.env = work, {**env, "ACTION_SERVER_TOKEN": ACTION_TOKEN}
        self.action_port, self.actions = start_actions(work, self.env, "actions")
        self.worker = start_worker(work, self.env)
        try:
            self.rasa_url, self.rasa = start_rasa(work, self.env, model, self.action_port, "main", ACTION_TOKEN)
        except Exception:
            stop(self.actions, self.worker)
            raise
        self.action_url = f"http://127.0.0.1:{self.action_port}"

    def stop_actions(self) -> None:
        stop(self.actions)

    def restart_actions(self) -> None:
        _, self.actions = start_actions(self.work, self.env, "actions", port=self.action_port)

    def stop(self) -> None:
        stop(self.rasa, self.actions, self.worker)


@pytest.fixture(scope="session")
def bot(bot_env, trained_model):
    work, env = bot_env
    running = Bot(work, env, trained_model)
    yield running
    running.stop()


@pytest.fixture(scope="session")
def rasa_url(bot):
    return bot.rasa_url


@pytest.fixture
def rasa_url_without_actions(bot):
    """The session's Rasa server while its action server is down (started again after)."""
    bot.stop_actions()
    try:
        yield bot.rasa_url
    finally:
        bot.restart_actions()


@pytest.fixture
def say(rasa_url):
    def say(sender: str, message: str) -> str:
        response = requests.post(
            f"{rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=30
        )
        assert response.status_code == 200, response.text
        return "\n".join(part.get("text", "") for part in response.json())

    return say
