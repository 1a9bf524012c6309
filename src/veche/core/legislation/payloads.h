// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Direct legislation (docs/MISSION.md): texts, measures, initiatives, sessions of the People's
// Assembly, votes and results. The payloads of record kinds 50..59 with their field lists
// (core/fields.h), and the session schedule; the rules that apply them are in rules.h; byte
// layout and rules in docs/formats/legislation.md.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "veche/base/clock.h"
#include "veche/choice/majority.h"
#include "veche/core/registry/payloads.h"

namespace veche::core {

// A text's address: SHA-256 of its UTF-8 bytes (so `sha256sum law.txt` names it too).
using TextHash = crypto::Sha256Digest;
TextHash TextHashOf(std::string_view text);

constexpr size_t kMaxTextSize = 60 * 1024;                  // a text record must fit one log entry (64 KiB)
constexpr size_t kMaxBudgetLines = 256;                     // per side
constexpr std::int64_t kMaxAmount = 1'000'000'000'000'000;  // per budget line, in minor units

enum class MeasureKind : std::uint8_t {
  kLaw = 1,
  kAmendment = 2,
  kBudget = 3,
  kCharter = 4,
  kQuestion = 5,
  kOffice = 6,  // creates or abolishes an office of the territory, or grants or revokes a power
};
// "law", "amendment", "budget", "charter", "question", "office"; "unknown" outside the enum.
const char* MeasureKindName(MeasureKind kind);

enum class VoteChoice : std::uint8_t { kYes = 1, kNo = 2, kAbstain = 3 };
const char* VoteChoiceName(VoteChoice choice);                     // "yes", "no", "abstain"
std::optional<VoteChoice> VoteChoiceNamed(std::string_view name);  // the inverse; nullopt for others

// "<what> must be 1..10^15 minor units" unless 1 <= amount <= kMaxAmount.
Status CheckAmount(std::int64_t amount, std::string_view what);

struct BudgetLine {
  std::string label;        // a name (1..200 bytes)
  std::int64_t amount = 0;  // 1..kMaxAmount minor units
  template <typename V, typename Self>
  static void Fields(V& v, Self& l) {
    v.Name(l.label, "budget line label");
    v.Int(l.amount);
    v.Check([&] { return CheckAmount(l.amount, "a budget line's amount"); });
  }
  friend bool operator==(const BudgetLine&, const BudgetLine&) = default;
};

// One side of a budget: a u32 count (at most kMaxBudgetLines), then the lines.
template <typename V, typename Lines>
void BudgetLinesFields(V& v, Lines& lines, std::string_view side) {
  size_t n = lines.size();
  v.template Count<std::uint32_t>(n, 0, kMaxBudgetLines,
                                  [side](size_t) { return std::string(side) + ": at most 256 budget lines"; });
  v.Resize(lines, n);
  for (auto& l : lines) v.Nested(l);
}

// An office measure's motion (docs/formats/offices.md, "Offices by measure").
enum class OfficeAction : std::uint8_t { kCreate = 1, kAbolish = 2, kGrant = 3, kRevoke = 4 };
struct OfficeMotion {
  OfficeAction action = OfficeAction::kCreate;
  std::string office;           // its id
  std::string title;            // create: the office's title
  std::uint8_t term_years = 0;  // create: 0 for the charter's
  std::string required_class;   // create: empty for none
  std::uint8_t power = 0;       // grant, revoke: the power (offices/payloads.h, Power)
  template <typename V, typename Self>
  static void Fields(V& v, Self& m) {
    v.Enum(m.action, 1, 4, "office action");
    v.Id(m.office, "office id");
    if (m.action == OfficeAction::kCreate) {
      v.Name(m.title, "title");
      v.Int(m.term_years);
      v.OptionalId(m.required_class, "required certificate class");
    } else if (m.action != OfficeAction::kAbolish) {
      v.Int(m.power);
      v.Check([&] { return m.power < 1 || m.power > 8 ? InvalidArgumentError("unknown power") : OkStatus(); });
    }
  }
  friend bool operator==(const OfficeMotion&, const OfficeMotion&) = default;
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
  OfficeMotion office;                          // office: what it does
  friend bool operator==(const MeasureSpec&, const MeasureSpec&) = default;
};

// A budget must balance or state its deficit exactly.
Status CheckBudget(const MeasureSpec& spec);

struct TextPayload {  // text
  std::string text;   // UTF-8, 1..kMaxTextSize bytes
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.String(p.text, kMaxTextSize, "text");
    v.Check([&] { return p.text.empty() ? InvalidArgumentError("a text cannot be empty") : OkStatus(); });
  }
};
struct MeasurePayload {  // measure_table, initiative_file
  std::string id;
  MeasureSpec spec;
  // Which fields follow the title depends on the kind.
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    auto& s = p.spec;
    v.Id(p.id, "measure id");
    v.Enum(s.kind, 1, 6, "measure kind");
    v.Id(s.territory, "territory");
    v.Name(s.title, "title");
    switch (s.kind) {
      case MeasureKind::kLaw:
      case MeasureKind::kQuestion: v.Fixed(s.text); break;
      case MeasureKind::kAmendment:
        v.Id(s.law, "amended law");
        v.Fixed(s.base);
        v.Fixed(s.text);
        v.Check([&] {
          return s.base == s.text ? InvalidArgumentError("an amendment must change the law's text") : OkStatus();
        });
        break;
      case MeasureKind::kBudget:
        v.Int(s.year);
        v.Check([&] {
          return s.year < 1970 || s.year > 9999 ? InvalidArgumentError("a budget's year must be 1970..9999")
                                                : OkStatus();
        });
        BudgetLinesFields(v, s.income, "income");
        BudgetLinesFields(v, s.expenditure, "expenditure");
        v.Int(s.deficit);
        v.Check([&] { return CheckBudget(s); });
        break;
      case MeasureKind::kCharter: v.Nested(s.charter); break;
      case MeasureKind::kOffice: v.Nested(s.office); break;
    }
  }
};
struct SessionOpenPayload {  // session_open
  std::string territory;
  std::uint32_t number = 0;  // the territory's sessions are numbered from 1
  bool extraordinary = false;
  UnixMicros closes_at = 0;
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.territory, "territory");
    v.Int(p.number);
    v.Int(p.extraordinary);
    v.Int(p.closes_at);
  }
};
struct SessionClosePayload {  // session_close
  std::string territory;
  std::uint32_t number = 0;
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.territory, "territory");
    v.Int(p.number);
  }
};
struct VotePayload {  // vote
  std::string measure;
  VoteChoice choice = VoteChoice::kYes;
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.measure, "measure");
    v.Enum(p.choice, 1, 3, "vote choice");
  }
};

