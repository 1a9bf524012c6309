// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Cheap pricing for column generation: from panels already known, best-improvement swaps (one seat
// moved from one type to another) that keep every quota, type size and household, until no swap
// gains. Most columns LEXIMIN needs are found this way in microseconds; only when it finds none
// does the exact pricing ILP run, so every level still ends with CBC's proof.

#include <vector>

#include "veche/choice/sortition/pool.h"

namespace veche::choice::sortition {

class SwapSearch {
 public:
  explicit SwapSearch(const TypedPool& pool);

  // The local optimum reached from `start` for per-seat weights on types. Contract: `start` is a
  // feasible panel (CheckPanel) and weights has one entry per type.
  Panel Climb(const Panel& start, const std::vector<double>& weights) const;

 private:
  const TypedPool& pool_;
  std::vector<std::vector<int>> quota_rows_;  // per type: its quota row for each feature
};

}  // namespace veche::choice::sortition
