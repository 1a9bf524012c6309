#!/usr/bin/env bash
# Seeds a running node with a small demo: a union of two republics with regions and cities, a
# registrar, collectives, citizens who bound their own keys, a law and a budget before the
# People's Assembly, and a citizens' initiative collecting signatures. Once the node's clock opens
# the session, the demo citizens vote. Every step is a signed record submitted through the same
# CLI a real authority, registrar or citizen would use.
#   scripts/demo-seed.sh VECHE_BINARY NODE_URL DATA_DIR
set -euo pipefail
veche="$1"; url="$2"; data="$3"
auth="$data/authority.key"
keys="$data/demo-keys"            # the demo's registrar and citizen keys (never do this for real)
mkdir -p "$keys"; chmod 700 "$keys"
submit() { "$veche" "$@" --node "$url" > /dev/null; }

submit territory create --key "$auth" --id novgorod-republic --parent union --kind republic --name "Novgorod Republic"
submit territory create --key "$auth" --id pskov-republic --parent union --kind republic --name "Pskov Republic"
submit territory create --key "$auth" --id ilmen --parent novgorod-republic --kind region --name "Ilmen Region"
submit territory create --key "$auth" --id novgorod --parent ilmen --kind city --name "Veliky Novgorod"
submit territory create --key "$auth" --id staraya-russa --parent ilmen --kind city --name "Staraya Russa"
submit territory create --key "$auth" --id pskov --parent pskov-republic --kind city --name "Pskov"
submit collective create --key "$auth" --id novgorod-mill --territory novgorod --kind workplace --name "Novgorod Mill"
submit collective create --key "$auth" --id ilmen-fishers --territory ilmen --kind cooperative --name "Ilmen Fishers"
"$veche" keygen --out "$keys/registrar.key" > /dev/null
submit registrar accredit --key "$auth" --registrar "$keys/registrar.key.pub" --territory union

i=0
for who in "Sadko:novgorod" "Marfa:novgorod" "Vasilisa:staraya-russa" "Dobrynya:pskov" "Yaroslava:novgorod"; do
  i=$((i + 1))
  id="demo-$i"
  out=$("$veche" citizen enrol --node "$url" --key "$keys/registrar.key" --id "$id" --residence "${who#*:}" \
    --majority-date 2000-01-0$i --consultative-date 1996-01-0$i --person "${who%%:*} (demo)" \
    --registry "$keys/registry.db")
  code=$(printf '%s\n' "$out" | sed -n 's/^enrolment code.*: //p')
  submit citizen bind --id "$id" --code "$code" --out "$keys/$id.key"
done
submit citizen join --key "$keys/demo-1.key" --id demo-1 --collective novgorod-mill
submit citizen join --key "$keys/demo-2.key" --id demo-2 --collective novgorod-mill
submit citizen join --key "$keys/demo-3.key" --id demo-3 --collective ilmen-fishers

texts="$keys/texts"
mkdir -p "$texts"
cat > "$texts/libraries.txt" << 'TEXT'
Public Libraries Act

1. Every city of the Union keeps at least one public library, open six days a week.
2. Borrowing is free of charge for every resident.
3. The library's acquisitions are published each quarter.
TEXT
cat > "$texts/budget.txt" << 'TEXT'
year 2026
income 1200000000 Income tax
income 300000000 Rents of public land
expense 900000000 Schools
expense 450000000 Roads and bridges
expense 200000000 Libraries
TEXT
cat > "$texts/ferry.txt" << 'TEXT'
Ilmen Ferry Act

1. A public ferry crosses Lake Ilmen between Veliky Novgorod and Staraya Russa twice a day.
TEXT
submit measure table --key "$auth" --id libraries-act --territory union --kind law --title "Public Libraries Act"   --text-file "$texts/libraries.txt"
submit measure table --key "$auth" --id budget-2026 --territory union --kind budget --title "Union budget 2026"   --budget-file "$texts/budget.txt"
submit initiative file --key "$keys/demo-3.key" --id ilmen-ferry --territory union --kind law   --title "Ilmen Ferry Act" --text-file "$texts/ferry.txt"
submit initiative sign --key "$keys/demo-4.key" --id ilmen-ferry
echo "demo: seeded territories, collectives, a registrar, 5 citizens, a law, a budget and an initiative (keys in $keys)"

# The node opens the session at its next clock record (at most --clock-interval seconds away).
echo "demo: waiting for the node's clock to open the session of the People's Assembly..."
for _ in $(seq 1 150); do
  "$veche" measure show --node "$url" --id libraries-act 2> /dev/null | grep -q '"status":"voting"' && break
  sleep 0.5
done
if ! "$veche" measure show --node "$url" --id libraries-act | grep -q '"status":"voting"'; then
  echo "demo: the session did not open (is the node's --clock-interval 0?); votes not cast" >&2
  exit 0
fi
vote() { submit vote --key "$keys/$1.key" --measure "$2" --choice "$3"; }
vote demo-1 libraries-act yes
vote demo-2 libraries-act yes
vote demo-3 libraries-act no
vote demo-4 libraries-act yes
vote demo-3 libraries-act abstain  # a changed vote: the last one counts
vote demo-1 budget-2026 yes
vote demo-2 budget-2026 no
echo "demo: the session is open and 6 votes are cast; see ${url}measures/libraries-act"