// A count of yes, no and abstain as three u64.
template <typename V, typename Self>
void CountFields(V& v, Self& c) {
  v.Int(c.yes);
  v.Int(c.no);
  v.Int(c.abstain);
}
struct MeasureResultPayload {
  std::string measure;
  std::uint64_t electorate = 0;  // binding voters fixed at the session's opening
  choice::Count binding;
  std::uint64_t consultative_electorate = 0;
  choice::Count consultative;
  choice::Decision decision;  // of the binding votes
  choice::Outcome consultative_outcome = choice::Outcome::kNoMajority;
  bool applied = false;  // adopted and took effect (false for an amendment overtaken by another)
  template <typename V, typename Self>
  static void Fields(V& v, Self& p) {
    v.Id(p.measure, "measure");
    v.Int(p.electorate);
    CountFields(v, p.binding);
    v.Int(p.consultative_electorate);
    CountFields(v, p.consultative);
    v.Enum(p.decision.outcome, 1, 4, "outcome");
    v.Int(p.decision.members_total);
    v.Int(p.decision.members_approving);
    v.Enum(p.consultative_outcome, 1, 4, "consultative outcome");
    v.Int(p.applied);
  }
  friend bool operator==(const MeasureResultPayload&, const MeasureResultPayload&) = default;
};

// Whole UTC months from 1970-01 to the month of `time` (negative before 1970).
std::int64_t MonthIndex(UnixMicros time);
// The period of the schedule a month belongs to: the month index divided by the period's length
// (12 / sessions_per_year months), rounded down. Contract: sessions_per_year divides 12.
std::int64_t SessionPeriod(std::int64_t month_index, std::uint8_t sessions_per_year);

}  // namespace veche::core
