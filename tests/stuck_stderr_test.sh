#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# A node whose stderr is a pipe nobody reads (issue 16, finding 7): the access log fills the pipe,
# and the node must go on answering, drop log lines rather than wait, and stop on SIGTERM within
# its deadline, saying how many lines it dropped. Bounded: about 10,000 requests on loopback.
# shellcheck source=tests/e2e_lib.sh
source "$(dirname "$0")/e2e_lib.sh" "$1"

data="$work/node"
mkfifo "$work/stderr.fifo"
exec 3<> "$work/stderr.fifo"  # held open for writing and never read: a 64 KiB pipe that fills
"$veche" serve --data "$data" --listen 127.0.0.1:0 --clock-interval 0 > "$work/node.out" 2>&3 &
server_pid=$!
url=$(wait_for_url "$work/node.out")
urls=()
for _ in $(seq 1 5000); do urls+=("${url}healthz?padding=$(printf '%0200d' 0)"); done
# Each request's log line is over 300 bytes: the pipe holds about 200 of them, the log's queue
# 8,192; 10,000 overflow both.
for round in 1 2; do
  timeout 60 curl -sf "${urls[@]}" -o /dev/null || fail "requests stalled in round $round with stderr blocked"
done
timeout 5 curl -sf "${url}healthz" > /dev/null || fail "the node stopped answering with stderr blocked"
kill -TERM "$server_pid"
for _ in $(seq 1 150); do
  kill -0 "$server_pid" 2> /dev/null || break
  sleep 0.1
done
if kill -0 "$server_pid" 2> /dev/null; then fail "SIGTERM did not stop the node within 15 s with stderr blocked"; fi
wait "$server_pid" || fail "serve exited non-zero"
server_pid=""
grep -q "access log lines were dropped" "$work/node.out" || fail "the node did not say it dropped log lines"
grep -q "veche: stopped" "$work/node.out" || fail "the node did not say it stopped"
echo "stuck stderr: the node answered 10,001 requests and stopped; $(grep -o '[0-9]* access log lines' "$work/node.out")"
