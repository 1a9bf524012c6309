// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Secret ballots' rules (docs/formats/election.md): an authority defines an election; its trustees
// commit, reveal and complain; the node opens it; citizens of its electorate cast ballots with
// proofs; the node closes it; trustees post decryption shares; the node records the result. One
// function per record kind, named by the kinds table (kinds.h), and the ballot checks made ahead.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "veche/core/rules.h"

namespace veche::core {

Status ApplyDefine(State& s, const Applying& in);
// The ids of the elections the node holds to fill offices begin with this ("contest-7-1");
// an authority may not define one.
constexpr std::string_view kOfficeElectionPrefix = "contest-";
// Checks `spec` as election_define does (all but who signs) and adds the election in keygen.
Status DefineElection(State& s, ElectionDefinePayload spec);
Status ApplyCommit(State& s, const Applying& in);
Status ApplyReveal(State& s, const Applying& in);
Status ApplyComplaint(State& s, const Applying& in);
Status ApplyOpen(State& s, const Applying& in);
// Uses in.prechecked.ballot, CheckBallotAhead's result, when the election's facts still match.
Status ApplyBallot(State& s, const Applying& in);
Status ApplyClose(State& s, const Applying& in);
Status ApplyDecryption(State& s, const Applying& in);
Status ApplyElectionResult(State& s, const Applying& in);

// A ballot's proofs are the costliest check in Apply, yet they depend only on the voter and on
// facts fixed once its election opens. So they can be checked ahead, on any thread, against a
// snapshot of those facts taken before a batch (OpenElectionFacts); Apply skips its own check when
// handed facts equal to the election's at that point, and checks otherwise.
struct ElectionFacts {
  crypto::ElectionHash hash{};
  crypto::Point key = crypto::kIdentity;
  std::uint32_t limit = 0;
  size_t options = 0;
  friend bool operator==(const ElectionFacts&, const ElectionFacts&) = default;
};
using OpenElections = std::map<std::string, ElectionFacts, std::less<>>;
OpenElections OpenElectionFacts(const State& state);
// A ballot record's payload, decoded, with the facts its shape and proofs were checked against.
struct CheckedBallot {
  ElectionFacts facts;
  BallotPayload ballot;
};
// nullopt unless `record` is a ballot of an election in `open` whose shape and proofs hold.
std::optional<CheckedBallot> CheckBallotAhead(const OpenElections& open, const Record& record);
// Every check a ballot passes in Apply except who signed it: shape and proofs.
Status CheckBallot(const Election& election, const PublicKeyBytes& voter, const BallotPayload& ballot);

// --- Shared by the election domain's files (rules, due records, the trustee's tool) ---

constexpr std::uint32_t Bit(std::uint32_t index) {  // index is 1-based
  return 1u << (index - 1);
}
// kFailedPrecondition naming the election if there is none of that id.
Result<Election*> FindElection(State& s, const std::string& id);
Result<const Election*> FindElection(const State& s, const std::string& id);
// The 1-based index of trustee `key`, or kPermissionDenied.
Result<std::uint32_t> IndexOf(const Election& el, const PublicKeyBytes& key);
// OK while the trustees' key may still be made: before the opening, in keygen.
Status InKeygen(const State& s, const Election& el);
// The 1-based indices whose bit is set in `mask`, of n.
std::vector<std::uint32_t> Members(std::uint16_t mask, size_t n);
// The share dealer i sent trustee l, decrypted with D = e_l·R_il.
crypto::Scalar OpenShare(const Election& el, std::uint32_t dealer, std::uint32_t recipient,
                         const crypto::Point& shared);
// Whether `share` is the value of the dealer's committed polynomial at `recipient`.
bool ShareIsRight(const Election& el, std::uint32_t dealer, std::uint32_t recipient, const crypto::Scalar& share);
ElectionFacts FactsOf(const Election& el);
// The close the state's running tally gives.
ElectionClosePayload CloseOf(const Election& el);
// The trustees whose shares a result uses: the first `threshold` to arrive, as a mask.
std::uint16_t ResultTrustees(const Election& el);
// B_i - Σ λ_l·M_li for every option: t_i·K once enough shares are in.
std::vector<crypto::Point> Decrypted(const Election& el);
// OK once the election is counted and has the shares it needs.
Status ReadyForResult(const Election& el);

}  // namespace veche::core
