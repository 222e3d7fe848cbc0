"""The servers that bench/compare.py measures: this bot (behind HAProxy), the bare
`rasa init` bot, and the production-mode cluster, each started on free ports and
stopped whatever happens."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"  # the Rasa server (Python 3.10)
APP_PYTHON = ROOT / ".venv-app" / "bin" / "python"  # the action server and the CLI (Python 3.12)
WORK = ROOT / "var" / "bench"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, timeout: float = 420) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server for {url} exited early (logs in {WORK})")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(1)
    raise SystemExit(f"{url} not ready after {timeout}s")


@contextmanager
def processes():
    started: list[subprocess.Popen] = []

    def start(name: str, command: list[str], cwd: Path, env: dict) -> subprocess.Popen:
        log = (WORK / f"{name}.log").open("w")
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        started.append(process)
        return process

    try:
        yield start
    finally:
        for process in started:
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for process in started:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def bare_bot_model() -> Path:
    bare = WORK / "bare"
    models = sorted((bare / "models").glob("*.tar.gz")) if bare.exists() else []
    if not models:
        print("==> Creating and training the bare `rasa init` bot (a few minutes)", flush=True)
        bare.mkdir(parents=True, exist_ok=True)
        with (WORK / "bare-init.log").open("w") as log:
            subprocess.run(
                [str(BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(bare)],
                check=True,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=base_env(),
            )
        models = sorted((bare / "models").glob("*.tar.gz"))
    return models[-1]


def base_env() -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3"}


def start_haproxy(start, name: str, servers: list[str], env: dict) -> tuple[str, subprocess.Popen]:
    """HAProxy with deploy/haproxy.cfg in front of `servers`, as scripts/run-cluster.sh runs it."""
    binary = subprocess.run(
        [str(ROOT / "scripts" / "ensure-haproxy.sh")], check=True, capture_output=True, text=True
    ).stdout.strip()
    config = WORK / f"{name}.cfg"
    config.write_text(
        subprocess.run(
            [str(ROOT / "deploy" / "haproxy-render.sh"), *servers], check=True, capture_output=True, text=True
        ).stdout
    )
    port = free_port()
    env = {**env, "PORT": str(port), "HAPROXY_BIND": "127.0.0.1", "HAPROXY_STATS_SOCKET": str(WORK / f"{name}.sock")}
    process = start(name, [binary, "-db", "-f", str(config)], ROOT, env)
    url = f"http://127.0.0.1:{port}"
    wait_for(url + "/", process)
    return url, process


def start_this_bot(start, env: dict, name: str, haproxy_maxconn: int) -> tuple[str, list[int]]:
    """One Rasa server and the action server behind HAProxy. haproxy_maxconn > 0:
    HAProxy queues what is over that per server, and admission.py is off."""
    action_port, rasa_port = free_port(), free_port()
    endpoints = WORK / f"endpoints-{name}.yml"
    endpoints.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n')
    if haproxy_maxconn:
        env = {
            **env,
            "MAX_CONCURRENT_MESSAGES": "100000",
            "HAPROXY_SERVER_MAXCONN": str(haproxy_maxconn),
            "HAPROXY_QUEUE_TIMEOUT": "30s",
        }
    else:
        env = {**env, "HAPROXY_SERVER_MAXCONN": "0"}
    actions = start(
        f"{name}-actions",
        [str(APP_PYTHON), "-m", "rasa_sdk", "--actions", "actions", "--port", str(action_port)],
        ROOT,
        {**env, "SANIC_HOST": "127.0.0.1"},
    )
    rasa = start(
        f"{name}-rasa",
        [
            str(BIN / "rasa"),
            "run",
            "--model",
            str(ROOT / "models" / "wbe-assistant.tar.gz"),
            "--port",
            str(rasa_port),
            "-i",
            "127.0.0.1",
            "--credentials",
            str(ROOT / "credentials.yml"),
            "--endpoints",
            str(endpoints),
        ],
        ROOT,
        env,
    )
    wait_for(f"http://127.0.0.1:{action_port}/health", actions)
    wait_for(f"http://127.0.0.1:{rasa_port}/", rasa)
    url, _ = start_haproxy(start, f"{name}-haproxy", [f"127.0.0.1:{rasa_port}"], env)
    return url, [rasa.pid, actions.pid]


def start_bare_bot(start, model: Path) -> tuple[str, list[int]]:
    port = free_port()
    rasa = start(
        "bare-rasa",
        [str(BIN / "rasa"), "run", "--model", str(model), "--port", str(port), "-i", "127.0.0.1"],
        model.parent.parent,
        base_env(),
    )
    wait_for(f"http://127.0.0.1:{port}/", rasa)
    return f"http://127.0.0.1:{port}", [rasa.pid]


def start_cluster(start, instances: int, suffix: str) -> tuple[str, list[int]]:
    ports = {"PORT": free_port(), "ACTIONS_PORT": free_port(), "FIRST_RASA_PORT": 20000 + int(suffix[:3], 16)}
    env = {
        **base_env(),
        **{k: str(v) for k, v in ports.items()},
        "RASA_INSTANCES": str(instances),
        "DATABASE_URL": f"postgresql://postgres@127.0.0.1:5432/wbe_bench_{suffix}",
        "TRACKER_DB_NAME": f"wbe_bench_tracker_{suffix}",
        "REDIS_DB": "4",
        "RUN_DIR": str(WORK / f"cluster-{instances}"),
        "HAPROXY_BIND": "127.0.0.1",
    }
    script = start(f"cluster-{instances}", [str(ROOT / "scripts" / "run-cluster.sh")], ROOT, env)
    for i in range(instances):
        wait_for(f"http://127.0.0.1:{ports['FIRST_RASA_PORT'] + i}/", script)
    url = f"http://127.0.0.1:{ports['PORT']}"
    wait_for(url + "/", script)
    pids = [
        int((WORK / f"cluster-{instances}" / f"rasa-{ports['FIRST_RASA_PORT'] + i}.pid").read_text())
        for i in range(instances)
    ]
    return url, pids


def _drop_databases(suffix: str) -> None:
    from sqlalchemy import create_engine, text

    admin = create_engine("postgresql://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT", future=True)
    with admin.connect() as connection:
        for name in (f"wbe_bench_{suffix}", f"wbe_bench_tracker_{suffix}"):
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
