#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# End-to-end test of direct legislation through the real veche binary, as users run it:
# genesis -> territories -> citizens -> a tabled question and a citizens' initiative that reaches
# its threshold -> the node's clock opens the session -> votes (one changed, one consultative,
# refusals) with a live tally -> the clock closes it -> results -> the law in force, its text
# served -> an observer's replay and the node's own replay agree on the state digest.
# shellcheck source=tests/e2e_lib.sh
source "$(dirname "$0")/e2e_lib.sh" "$1"
data="$work/node"
json_field() { grep -o "\"$1\":[^,}]*" | head -1 | cut -d: -f2- | tr -d '"'; }

check_help "text publish" "measure table" "measure show" "initiative file" "initiative sign" "initiative withdraw" \
  "initiative show" "session petition" vote "law show" "clock advance"

# Genesis: initiatives need half the adults' signatures.
"$veche" init --data "$data" --origin example.org/veche --root-id union --root-name Union \
  --initiative-permille 500 > "$work/init.out" || fail "init"
vkey=$("$veche" log key --data "$data")
auth="$data/authority.key"
# The node's clock (what ages and deadlines are judged by) starts on a fixed day, so the test does
# not depend on today's date.
"$veche" clock advance --data "$data" --to 2026-01-05 > /dev/null || fail "clock advance --to"
if "$veche" clock advance --data "$data" --to 2025-12-31 2> "$work/err"; then fail "the clock went back"; fi
grep -q "has not moved past" "$work/err" || fail "going back does not say why"
start_node
"$veche" territory create --node "$url" --key "$auth" --id east --parent union --kind republic --name East \
  > /dev/null || fail "territory east"
"$veche" territory create --node "$url" --key "$auth" --id west --parent union --kind republic --name West \
  > /dev/null || fail "territory west"
"$veche" keygen --out "$work/registrar.key" > /dev/null
"$veche" registrar accredit --node "$url" --key "$auth" --registrar "$work/registrar.key.pub" --territory union \
  > /dev/null || fail "registrar accredit"
enrol() {  # id residence majority-date consultative-date
  "$veche" citizen enrol --node "$url" --key "$work/registrar.key" --id "$1" --residence "$2" --majority-date "$3" \
    --consultative-date "$4" --person-file - --registry "$work/registry.db" <<< "Person $1" > "$work/enrol-$1.out" \
    || fail "enrol $1"
  local code
  code=$(sed -n 's/^enrolment code.*: //p' "$work/enrol-$1.out")
  "$veche" citizen bind --node "$url" --id "$1" --code "$code" --out "$work/$1.key" > /dev/null || fail "bind $1"
}
enrol ann east 2000-01-01 1996-01-01
enrol bob east 1990-06-01 1986-06-01
enrol cat west 1985-03-01 1981-03-01
enrol kid west 2031-01-01 2020-01-01 # a consultative voter

# An authority tables a referendum question; a citizen files an initiative for a law.
printf 'Should the union build a second railway line?\n' > "$work/question.txt"
printf 'Every town of the union keeps a public library, open six days a week.\n' > "$work/libraries.txt"
"$veche" measure table --node "$url" --key "$auth" --id railway --territory union --kind question \
  --title "Second railway line" --text-file "$work/question.txt" > "$work/table.out" || fail "measure table"
grep -q "^publishing text " "$work/table.out" || fail "the question's text was not published first"
if "$veche" measure table --node "$url" --key "$work/ann.key" --id railway2 --territory union --kind question \
  --title "Not an authority" --text-file "$work/question.txt" 2> "$work/err" > /dev/null; then
  fail "a citizen tabled a measure"
fi
grep -q "only an authority, or the holder of an office with the power .measures." "$work/err" || fail "refused tabling does not say why"
"$veche" initiative file --node "$url" --key "$work/ann.key" --id libraries --territory union --kind law \
  --title "Public libraries act" --text-file "$work/libraries.txt" > /dev/null || fail "initiative file"
"$veche" initiative show --node "$url" --id libraries > "$work/init1.json" || fail "initiative show"
[ "$(json_field qualified < "$work/init1.json")" = false ] || fail "initiative qualified with one signature"
[ "$(json_field threshold < "$work/init1.json")" = 2 ] || fail "threshold is not half of 3 adults, rounded up"
if "$veche" initiative sign --node "$url" --key "$work/kid.key" --id libraries 2> "$work/err" > /dev/null; then
  fail "a minor signed an initiative"
