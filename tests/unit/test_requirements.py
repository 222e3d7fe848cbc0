"""The app environment's requirements: the run-time set holds no test tool, both locks pin
every package with hashes, and they agree on every package they share."""

from __future__ import annotations

import re

from tests.conftest import ROOT

PIN = re.compile(r"^([a-z0-9][a-z0-9._-]*)==(\S+)", re.MULTILINE)
# (pluggy is also a run-time dependency, of rasa-sdk.)
TEST_ONLY = {"pytest", "aiosmtpd", "pip-audit", "iniconfig"}


def pins(name: str) -> dict[str, str]:
    return dict(PIN.findall((ROOT / name).read_text()))


def test_runtime_and_test_requirements_are_split():
    runtime, tests = pins("requirements-app.txt"), pins("requirements-app-test.txt")
    assert not TEST_ONLY & set(runtime), TEST_ONLY & set(runtime)
    assert TEST_ONLY <= set(tests)
    assert {"rasa-sdk", "sqlalchemy", "flask", "waitress", "psycopg"} <= set(runtime)
    assert {name: runtime[name] for name in set(runtime) & set(tests)} == {
        name: tests[name] for name in set(runtime) & set(tests)
    }
    assert "-c requirements-app.txt" in (ROOT / "requirements-app-test.in").read_text()


def test_every_pin_has_its_hashes():
    for name in ("requirements-app.txt", "requirements-app-test.txt"):
        blocks = re.split(r"\n(?=[a-z0-9])", (ROOT / name).read_text())
        for block in blocks:
            if PIN.match(block):
                assert "--hash=sha256:" in block, (name, block.splitlines()[0])


def test_setup_installs_both_for_development():
    setup = (ROOT / "scripts" / "setup.sh").read_text()
    assert "--require-hashes -r requirements-app.txt -r requirements-app-test.txt" in setup
