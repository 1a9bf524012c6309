#!/usr/bin/env bash
# Installs every Debian 12 package veche needs to build, test, benchmark and run.
# Idempotent and non-interactive: safe to run again; it only adds what is missing.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config git clang-format
  # libraries (see docs/architecture.md for which module uses which)
  libsodium-dev libssl-dev libsqlite3-dev libcurl4-openssl-dev
  libboost-dev libboost-system-dev
  nlohmann-json3-dev libcli11-dev libspdlog-dev libfmt-dev
  # tests and benchmarks
  doctest-dev libbenchmark-dev curl
  # interop tests against Go's reference implementation (golang.org/x/mod/sumdb)
  golang-go golang-golang-x-mod-dev
  # libFuzzer targets (scripts/fuzz.sh)
  clang-14 libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "install-deps: done"
