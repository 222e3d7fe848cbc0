# Shared by scripts/test-browser.sh and scripts/screenshots.sh (source it from the
# project root, don't run it).
#   ensure_chromium     installs Debian's Chromium when /usr/bin/chromium is missing
#   ensure_node_modules runs `npm ci` in tests/browser when package-lock.json changed
#   start_bot / stop_bot start and stop the action server and the Rasa server on free
#     ports with their own SQLite database and a frozen clock, like tests/e2e/conftest.py;
#     start_bot sets BOT_URL (http://127.0.0.1:<port>) and BOT_WORK (folder of the logs).

ensure_chromium() {
  [ -x "${CHROMIUM:-/usr/bin/chromium}" ] && return 0
  echo "==> Installing Debian's Chromium (apt-get install -y chromium)"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q chromium >/tmp/wbe-apt-chromium.log 2>&1; then
    DEBIAN_FRONTEND=noninteractive $sudo apt-get update -q >>/tmp/wbe-apt-chromium.log 2>&1 || true
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q chromium >>/tmp/wbe-apt-chromium.log 2>&1 || {
      tail -n 20 /tmp/wbe-apt-chromium.log >&2
      echo "ERROR: could not install Chromium (log: /tmp/wbe-apt-chromium.log)" >&2
      return 1
    }
  fi
  "${CHROMIUM:-/usr/bin/chromium}" --version 2>/dev/null || true
}

