#!/usr/bin/env bash
# Set up (if needed) and run the bot: action server on 5055, Rasa REST on 5005.
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

stopped=
stop() {
  [ -n "$stopped" ] && return
  stopped=1
  echo; echo "==> Stopping the bot"
  kill "$rasa_pid" "$actions_pid" 2>/dev/null || true
  wait "$rasa_pid" "$actions_pid" 2>/dev/null || true
}
trap stop INT TERM

cat <<MSG

==> The bot is starting (about 20 s). Talk to it over REST:
    curl -s localhost:${RASA_PORT:-5005}/webhooks/rest/webhook -H 'Content-Type: application/json' \\
         -d '{"sender": "moi", "message": "bonjour"}'
    or stop this and use Rasa's shell:
      .venv-app/bin/python -m rasa_sdk --actions actions & .venv/bin/rasa shell
    Ctrl-C stops both servers.

MSG
# Exit (and stop the other server) as soon as either one ends.
wait -n "$rasa_pid" "$actions_pid" || true
stop
