// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The People's Assembly in the pure core: what the legislative records do (ApplyLegislation, which
// Apply calls), the result a measure's votes give (ComputeResult), and the records a node must
// append when its clock moves (DueRecords). Rules in docs/formats/legislation.md.

#include <string>
#include <vector>

#include "veche/base/result.h"
#include "veche/core/record.h"
#include "veche/core/state.h"

namespace veche::core {

// Applies record kinds 50..59, with Apply's contract and error codes (Apply has checked that the
// record is new and verified its signature). On error the state is unchanged.
Status ApplyLegislation(State& state, const Record& record, const PublicKeyBytes& author);

// The result record of measure `id`, from its running counts under the rule fixed at its
// session's opening. kFailedPrecondition unless its session has closed and no result is recorded.
Result<MeasureResultPayload> ComputeResult(const State& state, const std::string& id);

// The session of `territory` due to open at the state's clock, or kFailedPrecondition saying why
// none is: a regular session opens at most once per period of the charter's schedule, and only
// with measures pending; an extraordinary one when petitions reach the charter's share of adults.
Result<SessionOpenPayload> DueSessionOpen(const State& state, const std::string& territory);

// Residents of `territory` and everything below it who are adults by the state's clock.
std::uint64_t CountAdults(const State& state, const std::string& territory);
// Signatures that `permille` of the adults of `territory` come to, rounded up; at least one.
std::uint64_t SignatureThreshold(const State& state, const std::string& territory, std::uint16_t permille);

struct DueRecord {
  RecordKind kind;
  Bytes payload;
};
// What the node must append at the state's clock: sessions whose time is over close, and measures
// of closed sessions get their results; only when none of those is due, the sessions due open.
// Each applies in the order given. Closing makes results due and results make openings due, so
// call again after applying until nothing is due.
std::vector<DueRecord> DueRecords(const State& state);

}  // namespace veche::core
