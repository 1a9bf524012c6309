// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Secret ballots' part of the state: each election's definition, trustees, joint key, electorate,
// counted ballots, running tally and result. Its digest section and snapshot items are listed
// once in state.cc (core/state_fields.h).

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "veche/core/election/payloads.h"
#include "veche/crypto/vartime.h"

namespace veche::core {

enum class ElectionStatus : std::uint8_t { kKeygen = 1, kVoting = 2, kCounting = 3, kDecided = 4 };
const char* ElectionStatusName(ElectionStatus status);

struct Trustee {
  PublicKeyBytes key{};
  std::optional<TrusteeCommitPayload> commit;
  std::optional<TrusteeRevealPayload> reveal;
  bool disqualified = false;                           // a complaint proved one of its shares wrong
  std::set<std::uint8_t> complained;                   // dealers this trustee has complained about
  crypto::Point verification_key = crypto::kIdentity;  // VK_l, fixed at the opening (QUAL only)
  std::optional<DecryptionSharePayload> decryption;
};

struct CastBallot {  // a voter's last ballot
  std::array<std::uint8_t, 32> tracker{};
  std::vector<crypto::Ciphertext> options;
  // When the voter signed it: a later ballot must be signed later (author times increase per
  // voter and election), so the node cannot pick which of a voter's ballots counts.
  UnixMicros signed_at = 0;
};

struct Election {
  ElectionDefinePayload spec;
  crypto::ElectionHash hash{};
  ElectionStatus status = ElectionStatus::kKeygen;
  std::vector<Trustee> trustees;  // index l - 1 for trustee l
  crypto::Point key = crypto::kIdentity;
  std::uint16_t qual = 0;
  std::set<std::string> electorate;           // fixed at the opening
  std::map<std::string, CastBallot> ballots;  // citizen id -> the ballot that counts
  // Kept as ballots arrive, decoded: the sum of `ballots`, per option. Tally() encodes it.
  std::vector<crypto::CiphertextSum> running_tally;
  std::vector<std::uint32_t> decryption_order;  // trustees in the order their shares arrived
  std::optional<ElectionResultPayload> result;

  std::vector<crypto::Ciphertext> Tally() const;
};

struct ElectionState {
  std::map<std::string, Election> elections;
};

// The section elections, for the visitors of core/state_fields.h (instantiated for DigestWriter,
// StreamWriter and StreamReader). The reader also recomputes each election's hash.
template <typename V, typename S>
void VisitElectionSections(V& v, S& state);

}  // namespace veche::core
