// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// C2SP tlog-checkpoint: the body of a signed note naming a tree:
//   <origin>\n<decimal size>\n<base64 root hash>\n[<extension line>\n]*

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "veche/base/result.h"
#include "veche/ledger/merkle.h"

namespace veche::ledger {

struct Checkpoint {
  std::string origin;
  std::uint64_t size = 0;
  Hash root{};
  std::vector<std::string> extensions;

  std::string ToText() const;
  friend bool operator==(const Checkpoint&, const Checkpoint&) = default;
};

// Parses a checkpoint body (the note text). Strict: decimal size without leading zeros that fits
// 64 bits, canonical base64 of exactly 32 bytes, non-empty origin and extension lines.
Result<Checkpoint> ParseCheckpoint(std::string_view text);

}  // namespace veche::ledger
