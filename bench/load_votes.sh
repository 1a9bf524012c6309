#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# End-to-end vote load: `veche serve --demo` on loopback (no submission rate limit, no clock
# records, so the demo's session stays open), then bench/load_votes.cc: the demo's citizens vote
# and change their votes, one POST /records each, and every acknowledged vote is read back. Then
# `veche verify` replays the whole log from another process and compares the state digest.
#   bench/load_votes.sh [VOTES] [CONNECTIONS] [SERVER_THREADS] [DEMO_CITIZENS]
#     defaults: 1000000 votes, 64 connections, 0 (serve's default threads), 10000 citizens
# Needs build/veche and build/bench/veche_load_votes (scripts/build.sh), or the binaries named by
# VECHE and VECHE_LOAD_VOTES. ctest's load_votes_smoke runs a small load with it.
set -euo pipefail
cd "$(dirname "$0")/.."
votes="${1:-1000000}"; connections="${2:-64}"; threads="${3:-0}"; citizens="${4:-10000}"
veche="${VECHE:-build/veche}"; load="${VECHE_LOAD_VOTES:-build/bench/veche_load_votes}"
for binary in "$veche" "$load"; do
  [ -x "$binary" ] || { echo "load_votes: $binary is missing (scripts/build.sh)" >&2; exit 2; }
done
unbound=20  # the demo leaves this many citizens unbound (src/veche/demo/demo.h)
[ "$citizens" -gt "$unbound" ] || { echo "load_votes: DEMO_CITIZENS must be over $unbound" >&2; exit 2; }
source bench/demo_node.sh
start_demo_node "$veche" --demo-citizens "$citizens" --submit-rate 0 --threads "$threads"
port=$(printf '%s\n' "$url" | sed -E 's#.*:([0-9]+)/?$#\1#')
echo "load_votes: node at $url (demo: $demo_records)"
status=0
"$load" "$work/node" "$port" "$votes" "$connections" $((citizens - unbound)) || status=$?
key=$("$veche" log key --data "$work/node")
started=$(date +%s)
"$veche" verify --url "$url" --key "$key" || status=$?
echo "load_votes: veche verify took $(( $(date +%s) - started )) s"
exit "$status"
