"""How many times in a row a self-check question got an answer the bot could not read.

A candidate who answers the same question three times in words the parsers do not
know is not helped by a fourth "je n'ai pas compris": the question is then noted
as a point to check (as "je ne sais pas" is) and the self-check goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

# The third unreadable answer to one question moves on.
MAX_UNREADABLE_ANSWERS = 3


def unreadable_answers(
    events: Iterable[Mapping[str, Any]],
    asked: str,
    questions: Iterable[str],
    is_side_question: Callable[[Mapping[str, Any]], bool],
) -> int:
    """The candidate's messages since the question `asked` was first put, latest included, leaving
    out the questions about the offer asked in between. (Each answer is first stored raw in the
    asked slot, then validated: only another question's slot, or another question asked, ends
    the run.)"""
    others = set(questions) - {asked}
    count = 0
    for event in reversed(list(events)):
        kind, name, value = event.get("event"), event.get("name"), event.get("value")
        if (
            kind == "active_loop"
            or (kind == "slot" and name == "requested_slot" and value not in (None, asked))
            or (kind == "slot" and name in others and value is not None)
        ):
            break
        if kind == "user" and not is_side_question(event.get("parse_data") or {}):
            count += 1
    return count
