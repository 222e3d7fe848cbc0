#!/usr/bin/env python3
"""Play the blind test set (tests/blind/*.yml) over the bot's REST channel and score it.

    .venv/bin/python bench/blind.py [--set dev|sealed|all] [--url URL]
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
import re
import sys
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path

import requests
import yaml

ROOT = Path(__file__).resolve().parent.parent
SETS = {"dev": ROOT / "tests" / "blind" / "dev.yml", "sealed": ROOT / "tests" / "blind" / "sealed.yml"}
DEFAULT_URL = "http://localhost:5005/webhooks/rest/webhook"
DEFAULT_FALLBACK = r"(?i)pas (certain|sûr) d'avoir (bien )?compris|je n'ai pas compris|reformuler"
KIND_ORDER = ["topic", "sms", "long", "belgian", "statement", "two_part", "followup", "offtopic", "selfcheck"]
CLASSES = ["fallback", "missing expected", "forbidden matched", "error"]
TIMEOUT = 30
# A self-check reply without a question mark is taken for a re-ask of the previous question only
# when it is short (a verdict is long and may repeat words of the questions).
REASK_MAX_CHARS = 300


class BotUnreachable(Exception):
    pass


def _rx(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


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
        if c["kind"] == "selfcheck":
            if not c.get("start") or not c.get("answers") or not c.get("expect_final"):
                raise SystemExit(f"{path}: {cid}: a selfcheck case needs start, answers and expect_final")
            pats = list(c["answers"]) + c["expect_final"] + (c.get("forbid_final") or [])
        else:
            if not c.get("turns"):
                raise SystemExit(f"{path}: {cid}: no turns")
            pats = [p for t in c["turns"] for p in (t.get("expect") or []) + (t.get("forbid") or [])]
        for p in pats:
            try:
                _rx(p)
            except re.error as e:
                raise SystemExit(f"{path}: {cid}: bad regex {p!r}: {e}")
    return cases


class Bot:
    def __init__(self, url: str):
        self.url = url
        self.session = requests.Session()

    def say(self, sender: str, text: str) -> tuple[str, list[str]]:
        try:
            r = self.session.post(self.url, json={"sender": sender, "message": text}, timeout=TIMEOUT)
        except requests.ConnectionError as e:
            raise BotUnreachable(str(e)) from e
        r.raise_for_status()
        msgs = [m["text"] for m in r.json() if isinstance(m, dict) and m.get("text")]
        return "\n".join(msgs), msgs


def check_reachable(url: str) -> None:
    try:
        r = requests.post(url, json={"sender": f"blind-ping-{uuid.uuid4().hex[:8]}", "message": "bonjour"},
                          timeout=TIMEOUT)
        r.raise_for_status()
        r.json()
    except (requests.RequestException, ValueError) as e:
        print(f"The bot is not answering at {url} ({type(e).__name__}: {e}).\n"
              f"Start it first (./scripts/run.sh) or give --url.", file=sys.stderr)
        raise SystemExit(2)


def _question_candidates(msgs: list[str], reply: str) -> tuple[list[str], bool]:
    """Where to look for the bot's question, and whether it is a real question.

    If the reply asks something, only its question sentences count, the last one first (so the
    words of an acknowledgement are not taken for a self-check question). Otherwise the reply can
    only be a re-ask of the previous question ("Citez les domaines..."): the last message, then
    the whole reply, and the caller accepts only the key it answered last time (so the words of a
    verdict are not taken for a question).
    """
    sentences = [s for s in re.split(r"(?<=[.!?])\s+|\n+", reply) if "?" in s]
    if sentences:
        return sentences[::-1], True
    last = msgs[-1] if msgs else reply
    return [last, reply], False


def run_turn_case(bot: Bot, case: dict, fb: re.Pattern) -> dict:
    sender = f"blind-{uuid.uuid4().hex}"
    turns = []
    for t in case["turns"]:
        reply, _ = bot.say(sender, t["user"])
        missing = [p for p in (t.get("expect") or []) if not _rx(p).search(reply)]
        forbidden = [p for p in (t.get("forbid") or []) if _rx(p).search(reply)]
        turns.append({"user": t["user"], "reply": reply, "missing": missing, "forbidden": forbidden,
                      "fallback": bool(fb.search(reply)), "ok": not missing and not forbidden})
    failed = next((t for t in turns if not t["ok"]), None)
    return {"id": case["id"], "kind": case["kind"], "passed": failed is None, "turns": turns,
            "failure_class": None if failed is None else _classify(failed)}


def run_selfcheck_case(bot: Bot, case: dict, fb: re.Pattern) -> dict:
    sender = f"blind-{uuid.uuid4().hex}"
    answers = [(_rx(k), v) for k, v in case["answers"].items()]
    used = Counter()
    expect = [_rx(p) for p in case["expect_final"]]
    forbid = [_rx(p) for p in case.get("forbid_final") or []]
    max_turns = int(case.get("max_turns", 15))
    turns, message, outcome, note = [], case["start"], None, ""
    prev_key = None
    for _ in range(max_turns):
        reply, msgs = bot.say(sender, message)
        forbidden = [p.pattern for p in forbid if p.search(reply)]
        missing = [p.pattern for p in expect if not p.search(reply)]
        turn = {"user": message, "reply": reply, "fallback": bool(fb.search(reply)),
                "missing": missing, "forbidden": forbidden}
        turns.append(turn)
        if forbidden:
            outcome, note = "forbidden", "a forbidden verdict pattern matched"
            break
        if not missing:
            outcome = "pass"
            break
        nxt = None
        texts, is_question = _question_candidates(msgs, reply)
        for text in texts:
            for i, (rx, value) in enumerate(answers):
                if rx.search(text):
                    if not is_question and (i != prev_key or len(reply) > REASK_MAX_CHARS):
                        continue
                    if isinstance(value, list):
                        nxt = value[min(used[i], len(value) - 1)]
                    else:
                        nxt = value
                    used[i] += 1
                    prev_key = i
                    break
            if nxt is not None:
                break
        if nxt is None:
            outcome, note = "stuck", "no answer key matched the bot's reply"
            break
        message = nxt
    else:
        outcome, note = "max_turns", f"no verdict after {max_turns} turns"
    last = turns[-1]
    passed = outcome == "pass"
    if passed:
        cls = None
    elif outcome == "forbidden":
        cls = "forbidden matched"
    elif last["fallback"]:
        cls = "fallback"
    else:
        cls = "missing expected"
    for t in turns:
        t["ok"] = True
    last["ok"] = passed
    return {"id": case["id"], "kind": "selfcheck", "passed": passed, "turns": turns,
            "failure_class": cls, "note": note}


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
            if c["kind"] == "selfcheck":
                res = run_selfcheck_case(bot, c, fb)
            else:
                res = run_turn_case(bot, c, fb)
        except BotUnreachable as e:
            print(f"The bot stopped answering at {bot.url} during the {name} set ({e}).", file=sys.stderr)
            raise SystemExit(2)
        except (requests.RequestException, ValueError) as e:
            res = {"id": c["id"], "kind": c["kind"], "passed": False, "turns": [],
                   "failure_class": "error", "note": f"{type(e).__name__}: {e}"}
        results.append(res)
    return results


def summarize(results: list[dict]) -> dict:
    per_kind = defaultdict(lambda: [0, 0])
    for r in results:
        per_kind[r["kind"]][0] += 1
        per_kind[r["kind"]][1] += r["passed"]
    off = [r for r in results if r["kind"] == "offtopic"]
    guessed = sum(1 for r in off if any(t.get("forbidden") for t in r["turns"]))
    inscope = [t for r in results if r["kind"] != "offtopic" for t in r["turns"]]
    fb_turns = sum(1 for t in inscope if t.get("fallback"))
    total = len(results)
    passed = sum(r["passed"] for r in results)
    return {
        "kinds": {k: {"cases": v[0], "passed": v[1], "score": v[1] / v[0] if v[0] else 0.0}
                  for k, v in sorted(per_kind.items(), key=lambda kv: _kind_key(kv[0]))},
        "cases": total, "passed": passed, "overall": passed / total if total else 0.0,
        "offtopic_cases": len(off), "offtopic_guessed": guessed,
        "inscope_turns": len(inscope), "inscope_fallback_turns": fb_turns,
        "inscope_fallback_rate": fb_turns / len(inscope) if inscope else 0.0,
    }


def _kind_key(kind: str) -> int:
    return KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)


def print_table(name: str, s: dict) -> None:
    print(f"\n== {name} set ==")
    print(f"{'kind':<12}{'cases':>7}{'passed':>8}{'score':>8}")
    for k, v in s["kinds"].items():
        print(f"{k:<12}{v['cases']:>7}{v['passed']:>8}{v['score']:>8.1%}")
    print(f"{'overall':<12}{s['cases']:>7}{s['passed']:>8}{s['overall']:>8.1%}")
    print(f"off-topic messages that got a guessed fact: {s['offtopic_guessed']} / {s['offtopic_cases']}")
    print(f"in-scope fallback rate: {s['inscope_fallback_rate']:.1%} "
          f"({s['inscope_fallback_turns']} of {s['inscope_turns']} in-scope turns)")


def print_failure_classes(results: list[dict]) -> None:
    table = defaultdict(Counter)
    for r in results:
        if not r["passed"]:
            table[r["kind"]][r["failure_class"]] += 1
    print("\ndev failure classes (cases per kind x class):")
    print(f"{'kind':<12}" + "".join(f"{c:>19}" for c in CLASSES))
    if not table:
        print("  (no failures)")
    for k in sorted(table, key=_kind_key):
        print(f"{k:<12}" + "".join(f"{table[k][c]:>19}" for c in CLASSES))


def print_failures(results: list[dict]) -> None:
    print("\ndev failures:")
    for r in results:
        if r["passed"]:
            continue
        print(f"\n--- {r['id']} ({r['kind']}) [{r['failure_class']}] {r.get('note', '')}")
        for t in r["turns"]:
            mark = "ok " if t.get("ok") else "BAD"
            print(f"  {mark} user: {t['user']!r}")
            print("      bot:  " + t["reply"].replace("\n", "\n            "))
            if t.get("missing") and not t.get("ok"):
                print(f"      missing: {t['missing']}")
            if t.get("forbidden"):
                print(f"      forbidden matched: {t['forbidden']}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", choices=["dev", "sealed", "all"], default="all")
    ap.add_argument("--url", default=DEFAULT_URL)
    ap.add_argument("--min-overall", type=float, default=0.0, help="minimum overall score per set (0-1)")
    ap.add_argument("--min-kind", type=float, default=0.0, help="minimum score of every kind (0-1)")
    ap.add_argument("--show-failures", action="store_true", help="print failing dev cases (dev set only)")
    ap.add_argument("--json", metavar="OUT", help="save per-case results (sealed: id, kind, pass/fail only)")
    ap.add_argument("--fallback-regex", default=DEFAULT_FALLBACK,
                    help="regex recognising the bot's not-understood fallback reply")
    ap.add_argument("--kind", action="append", help="only run cases of this kind (repeatable)")
    args = ap.parse_args(argv)

    if args.show_failures and args.set == "sealed":
        print("Refused: --show-failures is only allowed for the dev set; the sealed set is never shown.",
              file=sys.stderr)
        return 2
    names = ["dev", "sealed"] if args.set == "all" else [args.set]
    try:
        fb = _rx(args.fallback_regex)
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
        results = run_set(bot, n, sets[n], fb)
        s = summarize(results)
        print_table(n, s)
        print(f"({time.monotonic() - t0:.1f} s)")
        if n == "dev":
            print_failure_classes(results)
            if args.show_failures:
                print_failures(results)
            out[n] = {"summary": s, "cases": results}
        else:
            out[n] = {"summary": s,
                      "cases": [{"id": r["id"], "kind": r["kind"], "passed": r["passed"]} for r in results]}
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
