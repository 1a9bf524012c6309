#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Builds and runs the benchmarks; pass Google Benchmark flags through (e.g. --benchmark_filter=Sha).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh release
build/bench/veche_bench "$@"
