// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/core/election/due.h"

#include "veche/core/election/rules.h"

namespace veche::core {

using namespace rules;
using crypto::Point;

namespace {

// The trustees who revealed and were not disqualified.
std::vector<std::uint32_t> QualifiedTrustees(const Election& el) {
  std::vector<std::uint32_t> out;
  for (std::uint32_t i = 1; i <= el.trustees.size(); ++i) {
    const Trustee& t = el.trustees[i - 1];
    if (t.reveal && !t.disqualified) out.push_back(i);
  }
  return out;
}

std::string TooFewTrustees(const Election& el, size_t qualified) {
  return "election '" + el.spec.id + "' has " + std::to_string(qualified) + " qualified trustees and needs " +
         std::to_string(el.spec.threshold);
}

}  // namespace

Result<ElectionOpenPayload> DueElectionOpen(const State& s, const std::string& id) {
  VECHE_ASSIGN_OR_RETURN(const Election* el, FindElection(s, id));
  if (el->status != ElectionStatus::kKeygen) return Conflict("election '" + id + "' is already open");
  if (s.clock < el->spec.opens_at)
    return Conflict("election '" + id + "' opens at " + std::to_string(el->spec.opens_at));
  ElectionOpenPayload p;
  p.election = id;
  const std::vector<std::uint32_t> qualified = QualifiedTrustees(*el);
  if (qualified.size() < el->spec.threshold) return Conflict(TooFewTrustees(*el, qualified.size()));
  for (std::uint32_t i : qualified) {
    p.qual |= Bit(i);
    p.key = crypto::Add(p.key, el->trustees[i - 1].reveal->coefficients[0]);
  }
  return p;
}

std::optional<std::string> ElectionFailure(const State& s, const Election& el) {
  if (el.status != ElectionStatus::kKeygen || s.clock < el.spec.opens_at) return std::nullopt;
  const size_t qualified = QualifiedTrustees(el).size();
  if (qualified >= el.spec.threshold) return std::nullopt;  // its opening is due
  return TooFewTrustees(el, qualified) + " by its opening time; it can never open";
}

const char* ElectionPublicStatus(const State& s, const Election& el) {
  return ElectionFailure(s, el) ? "failed" : ElectionStatusName(el.status);
}

Result<ElectionResultPayload> ComputeElectionResult(const State& s, const std::string& id) {
  VECHE_ASSIGN_OR_RETURN(const Election* el, FindElection(s, id));
  VECHE_RETURN_IF_ERROR(ReadyForResult(*el));
  ElectionResultPayload p;
  p.election = id;
  p.trustees = ResultTrustees(*el);
  p.counts.assign(el->running_tally.size(), 0);
  if (el->ballots.empty()) return p;
  crypto::DiscreteLog dlog(el->key, el->ballots.size());
  const std::vector<Point> decrypted = Decrypted(*el);
  for (size_t i = 0; i < decrypted.size(); ++i) {
    std::optional<std::uint64_t> t = dlog.Solve(decrypted[i]);
    if (!t) return InternalError("the tally of option " + std::to_string(i) + " does not decrypt to a count");
    p.counts[i] = *t;
  }
  return p;
}

std::vector<DueRecord> DueElectionRecords(const State& s) {
  std::vector<DueRecord> out;
  for (const auto& [id, el] : s.elections) {
    if (el.status == ElectionStatus::kKeygen) {
      if (Result<ElectionOpenPayload> open = DueElectionOpen(s, id); open.ok()) {
        out.push_back({RecordKind::kElectionOpen, EncodePayload(*open)});
      }
    } else if (el.status == ElectionStatus::kVoting && s.clock >= el.spec.closes_at) {
      out.push_back({RecordKind::kElectionClose, EncodePayload(CloseOf(el))});
    } else if (el.status == ElectionStatus::kCounting) {
      if (Result<ElectionResultPayload> result = ComputeElectionResult(s, id); result.ok()) {
        out.push_back({RecordKind::kElectionResult, EncodePayload(*result)});
      }
    }
  }
  return out;
}

}  // namespace veche::core
