#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# End-to-end test of recalls through the real veche binary: the People's Assembly adopts a charter
# of open elections and quick recalls (3 raters, 2 days below 20%, 3 days' grace) -> ann is elected
# clerk by roll call over bob -> five citizens disapprove; after two closed days ann is suspended
# and bob, the runner-up, accepts to act with the office's powers -> ann answers the voters, approval does
# not recover, and when the grace period ends the office is vacated and the by-election opens ->
# bob wins it -> one signature (the charter's 1%) calls a recall vote, a majority votes recall,
# and the node's close vacates the office again -> the portrait keeps both ended tenures with
# their rating histories -> `veche verify` replays it all to the node's digest from another process.
#   tests/accountability_cli_test.sh VECHE_BINARY
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=tests/e2e_lib.sh
source "$here/e2e_lib.sh" "$1"
data="$work/node"
citizens=(ann bob cat dan eve fay)

start_union "${citizens[@]}"

advance() {  # days what
  stop_node
  "$veche" clock advance --data "$data" --days "$1" > "$work/clock.out" || fail "clock advance ($2)"
  start_node
}
show() {  # the office's JSON into $work/clerk.json
  "$veche" office show --node "$url" --id clerk > "$work/clerk.json" || fail "office show"
}
expect() {  # what patterns...: each grep -q pattern must be in the office's JSON
  local what=$1
  shift
  show
  for field in "$@"; do
    grep -q -- "$field" "$work/clerk.json" || fail "$what: no $field in $(cat "$work/clerk.json")"
  done
}

# The charter of quick recalls, adopted by every citizen at the next session.
"$veche" measure table --node "$url" --key "$auth" --id quick-recalls --territory union --kind charter \
  --title "Open elections and quick recalls" --set open_elections=true --set recall_min_raters=3 \
  --set recall_period_days=2 --set grace_period_days=3 --set voting_days=2 > /dev/null || fail "charter table"
advance 1 "the session opens"
for c in "${citizens[@]}"; do
  "$veche" vote --node "$url" --key "$work/$c.key" --measure quick-recalls --choice yes > /dev/null || fail "vote $c"
done
advance 15 "the session closes"
curl -sf "${url}territories/union/charter" > "$work/charter.txt"
grep -qx "recall_period_days=2" "$work/charter.txt" || fail "the charter is not in force: $(cat "$work/charter.txt")"

# The clerk, elected in the open: ann over bob.
"$veche" office create --node "$url" --key "$auth" --id clerk --title "Clerk of the Union" --territory union \
  > /dev/null || fail "office create"
advance 1 "the contest opens"
fill() {  # contest winner runner-up voters-for-winner...
  local winner=$2 runner=$3
  shift 3
  for who in "$winner" "$runner"; do
    "$veche" nominate --node "$url" --key "$work/$who.key" --office clerk --nominee "$who" --id "$1-$who" \
      > "$work/out" 2>&1 || fail "nominate $who: $(cat "$work/out")"
    "$veche" candidacy file --node "$url" --key "$work/$who.key" --office clerk --nomination "$1-$who" \
      > "$work/out" 2>&1 || fail "candidacy $who: $(cat "$work/out")"
  done
  advance 21 "the nominations close"
  for who in "$@"; do
    "$veche" office vote --node "$url" --key "$work/$who.key" --office clerk --choice "$winner" > /dev/null \
      || fail "office vote $who"
  done
  "$veche" office vote --node "$url" --key "$work/$runner.key" --office clerk --choice "$runner" > /dev/null \
    || fail "office vote $runner"
  advance 2 "the vote closes"
  advance 1 "the winner is seated"
}
fill contest-1 ann bob ann cat dan
expect "ann's election" '"holder":"ann"'

# Five citizens disapprove; two closed days later ann is suspended and bob acts.
for c in bob cat dan eve fay; do
  "$veche" rate --node "$url" --key "$work/$c.key" --office clerk --disapprove > /dev/null || fail "rate $c"
done
advance 1 "one day below"
expect "one day below" '"days_below":1' '"suspended":false' '"wielder":"ann"'
advance 1 "two days below"
expect "the suspension" '"suspended":true' '"acting":"bob"' '"acting_accepted":false' '"wielder":""' \
  '"approval_permille":0'
if "$veche" acting accept --node "$url" --key "$work/cat.key" --office clerk > "$work/out" 2>&1; then
  fail "cat accepted to act in bob's place"
fi
grep -q "'bob' is designated to act" "$work/out" || fail "cat's refusal does not say why: $(cat "$work/out")"
"$veche" acting accept --node "$url" --key "$work/bob.key" --office clerk > /dev/null || fail "acting accept"
expect "bob acting" '"acting_accepted":true' '"wielder":"bob"'
echo "I ask the citizens for time: the register is being rebuilt." > "$work/answer.txt"
"$veche" statement --node "$url" --key "$work/ann.key" --office clerk --text-file "$work/answer.txt" > /dev/null \
  || fail "statement"
if "$veche" statement --node "$url" --key "$work/bob.key" --office clerk --text-file "$work/answer.txt" \
  > "$work/out" 2>&1; then
  fail "the acting holder made the holder's statement"
fi
"$veche" rate --node "$url" --key "$work/cat.key" --office clerk --approve > /dev/null || fail "cat changes her mind"
advance 3 "the grace period ends"
expect "the vacancy" '"holder":""' '"ended":"recalled"' '"contests":\["contest-1","contest-2"\]' \
  '"stage":"nominating"'

# The by-election: bob over cat; then a petition recall.
fill contest-2 bob cat bob dan eve
expect "bob's election" '"holder":"bob"'
if "$veche" recall sign --node "$url" --key "$work/bob.key" --office clerk > "$work/out" 2>&1; then
  fail "the holder signed his own recall"
fi
"$veche" recall sign --node "$url" --key "$work/fay.key" --office clerk > /dev/null || fail "recall sign"
expect "the recall vote" '"stage":"voting"' '"needed":1'
for vote in "ann recall" "cat recall" "dan recall" "eve keep"; do
  set -- $vote
  "$veche" recall vote --node "$url" --key "$work/$1.key" --office clerk --choice "$2" > /dev/null \
    || fail "recall vote $vote"
done
advance 2 "the recall vote closes"
expect "the petition's recall" '"outcome":"recalled"' '"recall":3' '"keep":1' '"holder":""' \
  '"contests":\["contest-1","contest-2","contest-3"\]'
show
[ "$(grep -o '"ended":"recalled"' "$work/clerk.json" | wc -l)" = 2 ] || fail "not two recalled tenures"

# The portraits keep the ended tenures' rating histories.
curl -sf "${url}officials/ann" > "$work/ann.json" || fail "GET /officials/ann"
for field in '"ended":"recalled"' '"history":{"approvals":\[0,1\],"day":\[[0-9]*,[0-9]*\],"disapprovals":\[5,4\]}' \
  '"final":{"approvals":1,"disapprovals":4}'; do
  grep -q -- "$field" "$work/ann.json" || fail "ann's portrait lacks $field: $(cat "$work/ann.json")"
done
curl -sf "${url}officials/bob" > "$work/bob.json" || fail "GET /officials/bob"
grep -q '"office":"clerk".*"ended":"recalled"' "$work/bob.json" || fail "bob's portrait: $(cat "$work/bob.json")"

"$veche" verify --url "$url" --key "$vkey" > "$work/verify.out" 2>&1 || fail "veche verify: $(cat "$work/verify.out")"
grep -q "^OK: the node's state digest matches the replay" "$work/verify.out" || fail "the observer's digest"
stop_node
echo "accountability end-to-end: OK"
