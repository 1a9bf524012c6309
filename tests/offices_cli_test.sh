#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# End-to-end test of filling an office through the real veche binary: a training body certifies
# three citizens -> an authority keeps a trustee roll and creates a mayor's office -> the clock
# opens its contest -> the works' confirmed members nominate ann at their meeting (a
# self-declared member's vote is refused), citizens nominate bob by signatures, cat herself ->
# candidacies with promise files (refusals: no certificate, a second candidacy) -> the clock closes
# the nominations and calls a secret election -> trustees key it, citizens vote, nobody has a
# majority -> a runoff between the first two -> the winner holds the office for the charter's term
# and uses the power over collectives the office carries (another citizen may not) -> the term
# ends by the clock, the power with it, and the successor's contest is open -> `veche verify` and
# `veche verify-election` (both rounds) agree from another process.
#   tests/offices_cli_test.sh VECHE_BINARY
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=tests/e2e_lib.sh
source "$here/e2e_lib.sh" "$1"
data="$work/node"
citizens=(ann bob cat dan eve)

check_help "certificate accredit" "certificate issue" "certificate revoke" "certificate list" "office create" \
  "office roll" "office show" "office list" "office resign" "office abolish" nominate "candidacy file" \
  "candidacy list" "membership confirm" "meeting open" "meeting vote" "meeting show" "office grant" \
  "office ungrant" "office vote" rate statement "promise report" "promise contest" "recall sign" "recall vote" \
  payroll pay "ministry publish" "ministry spend" "acting accept" "acting accept"

start_union "${citizens[@]}"

# The school of cadres certifies ann, bob and cat for management.
"$veche" keygen --out "$work/school.key" > /dev/null
"$veche" certificate accredit --node "$url" --key "$auth" --body-key "$work/school.key.pub" --id school \
  --name "School of Cadres" --territory union --class management > /dev/null || fail "certificate accredit"
for c in ann bob cat; do
  "$veche" certificate issue --node "$url" --key "$work/school.key" --id "cert-$c" --citizen "$c" \
    --class management --from 2026-01-01 --until 2031-01-01 > /dev/null || fail "certificate issue $c"
done
"$veche" certificate list --node "$url" --citizen ann | grep -q '"id":"cert-ann"' || fail "certificate list"
if "$veche" certificate issue --node "$url" --key "$work/ann.key" --id cert-x --citizen dan --class management \
  --from 2026-01-01 --until 2031-01-01 > "$work/out" 2>&1; then
  fail "a citizen issued a certificate"
fi
grep -q "not an active training body" "$work/out" || fail "the certificate refusal does not say why: $(cat "$work/out")"

# Trustees and the office.
trustee_args=()
for t in 1 2 3; do
  "$veche" keygen --out "$work/trustee$t.key" > /dev/null
  trustee_args+=(--trustee "$work/trustee$t.key.pub")
done
"$veche" office roll --node "$url" --key "$auth" --territory union "${trustee_args[@]}" --threshold 2 > /dev/null \
  || fail "office roll"
"$veche" office create --node "$url" --key "$auth" --id mayor --title "Mayor of the Union" --territory union \
  --requires management > /dev/null || fail "office create"
# The People's Assembly may create an office by a measure: tabled here, put to its next session.
"$veche" measure table --node "$url" --key "$auth" --id create-judge --territory union --kind office \
  --title "A judge for the Union" --office-action create --office judge --office-title "Judge of the Union" \
  > /dev/null || fail "measure table --kind office"
"$veche" measure show --node "$url" --id create-judge | grep -q '"office":{"action":"create","office":"judge"' \
  || fail "the office measure is not shown: $("$veche" measure show --node "$url" --id create-judge)"
