#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# End-to-end test of the real veche binary, as a user runs it: help texts, keygen, init, serve on
# port 0 answering /healthz and the log routes, log key, log verify (also against an older
# checkpoint, and failing against a wrong key), the record loop (territories, a registrar, a
# citizen enrolled and binding their own key, refusals), an observer and a replay agreeing on the
# state digest, then a clean stop on SIGTERM.
# shellcheck source=tests/e2e_lib.sh
source "$(dirname "$0")/e2e_lib.sh" "$1"

# Every command explains itself.
# (To a file first: `grep -q` stops reading at the first match, and under pipefail the SIGPIPE that
# leaves the writer would fail the line whenever the help outgrows one write.)
"$veche" --help > "$work/top-help" || fail "veche --help"
grep -q "serve" "$work/top-help" || fail "top-level help lists no serve"
check_help serve keygen version init log "log key" "log verify" replay verify "territory create" \
  "registrar accredit" "citizen enrol" "citizen bind" "citizen move" "citizen rotate-key" "citizen recover" \
  "citizen join" "citizen leave" "citizen remove" "collective create" "registry export" "registry erase" rebuild
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

# init: a data directory with a private key; a second init is refused; a bad origin is refused.
"$veche" init --data "$work/node" --origin example.org/veche > "$work/init.out"
[ "$(stat -c %a "$work/node/log.key")" = 600 ] || fail "log key mode is not 600"
[ "$(stat -c %a "$work/node")" = 700 ] || fail "data directory mode is not 700"
if "$veche" init --data "$work/node" 2> "$work/err"; then fail "second init succeeded"; fi
grep -q "already holds" "$work/err" || fail "second init message"
if "$veche" init --data "$work/other" --origin "bad origin" 2> /dev/null; then fail "bad origin accepted"; fi
vkey=$("$veche" log key --data "$work/node")
grep -qF "$vkey" "$work/init.out" || fail "log key differs from what init printed"
if "$veche" log key --data "$work/nothing" 2> "$work/err"; then fail "log key on a missing dir"; fi
grep -q "veche init" "$work/err" || fail "missing data dir gives no hint"

# serve the initialised node; its log verifies from outside.
"$veche" serve --data "$work/node" --listen 127.0.0.1:0 --clock-interval 0 > "$work/node.out" 2> /dev/null &
server_pid=$!
url=$(wait_for_url "$work/node.out")
[ "$(curl -s "${url}log/key")" = "$vkey" ] || fail "/log/key differs from log key"
curl -s "${url}log/checkpoint" | head -1 | grep -qx "example.org/veche" || fail "checkpoint origin"
code=$(curl -s -o /dev/null -w '%{http_code}' "${url}log/tile/entries/000.p/1")
[ "$code" = 200 ] || fail "entry bundle answered $code"
code=$(curl -s -o /dev/null -w '%{http_code}' "${url}log/tile/0/0")
[ "$code" = 400 ] || fail "bad tile path answered $code"
"$veche" log verify --url "${url}log/" --key "$vkey" --save-checkpoint "$work/cp" > "$work/verify.out" 2>&1 \
  || fail "log verify failed: $(cat "$work/verify.out")"
grep -q "^OK: example.org/veche size 1 " "$work/verify.out" || fail "log verify output"
"$veche" log verify --url "${url}log" --key "$vkey" --from-checkpoint "$work/cp" --quiet > "$work/verify2.out" \
  || fail "log verify --from-checkpoint failed"
grep -q "consistent with the older checkpoint of size 1" "$work/verify2.out" || fail "consistency not reported"
other_key=$("$veche" init --data "$work/other" --origin example.org/veche | sed -n 's/^log verifier key: //p')
if "$veche" log verify --url "${url}log/" --key "$other_key" --quiet > "$work/verify3.out"; then
  fail "log verify accepted a log under the wrong key"
fi
grep -q "^FAILED: checkpoint: note has no signature by a known key" "$work/verify3.out" || fail "wrong-key message"
# Records: territories by the authority, a registrar, a citizen enrolled and binding their own key;
# refusals name the problem; an observer's replay reaches the node's state digest.
"$veche" keygen --out "$work/registrar.key" > /dev/null
auth="$work/node/authority.key"
"$veche" territory create --node "$url" --key "$auth" --id north --parent root --kind region --name North > /dev/null \
  || fail "territory create"
"$veche" territory create --node "$url" --key "$auth" --id town --parent north --kind city --name Town > /dev/null \
  || fail "territory create (city)"
if "$veche" territory create --node "$url" --key "$work/registrar.key" --id south --parent root --kind region \
  --name South 2> "$work/err"; then fail "a non-authority created a territory"; fi
