#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# End-to-end test of a secret-ballot election through the real veche binary: an authority defines
# an election with five trustees and threshold three -> the trustees commit, reveal and check
# their shares (a cheating dealer is caught in src/veche/core/election/rules_test.cc) ->
# the clock opens it -> citizens cast encrypted ballots (one re-votes, one audits instead of
# casting, refusals) -> the clock closes it -> three trustees decrypt, one stays absent -> the node
# records the result -> `veche verify-election` from another process checks every step.
# With --browser (ctest election_browser_end_to_end), a fifth citizen casts her ballot in the web
# UI in Debian's chromium (web/test/cast-ballot.mjs): encrypted and proved by the browser's code,
# counted, decrypted and verified with the others.
#   tests/election_cli_test.sh VECHE_BINARY [--browser]
browser="${2:-}"
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=tests/e2e_lib.sh
source "$here/e2e_lib.sh" "$1"
data="$work/node"
citizens=(ann bob cat dan)
[ "$browser" = --browser ] && citizens+=(eve)

check_help "election define" "election show" "trustee commit" "trustee reveal" "trustee check" "trustee decrypt" \
  "ballot cast" verify-election

start_union "${citizens[@]}"
trustee_args=()
for t in 1 2 3 4 5; do
  "$veche" keygen --out "$work/trustee$t.key" > /dev/null
  trustee_args+=(--trustee "$work/trustee$t.key.pub")
done
"$veche" election define --node "$url" --key "$auth" --id mayor --territory union --title "Mayor of the Union" \
  --option Ivanova --option Petrov --option Sidorova --limit 1 --opens 2026-03-02 --closes 2026-03-09 \
  "${trustee_args[@]}" --threshold 3 > "$work/define.out" || fail "election define: $(cat "$work/define.out")"
grep -q "^election hash: " "$work/define.out" || fail "define prints no election hash"

trustee() {  # step trustee-number
  "$veche" trustee "$1" --node "$url" --log-key "$vkey" --key "$work/trustee$2.key" --election mayor \
    --secrets "$work/trustee$2.secrets" > "$work/trustee-$1-$2.out" 2> "$work/err" \
    || fail "trustee $1 $2: $(cat "$work/err")"
}
if "$veche" trustee reveal --node "$url" --log-key "$vkey" --key "$work/trustee1.key" --election mayor \
  --secrets "$work/trustee1.secrets" 2> "$work/err" > /dev/null; then
  fail "a trustee revealed before making its secrets"
fi
for t in 1 2 3 4 5; do trustee commit $t; done
[ "$(stat -c %a "$work/trustee1.secrets")" = 600 ] || fail "trustee secrets are not mode 0600"
for t in 1 2 3 4 5; do trustee reveal $t; done
for t in 1 2 3 4 5; do
  trustee check $t
  grep -q "every share received is correct" "$work/trustee-check-$t.out" || fail "trustee $t found a bad share"
done
# A second election whose third trustee commits but never reveals: at its opening time it has 2
# qualified trustees of the 3 it needs, so it can never open and is shown as failed.
"$veche" election define --node "$url" --key "$auth" --id council --territory union --title "Council" \
  --option A --option B --limit 1 --opens 2026-03-02 --closes 2026-03-09 --threshold 3 \
  --trustee "$work/trustee1.key.pub" --trustee "$work/trustee2.key.pub" --trustee "$work/trustee3.key.pub" \
  > /dev/null || fail "election define council"
for step_trustee in "commit 1" "commit 2" "commit 3" "reveal 1" "reveal 2"; do
  read -r step t <<< "$step_trustee"
  "$veche" trustee "$step" --node "$url" --log-key "$vkey" --key "$work/trustee$t.key" --election council \
    --secrets "$work/council$t.secrets" > /dev/null 2> "$work/err" || fail "council trustee $step $t: $(cat "$work/err")"
done
curl -sf "${url}elections/council" | grep -q '"status":"keygen"' || fail "council is not in its key ceremony"
# A citizen is not a trustee.
if "$veche" trustee commit --node "$url" --log-key "$vkey" --key "$work/ann.key" --election mayor \
  --secrets "$work/ann.secrets" 2> "$work/err" > /dev/null; then
  fail "a citizen acted as a trustee"
fi
grep -q "not a trustee" "$work/err" || fail "the non-trustee refusal does not say why"
stop_node

"$veche" clock advance --data "$data" --to 2026-03-02 > "$work/clock1.out" || fail "clock advance (open)"
grep -q "1 due" "$work/clock1.out" || fail "the election did not open: $(cat "$work/clock1.out")"
start_node
"$veche" election show --node "$url" --id mayor > "$work/e1.json" || fail "election show"
grep -q '"status":"voting"' "$work/e1.json" || fail "election not open: $(cat "$work/e1.json")"
curl -sf "${url}elections/council" > "$work/council.json" || fail "GET council"
grep -q '"status":"failed"' "$work/council.json" || fail "council not shown as failed: $(cat "$work/council.json")"
grep -q '"failure":"election .council. has 2 qualified trustees and needs 3' "$work/council.json" \
  || fail "council's failure not explained: $(cat "$work/council.json")"
