// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/choice/majority.h"

namespace veche::choice {
namespace {

// Products of a count and a factor in 128 bits: exact even beyond the 48-bit contract.
__extension__ typedef unsigned __int128 Wide;

// yes_like / total meets the rule's share over a two-way or all-participants base.
bool MeetsShare(std::uint64_t in_favour, std::uint64_t against, std::uint64_t total, const MajorityRule& rule) {
  switch (rule.kind) {
    case MajorityKind::kSimple: return in_favour > against;
    case MajorityKind::kAbsolute: return Wide{in_favour} * 2 > Wide{total};
    case MajorityKind::kQualified: return in_favour > 0 && Wide{in_favour} * rule.den >= Wide{total} * rule.num;
  }
  return false;
}

}  // namespace

Status MajorityRule::Validate() const {
  switch (kind) {
    case MajorityKind::kSimple:
    case MajorityKind::kAbsolute:
      if (num != 1 || den != 2) return InvalidArgumentError("a simple or absolute majority carries the share 1/2");
      return OkStatus();
    case MajorityKind::kQualified:
      if (den < 1 || den > 1000) return InvalidArgumentError("a qualified majority's denominator must be 1..1000");
      if (num > den || num * 2 <= den)
        return InvalidArgumentError("a qualified majority must be more than 1/2 and at most 1");
      return OkStatus();
  }
  return InvalidArgumentError("unknown majority kind");
}

std::string MajorityRule::ToString() const {
  switch (kind) {
    case MajorityKind::kSimple: return "simple";
    case MajorityKind::kAbsolute: return "absolute";
    case MajorityKind::kQualified: return "qualified " + std::to_string(num) + "/" + std::to_string(den);
  }
  return "unknown";
}

const char* OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kAdopted: return "adopted";
    case Outcome::kNoQuorum: return "no-quorum";
    case Outcome::kNoMajority: return "no-majority";
    case Outcome::kNoMemberMajority: return "no-member-majority";
  }
  return "unknown";
}

bool MeetsQuorum(std::uint64_t electorate, const Count& count, std::uint16_t quorum_permille) {
  return Wide{count.participants()} * 1000 >= Wide{electorate} * quorum_permille;
}

bool HasMajority(const Count& count, const MajorityRule& rule) {
  return MeetsShare(count.yes, count.no, count.participants(), rule);
}

Decision Decide(const Rule& rule, std::uint64_t electorate, const Count& citizens, std::span<const Count> members) {
  Decision d;
  if (rule.double_majority) {
    d.members_total = static_cast<std::uint32_t>(members.size());
    for (const Count& m : members) d.members_approving += HasMajority(m, rule.majority) ? 1 : 0;
  }
  if (!MeetsQuorum(electorate, citizens, rule.quorum_permille)) {
    d.outcome = Outcome::kNoQuorum;
  } else if (!HasMajority(citizens, rule.majority)) {
    d.outcome = Outcome::kNoMajority;
  } else if (d.members_total > 0 &&
             !MeetsShare(d.members_approving, d.members_total - d.members_approving, d.members_total,
                         rule.majority.kind == MajorityKind::kQualified
                             ? rule.majority
                             : MajorityRule{MajorityKind::kAbsolute, 1, 2})) {
    d.outcome = Outcome::kNoMemberMajority;
  } else {
    d.outcome = Outcome::kAdopted;
  }
  return d;
}

}  // namespace veche::choice
