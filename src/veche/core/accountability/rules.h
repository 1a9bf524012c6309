// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The accountability rules (docs/formats/accountability.md), one per kind: a citizen of an
// office's electorate rates its holder; the node closes each day's ratings, suspending a holder
// whose approval stayed below the charter's recall threshold for its recall period (the runner-up
// of the election that seated them acting), and, once the grace period ends, restoring them or
// vacating the office; a holder answers the voters with statements; collectives report payrolls,
// an office's pay stays under the charter's cap, and an office publishes decisions, reports and
// spending charged to the budget in force.

#include <optional>

#include "veche/core/apply.h"
#include "veche/core/state.h"

namespace veche::core {

Status ApplyRatingSet(State& s, const Applying& in);
Status ApplyRatingDay(State& s, const Applying& in);
Status ApplyActingAccept(State& s, const Applying& in);
Status ApplyHolderStatement(State& s, const Applying& in);
Status ApplyPromiseReport(State& s, const Applying& in);
Status ApplyPromiseContest(State& s, const Applying& in);
Status ApplyRecallSign(State& s, const Applying& in);
Status ApplyRecallVote(State& s, const Applying& in);
Status ApplyRecallClose(State& s, const Applying& in);
Status ApplyPayrollReport(State& s, const Applying& in);
Status ApplyOfficePay(State& s, const Applying& in);
Status ApplyOfficePublish(State& s, const Applying& in);
Status ApplyOfficeSpend(State& s, const Applying& in);

// The payrolls of one month in one territory sum to at most this (so no sum overflows).
constexpr std::int64_t kMaxPayTotal = 1'000'000'000'000'000'000;
// The average worker's pay in force in the territory (its latest month with a payroll) and the cap
// the territory's charter puts on an office's pay; nullopt while no payroll is reported there.
std::optional<PayCap> PayCapOf(const State& s, const std::string& territory);
// The budget an office of the territory spends from: the one in force in the territory, else in
// the nearest territory above it with one (a measure id); empty if none.
std::string BudgetInForce(const State& s, const std::string& territory);
// A month index (legislation/payloads.h, MonthIndex) as "YYYY-MM".
std::string MonthName(std::int64_t month_index);
// What expenditure line `line` of budget measure `budget` has left.
std::int64_t LineRemainder(const State& s, const std::string& budget, const BudgetLine& line);

// The promises of the candidacy that seated tenure `tenure` of office `o` (empty if none).
const std::vector<TextHash>& PromisesOf(const State& s, const Office& o, size_t tenure);
// The daily snapshots of tenure `tenure` of office `id`: kept once the tenure's ratings closed,
// else the running ones while its holder is still rated; null if nobody rated it.
const std::vector<RatingSnapshot>* RatingHistoryOf(const State& s, const std::string& id, size_t tenure);
// The counts the tenure's ratings ended with (running counts while still rated; zeros if never).
RatingSnapshot FinalRatingsOf(const State& s, const std::string& id, size_t tenure);
// Promotion by record: with the charter's promotion_record_permille set, `citizen` completed a
// term ("term") in another office with final approval at least that, else kPermissionDenied.
Status CheckPromotionRecord(const State& s, const std::string& office, const std::string& citizen);
// How many contests make a "done" report broken: the charter's recall_min_raters, at least 1.
std::uint64_t DisputeThreshold(const State& s, const Office& o);
// The reports on promise `item` of tenure `tenure` of office `id`, or null if none.
const std::vector<PromiseReport>* ReportsOf(const State& s, const std::string& id, size_t tenure, std::uint8_t item);
// What that promise came to (OutcomeOf, the tenure ended if it is not the office's current one).
PromiseOutcome PromiseOutcomeOf(const State& s, const std::string& id, const Office& o, size_t tenure,
                                std::uint8_t item);

}  // namespace veche::core
