// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Test helper: the golden log (tests/data/golden/, written by tests/golden/make_golden_log.cc at
// an earlier commit), a log with a record of every kind, and the state it folds into.

#include <doctest/doctest.h>

#include <fstream>
#include <string>
#include <vector>

#include "veche/base/text_codec.h"
#include "veche/core/apply.h"

namespace veche::core::testing {

inline std::string GoldenDir() {
  return std::string(VECHE_SOURCE_DIR) + "/tests/data/golden";
}

inline std::vector<Bytes> GoldenEntries() {
  std::ifstream in(GoldenDir() + "/log.hex");
  REQUIRE(in.good());
  std::vector<Bytes> entries;
  for (std::string line; std::getline(in, line);) entries.push_back(HexDecode(line).value());
  return entries;
}

inline State GoldenState() {
  Result<State> state = Replay(GoldenEntries());
  REQUIRE_MESSAGE(state.ok(), state.status().ToString());
  return std::move(*state);
}

}  // namespace veche::core::testing
