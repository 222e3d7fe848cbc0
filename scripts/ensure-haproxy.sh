#!/usr/bin/env bash
# Install Debian's HAProxy (apt-get update, then apt-get install -y haproxy) when
# it is missing; the production mode (scripts/run-cluster.sh) and its tests run it
# in front of the Rasa servers. Prints the path of the binary. HAPROXY=/path/to/haproxy
# uses another build. run-cluster.sh runs its own HAProxy in the foreground with
# deploy/haproxy.cfg; the package's service, if systemd starts it, keeps Debian's
# default configuration, which listens on no port.
set -euo pipefail
HAPROXY="${HAPROXY:-/usr/sbin/haproxy}"
if [ ! -x "$HAPROXY" ]; then
  log=/tmp/wbe-apt-haproxy.log
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "==> Installing Debian's HAProxy (apt-get install -y haproxy; log: $log)" >&2
  if ! { DEBIAN_FRONTEND=noninteractive $sudo apt-get update -q &&
         DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q haproxy; } >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    echo "ERROR: could not install HAProxy (log: $log)" >&2
    exit 1
  fi
fi
echo "$HAPROXY"
