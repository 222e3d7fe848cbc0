#!/usr/bin/env bash
# Print deploy/haproxy.cfg with one server line per Rasa instance in each backend,
# in place of the example lines after each "# @rasa-servers@" marker.
#   deploy/haproxy-render.sh 127.0.0.1:5006 127.0.0.1:5007 > haproxy.cfg
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 HOST:PORT..." >&2; exit 2; }
awk -v servers="$*" '
  /# @rasa-servers@/ {
    print
    n = split(servers, list, " ")
    for (i = 1; i <= n; i++) printf "  server rasa%d %s\n", i, list[i]
    skipping = 1
    next
  }
  skipping && /^[[:space:]]*server rasa[0-9]+ / { next }
  { skipping = 0; print }
' "$(dirname "$0")/haproxy.cfg"
