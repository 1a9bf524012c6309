#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Configures and builds veche with Ninja (ccache when available).
#   scripts/build.sh            release build (RelWithDebInfo) in build/, and the web UI in web/dist/
#   scripts/build.sh asan       ASan + UBSan build in build-asan/ (no benchmarks)
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:-release}"
case "$kind" in
  release) dir=build; flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DVECHE_WERROR=ON) ;;
  asan) dir=build-asan; flags=(-DCMAKE_BUILD_TYPE=Debug -DVECHE_WERROR=ON -DVECHE_SANITIZE=ON -DVECHE_BUILD_BENCH=OFF) ;;
  *) echo "usage: scripts/build.sh [release|asan]" >&2; exit 2 ;;
esac
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
# Paths relative to the tree in the cache, so that clones and worktrees share it.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}" CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
cmake -S . -B "$dir" -G Ninja "${flags[@]}" > /dev/null
echo "build: $kind in $dir/"
cmake --build "$dir" --parallel "$(nproc)"
if [ "$kind" = release ]; then
  echo "build: web UI in web/dist/"
  (cd web && npm run --silent build)
fi
