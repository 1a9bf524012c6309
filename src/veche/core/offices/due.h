// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// What filling offices needs the node to append when its clock moves, read off the deadline
// index (OfficesState::office_deadlines) so that a tick costs the offices due, not all offices;
// and how a contest's last election decides it. core::DueRecords (apply.h) puts them in order
// with the other domains'.

#include <optional>
#include <string>
#include <vector>

#include "veche/core/state.h"

namespace veche::core {

// The one record due at the clock for office `id`, first of: its holder's term_end, a
// nomination_open (vacant, or the successor's election is due), the contest's nominations_close
// (its trustee roll kept), its contest_decide (the last election's result is in), its
// office_seat (decided and vacant). nullopt if none is.
std::optional<DueRecord> DueOfficeRecord(const State& state, const std::string& id);
// The due record of every office at the index's due front, in deadline order.
std::vector<DueRecord> DueOfficeRecords(const State& state);

// The trustee roll that keys office `o`'s elections: its collective's if it has one, else the
// nearest kept by its territory or a territory above; nullptr if none is.
const TrusteeRoll* RollFor(const State& state, const Office& o);

// How a contest's last election decides it (docs/formats/offices.md, "Counting").
struct ContestDecision {
  std::string winner;               // empty: nobody is elected
  std::vector<std::string> runoff;  // two candidates for a second round, when one is due
  std::string outcome;              // in words, for readers
};
// kFailedPrecondition unless the contest is voting and its last election has its result.
Result<ContestDecision> DecideContest(const State& state, const Contest& contest);
// The candidate with the most votes after `winner` in the contest's last round (the earlier
// filing on a tie), with at least one vote and still enrolled; empty if none (a confirmation, a
// single candidate, nobody else voted for). Accountability's acting holder.
std::string RunnerUp(const State& state, const Contest& contest, const std::string& winner);

}  // namespace veche::core
