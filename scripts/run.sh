#!/usr/bin/env bash
# Installs dependencies, builds, and starts a veche node on its local data directory.
#   scripts/run.sh [veche serve options...]     e.g. scripts/run.sh --listen 127.0.0.1:9000
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh release
exec build/veche serve --data "${VECHE_DATA:-veche-data}" "$@"
