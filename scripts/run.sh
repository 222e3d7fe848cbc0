#!/usr/bin/env bash
# Set up (if needed) and run the bot: action server on 5055, Rasa REST on 5005,
# and the referents' web inbox on 127.0.0.1:5080.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
export TF_CPP_MIN_LOG_LEVEL=3

# The action server runs on Python 3.12 (.venv-app), the Rasa server on 3.10
# (.venv). The action server only listens on loopback: only the local Rasa
# server calls it.
SANIC_HOST="${ACTIONS_HOST:-127.0.0.1}" .venv-app/bin/python -m rasa_sdk --actions actions --port 5055 &
actions_pid=$!
.venv/bin/rasa run --model models/wbe-assistant.tar.gz --port "${RASA_PORT:-5005}" \
  --credentials credentials.yml --endpoints endpoints.yml &
rasa_pid=$!
# The referents' inbox: loopback by default (REFERENT_WEB_HOST to change), a login is required.
.venv-app/bin/python -m referent_web --port "${REFERENT_WEB_PORT:-5080}" &
web_pid=$!

stopped=
stop() {
  [ -n "$stopped" ] && return
  stopped=1
  echo; echo "==> Stopping the bot"
  kill "$rasa_pid" "$actions_pid" "$web_pid" 2>/dev/null || true
  wait "$rasa_pid" "$actions_pid" "$web_pid" 2>/dev/null || true
}
trap stop INT TERM

cat <<MSG

==> The bot is starting (about 20 s). Talk to it over REST:
    curl -s localhost:${RASA_PORT:-5005}/webhooks/rest/webhook -H 'Content-Type: application/json' \\
         -d '{"sender": "moi", "message": "bonjour"}'
    or stop this and use Rasa's shell:
      .venv-app/bin/python -m rasa_sdk --actions actions & .venv/bin/rasa shell
    Referents' inbox: http://127.0.0.1:${REFERENT_WEB_PORT:-5080}/ (first account:
    PYTHONPATH=. .venv-app/bin/python -m bot referent add-user EMAIL --name "NAME")
    Ctrl-C stops all three servers.

MSG
# Exit (and stop the other servers) as soon as any one ends.
wait -n "$rasa_pid" "$actions_pid" "$web_pid" || true
stop
