#!/usr/bin/env bash
# Production mode on one machine: offer, referent and conversation data in
# PostgreSQL, locks in Redis, RASA_INSTANCES Rasa servers behind one address
# (HAProxy, deploy/haproxy.cfg; Debian's package, installed here when missing).
# Every setting can be overridden from the environment.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false   # no usage data sent to Rasa

export DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/wbe_bot}"
export TRACKER_DB_HOST="${TRACKER_DB_HOST:-127.0.0.1}" TRACKER_DB_PORT="${TRACKER_DB_PORT:-5432}"
export TRACKER_DB_NAME="${TRACKER_DB_NAME:-wbe_tracker}" TRACKER_DB_USER="${TRACKER_DB_USER:-postgres}"
export TRACKER_DB_PASSWORD="${TRACKER_DB_PASSWORD:-}"
export REDIS_HOST="${REDIS_HOST:-127.0.0.1}" REDIS_PORT="${REDIS_PORT:-6379}" REDIS_DB="${REDIS_DB:-1}"
ACTIONS_PORT="${ACTIONS_PORT:-5055}"
export ACTION_ENDPOINT_URL="${ACTION_ENDPOINT_URL:-http://127.0.0.1:$ACTIONS_PORT/webhook}"
# Shared secret between the Rasa servers and the action server; a fresh one per
# start unless given (give the same one to every machine of a multi-host setup).
export ACTION_SERVER_TOKEN="${ACTION_SERVER_TOKEN:-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')}"
PORT="${PORT:-5005}"                   # the one address candidates use
FIRST_RASA_PORT="${FIRST_RASA_PORT:-5006}"
RASA_INSTANCES="${RASA_INSTANCES:-2}"
RUN_DIR="${RUN_DIR:-var/run}"          # pid files, one per process, and logs
RASA_VENV="${RASA_VENV:-.venv}"        # the Rasa server's environment (Python 3.10)
APP_VENV="${APP_VENV:-.venv-app}"      # the action server's (Python 3.12)
# HAProxy (deploy/haproxy.cfg): listen address, and the per-server limit on REST
# requests at once with its queue timeout (0: none; rasa_server/admission.py limits).
export HAPROXY_BIND="${HAPROXY_BIND:-0.0.0.0}"
export HAPROXY_SERVER_MAXCONN="${HAPROXY_SERVER_MAXCONN:-0}" HAPROXY_QUEUE_TIMEOUT="${HAPROXY_QUEUE_TIMEOUT:-30s}"

scripts/setup.sh
HAPROXY=$(scripts/ensure-haproxy.sh)
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" TF_CPP_MIN_LOG_LEVEL=3
source scripts/supervise.sh
mkdir -p "$RUN_DIR"
export PORT HAPROXY_STATS_SOCKET="${HAPROXY_STATS_SOCKET:-$RUN_DIR/haproxy.sock}"
pids=()

# HAProxy's configuration, checked before anything starts.
servers=()
for i in $(seq 0 $((RASA_INSTANCES - 1))); do servers+=("127.0.0.1:$((FIRST_RASA_PORT + i))"); done
deploy/haproxy-render.sh "${servers[@]}" >"$RUN_DIR/haproxy.cfg"
"$HAPROXY" -c -q -f "$RUN_DIR/haproxy.cfg"

start() {  # name, command...
  local name=$1; shift
  "$@" >"$RUN_DIR/$name.log" 2>&1 &
  echo $! >"$RUN_DIR/$name.pid"
  pids+=($!)
}

# Action server on Python 3.12 (APP_VENV), Rasa servers on 3.10 (RASA_VENV). The action
# server and the worker are restarted with a backoff if they crash (scripts/supervise.sh;
# their pid files hold the supervisor's pid). The Rasa instances are not: HAProxy skips
# one that is down (in production, systemd restarts each: deploy/systemd/).
SANIC_HOST=127.0.0.1 start actions supervise actions "$APP_VENV/bin/python" -m rasa_sdk --actions actions \
  --port "$ACTIONS_PORT"
# Email outbox and the retention purge (at start, then daily) of PostgreSQL and the tracker store.
start worker supervise worker "$APP_VENV/bin/python" -m bot worker
for i in $(seq 0 $((RASA_INSTANCES - 1))); do
  port=$((FIRST_RASA_PORT + i))
  start "rasa-$port" "$RASA_VENV/bin/rasa" run --model models/wbe-assistant.tar.gz --port "$port" -i 127.0.0.1 \
    --credentials credentials.yml --endpoints deploy/endpoints.production.yml
done
# -db: in the foreground (its pid is the one tracked), logs on standard output.
start haproxy "$HAPROXY" -db -f "$RUN_DIR/haproxy.cfg"

stopped=
stop() {
  [ -n "$stopped" ] && return
  stopped=1
  echo; echo "==> Stopping the cluster"
  kill "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
}
trap stop INT TERM EXIT

echo "==> $RASA_INSTANCES Rasa servers (ports $FIRST_RASA_PORT+) behind HAProxy on http://$HAPROXY_BIND:$PORT (config, logs and pids in $RUN_DIR)"
echo "    PostgreSQL: $DATABASE_URL and tracker db $TRACKER_DB_NAME; Redis locks: $REDIS_HOST:$REDIS_PORT/$REDIS_DB"
# Keep running while HAProxy runs; an instance may die, the others serve.
wait "$(cat "$RUN_DIR/haproxy.pid")" || true