fi
grep -q "age of majority" "$work/err" || fail "the minor's refusal does not say why"
"$veche" initiative sign --node "$url" --key "$work/bob.key" --id libraries > /dev/null || fail "initiative sign"
"$veche" initiative show --node "$url" --id libraries | grep -q '"qualified":true' || fail "initiative not qualified"
"$veche" measure show --node "$url" --id libraries | grep -q '"status":"pending"' || fail "measure not pending"
stop_node

# The node's clock moves a day: the session opens with both measures on its agenda.
"$veche" clock advance --data "$data" --days 1 > "$work/clock1.out" || fail "clock advance"
grep -q "1 due" "$work/clock1.out" || fail "no session opened: $(cat "$work/clock1.out")"
start_node
"$veche" measure show --node "$url" --id libraries > "$work/m1.json"
grep -q '"status":"voting"' "$work/m1.json" || fail "libraries not open for voting"
"$veche" vote --node "$url" --key "$work/ann.key" --measure libraries --choice yes > /dev/null || fail "vote ann"
"$veche" vote --node "$url" --key "$work/bob.key" --measure libraries --choice no > /dev/null || fail "vote bob"
"$veche" vote --node "$url" --key "$work/bob.key" --measure libraries --choice yes > /dev/null || fail "bob changes"
"$veche" vote --node "$url" --key "$work/cat.key" --measure libraries --choice no > /dev/null || fail "vote cat"
"$veche" vote --node "$url" --key "$work/kid.key" --measure libraries --choice no > /dev/null || fail "vote kid"
"$veche" vote --node "$url" --key "$work/cat.key" --measure railway --choice yes > /dev/null || fail "vote railway"
if "$veche" vote --node "$url" --key "$work/registrar.key" --measure libraries --choice yes 2> "$work/err"; then
  fail "a registrar voted"
fi
grep -q "not a citizen" "$work/err" || fail "the registrar's vote refusal does not say why"
if "$veche" vote --node "$url" --key "$work/ann.key" --measure libraries --choice maybe 2> /dev/null; then
  fail "a vote of 'maybe' was accepted"
fi
# The live tally: binding 2 yes 1 no, the consultative vote apart.
"$veche" measure show --node "$url" --id libraries > "$work/m2.json"
grep -q '"binding":{"abstain":0,"no":1,"yes":2}' "$work/m2.json" || fail "live tally: $(cat "$work/m2.json")"
grep -q '"consultative":{"abstain":0,"no":1,"yes":0}' "$work/m2.json" || fail "consultative tally"
# The roll call, page by page (written without a JSON tree, so checked byte for byte).
page1=$(curl -sf "${url}measures/libraries/votes?limit=2")
[ "$page1" = '{"measure":"libraries","votes":[{"citizen":"ann","vote":"yes"},{"citizen":"bob","vote":"yes"}],"next_after":"bob"}' ] \
  || fail "roll call page 1: $page1"
page2=$(curl -sf "${url}measures/libraries/votes?limit=2&after=bob")
[ "$page2" = '{"measure":"libraries","votes":[{"citizen":"cat","vote":"no"},{"citizen":"kid","vote":"no"}]}' ] \
  || fail "roll call page 2: $page2"
stop_node

# Fifteen days later the session is over: the clock closes it and records both results.
"$veche" clock advance --data "$data" --days 15 > "$work/clock2.out" || fail "clock advance (close)"
grep -q "3 due" "$work/clock2.out" || fail "close and two results not appended: $(cat "$work/clock2.out")"
start_node
"$veche" measure show --node "$url" --id libraries > "$work/m3.json"
grep -q '"outcome":"adopted"' "$work/m3.json" || fail "libraries not adopted: $(cat "$work/m3.json")"
grep -q '"consultative_outcome":"no-majority"' "$work/m3.json" || fail "consultative outcome"
"$veche" measure show --node "$url" --id railway | grep -q '"outcome":"adopted"' || fail "railway result"
"$veche" law show --node "$url" --id libraries | grep -q '"measure":"libraries"' || fail "law not in force"
curl -sf "${url}laws/libraries/text" | cmp -s - "$work/libraries.txt" || fail "the law's text served differs"
curl -sf "${url}laws?territory=union" | grep -q '"id":"libraries"' || fail "the registry of laws in force"
curl -sf "${url}laws?territory=east" | grep -q '"laws":\[\]' || fail "laws of another territory listed"
curl -sf "${url}measures?status=decided&limit=1" > "$work/page1.json" || fail "measures list"
grep -q '"next_after":"libraries"' "$work/page1.json" || fail "measures page 1: $(cat "$work/page1.json")"
curl -sf "${url}measures?status=decided&after=libraries" | grep -q '"id":"railway"' || fail "measures page 2"
curl -sf "${url}territories" | grep -q '"id":"west"' || fail "territories list"
curl -sf "${url}citizens?residence=west" | grep -q '"id":"kid"' || fail "citizens list"
curl -sf "${url}initiatives" | grep -q '"qualified":true' || fail "initiatives list"
etag=$(curl -sf -D - -o /dev/null "${url}measures/libraries" | tr -d '\r' | sed -n 's/^[Ee][Tt]ag: //p')
[ -n "$etag" ] || fail "no ETag"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "${url}measures/libraries")
[ "$code" = 304 ] || fail "If-None-Match with the current ETag answered $code"
# Bad reads get a 4xx with a JSON body naming the problem.
expect_status() {  # status path
  local got
  got=$(curl -s -o "$work/body" -w '%{http_code}' "${url}$2")
  [ "$got" = "$1" ] || fail "GET /$2 answered $got, not $1"
  grep -q '"error"' "$work/body" || fail "GET /$2 has no JSON error body"
}
expect_status 404 "measures/no-such-measure"
expect_status 404 "laws/no-such-law/text"
expect_status 404 "territories/atlantis"
expect_status 404 "initiatives/no-such-initiative"
expect_status 400 "texts/not-a-hash"
expect_status 404 "texts/$(printf '%064d' 0)"
expect_status 400 "measures/libraries/votes?limit=0"
expect_status 400 "measures/libraries/votes?limit=abc"
expect_status 400 "measures?limit=5000"
if "$veche" vote --node "$url" --key "$work/ann.key" --measure libraries --choice no 2> "$work/err"; then
  fail "a vote after the close was accepted"
