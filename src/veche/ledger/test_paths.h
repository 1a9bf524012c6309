// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Where tests find reference data: tests/data/ in this repository (README.md there names each
// set's source and licence). Tests fail, not skip, when it is missing.

#include <filesystem>

namespace veche::ledger::testing {

inline std::filesystem::path TestData() {
  return std::filesystem::path(VECHE_SOURCE_DIR) / "tests" / "data";
}

}  // namespace veche::ledger::testing
