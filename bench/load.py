"""Load test: N concurrent scripted conversations through the REST channel.

Bounded and loopback only. Prints messages, errors, latency percentiles,
throughput and the server's memory (RSS read from /proc, Linux).

    .venv/bin/python bench/load.py --url http://127.0.0.1:5005 --conversations 50 \
        --messages 10 --think-mean 3 [--server-pid PID ...]

With --think-mean 0 the conversations send as fast as the bot answers
(saturation). Start the bot first (scripts/run.sh).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import aiohttp

MAX_CONVERSATIONS = 500
MAX_MESSAGES = 50
# What a candidate typically asks, in order; conversations cycle through it.
SCRIPT = [
    "bonjour",
    "c'est quoi ce poste ?",
    "quel est le salaire ?",
    "et pour la charge de mission ?",
    "quel diplôme faut-il ?",
    "combien d'années d'expérience ?",
    "faut-il une voiture ?",
    "jusqu'à quand peut-on postuler ?",
    "quels documents envoyer ?",
    "comment se passe la sélection ?",
    "y a-t-il du télétravail ?",
    "merci, au revoir",
]


@dataclass
class Results:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)

    def fail(self, kind: str) -> None:
        self.errors += 1
        self.error_kinds[kind] = self.error_kinds.get(kind, 0) + 1


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


async def conversation(
    session: aiohttp.ClientSession,
    url: str,
    messages: int,
    think_mean: float,
    results: Results,
    rng: random.Random,
    start: int,
) -> None:
    sender = f"load-{uuid.uuid4().hex[:12]}"
    for turn in range(messages):
        if think_mean > 0 and turn:
            await asyncio.sleep(rng.expovariate(1 / think_mean))
        text = SCRIPT[(start + turn) % len(SCRIPT)]
        began = time.perf_counter()
        try:
            async with session.post(url, json={"sender": sender, "message": text}) as response:
                body = await response.json(content_type=None)
                if response.status != 200:
                    results.fail(f"HTTP {response.status}")
                elif not body:
                    results.fail("empty reply")
                else:
                    results.latencies.append(time.perf_counter() - began)
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            results.fail(type(error).__name__)


async def run(args: argparse.Namespace) -> tuple[Results, float, dict[int, float | None]]:
    results, rng = Results(), random.Random(args.seed)
    timeout = aiohttp.ClientTimeout(total=args.timeout)
    connector = aiohttp.TCPConnector(limit=args.conversations)
    url = args.url.rstrip("/") + "/webhooks/rest/webhook"
    peak: dict[int, float | None] = {pid: rss_mb(pid) for pid in args.server_pid}

    async def sample_memory():
        while True:
            for pid in args.server_pid:
                value = rss_mb(pid)
                if value is not None:
                    peak[pid] = max(peak[pid] or 0, value)
            await asyncio.sleep(0.5)

    sampler = asyncio.create_task(sample_memory())
    began = time.perf_counter()
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        await asyncio.gather(
            *(
                conversation(session, url, args.messages, args.think_mean, results, rng, i)
                for i in range(args.conversations)
            )
        )
    elapsed = time.perf_counter() - began
    sampler.cancel()
    return results, elapsed, peak


def print_table(
    label: str, results: Results, elapsed: float, peak: dict[int, float | None], args: argparse.Namespace
) -> None:
    ok = len(results.latencies)
    ms = [value * 1000 for value in results.latencies]
    print(
        f"\n{label}: {args.conversations} conversations x {args.messages} messages, "
        f"think time mean {args.think_mean}s (exponential), {len(os.sched_getaffinity(0))} cores"
    )
    print(f"{'messages':>9} {'errors':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'msg/s':>7} {'seconds':>8}")
    print(
        f"{ok + results.errors:>9} {results.errors:>7} {percentile(ms, 0.50):>8.1f} {percentile(ms, 0.95):>8.1f} "
        f"{percentile(ms, 0.99):>8.1f} {ok / elapsed:>7.1f} {elapsed:>8.1f}"
    )
    if results.error_kinds:
        print("errors:", ", ".join(f"{kind} x{count}" for kind, count in results.error_kinds.items()))
    for pid, value in peak.items():
        print(f"server pid {pid}: peak RSS {value:.0f} MB" if value else f"server pid {pid}: memory unreadable")
    if ms:
        print(f"mean {statistics.mean(ms):.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:5005")
    parser.add_argument("--conversations", type=int, default=50)
    parser.add_argument("--messages", type=int, default=10)
    parser.add_argument("--think-mean", type=float, default=3.0, help="mean think time in seconds (0: none)")
    parser.add_argument("--server-pid", type=int, action="append", default=[], help="pid whose memory to report")
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--label", default="load")
    args = parser.parse_args()
    host = urlparse(args.url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("bench/load.py only targets a bot on this machine (loopback address)")
    if not (0 < args.conversations <= MAX_CONVERSATIONS and 0 < args.messages <= MAX_MESSAGES):
        sys.exit(f"at most {MAX_CONVERSATIONS} conversations of {MAX_MESSAGES} messages")
    results, elapsed, peak = asyncio.run(run(args))
    print_table(args.label, results, elapsed, peak, args)
    return 1 if results.errors else 0


if __name__ == "__main__":
    sys.exit(main())
