"""Side-by-side load figures: this bot vs a bare Rasa bot, and one vs two instances.

Everything runs on this machine in one go, so the figures are ratios on the
same hardware:
  (a) 50 conversations x 10 messages with think time (exponential, mean 3 s):
      errors and p95 latency, this bot vs the bare `rasa init` bot;
  (b) saturation (no think time): throughput, this bot vs the bare bot;
  (c) production mode (PostgreSQL + Redis): throughput of two Rasa instances
      behind deploy/balancer.py vs one instance.

    .venv/bin/python bench/compare.py [--quick]

The bare bot is created with `rasa init` and trained in var/bench/bare (kept
between runs). Needs the trained model (scripts/setup.sh), PostgreSQL on
127.0.0.1:5432 and Redis on 127.0.0.1:6379 for (c).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from argparse import Namespace
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"  # the Rasa server (Python 3.10)
APP_PYTHON = ROOT / ".venv-app" / "bin" / "python"  # the action server and the CLI (Python 3.12)
sys.path.insert(0, str(Path(__file__).resolve().parent))
import load  # noqa: E402  (bench/load.py)

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
    return {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3", "RASA_TELEMETRY_ENABLED": "false"}


def measure(url: str, conversations: int, messages: int, think: float, pids: list[int], label: str):
    args = Namespace(
        url=url,
        conversations=conversations,
        messages=messages,
        think_mean=think,
        server_pid=pids,
        timeout=120,
        seed=1,
        label=label,
    )
    results, elapsed, peak = asyncio.run(load.run(args))
    load.print_table(label, results, elapsed, peak, args)
    ms = [value * 1000 for value in results.latencies]
    return {"errors": results.errors, "p95": load.percentile(ms, 0.95), "throughput": len(results.latencies) / elapsed}


def start_this_bot(start, env: dict) -> tuple[str, list[int]]:
    action_port, rasa_port = free_port(), free_port()
    endpoints = WORK / "endpoints-bench.yml"
    endpoints.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n')
    actions = start(
        "this-actions",
        [str(APP_PYTHON), "-m", "rasa_sdk", "--actions", "actions", "--port", str(action_port)],
        ROOT,
        {**env, "SANIC_HOST": "127.0.0.1"},
    )
    rasa = start(
        "this-rasa",
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
    return f"http://127.0.0.1:{rasa_port}", [rasa.pid, actions.pid]


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


def cluster_throughput(instances: int, conversations: int, messages: int) -> dict:
    suffix = uuid.uuid4().hex[:8]
    ports = {"PORT": free_port(), "ACTIONS_PORT": free_port(), "FIRST_RASA_PORT": 20000 + int(suffix[:3], 16)}
    env = {
        **base_env(),
        **{k: str(v) for k, v in ports.items()},
        "RASA_INSTANCES": str(instances),
        "DATABASE_URL": f"postgresql://postgres@127.0.0.1:5432/wbe_bench_{suffix}",
        "TRACKER_DB_NAME": f"wbe_bench_tracker_{suffix}",
        "REDIS_DB": "4",
        "RUN_DIR": str(WORK / f"cluster-{instances}"),
        "BALANCER_HOST": "127.0.0.1",
    }
    with processes() as start:
        script = start(f"cluster-{instances}", [str(ROOT / "scripts" / "run-cluster.sh")], ROOT, env)
        for i in range(instances):
            wait_for(f"http://127.0.0.1:{ports['FIRST_RASA_PORT'] + i}/", script)
        url = f"http://127.0.0.1:{ports['PORT']}"
        wait_for(url + "/", script)
        pids = [
            int((WORK / f"cluster-{instances}" / f"rasa-{ports['FIRST_RASA_PORT'] + i}.pid").read_text())
            for i in range(instances)
        ]
        figures = measure(url, conversations, messages, 0, pids, f"(c) PostgreSQL/Redis, {instances} instance(s)")
    _drop_databases(suffix)
    return figures


def _drop_databases(suffix: str) -> None:
    from sqlalchemy import create_engine, text

    admin = create_engine("postgresql://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT", future=True)
    with admin.connect() as connection:
        for name in (f"wbe_bench_{suffix}", f"wbe_bench_tracker_{suffix}"):
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller runs, for a smoke test")
    parser.add_argument("--skip-cluster", action="store_true")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    think_runs = (10, 5) if args.quick else (50, 10)
    saturation = (10, 10) if args.quick else (30, 10)

    model = bare_bot_model()
    rows = {}
    env = {**base_env(), "DATABASE_URL": f"sqlite:///{WORK / 'bench.db'}", "BOT_FIXED_NOW": "2021-06-01T10:00:00"}
    subprocess.run(
        [str(APP_PYTHON), "-m", "bot", "load-offers"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )
    for name, starter in (
        ("this bot", lambda s: start_this_bot(s, env)),
        ("bare rasa init bot", lambda s: start_bare_bot(s, model)),
    ):
        with processes() as start:
            url, pids = starter(start)
            measure(url, 3, 3, 0, pids, f"warm-up {name}")
            rows[name] = {
                "think": measure(url, *think_runs, 3.0, pids, f"(a) {name}, think time"),
                "saturation": measure(url, *saturation, 0, pids, f"(b) {name}, saturation"),
            }
    cluster = {}
    if not args.skip_cluster:
        for instances in (1, 2):
            cluster[instances] = cluster_throughput(instances, *saturation)

    ours, bare = rows["this bot"], rows["bare rasa init bot"]
    print(f"\n=== Summary ({len(os.sched_getaffinity(0))} cores) ===")
    print(f"{'measure':<52}{'this bot':>10}{'bare bot':>10}{'ratio':>8}{'target':>10}")
    print(
        f"{'(a) errors, 50x10 with think time':<52}{ours['think']['errors']:>10}{bare['think']['errors']:>10}"
        f"{'':>8}{'0':>10}"
    )
    print(
        f"{'(a) p95 latency ms':<52}{ours['think']['p95']:>10.1f}{bare['think']['p95']:>10.1f}"
        f"{ours['think']['p95'] / bare['think']['p95']:>8.2f}{'<= 1.5':>10}"
    )
    print(
        f"{'(b) saturation throughput msg/s':<52}{ours['saturation']['throughput']:>10.1f}"
        f"{bare['saturation']['throughput']:>10.1f}"
        f"{ours['saturation']['throughput'] / bare['saturation']['throughput']:>8.2f}{'>= 0.8':>10}"
    )
    if cluster:
        print(
            f"{'(c) 2 instances vs 1, throughput msg/s (errors)':<52}"
            f"{cluster[2]['throughput']:>6.1f} ({cluster[2]['errors']}){cluster[1]['throughput']:>6.1f} "
            f"({cluster[1]['errors']}){cluster[2]['throughput'] / cluster[1]['throughput']:>6.2f}{'>= 1.6':>10}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
