#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# clang-format over all C++ sources. --check: report and fail on any difference (CI); default: fix.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files -co --exclude-standard '*.cc' '*.h')
if [ "${1:-}" = "--check" ]; then
  clang-format --dry-run -Werror "${files[@]}"
  echo "format: ${#files[@]} files clean"
else
  clang-format -i "${files[@]}"
  echo "format: ${#files[@]} files formatted"
fi
