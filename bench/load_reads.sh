#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# End-to-end load on the public read endpoints: `veche serve --demo` on loopback, then wrk against
# each endpoint in turn. Prints requests/s and latency percentiles per endpoint.
#   bench/load_reads.sh [SECONDS_PER_ENDPOINT] [CONNECTIONS]     (defaults: 10, 64)
# Needs build/veche (scripts/build.sh) and wrk (scripts/install-deps.sh installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"; connections="${2:-64}"
command -v wrk > /dev/null || { echo "load_reads: wrk is missing (scripts/install-deps.sh)" >&2; exit 2; }
source bench/demo_node.sh
start_demo_node build/veche
echo "load_reads: node at $url (demo: $demo_records); wrk, 2 threads, $connections connections, ${seconds}s each"
# "gzip:PATH" asks for PATH with Accept-Encoding: gzip (as browsers do; the UI's files are sent compressed).
for path in measures/open-data-act "measures?status=voting" "measures/open-data-act/votes?limit=100" \
            territories/union "citizens?limit=100" laws/libraries-act log/checkpoint ui/app.js gzip:ui/app.js; do
  headers=()
  case "$path" in gzip:*) path="${path#gzip:}"; headers=(-H "Accept-Encoding: gzip") ;; esac
  result=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency "${headers[@]}" "${url}${path}")
  rps=$(printf '%s\n' "$result" | awk '/Requests\/sec/ {print $2}')
  p50=$(printf '%s\n' "$result" | awk '$1 == "50%" {print $2}')
  p99=$(printf '%s\n' "$result" | awk '$1 == "99%" {print $2}')
  errors=$(printf '%s\n' "$result" | grep -E "Non-2xx|Socket errors" || true)
  printf '%-42s %10s req/s   p50 %8s   p99 %8s  %s\n' "/$path${headers[*]:+ (gzip)}" "$rps" "$p50" "$p99" "$errors"
done
