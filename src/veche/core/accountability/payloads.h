// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The accountability payloads (kinds 150..162, docs/formats/accountability.md): a citizen's
// current rating of an office's holder, the node's daily close of the ratings, a holder's
// statement to the voters, the holder's reports on their promises and citizens' contests of them,
// the recall by petition: its signatures, its vote and the node's close of the vote; public pay (a
// collective's payroll, an office's pay under the cap) and the open ministry (an office's decisions,
// reports and spending charged to the budget in force). Each struct lists its fields once
// (core/fields.h).

#include <cstdint>
#include <string>

#include "veche/core/fields.h"
#include "veche/core/legislation/payloads.h"

namespace veche::core {

// A citizen's one current rating of an office's holder; kWithdrawn takes it back.
enum class Rating : std::uint8_t { kWithdrawn = 0, kApprove = 1, kDisapprove = 2 };
const char* RatingName(Rating rating);  // "withdrawn", "approve", "disapprove"

struct RatingSetPayload {  // rating_set: the author's rating of the office's holder, replacing any earlier
  std::string office;
  Rating rating = Rating::kApprove;
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.office, "office id");
    v.Enum(p.rating, 0, 2, "rating");
  }
};
struct RatingDayPayload {  // rating_day: the node closes the ratings' days up to `day`
  std::uint32_t day = 0;   // days since 1970-01-01 by the state's clock
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Int(p.day);
  }
};
constexpr size_t kMaxStatements = 100;  // per holder of an office
struct HolderStatementPayload {         // holder_statement: the holder answers the voters (a published text)
  std::string office;
  TextHash text{};
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.office, "office id");
    v.Fixed(p.text);
  }
};

// A promise's status as its holder reports it.
enum class PromiseStatus : std::uint8_t { kInProgress = 1, kDone = 2, kAbandoned = 3 };
const char* PromiseStatusName(PromiseStatus status);  // "in-progress", "done", "abandoned"
constexpr size_t kMaxReportsPerPromise = 32;
struct PromiseReportPayload {  // promise_report: the holder reports one item of their checklist
  std::string office;
  std::uint8_t item = 0;  // its index in the candidacy's promises
  PromiseStatus status = PromiseStatus::kInProgress;
  TextHash evidence{};  // a published text: the report and its evidence, or why it was abandoned
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.office, "office id");
    v.Int(p.item);
    v.Enum(p.status, 1, 3, "promise status");
    v.Fixed(p.evidence);
  }
};
struct PromiseContestPayload {  // promise_contest: a citizen disputes the item's latest report
  std::string office;
  std::uint8_t item = 0;
  TextHash reason{};  // a published text
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.office, "office id");
    v.Int(p.item);
    v.Fixed(p.reason);
  }
};

struct ActingAcceptPayload {  // acting_accept: the runner-up designated to act accepts
  std::string office;
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.office, "office id");
  }
};

struct RecallSignPayload {  // recall_sign: a citizen signs the petition to recall the office's holder
  std::string office;
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.office, "office id");
  }
};
struct RecallVotePayload {  // recall_vote: a citizen's vote in the recall, in the open; a later one replaces it
  std::string office;
  bool recall = true;  // true: recall the holder; false: keep them
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.office, "office id");
    v.Int(p.recall);
  }
};
struct RecallClosePayload {  // recall_close: the node closes the recall vote at its end
  std::string office;
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.office, "office id");
  }
};

// Public pay (accountability.md, "Public pay").
constexpr std::uint32_t kMaxWorkers = 100'000'000;  // per collective and month
struct PayrollReportPayload {  // payroll_report: a collective's workers and their total pay in one month
  std::string collective;
  std::uint16_t year = 0;      // 1970..9999
  std::uint8_t month = 0;      // 1..12
  std::uint32_t workers = 0;   // 1..kMaxWorkers
  std::int64_t total_pay = 0;  // minor units, 1..kMaxAmount
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.collective, "collective id");
    v.Int(p.year);
    v.Int(p.month);
    v.Int(p.workers);
    v.Int(p.total_pay);
    v.Check([&] { return p.Validate(); });
  }
  Status Validate() const;
  std::int64_t Period() const;  // MonthIndex of the month reported
};
struct OfficePayPayload {  // office_pay: an office's monthly pay from now on
  std::string office;
  std::int64_t monthly = 0;  // minor units, 0..kMaxAmount
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.office, "office id");
    v.Int(p.monthly);
    v.Check([&] { return p.monthly == 0 ? OkStatus() : CheckAmount(p.monthly, "an office's monthly pay"); });
  }
};

// The open ministry (accountability.md, "Open ministries").
enum class MinistryTextKind : std::uint8_t { kDecision = 1, kReport = 2 };
const char* MinistryTextKindName(MinistryTextKind kind);  // "decision", "report"
constexpr size_t kMaxMinistryEntries = 100'000;           // texts and spending lines, per office
struct OfficePublishPayload {  // office_publish: the wielder of an office publishes a decision or a report
  std::string office;
  MinistryTextKind kind = MinistryTextKind::kDecision;
  TextHash text{};  // a published text
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.office, "office id");
    v.Enum(p.kind, 1, 2, "ministry text kind");
    v.Fixed(p.text);
  }
};
struct OfficeSpendPayload {  // office_spend: the wielder charges spending to a line of the budget in force
  std::string office;
  std::string line;         // the label of an expenditure line of the office's territory's budget
  std::int64_t amount = 0;  // minor units, 1..kMaxAmount
  std::string collective;   // who receives it
  TextHash description{};   // a published text
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.office, "office id");
    v.Name(p.line, "budget line label");
    v.Int(p.amount);
    v.Check([&] { return CheckAmount(p.amount, "a spending's amount"); });
    v.Id(p.collective, "receiving collective id");
    v.Fixed(p.description);
  }
};

}  // namespace veche::core
