"""Side-by-side load figures: this bot vs a bare Rasa bot, and one vs two instances.

Everything runs on this machine in one go, so the figures are ratios on the
same hardware:
  (a) 50 conversations x 10 messages with think time (exponential, mean 3 s):
      errors and p95 latency, this bot vs the bare `rasa init` bot;
  (b) saturation (no think time): throughput, this bot vs the bare bot;
  (c) production mode (PostgreSQL + Redis): throughput of two Rasa instances
      behind HAProxy vs one (scripts/run-cluster.sh).
"This bot" in (a) and (b) is one Rasa server behind HAProxy (deploy/haproxy.cfg)
as in production, with rasa_server/admission.py; a second row runs it with
admission.py off and HAProxy's per-server maxconn 4 + queue timeout instead.
The bare bot is reached directly.

Load on a shared machine swings by about 20 %: every measurement is taken
--runs times (default 3), the servers of each part running side by side and
measured in turn, and the summary gives the median of the runs.

    .venv/bin/python bench/compare.py [--runs 3] [--quick]

The bare bot is created with `rasa init` and trained in var/bench/bare (kept
between runs). Needs the trained model (scripts/setup.sh), Debian's haproxy
(installed if missing), PostgreSQL on 127.0.0.1:5432 and Redis on
127.0.0.1:6379 for (c).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import uuid
from argparse import Namespace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import load  # noqa: E402  (bench/load.py)
from servers import (  # noqa: E402  (bench/servers.py)
    APP_PYTHON,
    WORK,
    _drop_databases,
    bare_bot_model,
    base_env,
    processes,
    start_bare_bot,
    start_cluster,
    start_this_bot,
)


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


def median(runs: list[dict], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def figures(runs: list[dict], key: str, digits: int = 1) -> str:
    return " / ".join(f"{run[key]:.{digits}f}" for run in runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller runs, for a smoke test")
    parser.add_argument("--runs", type=int, default=3, help="measurements of each kind (median reported)")
    parser.add_argument("--skip-cluster", action="store_true")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    think_runs = (10, 5) if args.quick else (50, 10)
    saturation = (10, 10) if args.quick else (30, 10)

    model = bare_bot_model()
    env = {**base_env(), "DATABASE_URL": f"sqlite:///{WORK / 'bench.db'}", "BOT_FIXED_NOW": "2021-06-01T10:00:00"}
    subprocess.run(
        [str(APP_PYTHON), "-m", "bot", "load-offers"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )
    bots = {
        "this bot": lambda s: start_this_bot(s, env, "this", 0),
        "this bot, HAProxy maxconn 4": lambda s: start_this_bot(s, env, "maxconn", 4),
        "bare rasa init bot": lambda s: start_bare_bot(s, model),
    }
    rows = {name: {"think": [], "saturation": []} for name in bots}
    with processes() as start:
        servers = {name: starter(start) for name, starter in bots.items()}
        for name, (url, pids) in servers.items():
            measure(url, 3, 3, 0, pids, f"warm-up {name}")
        for run in range(1, args.runs + 1):
            for name, (url, pids) in servers.items():
                rows[name]["think"].append(measure(url, *think_runs, 3.0, pids, f"(a) {name}, think time, run {run}"))
            for name, (url, pids) in servers.items():
                rows[name]["saturation"].append(
                    measure(url, *saturation, 0, pids, f"(b) {name}, saturation, run {run}")
                )
    cluster = {1: [], 2: []}
    if not args.skip_cluster:
        suffixes = {instances: uuid.uuid4().hex[:8] for instances in cluster}
        try:
            with processes() as start:
                nodes = {instances: start_cluster(start, instances, suffixes[instances]) for instances in cluster}
                for url, pids in nodes.values():
                    measure(url, 3, 3, 0, pids, "warm-up cluster")
                for run in range(1, args.runs + 1):
                    for instances, (url, pids) in nodes.items():
                        cluster[instances].append(
                            measure(
                                url, *saturation, 0, pids, f"(c) PostgreSQL/Redis, {instances} instance(s), run {run}"
                            )
                        )
        finally:
            for suffix in suffixes.values():
                _drop_databases(suffix)

    bare = rows["bare rasa init bot"]
    print(
        f"\n=== Summary: median of {args.runs} runs ({len(os.sched_getaffinity(0))} cores); "
        f"each run's figures in brackets ==="
    )
    for name in ("this bot", "this bot, HAProxy maxconn 4"):
        ours = rows[name]
        print(f"\n{name} (behind HAProxy) vs the bare bot (direct)")
        print(
            f"  (a) errors: {figures(ours['think'], 'errors', 0)} vs {figures(bare['think'], 'errors', 0)} (target 0)"
        )
        ratios = [o["p95"] / b["p95"] for o, b in zip(ours["think"], bare["think"], strict=False)]
        print(
            f"  (a) p95 latency ms: {median(ours['think'], 'p95'):.0f} [{figures(ours['think'], 'p95', 0)}] vs "
            f"{median(bare['think'], 'p95'):.0f} [{figures(bare['think'], 'p95', 0)}]; ratio "
            f"{median(ours['think'], 'p95') / median(bare['think'], 'p95'):.2f} "
            f"(per run {' / '.join(f'{r:.2f}' for r in ratios)}; target <= 1.3)"
        )
        ratios = [
            o["throughput"] / b["throughput"] for o, b in zip(ours["saturation"], bare["saturation"], strict=False)
        ]
        print(
            f"  (b) saturation msg/s: {median(ours['saturation'], 'throughput'):.1f} "
            f"[{figures(ours['saturation'], 'throughput')}] vs {median(bare['saturation'], 'throughput'):.1f} "
            f"[{figures(bare['saturation'], 'throughput')}]; ratio "
            f"{median(ours['saturation'], 'throughput') / median(bare['saturation'], 'throughput'):.2f} "
            f"(per run {' / '.join(f'{r:.2f}' for r in ratios)}; target >= 0.9); errors "
            f"{figures(ours['saturation'], 'errors', 0)}"
        )
    if cluster[1]:
        ratios = [two["throughput"] / one["throughput"] for two, one in zip(cluster[2], cluster[1], strict=False)]
        print(
            f"\n(c) PostgreSQL/Redis behind HAProxy, msg/s: 2 instances "
            f"{median(cluster[2], 'throughput'):.1f} [{figures(cluster[2], 'throughput')}] vs 1 instance "
            f"{median(cluster[1], 'throughput'):.1f} [{figures(cluster[1], 'throughput')}]; ratio "
            f"{median(cluster[2], 'throughput') / median(cluster[1], 'throughput'):.2f} "
            f"(per run {' / '.join(f'{r:.2f}' for r in ratios)}; target >= 1.7); errors "
            f"{figures(cluster[2], 'errors', 0)} / {figures(cluster[1], 'errors', 0)}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
