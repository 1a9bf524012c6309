// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The LEXIMIN distribution as JSON: the report people read (`veche sortition leximin --json`,
// docs/formats/sortition.md) and the exact round trip the contained solver's answer takes.

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "veche/base/result.h"
#include "veche/choice/sortition/leximin.h"
#include "veche/choice/sortition/pool.h"

namespace veche::choice::sortition {

// Every person's probability, the types, the panels with their weights (as probabilities and as the
// integer weights the lottery draws from) and the certificate.
nlohmann::json ReportJson(const Pool& pool, const TypedPool& typed, const Distribution& d);

// Exact round trip (doubles printed shortest-exact).
std::string EncodeDistribution(const Distribution& d);
Result<Distribution> DecodeDistribution(std::string_view text);

// Leximin in a child process (RunContained) with a deadline.
Result<Distribution> LeximinContained(const TypedPool& pool, std::chrono::milliseconds deadline,
                                      const LeximinOptions& options = {});

}  // namespace veche::choice::sortition
