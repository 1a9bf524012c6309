// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// An independent LEXIMIN for small pools (tests only): every feasible panel of people enumerated
// (no types, no column generation), each level solved by GLPK's exact rational simplex, the
// types fixed at a level read off its exact duals.

#include <vector>

#include "veche/base/result.h"
#include "veche/choice/sortition/pool.h"

namespace veche::choice::sortition::testing {

// Every feasible panel as the indices of its people, ascending. Contract: at most 20 people.
std::vector<std::vector<int>> EnumeratePanels(const Pool& pool);

// Each person's LEXIMIN probability (Pool::people order).
Result<std::vector<double>> ExactLeximin(const Pool& pool);

}  // namespace veche::choice::sortition::testing
