"""scripts/audit.py: what it prints and when it fails, from pip-audit's JSON (no network)."""

from __future__ import annotations

import importlib.util

from tests.conftest import ROOT

spec = importlib.util.spec_from_file_location("audit", ROOT / "scripts" / "audit.py")
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)


def test_vulnerabilities_are_listed_and_counted(capsys):
    data = {
        "dependencies": [
            {
                "name": "aiohttp",
                "version": "3.9.5",
                "vulns": [{"id": "GHSA-8495-4g3g-x7pr", "aliases": ["CVE-2024-52304"], "fix_versions": ["3.10.11"]}],
            },
            {"name": "yarl", "version": "1.25.1", "vulns": []},
        ]
    }
    assert audit.report(".venv", "Rasa server", data, "3.10.13", "pypi") == 1
    out = capsys.readouterr().out
    assert "aiohttp 3.9.5: GHSA-8495-4g3g-x7pr (CVE-2024-52304); fixed in 3.10.11" in out
    assert "NOTHING WAS CHECKED" not in out


def test_an_unreachable_database_is_said_plainly_and_does_not_count(capsys):
    data = {
        "dependencies": [
            {"name": name, "skip_reason": f"Dependency not found on PyPI and could not be audited: {name} (1.0)"}
            for name in ("a", "b")
        ]
    }
    assert audit.report(".venv-app", "app", data, "3.12.1", "pypi") == 0
    assert "NOTHING WAS CHECKED" in capsys.readouterr().out
    assert audit.report(".venv-app", "app", None, "Python 3.12.1: could not connect", "osv") == 0
    assert "NOT AUDITED" in capsys.readouterr().out


def test_a_clean_environment(capsys):
    data = {"dependencies": [{"name": "sqlalchemy", "version": "2.1.9", "vulns": []}]}
    assert audit.report(".venv-app", "app", data, "3.12.1", "pypi") == 0
    assert "no known vulnerability in the 1 packages checked" in capsys.readouterr().out
