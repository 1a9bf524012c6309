// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The LEXIMIN distribution as JSON: the report people read (`veche sortition leximin --json`,
// docs/formats/sortition.md) and the exact round trip the contained solver's answer takes.

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "veche/base/result.h"
#include "veche/choice/sortition/leximin.h"
#include "veche/choice/sortition/pool.h"
#include "veche/choice/sortition/solver.h"

namespace veche::choice::sortition {

// Every person's probability, the types, the panels with their weights (as probabilities and as the
// integer weights the lottery draws from) and the certificate.
nlohmann::json ReportJson(const Pool& pool, const TypedPool& typed, const Distribution& d);

// Exact round trip (doubles printed shortest-exact).
std::string EncodeDistribution(const Distribution& d);
Result<Distribution> DecodeDistribution(std::string_view text);

// A report as `veche sortition leximin --json` wrote it: the distribution with its certificate,
// the integer weights the lottery draws from, and each type's members (by id).
struct PublishedReport {
  Distribution d;
  std::vector<std::uint64_t> integer_weights;
  std::vector<std::vector<std::string>> type_members;
};
Result<PublishedReport> ReadReport(std::string_view text);

// The report is about this pool: the same types with the same members, and integer weights that
// are its weights rounded (RoundWeights).
Status CheckReportAgainstPool(const Pool& pool, const TypedPool& typed, const PublishedReport& report);

// VerifyBounds in a child process (RunContained) with a deadline.
Status VerifyBoundsContained(const TypedPool& pool, const Distribution& d, std::chrono::milliseconds deadline);

// SmallestRelaxation in a child process (RunContained) with a deadline.
Result<std::vector<Relaxation>> SmallestRelaxationContained(const TypedPool& pool, std::chrono::milliseconds deadline);

// Leximin in a child process (RunContained) with a deadline.
Result<Distribution> LeximinContained(const TypedPool& pool, std::chrono::milliseconds deadline,
                                      const LeximinOptions& options = {});

}  // namespace veche::choice::sortition
