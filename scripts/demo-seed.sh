#!/usr/bin/env bash
# Seeds a running node with a small demo: a union of two republics with regions and cities, a
# registrar, collectives, and citizens who bound their own keys. Every step is a signed record
# submitted through the same CLI a real authority, registrar or citizen would use.
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
echo "demo: seeded territories, collectives, a registrar and 5 citizens (keys in $keys)"
