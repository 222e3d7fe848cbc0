"""Shared by the cluster tests: waiting for scripts/run-cluster.sh to serve."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import requests


def _tail(path: Path) -> str:
    return path.read_text(errors="replace")[-3000:] if path.exists() else "(no log)"


def _alive(pid_file: Path) -> bool:
    try:
        os.kill(int(pid_file.read_text().strip()), 0)
    except (OSError, ValueError):
        return not pid_file.exists()  # not started yet: not dead either
    return True


def wait_for_cluster(
    script: subprocess.Popen, work: Path, rasa_ports: list[int], haproxy_port: int, timeout: float = 480
) -> None:
    """Wait until every Rasa server and then HAProxy answer; fail at once, with that
    process's own log, when one has exited (the script keeps running while HAProxy
    runs, so its own state says nothing about the Rasa servers)."""
    deadline = time.monotonic() + timeout
    waited = [(port, f"rasa-{port}") for port in rasa_ports] + [(haproxy_port, "haproxy")]
    for port, name in waited:
        url = f"http://127.0.0.1:{port}/"
        while True:
            if script.poll() is not None:
                raise RuntimeError(f"run-cluster.sh exited early:\n{_tail(work / 'cluster.log')}")
            if (work / f"{name}.pid").exists() and not _alive(work / f"{name}.pid"):
                raise RuntimeError(f"{name} exited:\n{_tail(work / f'{name}.log')}")
            try:
                if requests.get(url, timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"{url} not ready after {timeout}s:\n{_tail(work / 'cluster.log')}\n"
                    f"--- {name}.log:\n{_tail(work / f'{name}.log')}"
                )
            time.sleep(0.5)
