"""Reply time with the embedded SQL tracker store (endpoints.yml: SQLite file) vs Rasa's in-memory one.

    .venv/bin/python bench/tracker_store.py [--rounds 5] [--rasa-port 5505] [--actions-port 5555]

Starts one action server (.venv-app) and two Rasa servers side by side (ports
5505 and 5506), one per tracker store, and drives them in turn with
bench/load.py (A B, then B A... so that a drift of the machine's load weighs on
both alike): (a) 10 conversations x 8 messages with 1 s of think time (latency),
(b) the same with no think time (saturation throughput). Prints the median of
the rounds per store and the ratio; the target is at most 10 % slower (p50 and
p95 <= 1.10, throughput >= 0.90). Loopback only; its own database and tracker
file in bench/out/tracker-store/.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import load  # noqa: E402 - bench/load.py, the load generator
from servers import wait_for  # noqa: E402 - bench/servers.py

WORK = ROOT / "bench" / "out" / "tracker-store"
RASA = ROOT / ".venv" / "bin" / "rasa"
APP_PYTHON = ROOT / ".venv-app" / "bin" / "python"
STORES = {
    "in memory (before)": "",
    "SQLite file (endpoints.yml)": (
        "tracker_store:\n  type: rasa_server.tracker_store.ResilientSQLTrackerStore\n  dialect: sqlite\n  db: {db}\n"
    ),
}
WORKLOADS = (("latency", 1.0), ("saturation", 0.0))


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def measure(url: str, think: float, conversations: int, messages: int, seed: int) -> dict:
    args = argparse.Namespace(
        url=url, conversations=conversations, messages=messages, think_mean=think, server_pid=[], timeout=60, seed=seed
    )
    results, elapsed, _ = asyncio.run(load.run(args))
    ms = [value * 1000 for value in results.latencies]
    return {
        "p50": load.percentile(ms, 0.50),
        "p95": load.percentile(ms, 0.95),
        "rate": len(ms) / elapsed,
        "errors": results.errors,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="rounds of alternating runs (A B, B A, ...)")
    parser.add_argument("--rasa-port", type=int, default=5505, help="and the next port for the second server")
    parser.add_argument("--actions-port", type=int, default=5555)
    parser.add_argument("--conversations", type=int, default=10)
    parser.add_argument("--messages", type=int, default=8)
    args = parser.parse_args()
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "RASA_TELEMETRY_ENABLED": "false",
        "DATABASE_URL": f"sqlite:///{WORK / 'bench.db'}",
        "BOT_FIXED_NOW": "2021-06-01T10:00:00",
    }
    subprocess.run([str(APP_PYTHON), "-m", "bot", "load-offers"], cwd=ROOT, env=env, check=True, capture_output=True)
    actions = subprocess.Popen(
        [str(APP_PYTHON), "-m", "rasa_sdk", "--actions", "actions", "--port", str(args.actions_port)],
        cwd=ROOT,
        env={**env, "SANIC_HOST": "127.0.0.1"},
        stdout=(WORK / "actions.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    figures: dict[str, dict[str, list[dict]]] = {name: {w: [] for w, _ in WORKLOADS} for name in STORES}
    servers: dict[str, tuple[str, subprocess.Popen]] = {}
    try:
        wait_for(f"http://127.0.0.1:{args.actions_port}/health", actions)
        # Both servers run side by side, idle while the other is measured; the runs alternate
        # (A B, B A, ...) so that the load of the machine weighs on both alike.
        for number, (name, store) in enumerate(STORES.items()):
            port = args.rasa_port + number
            endpoints = WORK / f"endpoints-{number}.yml"
            endpoints.write_text(
                f'action_endpoint:\n  url: "http://127.0.0.1:{args.actions_port}/webhook"\n'
                + store.format(db=WORK / "tracker.db")
            )
            log = (WORK / f"rasa-{number}.log").open("w")
            servers[name] = (
                f"http://127.0.0.1:{port}",
                subprocess.Popen(
                    [
                        str(RASA),
                        "run",
                        "--model",
                        str(ROOT / "models" / "wbe-assistant.tar.gz"),
                        "--port",
                        str(port),
                        "-i",
                        "127.0.0.1",
                        "--credentials",
                        str(ROOT / "credentials.yml"),
                        "--endpoints",
                        str(endpoints),
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                ),
            )
        for url, process in servers.values():
            wait_for(url + "/", process)
            measure(url, 0, 4, 3, seed=99)  # warm-up (first calls load lazily)
        names = list(STORES)
        for round_number in range(args.rounds):
            for name in names if round_number % 2 == 0 else names[::-1]:
                for workload, think in WORKLOADS:
                    result = measure(servers[name][0], think, args.conversations, args.messages, seed=round_number)
                    figures[name][workload].append(result)
                    print(
                        f"  round {round_number + 1} {name:<28} {workload:<10} p50 {result['p50']:7.1f} ms  "
                        f"p95 {result['p95']:7.1f} ms  {result['rate']:5.1f} msg/s  errors {result['errors']}",
                        flush=True,
                    )
    finally:
        for _, process in servers.values():
            stop(process)
        stop(actions)

    def median(name, workload, key):
        return statistics.median(r[key] for r in figures[name][workload])

    base, new = list(STORES)
    rows = [
        ("(a) p50 latency, 1 s think time", "latency", "p50", "ms", "<= 1.10"),
        ("(a) p95 latency, 1 s think time", "latency", "p95", "ms", "<= 1.10"),
        ("(b) saturation throughput", "saturation", "rate", "msg/s", ">= 0.90"),
    ]
    print(
        f"\n{args.conversations} conversations x {args.messages} messages, median of {args.rounds} round(s), "
        f"{len(os.sched_getaffinity(0))} cores"
    )
    print(f"| measure | {base} | {new} | ratio | target |")
    print("|---|---:|---:|---:|---:|")
    failed = False
    for label, workload, key, unit, target in rows:
        before, after = median(base, workload, key), median(new, workload, key)
        ratio = after / before
        failed |= ratio > 1.10 if key != "rate" else ratio < 0.90
        print(f"| {label} | {before:.1f} {unit} | {after:.1f} {unit} | {ratio:.2f} | {target} |")
    errors = sum(r["errors"] for name in STORES for w in figures[name].values() for r in w)
    print(f"| errors | | | {errors} | 0 |")
    return 1 if failed or errors else 0


if __name__ == "__main__":
    sys.exit(main())
