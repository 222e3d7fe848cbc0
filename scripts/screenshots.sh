#!/usr/bin/env bash
# Screenshots of the web chat after a short conversation:
# docs/screenshots/webchat-desktop.png (1280 px) and docs/screenshots/webchat-320.png.
# Uses the bot at BOT_URL if set (e.g. BOT_URL=http://localhost:5005 while
# scripts/run.sh runs), otherwise starts its own on free ports and stops it afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
source tests/browser/common.sh

ensure_chromium
ensure_node_modules

if [ -z "${BOT_URL:-}" ]; then
  trap 'stop_bot; rm -rf "${BOT_WORK:-}"' EXIT
  trap 'exit 130' INT TERM
  start_bot
fi
echo "==> Screenshots of $BOT_URL/webhooks/webchat/"
BOT_URL=$BOT_URL node tests/browser/screenshots.mjs
