#!/usr/bin/env bash
# Browser tests of the accessible web chat (webchat/) and of the referents' web inbox
# (referent_web/, with a local SMTP server): Debian's Chromium, headless,
# driven by playwright-core, with axe-core accessibility checks (WCAG 2.1 A/AA), against
# the real bot started on free ports with its own SQLite database. Stops the servers
# whatever happens. Installs Chromium (apt) and the npm packages (npm ci) if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false   # no usage data sent to Rasa (every script)
source tests/browser/common.sh

ensure_chromium
ensure_node_modules

# A second site that embeds the widget (ours, then the standard rasa-webchat) is served
# by the tests on EMBED_PORT; only that origin may call the webhook and open socket.io
# across origins.
EMBED_PORT=$(bot_free_port)
export EMBED_PORT WEBCHAT_ALLOWED_ORIGINS="http://127.0.0.1:$EMBED_PORT"

status=1
finish() {
  stop_bot
  if [ "$status" -eq 0 ]; then
    rm -rf "${BOT_WORK:-}" "${SMTP_SINK_DIR:-}" "${SMTP_SINK_DIR:-/nonexistent}.log"
  elif [ -n "${BOT_WORK:-}" ]; then
    echo "Server logs kept in $BOT_WORK, emails in ${SMTP_SINK_DIR:-}" >&2
  fi
}
trap finish EXIT
trap 'exit 130' INT TERM

start_smtp_sink
start_bot
start_referent_web
echo "==> Browser tests against $BOT_URL/webhooks/webchat/ (embedding site: http://127.0.0.1:$EMBED_PORT)"
(cd tests/browser && node --test --test-reporter=spec webchat.test.mjs)
start_haproxy
echo "==> The standard rasa-webchat widget on another site, over socket.io through HAProxy ($PROXY_URL)"
(cd tests/browser && BOT_URL="$PROXY_URL" node --test --test-reporter=spec rasa-webchat.test.mjs)
if grep -n -E "Invalid response type|Task exception was never retrieved" "$BOT_WORK/rasa.log" >&2; then
  echo "ERROR: socket.io errors in the Rasa server log ($BOT_WORK/rasa.log)" >&2
  exit 1
fi
echo "==> Browser tests of the referents' inbox at $REFERENT_URL (emails: $SMTP_SINK_DIR)"
(cd tests/browser && node --test --test-reporter=spec referent.test.mjs)
status=0
echo "==> Browser tests passed."
