// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Exponential ElGamal on ristretto255 in the ElectionGuard 2.x form, the zero-knowledge proofs
// of the secret ballot, the pieces of the trustees' k-of-n key (polynomials, share pads,
// Lagrange coefficients) and baby-step giant-step. Byte rules: docs/formats/election.md.
//
// Pure computation (no I/O); randomness comes from the injected Rng, so tests and the
// known-answer vectors are reproducible. Verifiers never fail on bad input: they return false.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "veche/crypto/group.h"

namespace veche::crypto {

using ElectionHash = std::array<std::uint8_t, 32>;

struct Ciphertext {
  Point alpha = kIdentity, beta = kIdentity;
  friend bool operator==(const Ciphertext&, const Ciphertext&) = default;
};
// (ξ·G, (ξ + m)·K).
Ciphertext Encrypt(const Point& key, std::uint64_t m, const Scalar& nonce);
Ciphertext AddCiphertexts(const Ciphertext& a, const Ciphertext& b);
Ciphertext SubCiphertexts(const Ciphertext& a, const Ciphertext& b);

// A challenge and a response: every proof here is a list of these (64 bytes each, c then v).
struct ProofPair {
  Scalar c{}, v{};
  friend bool operator==(const ProofPair&, const ProofPair&) = default;
};
constexpr size_t kProofPairSize = 64;
void AppendProof(Bytes& out, const ProofPair& p);
// Two canonical scalars; else kInvalidArgument naming `what`.
Result<ProofPair> DecodeProof(ByteView bytes, std::string_view what);

// Schnorr proof of x with X = x·G (§4.1). `items` are hashed after the commitment as u32s.
ProofPair ProveSchnorr(std::string_view tag, const ElectionHash& e, const Scalar& x, const Point& X,
                       std::span<const std::uint32_t> items, Rng& rng);
bool VerifySchnorr(std::string_view tag, const ElectionHash& e, const Point& X, std::span<const std::uint32_t> items,
                   const ProofPair& proof);

// Chaum–Pedersen proof that log_G X = log_A M (§4.2).
ProofPair ProveDleq(std::string_view tag, const ElectionHash& e, const Scalar& x, const Point& X, const Point& A,
                    const Point& M, std::span<const std::uint32_t> items, Rng& rng);
bool VerifyDleq(std::string_view tag, const ElectionHash& e, const Point& X, const Point& A, const Point& M,
                std::span<const std::uint32_t> items, const ProofPair& proof);

// What a range proof is about (§4.3): the ciphertext encrypts 0..max under `key`, for `voter`'s
// ballot, option `option` (kSumOption for the ballot's sum).
constexpr std::uint32_t kSumOption = 0xffffffff;
struct RangeStatement {
  ElectionHash election{};
  Point key = kIdentity;
  std::array<std::uint8_t, 32> voter{};
  std::uint32_t option = 0;
  std::uint32_t max = 1;
};
// Contract: m <= st.max and ct = Encrypt(st.key, m, nonce). Returns st.max + 1 pairs.
std::vector<ProofPair> ProveRange(const RangeStatement& st, const Ciphertext& ct, std::uint64_t m, const Scalar& nonce,
                                  Rng& rng);
bool VerifyRange(const RangeStatement& st, const Ciphertext& ct, std::span<const ProofPair> proof);

// --- A voter's marks (§5) ---
struct EncryptedSelections {
  std::vector<Ciphertext> options;                      // one per option, a mark of 0 or 1
  std::vector<std::array<ProofPair, 2>> option_proofs;  // range 0..1 of each
  std::vector<ProofPair> sum_proof;                     // range 0..limit of the sum
};
// Encrypts marks[i] for every option and proves each and their sum. Randomness is drawn in this
// order: the nonces ξ_0..ξ_n-1, then each option's proof, then the sum's (ProveRange draws, for
// j = 0..max, u for the real branch and c_j then v_j for the others). `nonces`, if given,
// receives the ξ_i (secret: the Benaloh audit reveals them; otherwise wipe them). Marks outside
// 0..1 or a sum above `limit` give proofs that do not verify (how a cheating device is caught).
EncryptedSelections EncryptSelections(const ElectionHash& e, const Point& key,
                                      const std::array<std::uint8_t, 32>& voter, std::span<const std::uint8_t> marks,
                                      std::uint32_t limit, Rng& rng, std::vector<Scalar>* nonces = nullptr);
Ciphertext SumOf(std::span<const Ciphertext> cts);
// All range proofs of a ballot, for `voter`'s key.
bool VerifySelections(const ElectionHash& e, const Point& key, const std::array<std::uint8_t, 32>& voter,
                      std::uint32_t limit, const EncryptedSelections& s);
// The Benaloh audit: true if every ciphertext is (ξ_i·G, (ξ_i + marks[i])·K).
bool CheckAudit(const Point& key, const EncryptedSelections& s, std::span<const std::uint8_t> marks,
                std::span<const Scalar> nonces);

// --- The trustees' key (§3) ---
// P(x) = Σ coeffs[j]·x^j.
Scalar EvalPolynomial(std::span<const Scalar> coeffs, std::uint32_t x);
// Σ x^j·commitments[j]: P(x)·G when commitments[j] = coeffs[j]·G.
Point EvalCommitments(std::span<const Point> commitments, std::uint32_t x);
// SHA-256("veche/dkg/v1/coefficients\n" || K_0 || ... || K_k-1).
std::array<std::uint8_t, 32> CoefficientHash(std::span<const Point> commitments);
// The one-time pad of dealer i's share for trustee l, from the shared point D.
Scalar SharePad(const ElectionHash& e, std::uint32_t dealer, std::uint32_t recipient, const Point& R, const Point& D);
// λ_l for interpolation at 0 over the distinct 1-based indices in `set`. Contract: l ∈ set.
Scalar LagrangeAtZero(std::span<const std::uint32_t> set, std::uint32_t l);

// Proof tags (docs/formats/election.md).
inline constexpr std::string_view kTagEncryptionKey = "veche/dkg/v1/encryption-key";
inline constexpr std::string_view kTagCoefficient = "veche/dkg/v1/coefficient";
inline constexpr std::string_view kTagComplaint = "veche/dkg/v1/complaint";
inline constexpr std::string_view kTagDecryption = "veche/tally/v1/decryption";
inline constexpr std::string_view kTagRange = "veche/ballot/v1/range";

// Baby-step giant-step for t·base = target with 0 <= t <= max: ceil(sqrt(max + 1)) baby steps
// (one point addition each) kept in a table, then at most as many giant steps per search.
// Building costs the baby steps once; each Solve costs at most the giant steps.
class DiscreteLog {
 public:
  // Contract: max <= 2^40 (the table would not fit otherwise).
  DiscreteLog(const Point& base, std::uint64_t max);
  std::optional<std::uint64_t> Solve(const Point& target) const;
  std::uint64_t baby_steps() const { return m_; }

 private:
  Point base_;
  std::uint64_t max_, m_;
  Point giant_;                                             // m·base
  std::unordered_map<std::uint64_t, std::uint32_t> table_;  // first 8 bytes of j·base -> j
};

}  // namespace veche::crypto
