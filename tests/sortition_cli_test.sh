#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# The offline sortition commands through the real veche binary: the RFC 3797 example picks exactly
# the RFC's positions; `sortition leximin` reads the Sortition Foundation's CSV layout and prints
# the known LEXIMIN probabilities (as a table and as JSON); infeasible quotas exit 1 with the
# smallest relaxation; bad input exits 1 with a message naming the problem.
#   tests/sortition_cli_test.sh VECHE_BINARY
set -euo pipefail
veche="$1"
here="$(cd "$(dirname "$0")" && pwd)"
data="$here/data/sortition"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# RFC 3797 section 6.
"$veche" sortition rfc3797 --pool 25 --picks 10 --source 9319 --source "2 5 12 8 10" \
  --source "9 18 26 34 41 45" > "$work/picks" 2> "$work/key" || fail "rfc3797"
[ "$(tr '\n' ' ' < "$work/picks")" = "17 7 2 16 25 23 8 24 19 13 " ] || fail "rfc3797 picks: $(cat "$work/picks")"
grep -q "9319./2.5.8.10.12./9.18.26.34.41.45./" "$work/key" || fail "rfc3797 key string: $(cat "$work/key")"
if "$veche" sortition rfc3797 --pool 5 --picks 6 --source 1 > /dev/null 2> "$work/err"; then fail "6 picks of 5"; fi
grep -q "picks must be from 1 to the pool's size" "$work/err" || fail "picks error: $(cat "$work/err")"

# LEXIMIN on sa_example5: adam..dave 7/8, elinor, frank, grace 1/2.
ex="$data/sa_example5"
"$veche" sortition leximin --people "$ex/people.csv" --features "$ex/features.csv" --panel-size 5 \
  > "$work/table" 2> "$work/progress" || fail "leximin table"
grep -Eq "^adam +0\.875000$" "$work/table" || fail "adam: $(cat "$work/table")"
grep -Eq "^grace +0\.500000$" "$work/table" || fail "grace: $(cat "$work/table")"
grep -q "level 1 at" "$work/progress" || fail "no progress: $(cat "$work/progress")"
"$veche" sortition leximin --people "$ex/people.csv" --features "$ex/features.csv" --panel-size 5 --json \
  > "$work/report.json" 2> /dev/null || fail "leximin json"
for field in '"probability_sum": 5' '"integer_weight_total": 1000000000000' '"certificate"' '"max_gap"'; do
  grep -q -- "$field" "$work/report.json" || fail "no $field in the report"
done
# The report re-checked against its pool, bounds re-proved; a forged one refused; the draw from
# public sources is the same every time, and a panel of the pool.
pool_args=(--people "$ex/people.csv" --features "$ex/features.csv" --panel-size 5)
"$veche" sortition verify --report "$work/report.json" "${pool_args[@]}" > "$work/verify" 2> /dev/null || fail "verify"
grep -q "the report holds: 2 panels, 3 levels" "$work/verify" || fail "verify: $(cat "$work/verify")"
node -e 'const fs = require("fs"); const r = JSON.parse(fs.readFileSync(process.argv[1]));
  r.types[0].probability += 0.01; fs.writeFileSync(process.argv[2], JSON.stringify(r));' "$work/report.json" "$work/forged.json"
if "$veche" sortition verify --report "$work/forged.json" "${pool_args[@]}" > /dev/null 2> "$work/err"; then fail "forged report"; fi
grep -q "the report fails its check: type 0's probability is not what the panels give" "$work/err" || fail "forged: $(cat "$work/err")"
"$veche" sortition draw --report "$work/report.json" "${pool_args[@]}" --source 9319 --source "2 5 12 8 10" \
  > "$work/drawn1" 2> /dev/null || fail "draw"
"$veche" sortition draw --report "$work/report.json" "${pool_args[@]}" --source 9319 --source "2 5 12 8 10" \
  > "$work/drawn2" 2> /dev/null || fail "draw again"
cmp -s "$work/drawn1" "$work/drawn2" || fail "the draw does not re-run"
[ "$(wc -l < "$work/drawn1")" = 5 ] || fail "a panel of $(wc -l < "$work/drawn1")"
[ "$(grep -c -E '^(elinor|grace)$' "$work/drawn1")" = 1 ] || fail "not one woman: $(cat "$work/drawn1")"
if "$veche" sortition draw --report "$work/report.json" "${pool_args[@]}" --seed abcd > /dev/null 2> "$work/err"; then
  fail "a short seed"
fi
grep -q "32 bytes" "$work/err" || fail "short seed: $(cat "$work/err")"

# The household rule on sa_example3 (c and d share home 3): the same answer, a 1, the rest 1/3.
ex3="$data/sa_example3"
"$veche" sortition leximin --people "$ex3/people.csv" --features "$ex3/features.csv" --panel-size 2 \
  --households home,street > "$work/houses" 2> /dev/null || fail "households"
grep -Eq "^a +1\.000000$" "$work/houses" || fail "households a: $(cat "$work/houses")"
grep -Eq "^d +0\.333333$" "$work/houses" || fail "households d: $(cat "$work/houses")"

# Infeasible: two women required where the pool's features leave room for one.
sed 's/^gender,female,1,1,1,1$/gender,female,2,2,0,2/' "$ex/features.csv" > "$work/features.csv"
if "$veche" sortition leximin --people "$ex/people.csv" --features "$work/features.csv" --panel-size 5 \
  > /dev/null 2> "$work/err"; then fail "infeasible quotas accepted"; fi
grep -q "no panel meets the quotas" "$work/err" || fail "infeasible: $(cat "$work/err")"
grep -q "gender=female: min 2 -> 1, max 2 -> 2" "$work/err" || fail "relaxation: $(cat "$work/err")"

# Bad input: a value not in features.csv, a missing column, a broken quote.
printf 'id,gender,political\nzed,other,liberal\n' > "$work/people.csv"
if "$veche" sortition leximin --people "$work/people.csv" --features "$ex/features.csv" --panel-size 1 \
  > /dev/null 2> "$work/err"; then fail "a bad value accepted"; fi
grep -q "people.csv row 2: gender='other' is not a value in features.csv" "$work/err" || fail "bad value: $(cat "$work/err")"
printf 'id,gender\n"zed,male\n' > "$work/people.csv"
if "$veche" sortition leximin --people "$work/people.csv" --features "$ex/features.csv" --panel-size 1 \
  > /dev/null 2> "$work/err"; then fail "a broken quote accepted"; fi
grep -q "people.csv: CSV line 3: the quote opened on line 2 is not closed" "$work/err" || fail "broken quote: $(cat "$work/err")"
echo "sortition CLI: all checks passed"
