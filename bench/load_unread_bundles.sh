#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# The node's memory while clients ask for a large entry bundle and never read it (issue 16,
# finding 5): publishes 255 texts of 60 KiB (so entry bundle 000 is about 15.7 MB), opens CLIENTS
# connections that each request it and read nothing, and prints the node's RSS before and while
# they hang. Bounded: CLIENTS connections (default 150), loopback only, about 30 s.
#   bench/load_unread_bundles.sh [CLIENTS]
# Needs python3 and build/veche.
set -euo pipefail
cd "$(dirname "$0")/.."
clients="${1:-150}"
veche="$(pwd)/${VECHE:-build/veche}"
work=$(mktemp -d)
"$veche" serve --data "$work/node" --listen 127.0.0.1:0 --quiet --clock-interval 0 --submit-rate 0 \
  --author-bytes-per-day 0 > "$work/serve.log" 2>&1 &
server=$!
trap 'kill -INT "$server" 2> /dev/null; wait "$server" 2> /dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do grep -q "press Ctrl-C" "$work/serve.log" && break; sleep 0.1; done
url=$(grep -o 'http://[^ ]*' "$work/serve.log")
for i in $(seq 1 255); do
  python3 -c "import sys; sys.stdout.write(('text %d ' % $i) + 'x' * 61000)" > "$work/text.txt"
  "$veche" text publish --node "$url" --key "$work/node/authority.key" --file "$work/text.txt" > /dev/null
done
rss() { awk '/VmRSS/ {printf "%.0f MB", $2 / 1024}' "/proc/$server/status"; }
echo "load_unread_bundles: 256 entries; node RSS $(rss) before"
port=$(printf '%s\n' "$url" | sed -E 's#.*:([0-9]+)/?$#\1#')
python3 - "$port" "$clients" "$server" <<'PY'
import socket, sys, time
port, clients, pid = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
conns = []
for _ in range(clients):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect(("127.0.0.1", port))
    s.sendall(b"GET /log/tile/entries/000 HTTP/1.1\r\nHost: x\r\n\r\n")
    conns.append(s)
peak = 0
for _ in range(8):
    time.sleep(0.5)
    with open(f"/proc/{pid}/status") as f:
        rss = next(int(l.split()[1]) for l in f if l.startswith("VmRSS")) // 1024
    peak = max(peak, rss)
print(f"load_unread_bundles: {clients} clients asked for the 15.7 MB bundle and read nothing; node RSS peaked at {peak} MB")
PY
