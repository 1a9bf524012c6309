// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/core/election/voter.h"

#include "veche/core/election/rules.h"

namespace veche::core {

using namespace rules;
using crypto::Scalar;

Result<BallotPayload> MakeBallot(const State& s, const std::string& id, const PublicKeyBytes& voter,
                                 std::span<const std::uint8_t> marks, Rng& rng, std::vector<Scalar>* nonces) {
  VECHE_ASSIGN_OR_RETURN(const Election* el, FindElection(s, id));
  if (el->status != ElectionStatus::kVoting) {
    return Conflict("election '" + id + "' is not open for ballots (it is " + ElectionStatusName(el->status) + ")");
  }
  if (marks.size() != el->spec.options.size()) {
    return InvalidArgumentError("a ballot marks each of the " + std::to_string(el->spec.options.size()) + " options");
  }
  BallotPayload p;
  p.election = id;
  p.selections = crypto::EncryptSelections(el->hash, el->key, voter, marks, el->spec.limit, rng, nonces);
  return p;
}

}  // namespace veche::core
