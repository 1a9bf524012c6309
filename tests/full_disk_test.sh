#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# A full disk (issue 16, finding 8). A file size limit stands in for the disk: beyond it every
# write fails (EFBIG) as it would on a full disk (ENOSPC), with no root and no small filesystem
# (prlimit is util-linux's, which every Debian system has).
#   1. The disk fills while the node runs: submissions get 503 with a JSON body, reads go on.
#   2. The node restarts on the full disk: it starts read-only, serves every read, refuses records.
#   3. With room again it takes records, and an observer's replay agrees with it.
# shellcheck source=tests/e2e_lib.sh
source "$(dirname "$0")/e2e_lib.sh" "$1"
# On a failure, what the node said.
trap 'status=$?; [ "$status" = 0 ] || cat "$work/node.out" "$work/node.err" >&2 2> /dev/null; cleanup' EXIT

data="$work/node"
"$veche" init --data "$data" > /dev/null
auth="$data/authority.key"
create() { "$veche" territory create --node "$url" --key "$auth" --id "$1" --parent root --kind region --name "$1"; }
tree_size() { curl -sf "${url}log/checkpoint" | sed -n 2p; }
# POSTs junk to /records; prints the status and keeps the body in $work/body.
post_status() { curl -s -o "$work/body" -w '%{http_code}' -X POST --data-binary junk "${url}records"; }

start_node
create north > /dev/null || fail "territory north"
size=$(tree_size)

# 1. The disk fills under the running node.
prlimit --pid "$server_pid" --fsize=1024:1024
if create south > /dev/null 2> "$work/err"; then fail "a record was taken on a full disk"; fi
grep -q "not appended" "$work/err" || fail "the refusal on a full disk does not say so: $(cat "$work/err")"
[ "$(post_status)" = 503 ] || fail "a submission after a storage failure did not get 503"
grep -q '"code":"unavailable"' "$work/body" || fail "the 503 has no JSON error body: $(cat "$work/body")"
grep -q "storage failure" "$work/body" || fail "the 503 does not name the storage failure"
[ "$(tree_size)" = "$size" ] || fail "the checkpoint moved on a full disk"
curl -sf "${url}territories/north" > /dev/null || fail "reads stopped when the disk filled"
stop_node

# 2. A restart on the full disk: read-only, every read served.
log_bytes=$(stat -c %s "$data/log.db")
rm -f "$work/node.out"  # so that the address read below is the new node's
(
  ulimit -f 1
  exec "$veche" serve --data "$data" --listen 127.0.0.1:0 --clock-interval 0 --quiet
) > >(cat > "$work/node.out") 2> "$work/node.err" &
server_pid=$!
url=$(wait_for_url "$work/node.out")
for _ in $(seq 1 100); do
  grep -q "press Ctrl-C" "$work/node.out" && break
  sleep 0.1
done
grep -q "^read-only: its stores could not be opened for writing" "$work/node.out" \
  || fail "the node did not start read-only on a full disk: $(cat "$work/node.out" "$work/node.err")"
grep -q "serving it read-only" "$work/node.err" || fail "no warning that the node serves read-only"
[ "$(tree_size)" = "$size" ] || fail "the read-only node serves another checkpoint"
curl -sf "${url}territories/north" > /dev/null || fail "the read-only node does not serve the state"
curl -sf "${url}log/tile/entries/000.p/$size" > /dev/null || fail "the read-only node does not serve the log"
[ "$(post_status)" = 503 ] || fail "the read-only node did not answer 503 to a submission"
grep -q "read-only" "$work/body" || fail "the read-only node's 503 does not say it is read-only"
if create south > /dev/null 2> "$work/err"; then fail "the read-only node took a record"; fi
stop_node
[ "$(stat -c %s "$data/log.db")" = "$log_bytes" ] || fail "the read-only node wrote to the log"

# 3. Room again: records are taken, and an observer agrees with the node.
start_node
grep -q "^read-only" "$work/node.out" && fail "the node stayed read-only with room to write"
create south > /dev/null || fail "no record taken once the disk had room"
"$veche" verify --url "$url" --key "$("$veche" log key --data "$data")" > "$work/verify.out" 2>&1 \
  || fail "an observer disagrees with the node after the full disk: $(cat "$work/verify.out")"
stop_node
echo "full disk: 503 while full, a read-only restart served the log of $size records, records taken again after"
