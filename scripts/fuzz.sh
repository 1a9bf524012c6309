#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Builds the libFuzzer targets in fuzz/ with clang (ASan + UBSan + libFuzzer) and runs each for
# SECONDS (default 20) from its seed corpus. Fails if any target finds a crash or a broken invariant.
#   scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
# Paths relative to the tree in the cache, so that clones and worktrees share it.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}" CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DVECHE_FUZZ=ON -DVECHE_WERROR=OFF -DVECHE_BUILD_BENCH=OFF > /dev/null
cmake --build build-fuzz --parallel "$(nproc)" --target note_fuzz tile_fuzz codec_fuzz record_fuzz group_fuzz request_fuzz pool_fuzz
for target in note tile codec record group request pool; do
  work="build-fuzz/corpus-$target"
  mkdir -p "$work"
  echo "fuzz: $target for ${seconds}s"
  log="build-fuzz/fuzz-$target.log"
  status=0
  "build-fuzz/fuzz/${target}_fuzz" -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 \
    -artifact_prefix="build-fuzz/crash-$target-" "$work" "fuzz/corpus/$target" > "$log" 2>&1 || status=$?
  grep -E "^(stat::number_of_executed_units|SUMMARY)" "$log" || true
  if [ "$status" -ne 0 ] || ls build-fuzz/crash-"$target"-* > /dev/null 2>&1; then
    tail -30 "$log" >&2
    echo "fuzz: $target FAILED (exit $status); log: $log" >&2
    exit 1
  fi
done
echo "fuzz: all targets ran clean"