stop_node
"$veche" clock advance --data "$data" --days 1 > "$work/clock.out" || fail "clock advance (contest)"
grep -q "2 due" "$work/clock.out" || fail "the contest and the session did not open: $(cat "$work/clock.out")"
start_node
"$veche" office show --node "$url" --id mayor > "$work/mayor.json" || fail "office show"
grep -q '"contest":"contest-1"' "$work/mayor.json" || fail "no contest running: $(cat "$work/mayor.json")"
"$veche" office list --node "$url" --territory union | grep -q '"id":"mayor"' || fail "office list"

# The works: ann, bob and cat ask to join and the registrar confirms them; eve asks and is not confirmed.
"$veche" collective create --node "$url" --key "$auth" --id works --territory union --kind workplace \
  --name "Union Works" > /dev/null || fail "collective create"
for c in ann bob cat eve; do
  "$veche" citizen join --node "$url" --key "$work/$c.key" --id "$c" --collective works > /dev/null || fail "join $c"
done
for c in ann bob cat; do
  "$veche" membership confirm --node "$url" --key "$work/registrar.key" --collective works --citizen "$c" \
    > /dev/null || fail "membership confirm $c"
done
if "$veche" membership confirm --node "$url" --key "$work/ann.key" --collective works --citizen eve > "$work/out" 2>&1; then
  fail "a member who is not the secretary confirmed another"
fi
curl -sf "${url}collectives/works" | grep -q '"members":\["ann","bob","cat"\],.*"requests":\["eve"\]' \
  || fail "the works' members and requests: $(curl -sf "${url}collectives/works")"
# The works' meeting nominates ann; eve, who only asked to join, may not vote.
"$veche" meeting open --node "$url" --key "$work/bob.key" --id works-ann --collective works --office mayor \
  --nominee ann --days 2 > /dev/null || fail "meeting open"
for c in ann bob; do
  "$veche" meeting vote --node "$url" --key "$work/$c.key" --id works-ann --choice yes > /dev/null || fail "meeting vote $c"
done
"$veche" meeting vote --node "$url" --key "$work/cat.key" --id works-ann --choice no > /dev/null || fail "meeting vote cat"
if "$veche" meeting vote --node "$url" --key "$work/eve.key" --id works-ann --choice yes > "$work/out" 2>&1; then
  fail "a self-declared member voted in the meeting"
fi
grep -q "was not an adult member" "$work/out" || fail "eve's refusal does not say why: $(cat "$work/out")"
# A second meeting of the works creates its chair, a post of its own.
if "$veche" meeting open --node "$url" --key "$work/bob.key" --id works-chair --collective works \
  --create-post works-chair > "$work/out" 2>&1; then
  fail "a post was proposed without a title"
fi
grep -q "needs --title" "$work/out" || fail "the missing title's refusal does not say why: $(cat "$work/out")"
"$veche" meeting open --node "$url" --key "$work/bob.key" --id works-chair --collective works \
  --create-post works-chair --title "Chair of the works" --term-years 2 --days 2 > /dev/null \
  || fail "meeting open --create-post"
for c in ann bob cat; do
  "$veche" meeting vote --node "$url" --key "$work/$c.key" --id works-chair --choice yes > /dev/null \
    || fail "meeting vote on the post, $c"
done
stop_node
"$veche" clock advance --data "$data" --days 2 > /dev/null || fail "clock advance (the meeting closes)"
start_node
"$veche" meeting show --node "$url" --id works-ann > "$work/meeting.json" || fail "meeting show"
grep -q '"nominated":true' "$work/meeting.json" || fail "the meeting did not nominate: $(cat "$work/meeting.json")"
grep -q '"outcome":"adopted"' "$work/meeting.json" || fail "the meeting was not adopted"
"$veche" meeting show --node "$url" --id works-chair > "$work/meeting.json" || fail "meeting show works-chair"
for field in '"subject":"office"' '"action":"create"' '"took_effect":true'; do
  grep -q "$field" "$work/meeting.json" || fail "the post meeting lacks $field: $(cat "$work/meeting.json")"
