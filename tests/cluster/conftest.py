"""Shared by the cluster tests: waiting for scripts/run-cluster.sh to serve."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

from tests.e2e.conftest import wait_for


def _tail(path: Path) -> str:
    return path.read_text(errors="replace")[-3000:] if path.exists() else "(no log)"


def _exited(work: Path, name: str) -> str | None:
    """Why the process `name` of the cluster is gone, or None while it runs (or has not started)."""
    pid_file = work / f"{name}.pid"
    if not pid_file.exists():
        return None
    try:
        os.kill(int(pid_file.read_text().strip()), 0)
    except (OSError, ValueError):
        return f"{name} exited:\n{_tail(work / f'{name}.log')}"
    return None


def wait_for_cluster(
    script: subprocess.Popen, work: Path, rasa_ports: list[int], haproxy_port: int, timeout: float = 480
) -> None:
    """Wait until every Rasa server and then HAProxy answer; fail at once, with that
    process's own log, when one has exited (the script keeps running while HAProxy
    runs, so its own state says nothing about the Rasa servers)."""
    deadline = time.monotonic() + timeout
    waited = [(port, f"rasa-{port}") for port in rasa_ports] + [(haproxy_port, "haproxy")]
    for port, name in waited:
        wait_for(
            f"http://127.0.0.1:{port}/",
            script,
            work / "cluster.log",
            timeout=max(deadline - time.monotonic(), 1),
            died=lambda name=name: _exited(work, name),
        )
