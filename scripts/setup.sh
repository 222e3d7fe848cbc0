#!/usr/bin/env bash
# Prepare the bot: Python 3.10 virtual environment, offer data, trained model.
# Idempotent: a second run installs nothing and retrains only if data changed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

find_python() {
  for candidate in "${PYTHON:-}" python3.10 "$HOME/.pyenv/versions/3.10.13/bin/python3.10"; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  return 1
}

if [ ! -x .venv/bin/python ]; then
  if ! PY=$(find_python); then
    echo "ERROR: Python 3.10 is required (Rasa 3.6 supports 3.8-3.10) and was not found." >&2
    echo "Install it, for example: pyenv install 3.10.13 (this project's .python-version selects it)," >&2
    echo "or set PYTHON=/path/to/python3.10." >&2
    exit 1
  fi
  echo "==> Creating .venv with $PY"
  "$PY" -m venv .venv
fi

# Reinstall only when the requirement files change.
stamp=.venv/.requirements.sha256
wanted=$(cat requirements.txt requirements.lock | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  echo "==> Installing dependencies (first run: about 2 minutes, 3 GB)"
  # This machine's pip configuration warns about every missing local index
  # folder; keep that noise out of the log.
  quiet_pip() { grep -v "is ignored: it is neither a file nor a directory" || true; }
  .venv/bin/python -m pip install --quiet --upgrade pip 2>&1 | quiet_pip
  .venv/bin/python -m pip install --quiet -r requirements.txt -c requirements.lock 2>&1 | quiet_pip
  .venv/bin/python -m pip check
  echo "$wanted" > "$stamp"
fi

export PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}"
mkdir -p var/log
echo "==> Loading offer data into ${DATABASE_URL:-sqlite:///var/bot.db}"
.venv/bin/python -m bot load-offers --create-database

# Rasa skips training when the model's fingerprint matches the data.
echo "==> Training the model if the NLU/dialogue data changed (log: var/log/train.log)"
if ! TF_CPP_MIN_LOG_LEVEL=3 .venv/bin/rasa train --fixed-model-name wbe-assistant >var/log/train.log 2>&1; then
  tail -n 30 var/log/train.log >&2
  echo "ERROR: training failed, full log in var/log/train.log" >&2
  exit 1
fi
grep -E "Nothing changed|Your Rasa model is trained|No training" var/log/train.log | tail -n 1 || true
