"""Follow-up chains: elliptical questions are read against the conversation's last topic."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.e2e

CHAINS = yaml.safe_load((Path(__file__).parent / "follow_up_chains.yml").read_text(encoding="utf-8"))


def test_there_are_at_least_fifteen_chains():
    assert len(CHAINS) >= 15 and all(len(chain["turns"]) >= 2 for chain in CHAINS)


@pytest.mark.parametrize("chain", CHAINS, ids=[chain["name"] for chain in CHAINS])
def test_the_last_reply_answers_the_follow_up(say, chain):
    sender = "chain-" + re.sub(r"\W+", "-", chain["name"])[:60]
    for message in chain["turns"]:
        reply = say(sender, message)
    for pattern in chain["expect"]:
        assert re.search(pattern, reply, re.I), f"{pattern!r} not in the reply to {message!r}:\n{reply}"
    for pattern in chain.get("forbid", []):
        assert not re.search(pattern, reply, re.I), f"{pattern!r} in the reply to {message!r}:\n{reply}"
