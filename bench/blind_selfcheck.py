"""Playing a self-check conversation of the blind set (bench/blind.py): the bot's
questions, the candidate's natural answers, the verdict."""

from __future__ import annotations

import re
import uuid
from collections import Counter

from blind_client import REASK_MAX_CHARS, Bot, rx


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


def run_selfcheck_case(bot: Bot, case: dict, fb: re.Pattern) -> dict:
    sender = f"blind-{uuid.uuid4().hex}"
    answers = [(rx(k), v) for k, v in case["answers"].items()]
    used = Counter()
    expect = [rx(p) for p in case["expect_final"]]
    forbid = [rx(p) for p in case.get("forbid_final") or []]
    max_turns = int(case.get("max_turns", 15))
    turns, message, outcome, note = [], case["start"], None, ""
    prev_key = None
    for _ in range(max_turns):
        reply, msgs = bot.say(sender, message)
        forbidden = [p.pattern for p in forbid if p.search(reply)]
        missing = [p.pattern for p in expect if not p.search(reply)]
        turn = {
            "user": message,
            "reply": reply,
            "fallback": bool(fb.search(reply)),
            "missing": missing,
            "forbidden": forbidden,
        }
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
            for i, (pattern, value) in enumerate(answers):
                if pattern.search(text):
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
    return {"id": case["id"], "kind": "selfcheck", "passed": passed, "turns": turns, "failure_class": cls, "note": note}
