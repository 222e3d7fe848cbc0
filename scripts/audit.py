"""Dependency audit with pip-audit (run by scripts/test.sh).

    .venv-app/bin/python scripts/audit.py [--service pypi|osv]

Prints the known vulnerabilities of the app's run-time set (requirements-app.txt:
what a production server installs for the action server, CLI, web inbox and
worker), of what the tests add (requirements-app-test.txt), and of what is
installed in .venv (the Rasa server). Exit status 1 only for a vulnerability in
the run-time set, whose pins we choose; the test tools' are reported, and the
Rasa environment's never fail the run: Rasa 3.6's own pins keep them (README,
"Known vulnerabilities of the Rasa server's environment").

When pip-audit cannot reach its vulnerability database it says "not found on
PyPI" for every package (a network that serves PyPI's package pages but not its
per-release JSON API) or fails to connect (OSV): this script then says plainly
that nothing was checked, and does not fail the run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# requirement file or environment folder, what it is, whether a vulnerability fails the run
ENVIRONMENTS = [
    ("requirements-app.txt", "run time of .venv-app: action server, CLI, web inbox, worker", True),
    ("requirements-app-test.txt", "what the tests and the audit add; reported only", False),
    (".venv", "Rasa server; pinned by Rasa 3.6, reported only", False),
]
NOT_FOUND = "not found on PyPI"


def site_packages(venv: Path) -> tuple[str, str]:
    out = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "import sys, sysconfig; print(sys.version.split()[0]); print(sysconfig.get_paths()['purelib'])",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    return out[0], out[1]


def audit(target: Path, service: str) -> tuple[dict | None, str]:
    """pip-audit's JSON report of one requirement file or environment, or None and why not."""
    if target.is_file():
        # The pins as written (all hashed), not what happens to be installed: no resolver, no download.
        version, source = (
            f"{sys.version_info[0]}.{sys.version_info[1]} pins",
            ["-r", str(target), "--disable-pip", "--no-deps"],
        )
    else:
        version, path = site_packages(target)
        source = ["--path", path]
    command = [
        sys.executable,
        "-m",
        "pip_audit",
        *source,
        "--format",
        "json",
        "--desc",
        "off",
        "--progress-spinner",
        "off",
        "--vulnerability-service",
        service,
        "--timeout",
        "30",
    ]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        return None, f"Python {version}: pip-audit did not finish in 10 minutes"
    try:
        return json.loads(result.stdout), version
    except json.JSONDecodeError:
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        return None, f"Python {version}: pip-audit could not reach the vulnerability service ({service}): {last[:300]}"


def report(name: str, role: str, data: dict | None, info: str, service: str) -> int:
    """Print one environment's result; the number of vulnerabilities found."""
    if data is None:
        print(f"==> pip-audit {name}: NOT AUDITED. {info}")
        return 0
    packages = data.get("dependencies", [])
    skipped = [p for p in packages if p.get("skip_reason")]
    vulnerable = [p for p in packages if p.get("vulns")]
    found = sum(len(p["vulns"]) for p in vulnerable)
    print(f"==> pip-audit {name} (Python {info}; {role}): {len(packages)} packages, service {service}")
    for package in vulnerable:
        for vuln in package["vulns"]:
            aliases = ", ".join(vuln.get("aliases") or [])
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed version"
            print(
                f"    {package['name']} {package['version']}: {vuln['id']}"
                f"{f' ({aliases})' if aliases else ''}; fixed in {fixed}"
            )
    if skipped and len(skipped) == len(packages) and all(NOT_FOUND in p["skip_reason"] for p in skipped):
        print(
            f"    NOTHING WAS CHECKED: every package came back '{NOT_FOUND}'. This network does not serve "
            f"the vulnerability data pip-audit reads (PyPI's per-release JSON API, "
            f"https://pypi.org/pypi/NAME/VERSION/json). Run scripts/audit.py where PyPI or OSV "
            f"(--service osv) is reachable directly."
        )
    elif skipped:
        print(f"    not checked ({len(skipped)}): " + "; ".join(p["skip_reason"] for p in skipped))
    if not vulnerable and len(skipped) < len(packages):
        print(f"    no known vulnerability in the {len(packages) - len(skipped)} packages checked")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--service", default=os.environ.get("AUDIT_SERVICE", "pypi"), choices=("pypi", "osv"))
    args = parser.parse_args()
    failed = False
    for folder, role, strict in ENVIRONMENTS:
        data, info = audit(ROOT / folder, args.service)
        found = report(folder, role, data, info, args.service)
        if found and strict:
            print(
                f"ERROR: {found} known vulnerabilit{'y' if found == 1 else 'ies'} in {folder}: "
                f"update requirements-app.in and regenerate requirements-app.txt (README, \"Dependencies\")"
            )
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
