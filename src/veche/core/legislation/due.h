// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// What the People's Assembly needs the node to append when its clock moves, and the results it
// must record: sessions whose time is over close, measures of closed sessions get their results,
// and sessions open when due. core::DueRecords (apply.h) puts them in order with the other
// domains'.

#include <string>
#include <vector>

#include "veche/base/result.h"
#include "veche/core/state.h"

namespace veche::core {

// The result record of measure `id`, from its running counts under the rule fixed at its
// session's opening. kFailedPrecondition unless its session has closed and no result is recorded.
Result<MeasureResultPayload> ComputeResult(const State& state, const std::string& id);

// The session of `territory` due to open at the state's clock, or kFailedPrecondition saying why
// none is: a regular session opens at most once per period of the charter's schedule, and only
// with measures pending; an extraordinary one when petitions reach the charter's share of adults.
Result<SessionOpenPayload> DueSessionOpen(const State& state, const std::string& territory);

// Sessions to close at the state's clock, then the results of measures of closed sessions, in
// measure-id order (each as if the results listed before it had applied).
std::vector<DueRecord> DueSessionClosesAndResults(const State& state);
// Sessions to open. Only asked when nothing else is due: an adopted charter changes the rules a
// session opens under (its length, the petition share).
std::vector<DueRecord> DueSessionOpenings(const State& state);

}  // namespace veche::core
