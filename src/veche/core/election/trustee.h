// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// What a trustee's tool keeps and makes: its secrets, and its records built from a state it
// replayed from the log itself (so what it signs depends only on signed records).

#include <string>
#include <vector>

#include "veche/base/result.h"
#include "veche/base/rng.h"
#include "veche/core/state.h"

namespace veche::core {

struct TrusteeSecrets {
  std::vector<crypto::Scalar> coefficients;  // a_i0..a_i,k-1
  crypto::Scalar encryption_secret{};        // e_i
  template <typename V, typename Self>
  static void Fields(V& v, Self& s) {
    size_t k = s.coefficients.size();
    v.template Count<std::uint8_t>(k, 1, kMaxTrustees,
                                   fields::CountMessage("the number of coefficients", 1, kMaxTrustees));
    v.Resize(s.coefficients, k);
    for (auto& c : s.coefficients) v.Scalar(c, "coefficient");
    v.Scalar(s.encryption_secret, "encryption secret");
  }
};
TrusteeSecrets GenerateTrusteeSecrets(std::uint8_t threshold, Rng& rng);
Bytes EncodeTrusteeSecrets(const TrusteeSecrets& s);  // secret: write with WriteSecretFile
Result<TrusteeSecrets> DecodeTrusteeSecrets(ByteView bytes);
// The trustee's 1-based index in election `id` for `key`, or kNotFound / kPermissionDenied.
Result<std::uint32_t> TrusteeIndex(const State& state, const std::string& id, const PublicKeyBytes& key);
Result<TrusteeCommitPayload> MakeTrusteeCommit(const State& state, const std::string& id, std::uint32_t index,
                                               const TrusteeSecrets& secrets, Rng& rng);
Result<TrusteeRevealPayload> MakeTrusteeReveal(const State& state, const std::string& id, std::uint32_t index,
                                               const TrusteeSecrets& secrets, Rng& rng);
// Checks every dealer's share for trustee `index` once all have revealed: the complaints it should
// file (empty if every share is right).
Result<std::vector<TrusteeComplaintPayload>> CheckSharesAndComplain(const State& state, const std::string& id,
                                                                    std::uint32_t index, const TrusteeSecrets& secrets,
                                                                    Rng& rng);
// After the close: this trustee's decryption share of the tally.
Result<DecryptionSharePayload> MakeDecryptionShare(const State& state, const std::string& id, std::uint32_t index,
                                                   const TrusteeSecrets& secrets, Rng& rng);

}  // namespace veche::core
