#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Votes over HTTP while another client floods GET /state/digest (issue 16, finding 6): starts a demo
# node, floods the digest with wrk from one address, and runs bench/load_votes.cc beside it.
# Bounded: VOTES votes, the flood for at most 120 s, loopback only.
#   bench/load_digest_flood.sh [VOTES] [FLOOD_CONNECTIONS] [SERVE ARGUMENTS...]
# e.g. bench/load_digest_flood.sh 30000 8 --digest-rate 0   (the node's hashing bound alone)
# Needs wrk (Debian package wrk), build/veche and build/bench/veche_load_votes.
set -euo pipefail
cd "$(dirname "$0")/.."
votes="${1:-30000}"; flood="${2:-8}"; shift $(( $# < 2 ? $# : 2 ))
veche="${VECHE:-build/veche}"; load="${VECHE_LOAD_VOTES:-build/bench/veche_load_votes}"
command -v wrk > /dev/null || { echo "load_digest_flood: needs wrk (apt-get install wrk)" >&2; exit 2; }
source bench/demo_node.sh
start_demo_node "$veche" --demo-citizens 2000 --submit-rate 0 "$@"
port=$(printf '%s\n' "$url" | sed -E 's#.*:([0-9]+)/?$#\1#')
echo "load_digest_flood: node at $url (demo: $demo_records); flooding /state/digest on $flood connections"
timeout 130 wrk -t1 -c"$flood" -d120s "${url}state/digest" > "$work/wrk.out" 2>&1 &
flooder=$!
sleep 2
status=0
"$load" "$work/node" "$port" "$votes" 16 1980 || status=$?
kill "$flooder" 2> /dev/null || true
wait "$flooder" 2> /dev/null || true
exit "$status"
