// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The accountability part of the state: each office holder's current ratings with their running
// counts, the daily snapshots the node's rating_day records close, and where a recall by rating
// stands (suspended, its grace period, the acting holder). Its digest section is listed once in
// state.cc (core/state_fields.h).

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "veche/core/accountability/payloads.h"
#include "veche/core/offices/state.h"

namespace veche::core {

// One closed day's counts of a holder's ratings.
struct RatingSnapshot {
  std::uint32_t day = 0;
  std::uint64_t approvals = 0, disapprovals = 0;
  friend bool operator==(const RatingSnapshot&, const RatingSnapshot&) = default;
};

// The ratings of one office's holder, and where a recall of them stands.
struct HolderRatings {
  std::string holder;                             // the citizen rated; a different holder starts afresh
  std::map<std::string, bool> ratings;            // citizen -> approves (true) or disapproves
  std::uint64_t approvals = 0, disapprovals = 0;  // running counts of `ratings`
  std::uint32_t evaluated_day = 0;                // the last day closed for it, or the day of its first rating
  std::uint32_t days_below = 0;                   // consecutive closed days below the recall threshold
  std::uint32_t suspended_day = 0;                // 0: not suspended; else the day the holder was suspended
  std::uint32_t grace_until_day = 0;              // suspended: the day the grace period ends
  std::string acting;                             // suspended: who is designated to act ("" nobody)
  bool acting_accepted = false;                   // they accepted: they wield the office's powers
  std::vector<RatingSnapshot> history;            // one per closed day whose counts differ from the last
  std::vector<TextHash> statements;               // the holder's statements to the voters, in order

  std::uint64_t Raters() const { return approvals + disapprovals; }
  // approvals / raters in per mille, rounded down; 0 with no raters.
  std::uint32_t ApprovalPermille() const;
  bool Suspended() const { return suspended_day != 0; }
};

// One report on a promise, and the citizens who contest it.
struct PromiseReport {
  PromiseStatus status = PromiseStatus::kInProgress;
  TextHash evidence{};
  UnixMicros at = 0;
  std::map<std::string, TextHash> contests;  // citizen -> the reason they published
};
// What became of one promise of a tenure's checklist (accountability.md, "Promises").
enum class PromiseOutcome : std::uint8_t { kOpen, kKept, kBroken, kAbandoned };
const char* PromiseOutcomeName(PromiseOutcome outcome);  // "open", "kept", "broken", "abandoned"
// The reports on each promise of one tenure's checklist (the candidacy's promises, frozen), by item.
struct TenurePromises {
  std::map<std::uint8_t, std::vector<PromiseReport>> reports;
};

// A petition to recall an office's holder and, once it has its signatures, the recall vote.
struct RecallPetition {
  std::string holder;                 // whom it would recall; a different holder starts afresh
  std::set<std::string> signatures;   // citizen ids
  std::uint64_t needed = 0;           // signatures that call the vote (fixed at the first)
  UnixMicros vote_closes_at = 0;      // 0 while collecting; else the vote runs until then
  std::map<std::string, bool> votes;  // citizen -> recall (true) or keep
  std::string outcome;                // once closed: "recalled" or "kept"
  bool Voting() const { return vote_closes_at != 0 && outcome.empty(); }
  std::uint64_t RecallVotes() const;
};

// One month's payroll of a collective as reported (a later report for the month replaces it).
struct Payroll {
  std::uint64_t workers = 0;
  std::int64_t total_pay = 0;
  UnixMicros at = 0;
  friend bool operator==(const Payroll&, const Payroll&) = default;
};
// The payrolls of one month summed over a territory's collectives and those of the territories below.
struct PayTotals {
  std::uint64_t workers = 0;
  std::int64_t total_pay = 0;
  std::int64_t AveragePay() const;  // total_pay / workers, rounded down; 0 with no workers
};
// The average worker's pay in force in a territory and the cap it puts on an office's pay.
struct PayCap {
  std::int64_t period = 0;   // the MonthIndex of the latest month reported in the territory
  std::int64_t average = 0;  // that month's average pay
  std::int64_t cap = 0;      // pay_cap_permille x average / 1000, rounded down
};
struct OfficePay {
  std::int64_t monthly = 0;
  UnixMicros set_at = 0;
};

struct MinistryText {
  MinistryTextKind kind = MinistryTextKind::kDecision;
  TextHash text{};
  UnixMicros at = 0;
};
struct Spending {
  std::string budget, line;  // the budget measure in force and its expenditure line charged
  std::int64_t amount = 0;
  std::string collective;  // who receives it
  TextHash description{};
  UnixMicros at = 0;
};
// What an office publishes as an open ministry, oldest first.
struct Ministry {
  std::vector<MinistryText> texts;
  std::vector<Spending> spending;
  size_t Entries() const { return texts.size() + spending.size(); }
};

struct AccountabilityState {
  std::map<std::string, HolderRatings> holder_ratings;  // by office id; only offices rated
  // By office id and tenure index (in Office::tenures); only tenures with a report.
  std::map<std::pair<std::string, std::uint32_t>, TenurePromises> promises;
  std::map<std::string, RecallPetition> recall_petitions;  // by office id: the latest petition
  std::uint32_t rating_day = 0;                            // the last day a rating_day record closed
  // The daily snapshots of ended tenures by office id and tenure index, the last one the counts
  // when the ratings closed (a holder re-elected at once keeps one running history).
  std::map<std::pair<std::string, std::uint32_t>, std::vector<RatingSnapshot>> rating_histories;

  std::map<std::pair<std::string, std::int64_t>, Payroll> payrolls;        // by collective id and month
  std::map<std::pair<std::string, std::int64_t>, PayTotals> pay_totals;    // by territory id and month
  std::map<std::string, OfficePay> office_pay;                             // by office id; only offices paid
  std::map<std::string, Ministry> ministries;                              // by office id; only offices publishing
  std::map<std::pair<std::string, std::string>, std::int64_t> line_spent;  // by budget measure id and line label

  // The citizen who wields office `id`'s powers now: while its holder is suspended the acting
  // holder once they accepted (nobody before), else the holder; empty if nobody does.
  std::string Wielder(const std::string& id, const Office& office) const;
};

// What became of a promise with these reports (null: none yet): the last report decides; a "done"
// contested by at least `dispute_threshold` citizens is broken; with no report, or still in
// progress, it is open while the tenure runs and broken once it has ended.
PromiseOutcome OutcomeOf(const std::vector<PromiseReport>* reports, bool tenure_ended, std::uint64_t dispute_threshold);

// The sections holder_ratings, promises, recall_petitions, pay and ministries, for the visitors of
// core/state_fields.h.
template <typename V, typename S>
void VisitAccountabilitySections(V& v, S& s);

}  // namespace veche::core
