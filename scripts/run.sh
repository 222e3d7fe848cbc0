#!/usr/bin/env bash
# Set up (if needed) and run the bot: action server on 5055, Rasa REST on 5005,
# the referents' web inbox on 127.0.0.1:5080, and the worker (email outbox,
# daily retention purge). Each runs under a supervisor (scripts/supervise.sh):
# a server that crashes is started again after a growing delay, the others go on.
set -euo pipefail
cd "$(dirname "$0")/.."
# No usage data sent to Rasa (also set in every other script that runs Rasa).
export RASA_TELEMETRY_ENABLED=false
scripts/setup.sh
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
export TF_CPP_MIN_LOG_LEVEL=3
source scripts/supervise.sh
ACTIONS_PORT="${ACTIONS_PORT:-5055}"
# Conversations are kept in var/tracker.db (endpoints.yml), so a restart resumes them.
endpoints=endpoints.yml
if [ "$ACTIONS_PORT" != 5055 ]; then
  mkdir -p var/run
  sed "s|http://localhost:5055/webhook|http://localhost:$ACTIONS_PORT/webhook|" endpoints.yml >var/run/endpoints.yml
  endpoints=var/run/endpoints.yml
fi

# The action server runs on Python 3.12 (.venv-app), the Rasa server on 3.10
# (.venv). The action server only listens on loopback: only the local Rasa
# server calls it.
SANIC_HOST="${ACTIONS_HOST:-127.0.0.1}" supervise actions \
  .venv-app/bin/python -m rasa_sdk --actions actions --port "$ACTIONS_PORT" &
actions_pid=$!
supervise rasa .venv/bin/rasa run --model models/wbe-assistant.tar.gz --port "${RASA_PORT:-5005}" \
  --credentials credentials.yml --endpoints "$endpoints" &
rasa_pid=$!
# The referents' inbox: loopback by default (REFERENT_WEB_HOST to change), a login is required.
supervise referent-web .venv-app/bin/python -m referent_web --port "${REFERENT_WEB_PORT:-5080}" &
web_pid=$!
# Sends the email outbox and runs the retention purge at start, then daily (bot/cli/worker.py).
supervise worker .venv-app/bin/python -m bot worker &
worker_pid=$!
pids=("$rasa_pid" "$actions_pid" "$web_pid" "$worker_pid")

stopped=
stop() {
  [ -n "$stopped" ] && return
  stopped=1
  echo; echo "==> Stopping the bot"
  kill "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
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
    A server that crashes is restarted (1 s, 2 s, 4 s... at most 30 s apart).
    Ctrl-C stops them all.

MSG
# The supervisors only end when told to (Ctrl-C, TERM).
wait "${pids[@]}" || true
stop
