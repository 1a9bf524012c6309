#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# How many connections one address can hold on a node (issue 16, finding 3): opens up to HOLD idle
# connections from 127.0.0.1, counts the ones the node keeps open, then asks from 127.0.0.2 whether
# another client is still served. Bounded: HOLD connections (default 2000), loopback only.
#   bench/load_connections.sh [HOLD]
# Needs python3 and build/veche.
set -euo pipefail
cd "$(dirname "$0")/.."
hold="${1:-2000}"
veche="${VECHE:-build/veche}"
work=$(mktemp -d)
"$veche" serve --data "$work/node" --listen 127.0.0.1:0 --quiet --clock-interval 0 > "$work/serve.log" 2>&1 &
server=$!
trap 'kill -INT "$server" 2> /dev/null; wait "$server" 2> /dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do grep -q "press Ctrl-C" "$work/serve.log" && break; sleep 0.1; done
port=$(grep -o 'http://[^ ]*' "$work/serve.log" | sed -E 's#.*:([0-9]+)/?$#\1#')
python3 - "$port" "$hold" <<'PY'
import socket, sys, time
port, hold = int(sys.argv[1]), int(sys.argv[2])
held, refused = [], 0
for _ in range(hold):
    s = socket.socket()
    s.connect(("127.0.0.1", port))
    held.append(s)
time.sleep(1.0)
open_now = 0
for s in held:
    s.setblocking(False)
    try:
        data = s.recv(4096)
        if data.startswith(b"HTTP/1.1 503") or data == b"":
            refused += 1
            continue
    except BlockingIOError:
        pass
    open_now += 1
other = socket.socket()
other.bind(("127.0.0.2", 0))
other.settimeout(5)
start = time.time()
other.connect(("127.0.0.1", port))
other.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
reply = other.recv(4096).split(b"\r\n")[0].decode()
print(f"load_connections: 127.0.0.1 opened {hold}, the node kept {open_now} and refused {refused}; "
      f"127.0.0.2 got '{reply}' in {1000 * (time.time() - start):.1f} ms")
PY
