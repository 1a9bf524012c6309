#!/usr/bin/env bash
# Installs dependencies, builds, and starts a veche node on its local data directory. On the first
# run the directory is created with a demo genesis and seeded with demo records (scripts/demo-seed.sh).
#   scripts/run.sh [veche serve options...]     e.g. scripts/run.sh --listen 127.0.0.1:9000
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh release
data="${VECHE_DATA:-veche-data}"
fresh=0
if [ ! -f "$data/log.key" ]; then
  build/veche init --data "$data" --origin localhost/veche --root-id union --root-name "Demo Union" \
    --initiative-permille 500
  fresh=1
fi
out=$(mktemp)
build/veche serve --data "$data" "$@" | tee "$out" &
server=$!
trap 'kill -INT "$server" 2> /dev/null; wait "$server"; rm -f "$out"; exit 0' INT TERM
if [ "$fresh" = 1 ]; then
  url=""
  for _ in $(seq 1 100); do
    url=$(grep -o 'http://[^ ]*' "$out" || true)
    [ -n "$url" ] && break
    sleep 0.1
  done
  [ -n "$url" ] && scripts/demo-seed.sh build/veche "$url" "$data"
fi
wait "$server"
