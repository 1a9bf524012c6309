// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Majority rules for votes of yes / no / abstain, as the charter sets them
// (docs/formats/record.md, "Counting rules"). Pure integer arithmetic: no rounding anywhere, so
// every node and observer reaches the same decision.
//
//   participants = yes + no + abstain
//   quorum       participants * 1000 >= quorum_permille * electorate
//   simple       yes > no                                  (abstentions do not count)
//   absolute     yes * 2 > participants                    (more than half of those who took part)
//   qualified    yes * den >= num * participants, yes > 0  (e.g. at least 2/3 of those who took part)
//   double       additionally, of the member territories: more than half approve (at least num/den
//                of them for a qualified rule), a member approving when its own citizens' votes
//                meet the majority (no quorum is asked of a member)

#include <cstdint>
#include <span>
#include <string>

#include "veche/base/result.h"

namespace veche::choice {

enum class MajorityKind : std::uint8_t { kSimple = 0, kAbsolute = 1, kQualified = 2 };

struct MajorityRule {
  MajorityKind kind = MajorityKind::kSimple;
  // The share a qualified majority needs; 1/2 (unused) for the other kinds.
  std::uint16_t num = 1;
  std::uint16_t den = 2;

  // kInvalidArgument unless: simple/absolute carry 1/2; qualified has 1 <= den <= 1000 and
  // 1/2 < num/den <= 1.
  Status Validate() const;
  // "simple", "absolute", "qualified 2/3".
  std::string ToString() const;
  friend bool operator==(const MajorityRule&, const MajorityRule&) = default;
};

struct Count {
  std::uint64_t yes = 0, no = 0, abstain = 0;
  std::uint64_t participants() const { return yes + no + abstain; }
  friend bool operator==(const Count&, const Count&) = default;
};

struct Rule {
  std::uint16_t quorum_permille = 0;
  MajorityRule majority;
  bool double_majority = false;
};

enum class Outcome : std::uint8_t { kAdopted = 1, kNoQuorum = 2, kNoMajority = 3, kNoMemberMajority = 4 };
// "adopted", "no-quorum", "no-majority", "no-member-majority".
const char* OutcomeName(Outcome outcome);

struct Decision {
  Outcome outcome = Outcome::kNoMajority;
  std::uint32_t members_total = 0;      // member territories counted (0 without a double majority)
  std::uint32_t members_approving = 0;  // of them, those whose citizens' votes meet the majority
  friend bool operator==(const Decision&, const Decision&) = default;
};

bool MeetsQuorum(std::uint64_t electorate, const Count& count, std::uint16_t quorum_permille);
bool HasMajority(const Count& count, const MajorityRule& rule);

// Decides a measure: quorum first, then the citizens' majority, then (if rule.double_majority and
// there are members) the members' majority. `members` holds each member territory's count of
// binding votes. Contract: counts fit in 48 bits (so products cannot overflow).
Decision Decide(const Rule& rule, std::uint64_t electorate, const Count& citizens, std::span<const Count> members);

}  // namespace veche::choice
