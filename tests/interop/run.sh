#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Interop test: checks a veche transparency log with Go's reference
# implementation (golang.org/x/mod/sumdb/{note,tlog}).
#   tests/interop/run.sh FIXTURE_GENERATOR_BINARY WORKDIR
# Builds tests/interop/verify_veche.go into WORKDIR, runs
# `FIXTURE_GENERATOR_BINARY WORKDIR/fixture`, then verifies that fixture.
# Needs Debian's golang-go and golang-golang-x-mod-dev; builds offline in
# GOPATH mode. A missing toolchain is a failure, not a skip: a skipped interop
# test would silently stop guarding the wire format.
set -euo pipefail

if [ "$#" -ne 2 ]; then
  echo "usage: $0 FIXTURE_GENERATOR_BINARY WORKDIR" >&2
  exit 2
fi
generator=$1
workdir=$2
here=$(cd "$(dirname "$0")" && pwd)
gopath=/usr/share/gocode

if ! command -v go >/dev/null 2>&1; then
  echo "interop: FAIL: 'go' not found; install it with: apt-get install -y golang-go golang-golang-x-mod-dev" >&2
  exit 1
fi
for pkg in note tlog; do
  if [ ! -d "$gopath/src/golang.org/x/mod/sumdb/$pkg" ]; then
    echo "interop: FAIL: $gopath/src/golang.org/x/mod/sumdb/$pkg missing; install it with: apt-get install -y golang-golang-x-mod-dev" >&2
    exit 1
  fi
done
if [ ! -x "$generator" ]; then
  echo "interop: FAIL: fixture generator '$generator' is not an executable file" >&2
  exit 1
fi

mkdir -p "$workdir"
workdir=$(cd "$workdir" && pwd)

# GOPATH mode against Debian's source packages only: no modules, no proxy, no
# toolchain download. The build cache lives in WORKDIR because HOME may be
# read-only or shared under CI.
echo "interop: building verifier with $(go version)"
if ! GO111MODULE=off GOPATH="$gopath" GOCACHE="$workdir/gocache" GOFLAGS='' GOPROXY=off GOTOOLCHAIN=local \
  go build -o "$workdir/verify_veche" "$here/verify_veche.go"; then
  echo "interop: FAIL: could not build $here/verify_veche.go" >&2
  exit 1
fi

# Start from an empty fixture so that stale tiles from an earlier run cannot
# be verified (or fail) in place of the generator's output.
rm -rf "$workdir/fixture"
status=0
"$generator" "$workdir/fixture" || status=$?
if [ "$status" -ne 0 ]; then
  echo "interop: FAIL: fixture generator '$generator' exited with status $status" >&2
  exit 1
fi

"$workdir/verify_veche" "$workdir/fixture"