done
curl -sf "${url}offices/works-chair" | grep -q '"collective":"works"' \
  || fail "the works' chair is not its post: $(curl -s "${url}offices/works-chair")"

# Citizens' nominations: bob by himself with cat's signature, cat and dan by themselves.
nominate() {  # signer nominee
  "$veche" nominate --node "$url" --key "$work/$1.key" --office mayor --nominee "$2" > "$work/out" 2>&1 \
    || fail "nominate $2 by $1: $(cat "$work/out")"
}
nominate bob bob
nominate cat cat
nominate dan dan
"$veche" nominate --node "$url" --key "$work/cat.key" --sign mayor-bob > /dev/null || fail "nominate --sign"
if "$veche" nominate --node "$url" --key "$work/cat.key" --sign mayor-bob > "$work/out" 2>&1; then
  fail "a nomination was signed twice"
fi
grep -q "already signed" "$work/out" || fail "the second signature's refusal does not say why"

# Candidacies, with promise files.
echo "Repair every bridge of the Union before the spring floods." > "$work/bridges.txt"
echo "Publish the city's accounts every month." > "$work/accounts.txt"
stand() {  # citizen nomination promise-files...
  local who=$1 nomination=$2
  shift 2
  local args=()
  for f in "$@"; do args+=(--promise-file "$f"); done
  "$veche" candidacy file --node "$url" --key "$work/$who.key" --office mayor --nomination "$nomination" \
    "${args[@]}" > "$work/stand-$who.out" 2>&1
}
stand ann works-ann "$work/bridges.txt" "$work/accounts.txt" || fail "candidacy ann: $(cat "$work/stand-ann.out")"
stand bob mayor-bob "$work/accounts.txt" || fail "candidacy bob: $(cat "$work/stand-bob.out")"
stand cat mayor-cat || fail "candidacy cat: $(cat "$work/stand-cat.out")"
stand dan mayor-dan && fail "a candidacy without the required certificate was accepted"
grep -q "requires a valid 'management' certificate" "$work/stand-dan.out" || fail "dan's refusal: $(cat "$work/stand-dan.out")"
stand ann works-ann && fail "a second candidacy was accepted"
grep -q "frozen" "$work/stand-ann.out" || fail "the second candidacy's refusal: $(cat "$work/stand-ann.out")"
"$veche" candidacy list --node "$url" --office mayor > "$work/contest.json" || fail "candidacy list"
grep -q '"candidates":3' "$work/contest.json" || fail "not 3 candidates: $(cat "$work/contest.json")"
grep -q '"certificates":\["cert-ann"\]' "$work/contest.json" || fail "ann's certificate is not shown"

