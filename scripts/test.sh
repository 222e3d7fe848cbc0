#!/usr/bin/env bash
# Run every check: data validation, unit + end-to-end tests, dialogue test
# stories, the held-out NLU score gate, the web chat in a real browser and the
# dependency audit. Sets the project up first if needed.
# Two environments (README, "Processes and Python versions"): .venv-app (Python
# 3.12) runs the tests of bot/, actions/ and the CLI; .venv (Python 3.10, Rasa
# 3.6) the tests that need Rasa, the end-to-end ones, and again the tests of the
# bot/ code it loads too.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
export TF_CPP_MIN_LOG_LEVEL=3
mkdir -p var/log

echo "==> rasa data validate"
if ! .venv/bin/rasa data validate --fail-on-warnings >var/log/validate.log 2>&1; then
  grep -E "UserWarning|WARNING|ERROR" var/log/validate.log | head -n 30 >&2 || tail -n 30 var/log/validate.log >&2
  echo "ERROR: rasa data validate failed (var/log/validate.log)" >&2
  exit 1
fi

echo "==> pytest in .venv-app, Python 3.12 (bot/, actions/, referent CLI; SQLite and PostgreSQL)"
.venv-app/bin/python -m pytest -q

# The production-mode tests (tests/cluster) run Debian's HAProxy: installed once here.
scripts/ensure-haproxy.sh >/dev/null

echo "==> pytest in .venv, Python 3.10 (Rasa server code, shared bot/ code, end-to-end against the 3.12 action server)"
.venv/bin/python -m pytest -q -m "rasa_env or shared_code"

echo "==> rasa test core (test stories, prediction errors fail)"
if ! .venv/bin/rasa test core --model models/wbe-assistant.tar.gz --stories tests/stories \
     --fail-on-prediction-errors --out results/core >var/log/test-core.log 2>&1; then
  grep -A 30 "failed_test_stories\|Failed stories\|prediction errors" var/log/test-core.log | head -n 40 >&2 || true
  [ -f results/core/failed_test_stories.yml ] && head -n 60 results/core/failed_test_stories.yml >&2
  echo "ERROR: test stories failed (var/log/test-core.log, results/core/)" >&2
  exit 1
fi
grep -E "Correct:|Accuracy:" var/log/test-core.log | head -n 2 || true

echo "==> held-out NLU test set (intent macro F1 must be >= 0.95)"
.venv/bin/python bench/nlu_score.py --min-macro-f1 0.95

echo "==> web chat in Chromium (keyboard, injection, axe-core WCAG 2.1 AA)"
scripts/test-browser.sh

echo "==> dependency audit (pip-audit, both environments)"
.venv-app/bin/python scripts/audit.py

echo "==> All checks passed."
