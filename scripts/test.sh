#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Installs dependencies, builds, and runs every test: format check, clang-tidy on every file
# (scripts/tidy.sh), the full suite on the release build, unit + integration
# tests again under AddressSanitizer + UndefinedBehaviorSanitizer, and a short libFuzzer run of
# every parser target (scripts/fuzz.sh).
#   scripts/test.sh            everything (what CI runs)
#   scripts/test.sh --quick    release build and tests only
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
scripts/install-deps.sh
scripts/format.sh --check
scripts/build.sh release
scripts/tidy.sh
(cd build && ctest --output-on-failure --parallel "$(nproc)")
if [ "${1:-}" != "--quick" ]; then
  scripts/build.sh asan
  (cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
     ctest --output-on-failure --parallel "$(nproc)" -L 'unit|integration')
  scripts/fuzz.sh "${VECHE_FUZZ_SECONDS:-15}"
fi
echo "test.sh: all tests passed in $(( $(date +%s) - start )) s"
