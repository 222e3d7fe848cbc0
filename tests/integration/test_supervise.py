"""scripts/supervise.sh: a crashed server is started again with a growing delay, and stopping
the supervisor stops its server; the systemd units of deploy/systemd restart on failure."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

UNITS = ROOT / "deploy" / "systemd"


def start(tmp_path: Path, command: str) -> subprocess.Popen:
    script = f'set -euo pipefail; source "{ROOT}/scripts/supervise.sh"; supervise demo {command}'
    return subprocess.Popen(
        ["bash", "-c", script],
        cwd=tmp_path,
        stderr=(tmp_path / "log").open("w"),
        env={**os.environ, "SUPERVISE_MAX_DELAY": "2"},
    )


def test_a_crashing_server_is_restarted_with_backoff(tmp_path):
    supervisor = start(tmp_path, 'bash -c "date +%s.%N >>starts; exit 3"')
    try:
        time.sleep(5)
    finally:
        supervisor.send_signal(signal.SIGTERM)
        supervisor.wait(timeout=10)
    starts = [float(line) for line in (tmp_path / "starts").read_text().split()]
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    # 1 s, 2 s, then the 2 s ceiling (SUPERVISE_MAX_DELAY).
    assert 3 <= len(starts) <= 5, starts
    assert 0.8 < gaps[0] < 1.6 and 1.8 < gaps[1] < 2.6, gaps
    assert "demo exited (status 3); restarting in 1 s" in (tmp_path / "log").read_text()


def test_stopping_the_supervisor_stops_the_server(tmp_path):
    supervisor = start(tmp_path, 'bash -c "echo \\$\\$ >pid; exec sleep 300"')
    try:
        deadline = time.monotonic() + 10
        while not (tmp_path / "pid").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        child = int((tmp_path / "pid").read_text())
        os.kill(child, 0)
        # The server is killed: the supervisor starts a new one.
        os.kill(child, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while int((tmp_path / "pid").read_text()) == child and time.monotonic() < deadline:
            time.sleep(0.1)
        second = int((tmp_path / "pid").read_text())
        assert second != child
    finally:
        supervisor.send_signal(signal.SIGTERM)
        supervisor.wait(timeout=30)
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):
        os.kill(second, 0)


def test_what_a_killed_server_started_dies_with_it(tmp_path):
    # Like rasa-sdk: the server starts a worker process that keeps its port; when the
    # server is killed, the worker must not survive it (the restart would find the port taken).
    supervisor = start(tmp_path, 'bash -c "sleep 300 & echo \\$! >worker; echo \\$\\$ >pid; wait"')
    try:
        deadline = time.monotonic() + 10
        while not (tmp_path / "worker").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.2)
        worker, server = int((tmp_path / "worker").read_text()), int((tmp_path / "pid").read_text())
        os.kill(server, signal.SIGKILL)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                os.kill(worker, 0)
            except ProcessLookupError:
                break
            time.sleep(0.1)
        with pytest.raises(ProcessLookupError):
            os.kill(worker, 0)
    finally:
        supervisor.send_signal(signal.SIGTERM)
        supervisor.wait(timeout=30)


def test_systemd_units_restart_on_failure():
    units = sorted(UNITS.glob("*.service"))
    assert {unit.name for unit in units} >= {
        "wbe-rasa@.service",
        "wbe-actions.service",
        "wbe-referent-web.service",
        "wbe-worker.service",
    }
    for unit in units:
        text = unit.read_text()
        assert "\nRestart=on-failure\n" in text, unit.name
        assert "RestartSec=" in text and "RASA_TELEMETRY_ENABLED=false" in text, unit.name
    if shutil.which("systemd-analyze"):
        result = subprocess.run(["systemd-analyze", "verify", *map(str, units)], capture_output=True, text=True)
        # Only the unit files' syntax is checked here: the paths they name exist on the server only.
        problems = [
            line
            for line in result.stderr.splitlines()
            if "Unknown" in line or "Invalid" in line or "bad" in line.lower()
        ]
        assert problems == [], result.stderr
