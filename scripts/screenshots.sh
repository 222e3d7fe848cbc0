#!/usr/bin/env bash
# Screenshots of the web chat after a short conversation:
# docs/screenshots/webchat-desktop.png (1280 px) and docs/screenshots/webchat-320.png;
# then, with a bot of its own, the referents' inbox and dashboard after a few conversations:
# docs/screenshots/referent-inbox.png and referent-dashboard.png.
# Uses the bot at BOT_URL if set (e.g. BOT_URL=http://localhost:5005 while
# scripts/run.sh runs), otherwise starts its own on free ports and stops it afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false   # no usage data sent to Rasa (every script)
source tests/browser/common.sh

ensure_chromium
ensure_node_modules

own_bot=
if [ -z "${BOT_URL:-}" ]; then
  trap 'stop_bot; rm -rf "${BOT_WORK:-}"' EXIT
  trap 'exit 130' INT TERM
  start_bot
  own_bot=1
fi
echo "==> Screenshots of $BOT_URL/webhooks/webchat/"
BOT_URL=$BOT_URL node tests/browser/screenshots.mjs
if [ -n "$own_bot" ]; then
  # Its own database only: the referents' screenshots never show real candidates.
  start_referent_web
  echo "==> Screenshots of the referents' inbox at $REFERENT_URL"
  node tests/browser/referent-screenshots.mjs
fi
