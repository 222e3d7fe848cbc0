#!/usr/bin/env python3
"""Play the blind test set (tests/blind/*.yml) over the bot's REST channel and score it.

    .venv/bin/python bench/blind.py [--set dev|sealed|dev2|...|dev6|all] [--url URL]
                                    [--min-overall 0.8] [--min-kind 0.6]
                                    [--show-failures] [--json OUT] [--kind KIND]

Each case gets a fresh random sender id. A turn passes when every `expect` regex
is found in the reply (case-insensitive search; the bot's messages are joined with
newlines) and no `forbid` regex is. A self-check case sends `start`, then answers
whichever question the bot asks (first `answers` key whose regex matches the bot's
question) until a reply matches all of `expect_final` (pass), a reply matches one of
`forbid_final`, no key matches, or `max_turns` is reached (fail).

The sealed half is never shown: for it this prints per-kind scores only, refuses
--show-failures, and --json keeps ids, kinds and pass/fail only.

Exit code: 0 when every scored set reaches --min-overall and every kind --min-kind,
1 otherwise, 2 on a usage error or when the bot cannot be reached.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
import uuid
from pathlib import Path

import requests
import yaml

# Sibling modules of this script (it runs as `python bench/blind.py`).
from blind_client import TIMEOUT, Bot, BotUnreachable, rx
from blind_report import KIND_ORDER, print_failure_classes, print_failures, print_table, summarize
from blind_selfcheck import run_selfcheck_case

ROOT = Path(__file__).resolve().parent.parent
SETS = {
    name: ROOT / "tests" / "blind" / f"{name}.yml" for name in ("dev", "sealed", "dev2", "dev3", "dev4", "dev5", "dev6")
}
DEFAULT_URL = "http://localhost:5005/webhooks/rest/webhook"
DEFAULT_FALLBACK = r"(?i)pas (certain|sûr) d'avoir (bien )?compris|je n'ai pas compris|reformuler"


def load_set(name: str) -> list[dict]:
    path = SETS[name]
    cases = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    seen = set()
    for c in cases:
        cid = c.get("id")
        if not cid or cid in seen:
            raise SystemExit(f"{path}: missing or duplicate id {cid!r}")
        seen.add(cid)
        if c.get("kind") not in KIND_ORDER:
            raise SystemExit(f"{path}: {cid}: unknown kind {c.get('kind')!r}")
        if c["kind"] == "selfcheck" and "turns" not in c:
            if not c.get("start") or not c.get("answers") or not c.get("expect_final"):
                raise SystemExit(f"{path}: {cid}: a selfcheck case needs start, answers and expect_final")
            pats = list(c["answers"]) + c["expect_final"] + (c.get("forbid_final") or [])
        else:
            if not c.get("turns"):
                raise SystemExit(f"{path}: {cid}: no turns")
            pats = [p for t in c["turns"] for p in (t.get("expect") or []) + (t.get("forbid") or [])]
        for p in pats:
            try:
                rx(p)
            except re.error as e:
                raise SystemExit(f"{path}: {cid}: bad regex {p!r}: {e}") from None
    return cases


def check_reachable(url: str) -> None:
    try:
        r = requests.post(
            url, json={"sender": f"blind-ping-{uuid.uuid4().hex[:8]}", "message": "bonjour"}, timeout=TIMEOUT
        )
        r.raise_for_status()
        r.json()
    except (requests.RequestException, ValueError) as e:
        print(
            f"The bot is not answering at {url} ({type(e).__name__}: {e}).\n"
            f"Start it first (./scripts/run.sh) or give --url.",
            file=sys.stderr,
        )
        raise SystemExit(2) from None


def run_turn_case(bot: Bot, case: dict, fb: re.Pattern) -> dict:
    sender = f"blind-{uuid.uuid4().hex}"
    turns = []
    for t in case["turns"]:
        reply, _ = bot.say(sender, t["user"])
        missing = [p for p in (t.get("expect") or []) if not rx(p).search(reply)]
        forbidden = [p for p in (t.get("forbid") or []) if rx(p).search(reply)]
        turns.append(
            {
                "user": t["user"],
                "reply": reply,
                "missing": missing,
                "forbidden": forbidden,
                "fallback": bool(fb.search(reply)),
                "ok": not missing and not forbidden,
            }
        )
    failed = next((t for t in turns if not t["ok"]), None)
    return {
        "id": case["id"],
        "kind": case["kind"],
        "passed": failed is None,
        "turns": turns,
        "failure_class": None if failed is None else _classify(failed),
    }


def _classify(turn: dict) -> str:
    if turn["forbidden"]:
        return "forbidden matched"
    if turn["fallback"]:
        return "fallback"
    return "missing expected"


def run_set(bot: Bot, name: str, cases: list[dict], fb: re.Pattern) -> list[dict]:
    results = []
    for c in cases:
        try:
            # A self-check case either answers whatever the bot asks (start/answers) or
            # follows a fixed script of turns (dev2).
            if c["kind"] == "selfcheck" and "turns" not in c:
                res = run_selfcheck_case(bot, c, fb)
            else:
                res = run_turn_case(bot, c, fb)
        except BotUnreachable as e:
            print(f"The bot stopped answering at {bot.url} during the {name} set ({e}).", file=sys.stderr)
            raise SystemExit(2) from None
        except (requests.RequestException, ValueError) as e:
            res = {
                "id": c["id"],
                "kind": c["kind"],
                "passed": False,
                "turns": [],
                "failure_class": "error",
                "note": f"{type(e).__name__}: {e}",
            }
        results.append(res)
    return results


def latency_summary(seconds: list[float]) -> dict:
    ms = sorted(value * 1000 for value in seconds)
    if not ms:
        return {"turns": 0, "p50": 0.0, "p95": 0.0}
    return {"turns": len(ms), "p50": statistics.median(ms), "p95": ms[min(len(ms) - 1, int(0.95 * len(ms)))]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--set",
        choices=["dev", "sealed", "dev2", "dev3", "dev4", "dev5", "dev6", "all"],
        default="all",
        help="all = dev + sealed (the gate); dev2 to dev6 = more development sets, written later by other helpers",
    )
    ap.add_argument("--url", default=DEFAULT_URL)
    ap.add_argument("--min-overall", type=float, default=0.0, help="minimum overall score per set (0-1)")
    ap.add_argument("--min-kind", type=float, default=0.0, help="minimum score of every kind (0-1)")
    ap.add_argument("--show-failures", action="store_true", help="print failing cases (dev sets only)")
    ap.add_argument("--json", metavar="OUT", help="save per-case results (sealed: id, kind, pass/fail only)")
    ap.add_argument(
        "--fallback-regex", default=DEFAULT_FALLBACK, help="regex recognising the bot's not-understood fallback reply"
    )
    ap.add_argument("--kind", action="append", help="only run cases of this kind (repeatable)")
    ap.add_argument("--max-p50-ms", type=float, default=0.0, help="fail when the reply latency p50 is above (ms)")
    args = ap.parse_args(argv)

    if args.show_failures and args.set == "sealed":
        print(
            "Refused: --show-failures is only allowed for the dev set; the sealed set is never shown.", file=sys.stderr
        )
        return 2
    names = ["dev", "sealed"] if args.set == "all" else [args.set]
    try:
        fb = rx(args.fallback_regex)
    except re.error as e:
        print(f"bad --fallback-regex: {e}", file=sys.stderr)
        return 2
    sets = {n: load_set(n) for n in names}
    if args.kind:
        sets = {n: [c for c in cs if c["kind"] in args.kind] for n, cs in sets.items()}
    check_reachable(args.url)
    bot = Bot(args.url)

    ok = True
    out = {}
    for n in names:
        t0 = time.monotonic()
        bot.latencies.clear()
        results = run_set(bot, n, sets[n], fb)
        s = summarize(results)
        s["latency_ms"] = latency_summary(bot.latencies)
        print_table(n, s)
        print(
            f"reply latency, one message at a time: p50 {s['latency_ms']['p50']:.0f} ms, "
            f"p95 {s['latency_ms']['p95']:.0f} ms over {s['latency_ms']['turns']} messages "
            f"({len(os.sched_getaffinity(0))} cores)"
        )
        print(f"({time.monotonic() - t0:.1f} s)")
        if args.max_p50_ms and s["latency_ms"]["p50"] > args.max_p50_ms:
            ok = False
            print(f"FAIL: {n} reply latency p50 {s['latency_ms']['p50']:.0f} ms > {args.max_p50_ms:.0f} ms")
        if n != "sealed":
            print_failure_classes(results)
            if args.show_failures:
                print_failures(results)
            out[n] = {"summary": s, "cases": results}
        else:
            out[n] = {
                "summary": s,
                "cases": [{"id": r["id"], "kind": r["kind"], "passed": r["passed"]} for r in results],
            }
        if s["overall"] < args.min_overall:
            ok = False
            print(f"FAIL: {n} overall {s['overall']:.1%} < {args.min_overall:.1%}")
        for k, v in s["kinds"].items():
            if v["score"] < args.min_kind:
                ok = False
                print(f"FAIL: {n} kind {k} {v['score']:.1%} < {args.min_kind:.1%}")
    if args.show_failures and args.set == "all":
        print("\n(sealed failures are never shown)")
    if args.json:
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")
        print(f"\nresults saved to {args.json}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