ensure_node_modules() {
  command -v npm >/dev/null || { echo "ERROR: Node.js 20+ and npm are required for the browser tests" >&2; return 1; }
  local wanted stamp=tests/browser/node_modules/.package-lock.sha256
  wanted=$(sha256sum tests/browser/package-lock.json | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
    echo "==> npm ci in tests/browser (playwright-core, axe-core, rasa-webchat)"
    (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
    echo "$wanted" >"$stamp"
  fi
}

bot_free_port() {  # below the kernel's ephemeral range, like the Python tests (tests/support/ports.py)
  .venv-app/bin/python -m tests.support.ports
}

bot_wait_for() {  # url pid log
  local url=$1 pid=$2 log=$3 deadline=$((SECONDS + ${BOT_START_TIMEOUT:-240}))
  while [ $SECONDS -lt $deadline ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "ERROR: the server for $url exited early; end of $log:" >&2
      tail -n 40 "$log" >&2
      return 1
    fi
    if .venv/bin/python -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$url" 2>/dev/null; then
      return 0
    fi
    sleep 1
  done
  echo "ERROR: $url not ready after ${BOT_START_TIMEOUT:-240}s; end of $log:" >&2
  tail -n 40 "$log" >&2
  return 1
}

BOT_PIDS=()
stop_bot() {
  local pid
  for pid in "${BOT_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${BOT_PIDS[@]}"; do
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  BOT_PIDS=()
}

start_bot() {
  if [ ! -x .venv/bin/rasa ] || [ ! -x .venv-app/bin/python ] || [ ! -f models/wbe-assistant.tar.gz ]; then
    echo "==> No virtual environment or trained model yet: running scripts/setup.sh"
    scripts/setup.sh
  fi
  BOT_WORK=$(mktemp -d "${TMPDIR:-/tmp}/wbe-webchat.XXXXXX")
  export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" TF_CPP_MIN_LOG_LEVEL=3
  export DATABASE_URL="sqlite:///$BOT_WORK/bot.db" BOT_FIXED_NOW="${BOT_FIXED_NOW:-2021-06-01T10:00:00}"
  export TRACKER_DATABASE_URL="sqlite:///$BOT_WORK/tracker.db" RASA_TELEMETRY_ENABLED=false OUTBOX_POLL_SECONDS=0.5
  echo "==> Loading the offer data into $DATABASE_URL"
  .venv-app/bin/python -m bot load-offers >"$BOT_WORK/load.log" 2>&1 || { cat "$BOT_WORK/load.log" >&2; return 1; }
  # A copy of the model, so that a retraining during the run does not pull it away.
  cp models/wbe-assistant.tar.gz "$BOT_WORK/model.tar.gz"

  local action_port rasa_port
  action_port=$(bot_free_port)
  rasa_port=$(bot_free_port)
  while [ "$rasa_port" = "$action_port" ]; do rasa_port=$(bot_free_port); done
  printf 'action_endpoint:\n  url: "http://127.0.0.1:%s/webhook"\n' "$action_port" >"$BOT_WORK/endpoints.yml"

  echo "==> Starting the action server on $action_port and the Rasa server on $rasa_port (logs: $BOT_WORK)"
  SANIC_HOST=127.0.0.1 .venv-app/bin/python -m rasa_sdk --actions actions --port "$action_port" \
    >"$BOT_WORK/actions.log" 2>&1 &
  BOT_PIDS+=($!)
  bot_wait_for "http://127.0.0.1:$action_port/health" "${BOT_PIDS[-1]}" "$BOT_WORK/actions.log" || return 1
  # The worker sends the emails the bot queues (bot/cli/worker.py), as scripts/run.sh starts it.
  .venv-app/bin/python -m bot worker >"$BOT_WORK/worker.log" 2>&1 &
  BOT_PIDS+=($!)
  .venv/bin/rasa run --model "$BOT_WORK/model.tar.gz" --port "$rasa_port" --interface 127.0.0.1 \
    --credentials credentials.yml --endpoints "$BOT_WORK/endpoints.yml" >"$BOT_WORK/rasa.log" 2>&1 &
  BOT_PIDS+=($!)
  bot_wait_for "http://127.0.0.1:$rasa_port/" "${BOT_PIDS[-1]}" "$BOT_WORK/rasa.log" || return 1
  BOT_URL="http://127.0.0.1:$rasa_port"
  export BOT_URL BOT_WORK
}

# The referents' web inbox, against the same database as start_bot, on a free port.
#   start_smtp_sink   a local SMTP server writing each message to $SMTP_SINK_DIR (before start_bot,
#                     so that the bot and the inbox send their emails there)
#   start_referent_web  creates two referent accounts and starts `python -m referent_web`;
#                     sets REFERENT_URL and REFERENT_{A,B}_{EMAIL,PASSWORD}
start_smtp_sink() {
  SMTP_SINK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/wbe-mail.XXXXXX")
  local port
  port=$(bot_free_port)
  .venv/bin/python tests/browser/smtp_sink.py "$SMTP_SINK_DIR" "$port" >"$SMTP_SINK_DIR.log" 2>&1 &
  BOT_PIDS+=($!)
  for _ in $(seq 1 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.2
  done
  # A plain local sink: no TLS (the TLS path is tested by tests/integration/test_outbox.py).
  export SMTP_SINK_DIR SMTP_HOST=127.0.0.1 SMTP_PORT=$port SMTP_TLS=none
}

start_referent_web() {
  export REFERENT_A_EMAIL=ana.referente@cfwb.be REFERENT_B_EMAIL=bea.collegue@cfwb.be
  REFERENT_A_PASSWORD=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(18))')
  REFERENT_B_PASSWORD=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(18))')
  export REFERENT_A_PASSWORD REFERENT_B_PASSWORD
  echo "$REFERENT_A_PASSWORD" | .venv-app/bin/python -m bot referent add-user "$REFERENT_A_EMAIL" \
    --name "Ana Référente" --password-stdin >/dev/null
  echo "$REFERENT_B_PASSWORD" | .venv-app/bin/python -m bot referent add-user "$REFERENT_B_EMAIL" \
    --name "Béa Collègue" --password-stdin >/dev/null
  local port
  port=$(bot_free_port)
  REFERENT_WEB_SECRET_KEY=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(32))') \
    .venv-app/bin/python -m referent_web --port "$port" >"$BOT_WORK/referent-web.log" 2>&1 &
  BOT_PIDS+=($!)
  bot_wait_for "http://127.0.0.1:$port/connexion" "${BOT_PIDS[-1]}" "$BOT_WORK/referent-web.log" || return 1
  export REFERENT_URL="http://127.0.0.1:$port"
}

# HAProxy (deploy/haproxy.cfg, as in production mode) in front of the bot of start_bot,
# on a free port; sets PROXY_URL. Installs Debian's haproxy when missing.
start_haproxy() {
  local haproxy port
  haproxy=$(scripts/ensure-haproxy.sh)
  port=$(bot_free_port)
  deploy/haproxy-render.sh "${BOT_URL#http://}" >"$BOT_WORK/haproxy.cfg"
  export PORT=$port HAPROXY_BIND=127.0.0.1 HAPROXY_STATS_SOCKET="$BOT_WORK/haproxy.sock"
  "$haproxy" -c -q -f "$BOT_WORK/haproxy.cfg"
  "$haproxy" -db -f "$BOT_WORK/haproxy.cfg" >"$BOT_WORK/haproxy.log" 2>&1 &
  BOT_PIDS+=($!)
  PROXY_URL="http://127.0.0.1:$port"
  # Up once HAProxy's health check has seen the Rasa server (rise 2, every 2 s).
  bot_wait_for "$PROXY_URL/webhooks/rest/" "${BOT_PIDS[-1]}" "$BOT_WORK/haproxy.log" || return 1
  export PROXY_URL
}

