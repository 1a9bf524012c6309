# SPDX-License-Identifier: AGPL-3.0-or-later
# Shared by the end-to-end scripts (source it with the veche binary as $1): strict mode, a work
# directory removed at exit (a server started into $server_pid is killed), fail, wait_for_url.
set -euo pipefail
veche="$1"
work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
# Each argument is a subcommand ("measure table", vote): its --help must print a usage.
check_help() {
  local cmd
  for cmd in "$@"; do
    # shellcheck disable=SC2086
    "$veche" $cmd --help > "$work/help" || fail "$cmd --help"
    grep -q "Usage" "$work/help" || fail "$cmd --help shows no usage"
  done
}
# Prints the URL that `veche serve` wrote to FILE, waiting up to 10 s for it.
wait_for_url() {
  local found=""
  for _ in $(seq 1 100); do
    found=$(grep -o 'http://[^ ]*' "$1" 2>/dev/null || true)
    [ -n "$found" ] && break
    sleep 0.1
  done
  [ -n "$found" ] || fail "serve printed no address"
  echo "$found"
}
# Starts `veche serve` on the data directory "$data" at a free port, into $server_pid and $url (the
# caller sets data=...); extra arguments go to veche serve. stop_node stops it and fails unless it
# exits cleanly.
url=""
start_node() {
  : > "$work/node.out"
  "$veche" serve --data "$data" --listen 127.0.0.1:0 --clock-interval 0 --quiet "$@" > "$work/node.out" 2> /dev/null &
  server_pid=$!
  url=$(wait_for_url "$work/node.out")
}
stop_node() {
  kill -TERM "$server_pid"
  wait "$server_pid" || fail "serve exited non-zero after SIGTERM"
  server_pid=""
}
# A union whose node runs on "$data" from 2026-03-01, a registrar of it ($work/registrar.key) and
# the adult citizens named (each key in $work/<id>.key); sets $vkey (the log's verifier key) and
# $auth (the demo authority's key file), and leaves the node running.
start_union() {
  "$veche" init --data "$data" --origin example.org/veche --root-id union --root-name Union > /dev/null || fail "init"
  vkey=$("$veche" log key --data "$data")
  auth="$data/authority.key"
  "$veche" clock advance --data "$data" --to 2026-03-01 > /dev/null || fail "clock advance --to"
  start_node
  "$veche" keygen --out "$work/registrar.key" > /dev/null
  "$veche" registrar accredit --node "$url" --key "$auth" --registrar "$work/registrar.key.pub" --territory union \
    > /dev/null || fail "registrar accredit"
  local c code
  for c in "$@"; do
    "$veche" citizen enrol --node "$url" --key "$work/registrar.key" --id "$c" --residence union \
      --majority-date 1990-01-01 --consultative-date 1986-01-01 --person-file - --registry "$work/registry.db" \
      <<< "Person $c" > "$work/enrol-$c.out" || fail "enrol $c"
    code=$(sed -n 's/^enrolment code.*: //p' "$work/enrol-$c.out")
    "$veche" citizen bind --node "$url" --id "$c" --code "$code" --out "$work/$c.key" > /dev/null || fail "bind $c"
  done
}
