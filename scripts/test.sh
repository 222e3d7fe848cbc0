#!/usr/bin/env bash
# Every check, in tiers that match their cost (README, "Tests"):
#
#   scripts/test.sh              all tiers (CI and the README's test command)
#   scripts/test.sh unit         pure rules and parsing, no database, no Rasa (seconds)
#   scripts/test.sh lint         ruff (lint + format check) on all Python, mypy on bot/
#   scripts/test.sh integration  SQLite/PostgreSQL, SMTP, actions, CLI, inbox, the Rasa-side code
#   scripts/test.sh model        data validation, test stories and held-out NLU set, one model load
#   scripts/test.sh e2e          the real servers: REST, token, faults, blind set, browser tests
#   scripts/test.sh cluster      production mode: several Rasa servers, PostgreSQL restart
#   scripts/test.sh audit        dependency audit (pip-audit, both environments)
#
# Several tiers can be given: `scripts/test.sh unit lint`. Sets the project up first if needed.
# Two environments (README, "Processes and Python versions"): .venv-app (Python 3.12)
# and .venv (Python 3.10, Rasa 3.6); the unit tier runs in both, since the Rasa server
# loads part of bot/ too.
set -euo pipefail
cd "$(dirname "$0")/.."
ALL_TIERS=(unit lint integration model e2e cluster audit)
tiers=("$@")
[ ${#tiers[@]} -eq 0 ] && tiers=("${ALL_TIERS[@]}")
for tier in "${tiers[@]}"; do
  [[ " ${ALL_TIERS[*]} " == *" $tier "* ]] || { echo "unknown tier: $tier (one of: ${ALL_TIERS[*]})" >&2; exit 2; }
done

scripts/setup.sh
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" TF_CPP_MIN_LOG_LEVEL=3 RASA_TELEMETRY_ENABLED=false
mkdir -p var/log

tier_unit() {
  .venv-app/bin/python -m pytest -q -p no:cacheprovider tests/unit
  .venv/bin/python -m pytest -q -p no:cacheprovider tests/unit
}

tier_lint() {
  .venv-app/bin/ruff check .
  .venv-app/bin/ruff format --check .
  .venv-app/bin/mypy
}

tier_integration() {
  .venv-app/bin/python -m pytest -q -p no:cacheprovider tests/integration
  .venv/bin/python -m pytest -q -p no:cacheprovider tests/integration/rasa_server tests/integration/shared
}

tier_model() {
  # Rasa's progress bars and logs go to the log; the tables and warnings are printed.
  .venv/bin/python tests/model/check_model.py --min-macro-f1 0.95 2>var/log/model.log \
    || { tail -n 30 var/log/model.log >&2; echo "ERROR: model tier failed (var/log/model.log)" >&2; return 1; }
}

tier_e2e() {
  .venv/bin/python -m pytest -q -p no:cacheprovider tests/e2e
  scripts/test-browser.sh
}

tier_cluster() {
  # The production mode runs Debian's HAProxy in front of the Rasa servers: installed once here.
  scripts/ensure-haproxy.sh >/dev/null
  .venv/bin/python -m pytest -q -p no:cacheprovider tests/cluster
}

tier_audit() {
  .venv-app/bin/python scripts/audit.py
}

times=()
for tier in "${tiers[@]}"; do
  echo "==> tier: $tier"
  started=$SECONDS
  "tier_$tier"
  times+=("$(printf '%-12s %5d s' "$tier" $((SECONDS - started)))")
done
echo "==> All checks passed. Time per tier:"
printf '    %s\n' "${times[@]}"
