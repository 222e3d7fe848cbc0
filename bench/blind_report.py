"""Tables of a blind-set run (bench/blind.py): score per kind, failure classes, failures."""

from __future__ import annotations

from collections import Counter, defaultdict

KIND_ORDER = ["topic", "sms", "long", "belgian", "statement", "two_part", "followup", "offtopic", "selfcheck"]
CLASSES = ["fallback", "missing expected", "forbidden matched", "error"]


def summarize(results: list[dict]) -> dict:
    per_kind = defaultdict(lambda: [0, 0, 0])
    for r in results:
        per_kind[r["kind"]][0] += 1
        per_kind[r["kind"]][1] += r["passed"]
        per_kind[r["kind"]][2] += sum(1 for t in r["turns"] if t.get("fallback"))
    off = [r for r in results if r["kind"] == "offtopic"]
    guessed = sum(1 for r in off if any(t.get("forbidden") for t in r["turns"]))
    inscope = [t for r in results if r["kind"] != "offtopic" for t in r["turns"]]
    fb_turns = sum(1 for t in inscope if t.get("fallback"))
    total = len(results)
    passed = sum(r["passed"] for r in results)
    return {
        "kinds": {
            k: {"cases": v[0], "passed": v[1], "score": v[1] / v[0] if v[0] else 0.0, "fallback_turns": v[2]}
            for k, v in sorted(per_kind.items(), key=lambda kv: _kind_key(kv[0]))
        },
        "cases": total,
        "passed": passed,
        "overall": passed / total if total else 0.0,
        "offtopic_cases": len(off),
        "offtopic_guessed": guessed,
        "inscope_turns": len(inscope),
        "inscope_fallback_turns": fb_turns,
        "inscope_fallback_rate": fb_turns / len(inscope) if inscope else 0.0,
    }


def _kind_key(kind: str) -> int:
    return KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)


def print_table(name: str, s: dict) -> None:
    print(f"\n== {name} set ==")
    # Fallback turns per kind: a count, like the score, so the sealed half shows where it falls back.
    print(f"{'kind':<12}{'cases':>7}{'passed':>8}{'score':>8}{'fallback turns':>16}")
    for k, v in s["kinds"].items():
        print(f"{k:<12}{v['cases']:>7}{v['passed']:>8}{v['score']:>8.1%}{v['fallback_turns']:>16}")
    print(f"{'overall':<12}{s['cases']:>7}{s['passed']:>8}{s['overall']:>8.1%}")
    print(f"off-topic messages that got a guessed fact: {s['offtopic_guessed']} / {s['offtopic_cases']}")
    print(
        f"in-scope fallback rate: {s['inscope_fallback_rate']:.1%} "
        f"({s['inscope_fallback_turns']} of {s['inscope_turns']} in-scope turns)"
    )


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
