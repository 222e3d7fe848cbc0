"""Every measuring command of bench/ starts (its imports resolve) and prints its usage."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

COMMANDS = sorted(path for path in (ROOT / "bench").glob("*.py") if "def main(" in path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("command", COMMANDS, ids=lambda path: path.name)
def test_the_command_prints_its_usage(command):
    result = subprocess.run(
        [sys.executable, str(command), "--help"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "usage:" in result.stdout