grep -q "only an authority, or the holder of an office with the power .territories." "$work/err" || fail "refusal does not name the problem"
"$veche" registrar accredit --node "$url" --key "$auth" --registrar "$work/registrar.key.pub" --territory north \
  > /dev/null || fail "registrar accredit"
"$veche" citizen enrol --node "$url" --key "$work/registrar.key" --id c-0 --residence town --majority-date 2008-05-01 \
  --consultative-date 2004-05-01 --person "A. Person" --person-file - --registry "$work/registry.db" \
  < /dev/null > /dev/null 2> "$work/err" && fail "--person with --person-file was taken"
grep -q "excludes" "$work/err" || fail "--person with --person-file: no reason given"
printf 'A. Person\n' > "$work/person.txt"
"$veche" citizen enrol --node "$url" --key "$work/registrar.key" --id c-1 --residence town --majority-date 2008-05-01 \
  --consultative-date 2004-05-01 --person-file "$work/person.txt" --registry "$work/registry.db" > "$work/enrol.out" \
  || fail "citizen enrol"
"$veche" registry export --registry "$work/registry.db" --id c-1 | grep -q "^personal data: A. Person$" \
  || fail "registry export"
code=$(sed -n 's/^enrolment code.*: //p' "$work/enrol.out")
[ ${#code} = 32 ] || fail "enrolment code not printed"
"$veche" citizen bind --node "$url" --id c-1 --code "$code" --out "$work/citizen.key" > /dev/null || fail "citizen bind"
[ "$(stat -c %a "$work/citizen.key")" = 600 ] || fail "citizen key mode"
if "$veche" citizen bind --node "$url" --id c-1 --code "$code" --out "$work/again.key" 2> "$work/err"; then
  fail "an enrolment code bound twice"
fi
[ ! -e "$work/again.key" ] || fail "a refused bind left a key file"
"$veche" citizen move --node "$url" --key "$work/registrar.key" --id c-1 --residence north > /dev/null || fail "move"
"$veche" collective create --node "$url" --key "$auth" --id mill --territory town --kind workplace --name Mill \
  > /dev/null || fail "collective create"
"$veche" citizen join --node "$url" --key "$work/citizen.key" --id c-1 --collective mill > /dev/null || fail "join"
"$veche" citizen rotate-key --node "$url" --key "$work/citizen.key" --id c-1 --out "$work/citizen2.key" > /dev/null \
  || fail "rotate-key"
if "$veche" citizen leave --node "$url" --key "$work/citizen.key" --id c-1 --collective mill 2> /dev/null; then
  fail "the rotated-away key still speaks for the citizen"
fi
"$veche" citizen leave --node "$url" --key "$work/citizen2.key" --id c-1 --collective mill > /dev/null || fail "leave"
"$veche" verify --url "$url" --key "$vkey" > "$work/observe.out" || fail "observer: $(cat "$work/observe.out")"
grep -q "^OK: the node's state digest matches the replay" "$work/observe.out" || fail "observer digest"
"$veche" registry erase --registry "$work/registry.db" --id c-1 > /dev/null || fail "registry erase"
"$veche" registry export --registry "$work/registry.db" --id c-1 | grep -q "^erased" || fail "erased person still exported"
! grep -q "A. Person" "$work/registry.db" || fail "erased data still in the registry file"
"$veche" verify --url "$url" --key "$vkey" --quiet | grep -q "^OK" || fail "the log does not verify after erasure"
grep -q "^records: 11$" "$work/observe.out" || fail "observer record count"
kill -TERM "$server_pid"
wait "$server_pid" || fail "serve exited non-zero after SIGTERM"
server_pid=""
"$veche" replay --data "$work/node" 2> /dev/null > "$work/replay.out" || fail "replay"
[ "$(grep '^state digest' "$work/replay.out")" = "$(grep '^state digest' "$work/observe.out")" ] \
  || fail "replay and observer digests differ"
"$veche" rebuild --data "$work/node" > "$work/rebuild.out" || fail "rebuild"
[ "$(grep '^state digest' "$work/rebuild.out")" = "$(grep '^state digest' "$work/observe.out")" ] \
  || fail "rebuilt state tables have another digest"

# serve on a fresh directory: initialises it, prints its address; /healthz answers 200; SIGTERM
# stops it cleanly.
"$veche" serve --data "$work/data" --listen 127.0.0.1:0 > "$work/serve.out" 2> "$work/serve.err" &
server_pid=$!
url=$(wait_for_url "$work/serve.out")
[ -f "$work/data/log.key" ] || fail "serve did not initialise the data directory"
grep -q "initialised a new data directory" "$work/serve.out" || fail "serve did not say it initialised"
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
