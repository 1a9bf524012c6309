// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The accountability payloads (kinds 150..157, docs/formats/accountability.md): a citizen's
// current rating of an office's holder, the node's daily close of the ratings, a holder's
// statement to the voters, the holder's reports on their promises and citizens' contests of them,
// and the recall by petition: its signatures, its vote and the node's close of the vote. Each struct lists its
// fields once (core/fields.h).

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

}  // namespace veche::core
