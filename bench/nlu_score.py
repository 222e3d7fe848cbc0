"""Score the trained NLU model on the held-out test set (tests/model/nlu/test_nlu.yml).

Runs `rasa test nlu`, then prints a table per intent, the macro F1, the most
confused intent pairs and the intents slowest to parse. The confusion matrix
image is written to results/nlu/intent_confusion_matrix.png.

    .venv/bin/python bench/nlu_score.py [--min-macro-f1 0.95] [--timing]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEST_SET = ROOT / "tests" / "model" / "nlu" / "test_nlu.yml"
MODEL = ROOT / "models" / "wbe-assistant.tar.gz"
OUT = ROOT / "results" / "nlu"


def run_rasa_test() -> None:
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    log = ROOT / "var" / "log" / "test-nlu.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as out:
        code = subprocess.call(
            [
                str(Path(sys.executable).parent / "rasa"),
                "test",
                "nlu",
                "--nlu",
                str(TEST_SET),
                "--model",
                str(MODEL),
                "--out",
                str(OUT),
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    if code != 0:
        sys.exit(f"rasa test nlu failed, see {log}")


def parse_times() -> dict[str, float]:
    """Mean parse time in ms per expected intent, on a warm model."""
    import asyncio
    import logging

    import structlog
    import yaml
    from rasa.core.agent import Agent

    # Rasa logs every parse at debug level through structlog: keep the table readable.
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    logging.getLogger("rasa").setLevel(logging.WARNING)

    agent = Agent.load(str(MODEL))
    samples = []
    for block in yaml.safe_load(TEST_SET.read_text(encoding="utf-8"))["nlu"]:
        if "intent" in block:
            for line in block["examples"].splitlines():
                if line.strip().startswith("- "):
                    samples.append((block["intent"], line.strip()[2:]))

    async def measure():
        await agent.parse_message("bonjour")  # warm-up
        totals = defaultdict(list)
        for intent, text in samples:
            start = time.perf_counter()
            await agent.parse_message(text)
            totals[intent].append((time.perf_counter() - start) * 1000)
        return {intent: sum(v) / len(v) for intent, v in totals.items()}

    return asyncio.run(measure())


def print_report(report: dict, errors: list) -> float:
    """Print the table per intent, the macro F1 and the most confused pairs; return the macro F1."""
    intents = sorted(k for k in report if k not in ("accuracy", "macro avg", "weighted avg", "micro avg"))
    print(f"{'intent':<24}{'precision':>10}{'recall':>8}{'f1':>8}{'support':>9}")
    for name in sorted(intents, key=lambda n: report[n]["f1-score"]):
        r = report[name]
        print(f"{name:<24}{r['precision']:>10.3f}{r['recall']:>8.3f}{r['f1-score']:>8.3f}{r['support']:>9}")
    macro = report["macro avg"]["f1-score"]
    support = sum(report[name]["support"] for name in intents)
    print(f"\nmessages: {support}   accuracy: {report['accuracy']:.3f}   intent macro F1: {macro:.3f}")

    confused = Counter((e["intent"], e["intent_prediction"]["name"]) for e in errors)
    print("\nmost confused (expected -> predicted, count):")
    for (expected, predicted), count in confused.most_common(8) or [(("-", "-"), 0)]:
        print(f"  {expected:<24} -> {predicted:<24} {count}")
    for e in errors[:15]:
        print(
            f"    « {e['text']} » {e['intent']} -> {e['intent_prediction']['name']} "
            f"({e['intent_prediction']['confidence']:.2f})"
        )
    return macro


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--min-macro-f1", type=float, default=None)
    parser.add_argument("--timing", action="store_true", help="also time parsing per intent (loads the model)")
    args = parser.parse_args()
    run_rasa_test()

    report = json.loads((OUT / "intent_report.json").read_text())
    errors = json.loads((OUT / "intent_errors.json").read_text()) if (OUT / "intent_errors.json").exists() else []
    macro = print_report(report, errors)

    if args.timing:
        times = parse_times()
        print("\nslowest intents to parse (mean ms per message, warm model):")
        for intent, ms in sorted(times.items(), key=lambda kv: -kv[1])[:5]:
            print(f"  {intent:<24} {ms:7.1f}")
    print(f"\nconfusion matrix: {OUT / 'intent_confusion_matrix.png'}")

    if args.min_macro_f1 is not None and macro < args.min_macro_f1:
        print(f"FAIL: intent macro F1 {macro:.3f} is below {args.min_macro_f1}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
