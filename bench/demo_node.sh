# SPDX-License-Identifier: AGPL-3.0-or-later
# Sourced by the load scripts. start_demo_node VECHE [SERVE ARGUMENTS...] runs `VECHE serve --demo`
# (no clock records, quiet) on a free loopback port in a new temporary directory, waits until it
# serves, and sets `work` (the directory), `server` (its pid), `url` and `demo_records` (how many
# records the demo holds). On exit the node is stopped and the directory removed.
start_demo_node() {
  local veche="$1"
  shift
  work=$(mktemp -d)
  local out="$work/serve.log"
  "$veche" serve --demo --data "$work/node" --listen 127.0.0.1:0 --quiet --clock-interval 0 "$@" > "$out" 2>&1 &
  server=$!
  trap 'kill -INT "$server" 2> /dev/null; wait "$server" 2> /dev/null; rm -rf "$work"' EXIT
  url=""
  for _ in $(seq 1 1200); do
    url=$(grep -o 'http://[^ ]*' "$out" || true)
    grep -q "press Ctrl-C" "$out" && [ -n "$url" ] && break
    kill -0 "$server" 2> /dev/null || { cat "$out" >&2; exit 1; }
    sleep 0.1
  done
  [ -n "$url" ] || { cat "$out" >&2; exit 1; }
  demo_records=$(grep -o '[0-9]* records in the log' "$out" | head -1)
}
