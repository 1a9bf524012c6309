#!/usr/bin/env bash
# End-to-end test of the real veche binary, as a user runs it: help texts, keygen, and
# serve on port 0 answering /healthz, then a clean stop on SIGTERM.
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

# Every command explains itself.
"$veche" --help | grep -q "serve" || fail "top-level help lists no serve"
for cmd in serve keygen version; do
  "$veche" "$cmd" --help | grep -qi "usage" || fail "$cmd --help shows no usage"
done
"$veche" --version | grep -q "^veche " || fail "--version"
"$veche" 2>/dev/null && fail "no subcommand must be an error"
"$veche" bogus 2>/dev/null && fail "an unknown subcommand must be an error"

# keygen: private key 0600, public key beside it, never overwritten.
"$veche" keygen --out "$work/node.key" > "$work/keygen.out"
[ "$(stat -c %a "$work/node.key")" = 600 ] || fail "private key mode is not 600"
grep -q "^veche-key-v1 ed25519-public$" "$work/node.key.pub" || fail "public key file header"
grep -q "^public key: " "$work/keygen.out" || fail "keygen prints the public key"
if "$veche" keygen --out "$work/node.key" 2> "$work/err"; then fail "keygen overwrote a key"; fi
grep -q "already exists" "$work/err" || fail "overwrite refusal names the problem"

# serve: bad listen address is a usage error.
if "$veche" serve --data "$work/data" --listen nonsense 2> "$work/err"; then fail "bad --listen accepted"; fi
grep -q "HOST:PORT" "$work/err" || fail "bad --listen message"

# serve on port 0: prints its address; /healthz answers 200; SIGTERM stops it cleanly.
"$veche" serve --data "$work/data" --listen 127.0.0.1:0 > "$work/serve.out" 2> "$work/serve.err" &
server_pid=$!
url=""
for _ in $(seq 1 100); do
  url=$(grep -o 'http://[^ ]*' "$work/serve.out" 2>/dev/null || true)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || fail "serve printed no address"
[ -d "$work/data" ] || fail "serve did not create the data directory"
code=$(curl -s -o "$work/health" -w '%{http_code}' "${url}healthz")
[ "$code" = 200 ] || fail "/healthz answered $code"
grep -q '"status":"ok"' "$work/health" || fail "/healthz body"
code=$(curl -s -o /dev/null -w '%{http_code}' "${url}")
[ "$code" = 200 ] || fail "/ answered $code"
code=$(curl -s -o "$work/missing" -w '%{http_code}' "${url}no/such/page")
[ "$code" = 404 ] || fail "unknown path answered $code"
grep -q '"code":"not_found"' "$work/missing" || fail "404 body is not a JSON error"
kill -TERM "$server_pid"
wait "$server_pid" || fail "serve exited non-zero after SIGTERM"
server_pid=""
grep -q "GET /healthz" "$work/serve.err" || fail "access log has no /healthz line"
echo "cli_end_to_end: all checks passed"
