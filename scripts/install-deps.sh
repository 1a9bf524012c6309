#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Installs every Debian 12 package veche needs to build, test, benchmark and run.
# Idempotent and non-interactive: safe to run again; it only adds what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config git clang-format clang-tidy
  # libraries (see docs/architecture.md for which module uses which)
  libsodium-dev libdecaf-dev libssl-dev libsqlite3-dev libcurl4-openssl-dev zlib1g-dev
  libboost-dev libboost-system-dev
  nlohmann-json3-dev libcli11-dev libspdlog-dev libfmt-dev
  # solvers: LEXIMIN sortition on COIN-OR CLP and CBC; GLPK's exact simplex as the tests' independent check
  coinor-libcbc-dev coinor-libclp-dev libglpk-dev
  # tests and benchmarks
  doctest-dev libbenchmark-dev curl wrk
  # interop tests against Go's reference implementation (golang.org/x/mod/sumdb)
  golang-go golang-golang-x-mod-dev
  # libFuzzer targets (scripts/fuzz.sh)
  clang-14 libclang-rt-14-dev
  # the web UI: built with npm (web/package.json), tested in Debian's chromium (playwright-core)
  nodejs chromium
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
else
  echo "install-deps: installing ${missing[*]}"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# Debian's nodejs comes without npm (a separate package); NodeSource's nodejs bundles it.
if ! command -v npm > /dev/null; then
  echo "install-deps: installing npm"
  $SUDO apt-get install -y -qq --no-install-recommends npm
fi
# The web UI's npm packages (exact versions from web/package-lock.json), when they changed.
if [ ! -f web/node_modules/.package-lock.json ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
  echo "install-deps: npm ci in web/"
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
fi
echo "install-deps: done"
