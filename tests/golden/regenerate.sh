#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Writes the golden log again with this build and compares it with the committed one byte for
# byte: the scenario's records, their bytes and the state they fold into are unchanged.
#   tests/golden/regenerate.sh GENERATOR COMMITTED_DIR WORK_DIR
set -euo pipefail
gen="$1" committed="$2" work="$3"
rm -rf "$work" && mkdir -p "$work"
"$gen" "$work"
for f in log.hex digest.txt root.txt; do
  if ! cmp "$committed/$f" "$work/$f"; then
    echo "golden: $f differs from the committed $committed/$f" >&2
    exit 1
  fi
done
echo "golden: log.hex, digest.txt and root.txt identical to the committed ones"
