# Sourced by scripts/run.sh and scripts/run-cluster.sh: keep a server running.
#
#   supervise NAME COMMAND...   (run it in the background: supervise actions python -m ... &)
#
# Starts COMMAND; when it exits while we are not stopping, logs it and starts it
# again after a delay that doubles at each quick crash (1 s, 2 s, 4 s... at most
# SUPERVISE_MAX_DELAY, default 30 s) and goes back to 1 s once it has run for
# SUPERVISE_STABLE_SECONDS (default 60). SIGTERM or SIGINT to the supervisor stops
# COMMAND and every process it started (SIGTERM, then SIGKILL after 20 s) and ends the loop. The same policy as
# the systemd units of deploy/systemd/ (Restart=on-failure), for the scripts.

supervise() {
  local name=$1; shift
  local delay=1 child= started status
  local max_delay=${SUPERVISE_MAX_DELAY:-30} stable=${SUPERVISE_STABLE_SECONDS:-60}
  _supervise_stop() {
    trap - TERM INT
    if [ -n "$child" ] && kill -0 -- "-$child" 2>/dev/null; then
      kill -TERM -- "-$child" 2>/dev/null
      for _ in $(seq 1 200); do kill -0 -- "-$child" 2>/dev/null || break; sleep 0.1; done
      kill -KILL -- "-$child" 2>/dev/null || true
      wait "$child" 2>/dev/null || true
    fi
    exit 0
  }
  trap _supervise_stop TERM INT
  while true; do
    started=$SECONDS
    # In a process group of its own (its pid is the group's id): when it dies, what it
    # started dies with it (rasa-sdk's Sanic worker processes would otherwise keep its
    # port, and every restart would fail with "address already in use").
    setsid "$@" &
    child=$!
    status=0
    wait "$child" || status=$?
    kill -KILL -- "-$child" 2>/dev/null || true
    child=
    if [ $((SECONDS - started)) -ge "$stable" ]; then delay=1; fi
    echo "==> [supervise] $name exited (status $status); restarting in ${delay} s" >&2
    sleep "$delay" &
    wait $! || true
    delay=$((delay * 2 > max_delay ? max_delay : delay * 2))
  done
}