fi
# An amendment of the law in force waits for the next session.
printf 'Every town of the union keeps a public library, open seven days a week.\n' > "$work/libraries2.txt"
"$veche" measure table --node "$url" --key "$auth" --id libraries-2 --territory union --kind amendment \
  --law libraries --title "Libraries open on Sundays" --text-file "$work/libraries2.txt" > /dev/null \
  || fail "amendment table"
"$veche" measure show --node "$url" --id libraries-2 | grep -q '"status":"pending"' || fail "amendment not pending"
# A charter amendment starts from the charter in force; it will need the charter's 2/3.
curl -sf "${url}territories/union/charter" | grep -qx "initiative_threshold_permille=500" || fail "charter route"
"$veche" measure table --node "$url" --key "$auth" --id four-sessions --territory union --kind charter \
  --title "Four sessions a year" --set sessions_per_year=4 --set quorum_permille=100 > /dev/null \
  || fail "charter amendment table"
"$veche" measure show --node "$url" --id four-sessions > "$work/charter.json"
grep -q '"sessions_per_year":4' "$work/charter.json" || fail "charter amendment: $(cat "$work/charter.json")"
grep -q '"quorum_permille":100' "$work/charter.json" || fail "charter amendment quorum"
if "$veche" measure table --node "$url" --key "$auth" --id bad-charter --territory union --kind charter \
  --title "Bad" --set sessions_per_year=5 2> "$work/err"; then fail "a charter with 5 sessions a year was tabled"; fi
grep -q "divide the year" "$work/err" || fail "the invalid charter's refusal does not say why"
curl -sf "${url}territories/union" | grep -q '"pending":\["four-sessions","libraries-2"\]' || fail "territory route"

# An observer mirrors the log, replays every record and reaches the node's digest.
"$veche" verify --url "$url" --key "$vkey" > "$work/observe.out" || fail "observer: $(cat "$work/observe.out")"
grep -q "^OK: the node's state digest matches the replay" "$work/observe.out" || fail "observer digest"
digest=$(curl -sf "${url}state/digest" | json_field digest)
stop_node
"$veche" replay --data "$data" > "$work/replay.out" || fail "replay"
grep -q "$digest" "$work/replay.out" || fail "the node's replay gives another digest"

# Submissions beyond a client's rate are refused with 429 and Retry-After (rate 1/s, burst 4).
start_node --submit-rate 1
codes=""
for _ in 1 2 3 4 5 6; do
  codes="$codes $(curl -s -o "$work/body" -w '%{http_code}' -X POST --data-binary '' "${url}records")"
done
[ "$codes" = " 400 400 400 400 429 429" ] || fail "rate limit answered:$codes"
grep -q '"rate_limited"' "$work/body" || fail "the 429 has no JSON error naming the limit"
curl -s -D - -o /dev/null -X POST --data-binary '' "${url}records" | grep -qi "^retry-after: " || fail "no Retry-After"
curl -sf "${url}measures/libraries" > /dev/null || fail "reads are limited too"
stop_node
echo "assembly end-to-end: OK"
