#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Installs dependencies, builds (the node and its web UI), and starts a veche node on its local
# data directory. On the first run `veche serve --demo` creates the directory with the demo data
# set: a living People's Assembly with 10,000 citizens (README.md tells what is in it).
#   scripts/run.sh [veche serve options...]     e.g. scripts/run.sh --listen 127.0.0.1:9000
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh release
exec build/veche serve --demo --data "${VECHE_DATA:-veche-data}" "$@"
