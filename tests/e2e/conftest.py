"""Start the real action server and Rasa server on free ports for end-to-end tests."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
# Two environments (README, "Processes and Python versions"): the Rasa server
# runs from .venv (Python 3.10, Rasa 3.6), the action server and the referent
# CLI from .venv-app (Python 3.12), whichever environment runs these tests.
RASA_BIN = Path(os.environ.get("RASA_VENV", ROOT / ".venv")) / "bin"
APP_PYTHON = Path(os.environ.get("APP_VENV", ROOT / ".venv-app")) / "bin" / "python"
VENV_BIN = RASA_BIN  # the Rasa server's commands (rasa, its python)
MODEL = ROOT / "models" / "wbe-assistant.tar.gz"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_unavailable() -> str | None:
    """Why the machine's Redis cannot be used, or None."""
    try:
        import redis
        redis.Redis(host="127.0.0.1", port=6379, socket_timeout=2).ping()
    except Exception as error:  # noqa: BLE001
        return f"Redis not available at 127.0.0.1:6379: {error}"
    return None


def wait_for(url: str, process: subprocess.Popen, log: Path, timeout: float = 360) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited early:\n{log.read_text()[-3000:]}")
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
        PYTHONPATH=str(ROOT), TF_CPP_MIN_LOG_LEVEL="3", RASA_TELEMETRY_ENABLED="false",
        DATABASE_URL=f"sqlite:///{work / 'bot.db'}",
        SPOOL_DIR=str(work / "spool"),
        BOT_FIXED_NOW="2021-06-01T10:00:00",
        SMTP_HOST="127.0.0.1", SMTP_PORT=str(session_smtp_server.port), SMTP_TLS="none",
        # The worker (started with the servers) sends the queued emails and purges this tracker store.
        OUTBOX_POLL_SECONDS="0.3", TRACKER_DATABASE_URL=f"sqlite:///{work / 'tracker.db'}",
    )
    subprocess.run([str(APP_PYTHON), "-m", "bot", "load-offers"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    return work, env


@pytest.fixture(scope="session")
def trained_model(bot_env):
    work, env = bot_env
    if os.environ.get("E2E_MODEL"):
        # An already trained model (e.g. a copy of the shared one): no training, models/ untouched.
        return Path(os.environ["E2E_MODEL"])
    log = work / "train.log"
    # Rasa retrains only what changed since the last model (fingerprinting).
    with log.open("w") as out:
        result = subprocess.run(
            [str(RASA_BIN / "rasa"), "train", "--fixed-model-name", "wbe-assistant", "--out", "models"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    assert result.returncode == 0, log.read_text()[-3000:]
    assert MODEL.exists()
    return MODEL


def start_rasa(work: Path, env: dict, model: Path, action_port: int, name: str) -> tuple[str, subprocess.Popen]:
    rasa_port = free_port()
    endpoints = work / f"endpoints-{name}.yml"
    endpoints.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n')
    log = work / f"rasa-{name}.log"
    process = subprocess.Popen(
        [str(RASA_BIN / "rasa"), "run", "--model", str(model), "--port", str(rasa_port),
         "--credentials", str(ROOT / "credentials.yml"), "--endpoints", str(endpoints)],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
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


def start_actions(work: Path, env: dict, name: str) -> tuple[int, subprocess.Popen]:
    """The real action server, as scripts/run.sh starts it (Python 3.12, loopback only)."""
    port = free_port()
    log = work / f"{name}.log"
    process = subprocess.Popen(
        [str(APP_PYTHON), "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)],
        cwd=ROOT, env={**env, "SANIC_HOST": "127.0.0.1"}, stdout=log.open("w"), stderr=subprocess.STDOUT)
    try:
        wait_for(f"http://127.0.0.1:{port}/health", process, log)
    except Exception:
        stop(process)
        raise
    return port, process


def start_worker(work: Path, env: dict) -> subprocess.Popen:
    """The email outbox and purge worker, as scripts/run.sh starts it (bot/worker.py)."""
    return subprocess.Popen([str(APP_PYTHON), "-m", "bot", "worker"], cwd=ROOT, env=env,
                            stdout=(work / "worker.log").open("w"), stderr=subprocess.STDOUT)


@pytest.fixture(scope="session")
def rasa_url(bot_env, trained_model):
    work, env = bot_env
    action_port, actions = start_actions(work, env, "actions")
    worker = start_worker(work, env)
    try:
        url, rasa = start_rasa(work, env, trained_model, action_port, "main")
    except Exception:
        stop(actions, worker)
        raise
    yield url
    stop(rasa, actions, worker)


@pytest.fixture(scope="session")
def rasa_url_without_actions(bot_env, trained_model):
    """A Rasa server whose action server is down (nothing listens on its port)."""
    work, env = bot_env
    url, rasa = start_rasa(work, env, trained_model, free_port(), "no-actions")
    yield url
    stop(rasa)


@pytest.fixture
def say(rasa_url):
    def say(sender: str, message: str) -> str:
        response = requests.post(f"{rasa_url}/webhooks/rest/webhook",
                                 json={"sender": sender, "message": message}, timeout=30)
        assert response.status_code == 200, response.text
        return "\n".join(part.get("text", "") for part in response.json())
    return say
