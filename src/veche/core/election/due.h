// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// What secret ballots need the node to append when its clock moves: openings, closes, and results
// whose shares are in; and the reading of an election that can never open.

#include <optional>
#include <string>
#include <vector>

#include "veche/base/result.h"
#include "veche/core/state.h"

namespace veche::core {

// The election records the node must append at the state's clock: openings, closes, and results
// whose shares are in. Each applies in the order given.
std::vector<DueRecord> DueElectionRecords(const State& state);
// The open record due for `id` at the clock, or kFailedPrecondition saying why none is.
Result<ElectionOpenPayload> DueElectionOpen(const State& state, const std::string& id);
// Why election `el` can never open, or nullopt if it still may (or did): its opening time has
// passed on the state's clock with fewer qualified trustees than its threshold. No reveal is taken
// after the opening time and complaints only remove trustees, so the answer is final. The status
// stays kKeygen (nothing is recorded); readers show the election as failed.
std::optional<std::string> ElectionFailure(const State& state, const Election& el);
// "failed" for an election ElectionFailure names, else ElectionStatusName(el.status).
const char* ElectionPublicStatus(const State& state, const Election& el);
// The counts from the first `threshold` decryption shares, found by baby-step giant-step.
// kFailedPrecondition while the election is not closed or too few shares are in.
Result<ElectionResultPayload> ComputeElectionResult(const State& state, const std::string& id);

}  // namespace veche::core
