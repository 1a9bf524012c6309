#!/usr/bin/env bash
# Builds and runs the benchmarks; pass Google Benchmark flags through (e.g. --benchmark_filter=Sha).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh release
build/bench/veche_bench "$@"
