"""The blind set's REST client (bench/blind.py): one message to the bot, its replies."""

from __future__ import annotations

import re
import time

import requests

TIMEOUT = 30
# A self-check reply without a question mark is taken for a re-ask of the previous question only
# when it is short (a verdict is long and may repeat words of the questions).
REASK_MAX_CHARS = 300


class BotUnreachable(Exception):
    pass


def rx(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


class Bot:
    def __init__(self, url: str):
        self.url = url
        self.session = requests.Session()
        # Seconds from sending each message to its whole reply, one message at a time.
        self.latencies: list[float] = []

    def say(self, sender: str, text: str) -> tuple[str, list[str]]:
        began = time.perf_counter()
        try:
            r = self.session.post(self.url, json={"sender": sender, "message": text}, timeout=TIMEOUT)
        except requests.ConnectionError as e:
            raise BotUnreachable(str(e)) from e
        r.raise_for_status()
        self.latencies.append(time.perf_counter() - began)
        msgs = [m["text"] for m in r.json() if isinstance(m, dict) and m.get("text")]
        return "\n".join(msgs), msgs
