// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The accountability rules (docs/formats/accountability.md), one per kind: a citizen of an
// office's electorate rates its holder; the node closes each day's ratings, suspending a holder
// whose approval stayed below the charter's recall threshold for its recall period (the runner-up
// of the election that seated them acting), and, once the grace period ends, restoring them or
// vacating the office; a holder answers the voters with statements.

#include "veche/core/apply.h"
#include "veche/core/state.h"

namespace veche::core {

Status ApplyRatingSet(State& s, const Applying& in);
Status ApplyRatingDay(State& s, const Applying& in);
Status ApplyHolderStatement(State& s, const Applying& in);
Status ApplyPromiseReport(State& s, const Applying& in);
Status ApplyPromiseContest(State& s, const Applying& in);
Status ApplyRecallSign(State& s, const Applying& in);
Status ApplyRecallVote(State& s, const Applying& in);
Status ApplyRecallClose(State& s, const Applying& in);

// The promises of the candidacy that seated tenure `tenure` of office `o` (empty if none).
const std::vector<TextHash>& PromisesOf(const State& s, const Office& o, size_t tenure);
// How many contests make a "done" report broken: the charter's recall_min_raters, at least 1.
std::uint64_t DisputeThreshold(const State& s, const Office& o);
// The reports on promise `item` of tenure `tenure` of office `id`, or null if none.
const std::vector<PromiseReport>* ReportsOf(const State& s, const std::string& id, size_t tenure, std::uint8_t item);
// What that promise came to (OutcomeOf, the tenure ended if it is not the office's current one).
PromiseOutcome PromiseOutcomeOf(const State& s, const std::string& id, const Office& o, size_t tenure,
                                std::uint8_t item);

}  // namespace veche::core
