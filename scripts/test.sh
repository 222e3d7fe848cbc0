#!/usr/bin/env bash
# Every check, in tiers that match their cost (README, "Tests"):
#
#   scripts/test.sh              all tiers (CI and the README's test command)
#   scripts/test.sh unit         pure rules and parsing, no database, no Rasa (seconds)
#   scripts/test.sh lint         ruff (lint + format check) on all Python, mypy on bot/
#   scripts/test.sh integration  SQLite/PostgreSQL, SMTP, actions, CLI, inbox, the Rasa-side code
#   scripts/test.sh model        data validation, test stories and held-out NLU set, one model load
#   scripts/test.sh e2e          the real servers: REST, token, faults, hostile input, socket.io, blind set
#   scripts/test.sh browser      the web chat, the rasa-webchat widget and the referents' inbox in Chromium
#   scripts/test.sh cluster      production mode behind HAProxy: instance killed, PostgreSQL restart
#   scripts/test.sh audit        dependency audit (pip-audit, both environments)
#
# Several tiers can be given: `scripts/test.sh unit lint`. Sets the project up first if needed.
# With no argument, the tiers that mostly wait on their own servers (browser, cluster) run
# in a second lane, beside the others (their output is printed when they end): on 2 cores
# the whole run then takes about the time of the longer lane.
# Two environments (README, "Processes and Python versions"): .venv-app (Python 3.12)
# and .venv (Python 3.10, Rasa 3.6); the unit tier runs in both, since the Rasa server
# loads part of bot/ too.
set -euo pipefail
cd "$(dirname "$0")/.."
ALL_TIERS=(unit lint integration model e2e browser cluster audit)
tiers=("$@")
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
}

tier_browser() {
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

run_tiers() {  # tier... : run them in order, one line per tier appended to $TIMES
  local tier started
  for tier in "$@"; do
    echo "==> tier: $tier"
    started=$SECONDS
    "tier_$tier"
    printf '    %-12s %5d s\n' "$tier" $((SECONDS - started)) >>"$TIMES"
  done
}

kill_tree() {  # pid: the process and everything it started
  local child
  for child in $(pgrep -P "$1" 2>/dev/null); do kill_tree "$child"; done
  kill "$1" 2>/dev/null || true
}

TIMES=$(mktemp)
lane=
trap 'rm -f "$TIMES"; [ -z "$lane" ] || kill_tree "$lane"' EXIT
begun=$SECONDS
if [ ${#tiers[@]} -gt 0 ]; then
  run_tiers "${tiers[@]}"
else
  # Second lane: its own log, shown when it ends; its failure fails the run.
  (run_tiers browser cluster) >var/log/test-lane-2.log 2>&1 &
  lane=$!
  run_tiers unit lint integration model e2e audit
  lane_status=0
  wait "$lane" || lane_status=$?
  lane=
  echo "==> second lane (browser, cluster), from var/log/test-lane-2.log:"
  cat var/log/test-lane-2.log
  [ "$lane_status" -eq 0 ] || { echo "ERROR: the second lane failed (var/log/test-lane-2.log)" >&2; exit 1; }
fi
echo "==> All checks passed in $((SECONDS - begun)) s. Time per tier:"
cat "$TIMES"