trustees() {  # election steps...
  local election=$1
  shift
  for step in "$@"; do
    for t in 1 2 3; do
      [ "$step" = decrypt ] && [ "$t" = 3 ] && continue  # two of three decrypt
      "$veche" trustee "$step" --node "$url" --log-key "$vkey" --key "$work/trustee$t.key" --election "$election" \
        --secrets "$work/$election-$t.secrets" > /dev/null 2> "$work/err" \
        || fail "trustee $step $t of $election: $(cat "$work/err")"
    done
  done
}
cast() {  # election citizen choice
  "$veche" ballot cast --node "$url" --log-key "$vkey" --key "$work/$2.key" --election "$1" --choice "$3" \
    > /dev/null 2> "$work/err" || fail "ballot of $2 in $1: $(cat "$work/err")"
}
advance() {  # days what
  stop_node
  "$veche" clock advance --data "$data" --days "$1" > "$work/clock.out" || fail "clock advance ($2)"
  start_node
}
advance 19 "nominations close"
curl -sf "${url}contests/contest-1" | grep -q '"stage":"voting"' || fail "no vote was called"
trustees contest-1-1 commit reveal check
advance 7 "round one opens"
cast contest-1-1 ann ann
cast contest-1-1 bob bob
cast contest-1-1 cat cat
cast contest-1-1 dan ann
cast contest-1-1 eve bob
advance 7 "round one closes"
trustees contest-1-1 decrypt
advance 1 "round one's result"
curl -sf "${url}elections/contest-1-1" | grep -q '"counts":\[2,2,1\]' || fail "round one's counts"
curl -sf "${url}contests/contest-1" > "$work/contest.json"
grep -q '"elections":\["contest-1-1","contest-1-2"\]' "$work/contest.json" || fail "no runoff: $(cat "$work/contest.json")"
curl -sf "${url}elections/contest-1-2" | grep -q '"options":\["ann","bob"\]' || fail "the runoff is not between ann and bob"
trustees contest-1-2 commit reveal check
advance 7 "the runoff opens"
cast contest-1-2 ann ann
cast contest-1-2 bob bob
cast contest-1-2 cat bob
cast contest-1-2 dan bob
cast contest-1-2 eve ann
advance 7 "the runoff closes"
trustees contest-1-2 decrypt
advance 1 "the runoff's result"
"$veche" office show --node "$url" --id mayor > "$work/mayor.json"
grep -q '"holder":"bob"' "$work/mayor.json" || fail "bob does not hold the office: $(cat "$work/mayor.json")"
grep -q '"winner":"bob"' <(curl -sf "${url}contests/contest-1") || fail "bob is not the winner"
if "$veche" office resign --node "$url" --key "$work/ann.key" --id mayor > "$work/out" 2>&1; then
  fail "a non-holder resigned"
fi
grep -q "only the office's holder" "$work/out" || fail "the resignation refusal does not say why"
# The office carries the power over collectives: bob, its holder, creates one; ann may not.
"$veche" office grant --node "$url" --key "$auth" --id mayor --power collectives > /dev/null || fail "office grant"
"$veche" collective create --node "$url" --key "$work/bob.key" --id library --territory union --kind cooperative \
  --name "Union Library" > /dev/null || fail "the mayor could not use the office's power"
if "$veche" collective create --node "$url" --key "$work/ann.key" --id garden --territory union --kind farm \
  --name "Garden" > "$work/out" 2>&1; then
  fail "a citizen without the office used its power"
fi
grep -q "the power 'collectives'" "$work/out" || fail "the power refusal does not say why: $(cat "$work/out")"

# Citizens rate the mayor: ann and cat disapprove, cat changes her mind; bob may not rate himself;
# a day later the node has closed the day, and bob answers the voters.
for rating in "ann --disapprove" "cat --disapprove" "cat --approve" "dan --approve"; do
  set -- $rating
  "$veche" rate --node "$url" --key "$work/$1.key" --office mayor "$2" > /dev/null || fail "rate $rating"
done
if "$veche" rate --node "$url" --key "$work/cat.key" --office mayor --approve > "$work/out" 2>&1; then
  fail "a second identical rating was taken"
fi
grep -q "one current rating each" "$work/out" || fail "the repeated rating's refusal does not say why: $(cat "$work/out")"
if "$veche" rate --node "$url" --key "$work/bob.key" --office mayor --disapprove > "$work/out" 2>&1; then
  fail "the holder rated himself"
fi
"$veche" rate --node "$url" --key "$work/dan.key" --office mayor --withdraw > /dev/null || fail "rate --withdraw"
if "$veche" rate --node "$url" --key "$work/dan.key" --office mayor > "$work/out" 2>&1; then
  fail "a rating without a choice was taken"
fi
advance 1 "the ratings' day closes"
echo "The library opens on Sundays from next month." > "$work/answer.txt"
"$veche" statement --node "$url" --key "$work/bob.key" --office mayor --text-file "$work/answer.txt" > /dev/null \
  || fail "statement"
# bob reports his one promise (monthly accounts) done; ann contests the report.
echo "The accounts of March are published at the city hall." > "$work/evidence.txt"
"$veche" promise report --node "$url" --key "$work/bob.key" --office mayor --item 0 --status done \
  --text-file "$work/evidence.txt" > /dev/null || fail "promise report"
