"""Fixtures of the unit tier (pure: the offer file read from disk, no database)."""

from __future__ import annotations

import pytest

from bot.selfcheck.profile import requirements_from_offer


@pytest.fixture(scope="session")
def req(offer_data):
    """What the offer file requires, as the self-check's rules read it."""
    return requirements_from_offer(offer_data.topics.__getitem__)
