// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Direct legislation (docs/MISSION.md): texts, measures, initiatives, sessions of the People's
// Assembly, votes and results. The payloads of record kinds 50..59 and their canonical encoding;
// the rules that apply them are in assembly.cc; byte layout and rules in
// docs/formats/legislation.md.

#include <cstdint>
#include <string>
#include <vector>

#include "veche/base/clock.h"
#include "veche/choice/majority.h"
#include "veche/core/payloads.h"

namespace veche::core {

// A text's address: SHA-256 of its UTF-8 bytes (so `sha256sum law.txt` names it too).
using TextHash = crypto::Sha256Digest;
TextHash TextHashOf(std::string_view text);

constexpr size_t kMaxTextSize = 60 * 1024;                  // a text record must fit one log entry (64 KiB)
constexpr size_t kMaxBudgetLines = 256;                     // per side
constexpr std::int64_t kMaxAmount = 1'000'000'000'000'000;  // per budget line, in minor units

enum class MeasureKind : std::uint8_t { kLaw = 1, kAmendment = 2, kBudget = 3, kCharter = 4, kQuestion = 5 };
// "law", "amendment", "budget", "charter", "question"; "unknown" outside the enum.
const char* MeasureKindName(MeasureKind kind);

enum class VoteChoice : std::uint8_t { kYes = 1, kNo = 2, kAbstain = 3 };
const char* VoteChoiceName(VoteChoice choice);  // "yes", "no", "abstain"

struct BudgetLine {
  std::string label;        // a name (1..200 bytes)
  std::int64_t amount = 0;  // 1..kMaxAmount minor units
  friend bool operator==(const BudgetLine&, const BudgetLine&) = default;
};

// What a measure proposes. Which fields are encoded depends on `kind`.
struct MeasureSpec {
  MeasureKind kind = MeasureKind::kLaw;
  std::string territory;  // whose People's Assembly votes on it
  std::string title;
  TextHash text{};         // law, amendment (the full amended text), question: a published text
  std::string law;         // amendment: the law in force it amends
  TextHash base{};         // amendment: the version of that law it amends (its diff is base -> text)
  std::uint16_t year = 0;  // budget: the year it covers
  std::vector<BudgetLine> income, expenditure;  // budget
  std::int64_t deficit = 0;                     // budget: expenditure - income as stated
  Charter charter;                              // charter: the charter proposed
  friend bool operator==(const MeasureSpec&, const MeasureSpec&) = default;
};

struct TextPayload {  // text
  std::string text;   // UTF-8, 1..kMaxTextSize bytes
};
struct MeasurePayload {  // measure_table, initiative_file
  std::string id;
  MeasureSpec spec;
};
struct SessionOpenPayload {
  std::string territory;
  std::uint32_t number = 0;  // the territory's sessions are numbered from 1
  bool extraordinary = false;
  UnixMicros closes_at = 0;
};
struct SessionClosePayload {
  std::string territory;
  std::uint32_t number = 0;
};
struct VotePayload {
  std::string measure;
  VoteChoice choice = VoteChoice::kYes;
};
struct MeasureResultPayload {
  std::string measure;
  std::uint64_t electorate = 0;  // binding voters fixed at the session's opening
  choice::Count binding;
  std::uint64_t consultative_electorate = 0;
  choice::Count consultative;
  choice::Decision decision;  // of the binding votes
  choice::Outcome consultative_outcome = choice::Outcome::kNoMajority;
  bool applied = false;  // adopted and took effect (false for an amendment overtaken by another)
  friend bool operator==(const MeasureResultPayload&, const MeasureResultPayload&) = default;
};

Bytes EncodePayload(const TextPayload& p);
Bytes EncodePayload(const MeasurePayload& p);
Bytes EncodePayload(const SessionOpenPayload& p);
Bytes EncodePayload(const SessionClosePayload& p);
Bytes EncodePayload(const VotePayload& p);
Bytes EncodePayload(const MeasureResultPayload& p);

// Whole UTC months from 1970-01 to the month of `time` (negative before 1970).
std::int64_t MonthIndex(UnixMicros time);
// The period of the schedule a month belongs to: the month index divided by the period's length
// (12 / sessions_per_year months), rounded down. Contract: sessions_per_year divides 12.
std::int64_t SessionPeriod(std::int64_t month_index, std::uint8_t sessions_per_year);

// The latest time a clock record may name: 9999-12-31T23:59:59.999999Z, so every deadline the
// core adds to it stays far from the end of a 64-bit count.
constexpr UnixMicros kMaxClockTime = 253'402'300'799'999'999;

}  // namespace veche::core