curl -sf "${url}elections?status=failed" | grep -q '"id":"council"' || fail "the failed filter misses council"
curl -sf "${url}elections?status=keygen" | grep -q '"id":"council"' && fail "council is still listed as keygen"
cast() {  # citizen choice...
  local who=$1
  shift
  local args=()
  for c in "$@"; do args+=(--choice "$c"); done
  "$veche" ballot cast --node "$url" --log-key "$vkey" --key "$work/$who.key" --election mayor "${args[@]}" \
    > "$work/cast-$who.out" 2> "$work/err" || fail "ballot of $who: $(cat "$work/err")"
  grep -q "^tracking code: [0-9a-f]\{64\}$" "$work/cast-$who.out" || fail "no tracking code for $who"
}
cast ann Petrov
cast bob Petrov
cast cat Sidorova
cast ann Ivanova # ann changes her mind: this ballot counts
# dan audits a ballot instead of casting it, then casts a blank ballot.
"$veche" ballot cast --node "$url" --log-key "$vkey" --key "$work/dan.key" --election mayor --choice Ivanova --audit \
  > "$work/audit.out" || fail "audit: $(cat "$work/audit.out")"
grep -q "audit: the ciphertexts encrypt exactly these marks" "$work/audit.out" || fail "audit did not check"
grep -q "option 0 (Ivanova): mark 1, nonce [0-9a-f]\{64\}" "$work/audit.out" || fail "audit does not open the ballot"
cast dan
petrov=1
if [ "$browser" = --browser ]; then
  node "$here/../web/test/cast-ballot.mjs" "$url" "$work/eve.key" mayor Petrov "$work/eve-ballot.png" \
    > "$work/cast-eve.out" 2> "$work/err" || fail "the browser's ballot: $(cat "$work/err")"
  eve=$(sed -n 's/^tracking code: //p' "$work/cast-eve.out")
  curl -sf "${url}elections/mayor/ballots" | grep -q "\"citizen\":\"eve\",\"tracker\":\"$eve\"" \
    || fail "the browser's tracking code is not listed"
  petrov=2
fi
voters=${#citizens[@]}
tracker=$(sed -n 's/^tracking code: //p' "$work/cast-ann.out")
curl -sf "${url}elections/mayor/ballots" | grep -q "\"citizen\":\"ann\",\"tracker\":\"$tracker\"" \
  || fail "ann's last tracking code is not listed"
if "$veche" ballot cast --node "$url" --log-key "$vkey" --key "$work/bob.key" --election mayor --choice Petrov \
  --choice Ivanova 2> "$work/err" > /dev/null; then
  fail "two marks were accepted with a limit of one"
fi
grep -q "at most 1" "$work/err" || fail "the over-limit refusal does not say why"
if "$veche" ballot cast --node "$url" --log-key "$vkey" --key "$work/trustee1.key" --election mayor \
  --choice Petrov 2> "$work/err" > /dev/null; then
  fail "a trustee (not a citizen) cast a ballot"
fi
grep -q "not a citizen" "$work/err" || fail "the trustee's ballot refusal does not say why"
stop_node

"$veche" clock advance --data "$data" --to 2026-03-09 > "$work/clock2.out" || fail "clock advance (close)"
start_node
"$veche" election show --node "$url" --id mayor | grep -q '"status":"counting"' || fail "election not counting"
# Trustee 2 is absent; 5, 1 and 4 decrypt. The second share is not enough.
trustee decrypt 5
trustee decrypt 1
"$veche" verify-election --url "$url" --key "$vkey" mayor > "$work/verify1.out" || fail "verify (partial)"
grep -q "no result yet: 2 of 3 shares needed" "$work/verify1.out" || fail "partial verify: $(cat "$work/verify1.out")"
trustee decrypt 4
stop_node
"$veche" clock advance --data "$data" --days 1 > "$work/clock3.out" || fail "clock advance (result)"
grep -q "1 due" "$work/clock3.out" || fail "the result was not recorded: $(cat "$work/clock3.out")"
start_node
"$veche" election show --node "$url" --id mayor > "$work/e2.json"
grep -q "\"counts\":\[1,$petrov,1\]" "$work/e2.json" || fail "wrong result: $(cat "$work/e2.json")"
grep -q '"status":"decided"' "$work/e2.json" || fail "election not decided"

# An observer in another process checks the whole election from the log.
"$veche" verify-election --url "$url" --key "$vkey" mayor > "$work/verify.out" \
  || fail "verify-election: $(cat "$work/verify.out")"
grep -q "^OK: election 'mayor' verifies" "$work/verify.out" || fail "verify-election: $(cat "$work/verify.out")"
grep -q "Ivanova 1, Petrov $petrov, Sidorova 1" "$work/verify.out" || fail "verify-election counts"
grep -q "$voters voters' last ballots count (1 replaced)" "$work/verify.out" || fail "last-ballot rule not reported"
[ "$(grep -c '^\[..\] OK' "$work/verify.out")" = 14 ] || fail "not 14 checks passed: $(cat "$work/verify.out")"
"$veche" verify-election --url "$url" --key "$vkey" council > "$work/verify3.out" \
  || fail "verify-election council: $(cat "$work/verify3.out")"
grep -q "the election failed: 2 trustees qualified by its opening time and 3 are needed" "$work/verify3.out" \
  || fail "verify-election does not report council's failure: $(cat "$work/verify3.out")"
if "$veche" verify-election --url "$url" --key "$vkey" nosuch > "$work/verify2.out"; then
  fail "verify-election accepted an unknown election"
fi
stop_node
cat "$work/verify.out"
echo "election end-to-end: OK"
