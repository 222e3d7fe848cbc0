"""Self-check profiles shared by the rule tests."""

from __future__ import annotations

from bot.selfcheck.profile import Profile

# A Belgian bachelier with 3 years, licence and car, not tenured: eligible on contract.
BASE = Profile(
    diploma_level="bachelier",
    diploma_abroad=False,
    diploma_in_french=True,
    experience_months=36,
    has_licence_b=True,
    has_vehicle=True,
    tenured=False,
)