if "$veche" promise report --node "$url" --key "$work/bob.key" --office mayor --item 1 --status done \
  --text-file "$work/evidence.txt" > "$work/out" 2>&1; then
  fail "a report on a promise bob never made was taken"
fi
grep -q "has 1 promises" "$work/out" || fail "the missing promise's refusal does not say why: $(cat "$work/out")"
echo "Only half of the accounts are there." > "$work/reason.txt"
"$veche" promise contest --node "$url" --key "$work/ann.key" --office mayor --item 0 --text-file "$work/reason.txt" \
  > /dev/null || fail "promise contest"
"$veche" office show --node "$url" --id mayor > "$work/mayor.json"
for field in '"outcome":"kept"' '"contests":1' '"status":"done"'; do
  grep -q "$field" "$work/mayor.json" || fail "the mayor's promises lack $field: $(cat "$work/mayor.json")"
done
for field in '"approvals":1' '"disapprovals":1' '"approval_permille":500' '"suspended":false' '"wielder":"bob"' \
  '"history":\[{"approvals":1,"day":[0-9]*,"disapprovals":1}\]' '"statements":\["[0-9a-f]\{64\}"\]'; do
  grep -q "$field" "$work/mayor.json" || fail "the mayor's approval lacks $field: $(cat "$work/mayor.json")"
done
for round in 1 2; do
  "$veche" verify-election --url "$url" --key "$vkey" "contest-1-$round" > "$work/verify-$round.out" \
    || fail "verify-election round $round: $(cat "$work/verify-$round.out")"
  grep -q "^OK: election 'contest-1-$round' verifies" "$work/verify-$round.out" || fail "round $round does not verify"
done

# bob's portrait: the mayor's tenure with its promises and approval, his candidacy, no certificate
# lost; an unknown citizen is 404.
curl -sf "${url}officials/bob" > "$work/bob.json" || fail "GET /officials/bob"
for field in '"office":"mayor"' '"elected":true' '"kept":1' '"raters":2' '"certificates":\[{' '"candidacies":\[{'; do
  grep -q "$field" "$work/bob.json" || fail "bob's portrait lacks $field: $(cat "$work/bob.json")"
done
[ "$(curl -s -o /dev/null -w '%{http_code}' "${url}officials/nobody")" = 404 ] || fail "an unknown official is not 404"

# bob's pay: none can be set while no payroll caps it, 0 (unpaid) always; as an open ministry he
# publishes a decision (ann may not), and spending needs a budget in force.
if "$veche" pay --node "$url" --key "$auth" --office mayor --monthly 50000 > "$work/out" 2>&1; then
  fail "a pay with no average worker's pay to cap it was set"
fi
grep -q "no payroll is reported in territory 'union'" "$work/out" || fail "the pay refusal does not say why: $(cat "$work/out")"
"$veche" pay --node "$url" --key "$auth" --office mayor --monthly 0 > /dev/null || fail "pay --monthly 0"
if "$veche" payroll --node "$url" --key "$work/bob.key" --collective works --month 2026-13 --workers 3 \
  --total-pay 9000 > "$work/out" 2>&1; then
  fail "a payroll of month 13 was taken"
fi
grep -q "YYYY-MM" "$work/out" || fail "the month refusal does not say why: $(cat "$work/out")"
if "$veche" payroll --node "$url" --key "$work/bob.key" --collective works --month 2026-03 --workers 3 \
  --total-pay 9000 > "$work/out" 2>&1; then
  fail "the mayor reported the works' payroll"
fi
grep -q "only the holder of a post of collective 'works'" "$work/out" || fail "the payroll refusal: $(cat "$work/out")"
echo "The city's accounts are published every month." > "$work/decision.txt"
"$veche" ministry publish --node "$url" --key "$work/bob.key" --office mayor --decision \
  --text-file "$work/decision.txt" > /dev/null || fail "ministry publish"
