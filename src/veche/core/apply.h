// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Apply: the one function that changes state, dispatching each record to its kind's rule through
// the kinds table (kinds.h). Pure: no I/O, no clock, no randomness; the same records in the same
// order give the same state on every machine. Also the records due at the state's clock.

#include <optional>
#include <vector>

#include "veche/base/result.h"
#include "veche/core/election/rules.h"
#include "veche/core/record.h"
#include "veche/core/state.h"

namespace veche::core {

// The costly checks that need no state, or only facts fixed before a batch, made ahead of Apply
// on any thread. Take a snapshot (ChecksAheadSnapshot) before the batch, call CheckAhead for each
// of its records in parallel, then Apply them in order with the results. A stale snapshot only
// costs time: Apply redoes whatever the state no longer backs.
struct AheadSnapshot {
  OpenElections open_elections;
};
AheadSnapshot ChecksAheadSnapshot(const State& state);
struct Prechecked {
  std::optional<CheckedBallot> ballot;  // see ElectionFacts
};
Prechecked CheckAhead(const AheadSnapshot& snapshot, const Record& record);

// Validates `record` against `state` (who may sign it, whether it contradicts the state) and, if
// valid, applies it. On any error `state` is unchanged and the Status names the problem:
// kPermissionDenied (author may not sign this), kFailedPrecondition (contradicts the state),
// kAlreadyExists (the same record was applied before), kInvalidArgument (malformed payload).
// Contract: `record`'s signature has been verified (DecodeRecord does that).
// `prechecked`: checks already made by CheckAhead, which Apply trusts where they still hold.
Status Apply(State& state, const Record& record, const Prechecked& prechecked);
Status Apply(State& state, const Record& record);

// Decodes a log entry and its record, verifying the record's signature and that its author time
// lies within kAuthorTimeWindow of the entry's node time (the stateless part: callers may run it
// for many entries in parallel before applying them in order).
Result<Record> DecodeEntry(ByteView entry);

// DecodeEntry, then Apply.
Status ApplyEntry(State& state, ByteView entry);

// Replays entries from an empty state. On failure, the error names the entry's index.
Result<State> Replay(const std::vector<Bytes>& entries);

// What the node must append at the state's clock, in order: the elections' openings, closes and
// results (they touch nothing sessions read), then sessions to close and measures' results; only
// when none of those is due, the sessions due to open. Each applies in the order given. Closing
// makes results due and results make openings due, so call again after applying until nothing is
// due. (The registry has no records due on the clock.)
std::vector<DueRecord> DueRecords(const State& state);

}  // namespace veche::core
