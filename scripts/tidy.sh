#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# clang-tidy 14 (.clang-tidy: functions of at most 80 lines, bug-prone patterns; every finding is an
# error) over the project's .cc files, with the compile commands of build/ (scripts/build.sh).
#   scripts/tidy.sh             every .cc file the build compiles: what CI runs (scripts/test.sh; about
#                               2 minutes on 2 cores)
#   scripts/tidy.sh --changed   only those changed in the last VECHE_TIDY_COMMITS commits (default 20)
#                               and in the working tree, for a quick look while working
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f build/compile_commands.json ]; then
  echo "tidy: no build/compile_commands.json; run scripts/build.sh first" >&2
  exit 2
fi
commits="${VECHE_TIDY_COMMITS:-20}"
if [ "${1:-}" != "--changed" ]; then
  mapfile -t files < <(git ls-files '*.cc')
else
  # A shallow or short history: everything since the first commit there is.
  base=$(git rev-parse -q --verify "HEAD~$commits" || git rev-list --max-parents=0 HEAD | tail -1)
  mapfile -t files < <({ git diff --name-only "$base" HEAD; git diff --name-only; } | grep '\.cc$' | sort -u |
                        while read -r f; do [ -f "$f" ] && echo "$f"; done)
fi
# Only what the build compiles (the fuzz targets are clang-only and not in build/).
mapfile -t files < <(for f in "${files[@]}"; do grep -q "\"file\": \"$PWD/$f\"" build/compile_commands.json && echo "$f"; done)
if [ ${#files[@]} -eq 0 ]; then
  echo "tidy: no C++ files to check"
  exit 0
fi
echo "tidy: ${#files[@]} files"
log=$(mktemp)
status=0
printf '%s\n' "${files[@]}" | xargs -P "$(nproc)" -n 4 clang-tidy-14 -p build --quiet \
  --extra-arg=-Wno-unknown-warning-option --extra-arg=-DBOOST_ASIO_HAS_CO_AWAIT=1 \
  --extra-arg=-DBOOST_ASIO_HAS_STD_COROUTINE=1 > "$log" 2>/dev/null || status=$?
if [ "$status" -ne 0 ]; then
  grep -E "error:|warning:" "$log" | sort -u >&2 || true
  rm -f "$log"
  echo "tidy: FAILED" >&2
  exit 1
fi
rm -f "$log"
echo "tidy: clean"