if "$veche" ministry publish --node "$url" --key "$work/ann.key" --office mayor --report \
  --text-file "$work/decision.txt" > "$work/out" 2>&1; then
  fail "ann published for bob's office"
fi
grep -q "only the one who wields office 'mayor'" "$work/out" || fail "ann's refusal does not say why: $(cat "$work/out")"
if "$veche" ministry spend --node "$url" --key "$work/bob.key" --office mayor --line Roads --amount 100 --to works \
  --text-file "$work/decision.txt" > "$work/out" 2>&1; then
  fail "spending with no budget in force was taken"
fi
grep -q "no budget is in force" "$work/out" || fail "the spending refusal does not say why: $(cat "$work/out")"
"$veche" office show --node "$url" --id mayor > "$work/mayor.json"
for field in '"texts_total":1' '"kind":"decision"' '"monthly":0' '"over_cap":false' '"average":null' '"budget":""'; do
  grep -q "$field" "$work/mayor.json" || fail "the mayor's pay or ministry lacks $field: $(cat "$work/mayor.json")"
done
curl -sf "${url}export/office_pay.csv" > "$work/pay.csv" || fail "GET /export/office_pay.csv"
grep -q "^mayor,0," "$work/pay.csv" || fail "the office_pay table: $(cat "$work/pay.csv")"

# A petition to recall bob: one signature is the charter's 1% of five adults, so ann's calls the
# vote; ann votes recall, cat and dan keep (dan changing his mind); the node closes it a week on.
if "$veche" recall sign --node "$url" --key "$work/bob.key" --office mayor > "$work/out" 2>&1; then
  fail "the holder signed his own recall"
fi
grep -q "takes no part in their own recall" "$work/out" || fail "bob's refusal does not say why: $(cat "$work/out")"
"$veche" recall sign --node "$url" --key "$work/ann.key" --office mayor > /dev/null || fail "recall sign"
for vote in "ann recall" "cat keep" "dan recall" "dan keep"; do
  set -- $vote
  "$veche" recall vote --node "$url" --key "$work/$1.key" --office mayor --choice "$2" > /dev/null \
    || fail "recall vote $vote"
done
advance 7 "the recall vote closes"
"$veche" office show --node "$url" --id mayor > "$work/mayor.json"
for field in '"outcome":"kept"' '"recall":1' '"keep":2' '"stage":"closed"' '"holder":"bob"'; do
  grep -q "$field" "$work/mayor.json" || fail "the recall lacks $field: $(cat "$work/mayor.json")"
done

# The term ends by the clock (three years, the charter's); the successor's contest is open.
advance 1100 "the term ends"
"$veche" office show --node "$url" --id mayor > "$work/mayor.json"
grep -q '"holder":""' "$work/mayor.json" || fail "the term did not end: $(cat "$work/mayor.json")"
grep -q '"ended":"term"' "$work/mayor.json" || fail "the tenure is not ended by its term"
grep -q '"contests":\["contest-1","contest-[0-9]*"\]' "$work/mayor.json" \
  || fail "no successor's contest: $(cat "$work/mayor.json")"
grep -q '"stage":"nominating"' "$work/mayor.json" || fail "the successor's contest is not nominating"
curl -sf "${url}export/tenures.csv" | grep -q "^mayor,1,bob,contest-1," || fail "the tenures table"
if "$veche" collective create --node "$url" --key "$work/bob.key" --id garden --territory union --kind farm \
  --name "Garden" > "$work/out" 2>&1; then
  fail "the power outlived the term"
fi

"$veche" verify --url "$url" --key "$vkey" > "$work/verify.out" 2>&1 || fail "veche verify: $(cat "$work/verify.out")"
stop_node
cat "$work/verify-2.out"
echo "offices end-to-end: OK"
