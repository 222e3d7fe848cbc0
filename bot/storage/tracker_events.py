"""Rasa's tracker store seen from our side: its `events` table (SQL tracker store).

Rasa keeps every event of every conversation there (user messages with their
text, the bot's messages, slot values). This module makes what the bot says
about it true:

- the retention purge and a candidate's erasure reach it (bot.referents.retention);
- the self-check's answers are not kept: once a self-check ends (verdict or
  "stop"), the candidate's messages during it, the bot's messages that repeat
  them (questions and verdict) and the values of its `sc_*` slots are
  overwritten (redact_conversation, called by the tracker store after it saves
  the turn that ended it, rasa_server/tracker_store.py); a self-check abandoned
  halfway is overwritten by the worker once the conversation has been idle
  for a while (redact_abandoned).

Shared code: the Rasa server (SQLAlchemy 1.4) and the worker (SQLAlchemy 2.x)
both import it; only Core statements that both versions accept are used.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, delete, func, inspect, select, update
from sqlalchemy.engine import Connection

SELFCHECK_LOOP = "eligibility_form"
SELFCHECK_SLOT_PREFIX = "sc_"
# The actions that end a self-check (verdict, or "stop"/"annuler").
SELFCHECK_END_ACTIONS = ("action_eligibility_verdict", "action_reset_selfcheck")
REDACTED = "[redacted: self-check]"

# The columns of rasa.core.tracker_store.SQLTrackerStore.SQLEvent (Rasa 3.6) that we use.
_metadata = MetaData()
events = Table(
    "events",
    _metadata,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255)),
    Column("type_name", String(255)),
    Column("timestamp", Float),
    Column("data", Text),
)


def has_events_table(connection: Connection) -> bool:
    """False before Rasa has ever started on this database (nothing to purge yet)."""
    return inspect(connection).has_table("events")


def purge_before(connection: Connection, cutoff: datetime) -> int:
    """Delete every event older than `cutoff`; returns how many."""
    if not has_events_table(connection):
        return 0
    return connection.execute(delete(events).where(events.c.timestamp < cutoff.timestamp())).rowcount


def conversations_mentioning(connection: Connection, text: str) -> set[str]:
    """Conversations with an event whose data contains `text` (case-insensitive), e.g. an address."""
    needle = text.strip().lower()
    if not needle or not has_events_table(connection):
        return set()
    pattern = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return set(
        connection.execute(
            select(events.c.sender_id).where(func.lower(events.c.data).like(pattern, escape="\\")).distinct()
        ).scalars()
    )


def delete_conversations(connection: Connection, sender_ids: Iterable[str]) -> int:
    """Delete every event of these conversations; returns how many."""
    ids = sorted(set(sender_ids))
    if not ids or not has_events_table(connection):
        return 0
    return connection.execute(delete(events).where(events.c.sender_id.in_(ids))).rowcount


def ended_selfcheck(event_dicts: Iterable[dict]) -> bool:
    """Whether the latest turn (the events after the last user message) ended a self-check."""
    for event in reversed(list(event_dicts)):
        if event.get("event") == "user":
            return False
        if event.get("event") == "action" and event.get("name") in SELFCHECK_END_ACTIONS:
            return True
    return False


def redactions(rows: Iterable[tuple[int, dict]], include_open: bool = False) -> dict[int, dict]:
    """row id -> the event data to store instead, for the self-check parts of one conversation.

    A self-check runs from the activation of its form to the first user message after
    the form ends (the verdict comes in between). Its user messages (text, entity
    values) and bot messages are overwritten, and so is every non-empty `sc_*` slot
    value. A self-check still running is left alone unless `include_open` (abandoned).
    """
    changes: dict[int, dict] = {}
    span: list[tuple[int, dict]] = []  # rows of the self-check running, held until it ends
    state = None  # None, "form", "after" (verdict messages)
    for row_id, data in rows:
        kind = data.get("event")
        if kind == "active_loop":
            if data.get("name") == SELFCHECK_LOOP:
                state = "form"
            elif state == "form":
                state = "after"
                changes.update(_redact_all(span))
                span = []
            continue
        if kind == "user" and state == "after":
            state = None
            continue
        sensitive = (kind in ("user", "bot") and state is not None) or (
            kind == "slot"
            and str(data.get("name", "")).startswith(SELFCHECK_SLOT_PREFIX)
            and data.get("value") is not None
        )
        if not sensitive or _is_redacted(data):
            continue
        if state == "form":
            span.append((row_id, data))
        else:
            changes.update(_redact_all([(row_id, data)]))
    if include_open:
        changes.update(_redact_all(span))
    return changes


def _is_redacted(data: dict) -> bool:
    return data.get("text") == REDACTED or (data.get("event") == "slot" and data.get("value") is None)


def _redact_all(rows: list[tuple[int, dict]]) -> dict[int, dict]:
    return {row_id: _redacted(data) for row_id, data in rows}


def _redacted(data: dict) -> dict:
    data = json.loads(json.dumps(data))  # a deep copy
    kind = data.get("event")
    if kind == "slot":
        data["value"] = None
    elif kind == "user":
        data["text"] = REDACTED
        parse = data.get("parse_data") or {}
        if "text" in parse:
            parse["text"] = REDACTED
        # Entity names stay (the dialogue policies read them), their values go.
        for entity in parse.get("entities") or []:
            entity["value"] = REDACTED
            entity.pop("text", None)
    elif kind == "bot":
        data["text"] = REDACTED
        data["data"] = {}
    return data


def _rows(connection: Connection, sender_id: str) -> list[tuple[int, dict]]:
    result = connection.execute(
        select(events.c.id, events.c.data).where(events.c.sender_id == sender_id).order_by(events.c.id)
    )
    return [(row_id, json.loads(data)) for row_id, data in result]


def redact_conversation(connection: Connection, sender_id: str, include_open: bool = False) -> int:
    """Overwrite the stored self-check answers of one conversation; returns how many events changed."""
    changes = redactions(_rows(connection, sender_id), include_open=include_open)
    for row_id, data in changes.items():
        connection.execute(update(events).where(events.c.id == row_id).values(data=json.dumps(data)))
    return len(changes)


def redact_abandoned(connection: Connection, idle_before: datetime) -> int:
    """Overwrite the self-check answers of conversations idle since before `idle_before`."""
    if not has_events_table(connection):
        return 0
    candidates = set(
        connection.execute(
            select(events.c.sender_id)
            .where(
                events.c.type_name == "slot",
                events.c.data.like(f'%"name": "{SELFCHECK_SLOT_PREFIX}%'),
                ~events.c.data.like('%"value": null%'),
            )
            .distinct()
        ).scalars()
    )
    changed = 0
    for sender_id in sorted(candidates):
        last = connection.execute(select(func.max(events.c.timestamp)).where(events.c.sender_id == sender_id)).scalar()
        if last is not None and last < idle_before.timestamp():
            changed += redact_conversation(connection, sender_id, include_open=True)
    return changed
