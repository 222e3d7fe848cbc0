#!/usr/bin/env bash
# Prepare the bot: two Python environments split along the process boundary,
# the offer data and the trained model.
#   .venv      Python 3.10: the Rasa server only (Rasa 3.6, its last release,
#              runs on nothing newer); requirements.txt + requirements.lock
#   .venv-app  Python 3.12: the action server, the referent CLI and their tests;
#              requirements-app.txt (every version pinned, with hashes)
# Idempotent: a second run installs nothing and retrains only if data changed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

find_python() {  # wanted version (3.10), candidate commands...
  local wanted=$1 candidate; shift
  for candidate in "$@"; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c "import sys; sys.exit(sys.version_info[:2] != tuple(map(int, '$wanted'.split('.'))))" \
         2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  return 1
}

env_version() {  # venv folder -> "3.10"
  "$1/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])'
}

# venv folder, wanted version, what runs there, how to install the version, candidates...
create_env() {
  local venv=$1 wanted=$2 role=$3 hint=$4 py; shift 4
  if [ -x "$venv/bin/python" ]; then
    if [ "$(env_version "$venv")" != "$wanted" ]; then
      echo "ERROR: $venv runs Python $(env_version "$venv"), not $wanted (for the $role)." >&2
      echo "Remove it (rm -rf $venv) and run this script again." >&2
      exit 1
    fi
    return 0
  fi
  if ! py=$(find_python "$wanted" "$@"); then
    echo "ERROR: Python $wanted is required for the $role and was not found." >&2
    echo "$hint" >&2
    exit 1
  fi
  echo "==> Creating $venv with $py (for the $role)"
  "$py" -m venv "$venv"
}

create_env .venv 3.10 "Rasa server" \
  "Rasa 3.6 supports Python 3.8-3.10. Install it, for example: pyenv install 3.10.13 (this project's .python-version selects it), or set PYTHON=/path/to/python3.10." \
  "${PYTHON:-}" python3.10 "$HOME/.pyenv/versions/3.10.13/bin/python3.10"
# shellcheck disable=SC2046  # the glob picks any installed pyenv 3.12.x
create_env .venv-app 3.12 "action server, the referent CLI and the tests" \
  "Install it, for example: pyenv install 3.12.1, or set APP_PYTHON=/path/to/python3.12." \
  "${APP_PYTHON:-}" python3.12 $(ls -d "$HOME"/.pyenv/versions/3.12*/bin/python3.12 2>/dev/null | sort -rV)

# This machine's pip configuration warns about every missing local index
# folder; keep that noise out of the log.
quiet_pip() { grep -v "is ignored: it is neither a file nor a directory" || true; }

# Reinstall an environment only when its requirement files change.
install_env() {  # venv folder, message, requirement files, -- pip install arguments...
  local venv=$1 message=$2 files=() wanted; shift 2
  while [ "$1" != "--" ]; do files+=("$1"); shift; done; shift
  wanted=$(cat "${files[@]}" | sha256sum | cut -d' ' -f1)
  if [ "$(cat "$venv/.requirements.sha256" 2>/dev/null)" != "$wanted" ]; then
    echo "==> $message"
    "$venv/bin/python" -m pip install --quiet "$@" 2>&1 | quiet_pip
    "$venv/bin/python" -m pip check
    echo "$wanted" > "$venv/.requirements.sha256"
  fi
}

install_env .venv "Installing the Rasa server's dependencies in .venv (first run: about 2 minutes, 3 GB)" \
  requirements.txt requirements.lock -- --upgrade pip -r requirements.txt -c requirements.lock
# Every file checked against its hash; the lock pins pip itself too.
install_env .venv-app "Installing the app's dependencies in .venv-app (first run: about 1 minute)" \
  requirements-app.txt -- --require-hashes -r requirements-app.txt
echo "==> Python: $(.venv/bin/python --version | cut -d' ' -f2) in .venv (Rasa server)," \
     "$(.venv-app/bin/python --version | cut -d' ' -f2) in .venv-app (action server, CLI, tests)"

export PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}"
mkdir -p var/log
echo "==> Loading offer data into ${DATABASE_URL:-sqlite:///var/bot.db}"
.venv-app/bin/python -m bot load-offers --create-database

# Rasa skips training when the model's fingerprint matches the data.
# SKIP_TRAINING=1 uses models/wbe-assistant.tar.gz as it is (a model shared by
# several work trees on one machine, for runs that test no NLU change).
if [ "${SKIP_TRAINING:-0}" = 1 ] && [ -f models/wbe-assistant.tar.gz ]; then
  echo "==> SKIP_TRAINING=1: using models/wbe-assistant.tar.gz as it is"
else
  echo "==> Training the model if the NLU/dialogue data changed (log: var/log/train.log)"
  if ! TF_CPP_MIN_LOG_LEVEL=3 .venv/bin/rasa train --fixed-model-name wbe-assistant >var/log/train.log 2>&1; then
    tail -n 30 var/log/train.log >&2
    echo "ERROR: training failed, full log in var/log/train.log" >&2
    exit 1
  fi
  grep -E "Nothing changed|Your Rasa model is trained|No training" var/log/train.log | tail -n 1 || true
fi
