"""The model tier, in one process and one model load (scripts/test.sh model):

1. data validation (Rasa's validator): every warning is printed, and any warning
   fails, except "utterance not used in any story or rule" for an utterance that
   the code provably uses (a form's `utter_ask_<slot>`, or a `response="..."` in
   actions/) — Rasa's validator does not read forms' questions or the actions;
2. the test stories (tests/model/stories), prediction errors fail;
3. the held-out NLU set (tests/model/nlu), intent macro F1 must reach --min-macro-f1.

    .venv/bin/python tests/model/check_model.py [--min-macro-f1 0.95]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import re
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
MODEL = ROOT / "models" / "wbe-assistant.tar.gz"
STORIES = ROOT / "tests" / "model" / "stories"
NLU_SET = ROOT / "tests" / "model" / "nlu" / "test_nlu.yml"
OUT = ROOT / "results"
UNUSED_UTTERANCE = re.compile(r"The utterance '(\w+)' is not used in any story or rule")
# Rasa 3.6 emits this for every domain that has slots, whatever their mappings
# (rasa/shared/core/domain.py calls slot_mappings.validate_slot_mappings unconditionally).
ALWAYS_EMITTED = ("Slot auto-fill has been removed in 3.0",)


def used_by_code(domain: dict) -> set[str]:
    """Utterances that forms and actions use without a story naming them."""
    used = set()
    for form in (domain.get("forms") or {}).values():
        used |= {f"utter_ask_{slot}" for slot in form.get("required_slots") or []}
    for path in (ROOT / "actions").glob("*.py"):
        used |= set(re.findall(r"""response=["'](utter_\w+)["']""", path.read_text(encoding="utf-8")))
    return used


def validate() -> bool:
    import yaml
    from rasa.cli.utils import validate_files
    from rasa.shared.importers.importer import TrainingDataImporter

    importer = TrainingDataImporter.load_from_config(
        str(ROOT / "config.yml"), str(ROOT / "domain.yml"), [str(ROOT / "data")]
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            validate_files(fail_on_warnings=False, max_history=None, importer=importer)
            errors = False
        except SystemExit:
            errors = True
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    allowed = used_by_code(domain)
    failing = []
    for warning in caught:
        if not issubclass(warning.category, UserWarning):
            continue
        text = str(warning.message)
        match = UNUSED_UTTERANCE.search(text)
        if text.startswith(ALWAYS_EMITTED):
            print(f"  emitted by Rasa 3.6 for any domain with slots: {text}")
            continue
        known = bool(match and match.group(1) in allowed)
        print(f"  {'used by a form or an action: ' if known else 'WARNING: '}{text}")
        if not known:
            failing.append(text)
    print(f"validation: {len(caught)} warning(s), {len(failing)} failing, errors: {'yes' if errors else 'no'}")
    return not errors and not failing


async def stories_and_nlu(min_macro_f1: float) -> bool:
    from rasa.core.agent import Agent
    from rasa.core.test import test as test_stories
    from rasa.nlu.test import run_evaluation

    from bench.nlu_score import print_report

    agent = Agent.load(str(MODEL))  # the one model load of this tier
    core_out = OUT / "core"
    core_out.mkdir(parents=True, exist_ok=True)
    result = await test_stories(
        str(STORIES),
        agent,
        out_directory=str(core_out),
        disable_plotting=True,
        fail_on_prediction_errors=False,
        warnings=False,
    )
    failed = core_out / "failed_test_stories.yml"
    story_errors = failed.exists() and "# None of the test stories failed" not in failed.read_text()
    report = result.get("report", {}) if isinstance(result, dict) else {}
    print(
        f"stories: conversation accuracy {result.get('conversation_accuracy', {}).get('accuracy', 'n/a')}, "
        f"action accuracy {report.get('accuracy', 'n/a')}"
    )
    if story_errors:
        print(failed.read_text()[:4000])
    nlu_out = OUT / "nlu"
    nlu_out.mkdir(parents=True, exist_ok=True)
    await run_evaluation(
        str(NLU_SET), agent.processor, output_directory=str(nlu_out), errors=True, disable_plotting=True
    )
    nlu = json.loads((nlu_out / "intent_report.json").read_text())
    errors_file = nlu_out / "intent_errors.json"
    macro = print_report(nlu, json.loads(errors_file.read_text()) if errors_file.exists() else [])
    if macro < min_macro_f1:
        print(f"FAIL: intent macro F1 {macro:.3f} is below {min_macro_f1}")
    return not story_errors and macro >= min_macro_f1


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--min-macro-f1", type=float, default=0.95)
    args = parser.parse_args()
    import structlog

    # Rasa logs every prediction at debug level through structlog: keep the output readable.
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("rasa").setLevel(logging.WARNING)
    print("==> data validation")
    valid = validate()
    print("==> test stories and held-out NLU set (one model load)")
    passed = asyncio.run(stories_and_nlu(args.min_macro_f1))
    return 0 if valid and passed else 1


if __name__ == "__main__":
    sys.exit(main())
