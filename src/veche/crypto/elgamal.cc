// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/crypto/elgamal.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "veche/crypto/sha256.h"
#include "veche/crypto/vartime.h"

namespace veche::crypto {

Ciphertext Encrypt(const Point& key, std::uint64_t m, const Scalar& nonce) {
  return Ciphertext{BaseMul(nonce), Mul(ScalarAdd(nonce, ScalarFromU64(m)), key)};
}

Ciphertext AddCiphertexts(const Ciphertext& a, const Ciphertext& b) {
  return Ciphertext{Add(a.alpha, b.alpha), Add(a.beta, b.beta)};
}

Ciphertext SubCiphertexts(const Ciphertext& a, const Ciphertext& b) {
  return Ciphertext{Sub(a.alpha, b.alpha), Sub(a.beta, b.beta)};
}

void AppendProof(Bytes& out, const ProofPair& p) {
  out.insert(out.end(), p.c.begin(), p.c.end());
  out.insert(out.end(), p.v.begin(), p.v.end());
}

Result<ProofPair> DecodeProof(ByteView bytes, std::string_view what) {
  if (bytes.size() != kProofPairSize) return InvalidArgumentError(std::string(what) + ": a proof pair is 64 bytes");
  ProofPair p;
  VECHE_ASSIGN_OR_RETURN(p.c, DecodeScalar(bytes.subspan(0, 32), std::string(what) + " challenge"));
  VECHE_ASSIGN_OR_RETURN(p.v, DecodeScalar(bytes.subspan(32, 32), std::string(what) + " response"));
  return p;
}

namespace {

void AddItems(Transcript& t, std::span<const std::uint32_t> items) {
  for (std::uint32_t item : items) t.AddU32(item);
}

ByteView View(const ElectionHash& e) {
  return ByteView(e.data(), e.size());
}

}  // namespace

ProofPair ProveSchnorr(std::string_view tag, const ElectionHash& e, const Scalar& x, const Point& X,
                       std::span<const std::uint32_t> items, Rng& rng) {
  const Scalar u = RandomScalar(rng);
  const Point a = BaseMul(u);
  Transcript t(tag);
  t.Add(View(e)).Add(X).Add(a);
  AddItems(t, items);
  ProofPair p;
  p.c = t.Challenge();
  p.v = ScalarSub(u, ScalarMul(p.c, x));
  return p;
}

bool VerifySchnorr(std::string_view tag, const ElectionHash& e, const Point& X, std::span<const std::uint32_t> items,
                   const ProofPair& proof) {
  const Point a = Add(BaseMul(proof.v), Mul(proof.c, X));
  Transcript t(tag);
  t.Add(View(e)).Add(X).Add(a);
  AddItems(t, items);
  return t.Challenge() == proof.c;
}

ProofPair ProveDleq(std::string_view tag, const ElectionHash& e, const Scalar& x, const Point& X, const Point& A,
                    const Point& M, std::span<const std::uint32_t> items, Rng& rng) {
  const Scalar u = RandomScalar(rng);
  const Point a = BaseMul(u), b = Mul(u, A);
  Transcript t(tag);
  t.Add(View(e)).Add(X).Add(A).Add(M).Add(a).Add(b);
  AddItems(t, items);
  ProofPair p;
  p.c = t.Challenge();
  p.v = ScalarSub(u, ScalarMul(p.c, x));
  return p;
}

bool VerifyDleq(std::string_view tag, const ElectionHash& e, const Point& X, const Point& A, const Point& M,
                std::span<const std::uint32_t> items, const ProofPair& proof) {
  const Point a = Add(BaseMul(proof.v), Mul(proof.c, X));
  const Point b = Add(Mul(proof.v, A), Mul(proof.c, M));
  Transcript t(tag);
  t.Add(View(e)).Add(X).Add(A).Add(M).Add(a).Add(b);
  AddItems(t, items);
  return t.Challenge() == proof.c;
}

namespace {

// The branch-j commitments a_j = v·G + c·α, b_j = (v - j·c)·K + c·β. The prover derives its
// simulated branches with these constant-time functions, so its timing cannot tell them from the
// true one; verifiers recompute the same values in variable time (VerifyRangeWith).
std::pair<Point, Point> RangeCommitments(const RangeStatement& st, const Ciphertext& ct, std::uint32_t j,
                                         const ProofPair& p) {
  const Point a = Add(BaseMul(p.v), Mul(p.c, ct.alpha));
  const Scalar vk = ScalarSub(p.v, ScalarMul(ScalarFromU64(j), p.c));
  const Point b = Add(Mul(vk, st.key), Mul(p.c, ct.beta));
  return {a, b};
}

Transcript& RangeHead(Transcript& t, const RangeStatement& st, const Ciphertext& ct) {
  t.Add(View(st.election)).Add(st.key).Add(ByteView(st.voter.data(), st.voter.size()));
  t.AddU32(st.option).AddU32(st.max).Add(ct.alpha).Add(ct.beta);
  return t;
}

}  // namespace

std::vector<ProofPair> ProveRange(const RangeStatement& st, const Ciphertext& ct, std::uint64_t m, const Scalar& nonce,
                                  Rng& rng) {
  // A mark outside 0..max has no true branch: prove as if it were 0, which will not verify.
  if (m > st.max) m = 0;
  std::vector<ProofPair> proof(st.max + 1);
  std::vector<std::pair<Point, Point>> commitments(st.max + 1);
  Scalar u{};
  for (std::uint32_t j = 0; j <= st.max; ++j) {
    if (j == m) {
      u = RandomScalar(rng);
      commitments[j] = {BaseMul(u), Mul(u, st.key)};
    } else {
      proof[j].c = RandomScalar(rng);
      proof[j].v = RandomScalar(rng);
      commitments[j] = RangeCommitments(st, ct, j, proof[j]);
    }
  }
  Transcript t(kTagRange);
  RangeHead(t, st, ct);
  for (const auto& [a, b] : commitments) t.Add(a).Add(b);
  Scalar c_m = t.Challenge();
  for (std::uint32_t j = 0; j <= st.max; ++j) {
    if (j != m) c_m = ScalarSub(c_m, proof[j].c);
  }
  proof[m].c = c_m;
  proof[m].v = ScalarSub(u, ScalarMul(c_m, nonce));
  return proof;
}

namespace {

// VerifyRange with the key's table built once for a whole ballot. The commitments are recomputed
// in variable time (vartime.h): every value here is public.
bool VerifyRangeWith(const RangeStatement& st, const VartimeTable& key, const Ciphertext& ct,
                     std::span<const ProofPair> proof) {
  if (proof.size() != static_cast<size_t>(st.max) + 1) return false;
  constexpr int kWindow = 5;  // α and β serve max + 1 branches each: a small table pays
  const std::optional<VartimeTable> alpha = VartimeTable::Of(ct.alpha, kWindow);
  const std::optional<VartimeTable> beta = VartimeTable::Of(ct.beta, kWindow);
  if (!alpha || !beta) return false;
  Transcript t(kTagRange);
  RangeHead(t, st, ct);
  Scalar sum = kZeroScalar;
  for (std::uint32_t j = 0; j <= st.max; ++j) {
    const ProofPair& p = proof[j];
    // a_j = v·G + c·α, b_j = (v - j·c)·K + c·β, as RangeCommitments computes them.
    const Scalar vk = ScalarSub(p.v, ScalarMul(ScalarFromU64(j), p.c));
    t.Add(DoubleMulVartime(p.v, VartimeTable::Generator(), p.c, *alpha));
    t.Add(DoubleMulVartime(vk, key, p.c, *beta));
    sum = ScalarAdd(sum, p.c);
  }
  return t.Challenge() == sum;
}

constexpr int kKeyWindow = 7;  // K serves every branch of a ballot

}  // namespace

bool VerifyRange(const RangeStatement& st, const Ciphertext& ct, std::span<const ProofPair> proof) {
  const std::optional<VartimeTable> key = VartimeTable::Of(st.key, kKeyWindow);
  return key && VerifyRangeWith(st, *key, ct, proof);
}

EncryptedSelections EncryptSelections(const ElectionHash& e, const Point& key,
                                      const std::array<std::uint8_t, 32>& voter, std::span<const std::uint8_t> marks,
                                      std::uint32_t limit, Rng& rng, std::vector<Scalar>* nonces) {
  EncryptedSelections out;
  std::vector<Scalar> xi(marks.size());
  for (Scalar& x : xi) x = RandomScalar(rng);
  RangeStatement st{e, key, voter, 0, 1};
  Scalar nonce_sum = kZeroScalar;
  std::uint64_t mark_sum = 0;
  for (size_t i = 0; i < marks.size(); ++i) out.options.push_back(Encrypt(key, marks[i], xi[i]));
  for (size_t i = 0; i < marks.size(); ++i) {
    st.option = static_cast<std::uint32_t>(i);
    const std::vector<ProofPair> p = ProveRange(st, out.options[i], marks[i], xi[i], rng);
    out.option_proofs.push_back({p[0], p[1]});
    nonce_sum = ScalarAdd(nonce_sum, xi[i]);
    mark_sum += marks[i];
  }
  st.option = kSumOption;
  st.max = limit;
  out.sum_proof = ProveRange(st, SumOf(out.options), mark_sum, nonce_sum, rng);
  if (nonces) *nonces = xi;
  std::fill(xi.begin(), xi.end(), kZeroScalar);
  return out;
}

Ciphertext SumOf(std::span<const Ciphertext> cts) {
  Ciphertext sum;
  for (const Ciphertext& c : cts) sum = AddCiphertexts(sum, c);
  return sum;
}

bool VerifySelections(const ElectionHash& e, const Point& key, const std::array<std::uint8_t, 32>& voter,
                      std::uint32_t limit, const EncryptedSelections& s) {
  if (s.options.size() != s.option_proofs.size() || s.options.empty()) return false;
  const std::optional<VartimeTable> key_table = VartimeTable::Of(key, kKeyWindow);
  if (!key_table) return false;
  RangeStatement st{e, key, voter, 0, 1};
  CiphertextSum total;
  for (size_t i = 0; i < s.options.size(); ++i) {
    st.option = static_cast<std::uint32_t>(i);
    if (!VerifyRangeWith(st, *key_table, s.options[i], s.option_proofs[i])) return false;
    if (!total.Add(s.options[i].alpha, s.options[i].beta)) return false;
  }
  const auto [sum_alpha, sum_beta] = total.Value();
  const Ciphertext sum{sum_alpha, sum_beta};
  st.option = kSumOption;
  st.max = limit;
  return VerifyRangeWith(st, *key_table, sum, s.sum_proof);
}

bool CheckAudit(const Point& key, const EncryptedSelections& s, std::span<const std::uint8_t> marks,
                std::span<const Scalar> nonces) {
  if (marks.size() != s.options.size() || nonces.size() != s.options.size()) return false;
  for (size_t i = 0; i < marks.size(); ++i) {
    if (!(Encrypt(key, marks[i], nonces[i]) == s.options[i])) return false;
  }
  return true;
}

Scalar EvalPolynomial(std::span<const Scalar> coeffs, std::uint32_t x) {
  Scalar acc = kZeroScalar;
  const Scalar xs = ScalarFromU64(x);
  for (size_t j = coeffs.size(); j-- > 0;) acc = ScalarAdd(ScalarMul(acc, xs), coeffs[j]);  // Horner
  return acc;
}

Point EvalCommitments(std::span<const Point> commitments, std::uint32_t x) {
  Point acc = kIdentity;
  Scalar power = ScalarFromU64(1);
  const Scalar xs = ScalarFromU64(x);
  for (const Point& k : commitments) {
    acc = Add(acc, Mul(power, k));
    power = ScalarMul(power, xs);
  }
  return acc;
}

std::array<std::uint8_t, 32> CoefficientHash(std::span<const Point> commitments) {
  Sha256 h;
  h.Update(AsBytes("veche/dkg/v1/coefficients\n"));
  for (const Point& k : commitments) h.Update(ByteView(k.data(), k.size()));
  return h.Finish();
}

Scalar SharePad(const ElectionHash& e, std::uint32_t dealer, std::uint32_t recipient, const Point& R, const Point& D) {
  Transcript t("veche/dkg/v1/share-pad");
  t.Add(View(e)).AddU32(dealer).AddU32(recipient).Add(R).Add(D);
  return t.Challenge();
}

Scalar LagrangeAtZero(std::span<const std::uint32_t> set, std::uint32_t l) {
  Scalar num = ScalarFromU64(1), den = ScalarFromU64(1);
  for (std::uint32_t m : set) {
    if (m == l) continue;
    num = ScalarMul(num, ScalarFromU64(m));
    den = ScalarMul(den, ScalarSub(ScalarFromU64(m), ScalarFromU64(l)));
  }
  return ScalarMul(num, ScalarInvert(den));
}

namespace {

std::uint64_t Key8(const Point& p) {
  std::uint64_t k;
  std::memcpy(&k, p.data(), sizeof k);
  return k;
}

}  // namespace

DiscreteLog::DiscreteLog(const Point& base, std::uint64_t max) : base_(base), max_(max) {
  m_ = static_cast<std::uint64_t>(std::ceil(std::sqrt(static_cast<double>(max) + 1)));
  while (m_ * m_ < max + 1) ++m_;
  table_.reserve(m_);
  Point at = kIdentity;
  for (std::uint64_t j = 0; j < m_; ++j) {
    table_.emplace(Key8(at), static_cast<std::uint32_t>(j));
    at = Add(at, base_);
  }
  giant_ = at;  // m·base
}

std::optional<std::uint64_t> DiscreteLog::Solve(const Point& target) const {
  Point at = target;
  for (std::uint64_t i = 0; i * m_ <= max_; ++i) {
    auto hit = table_.find(Key8(at));
    if (hit != table_.end()) {
      const std::uint64_t t = i * m_ + hit->second;
      // 8 bytes of the encoding index the table; confirm the whole point before answering.
      if (t <= max_ && Mul(ScalarFromU64(t), base_) == target) return t;
    }
    at = Sub(at, giant_);
  }
  return std::nullopt;
}

}  // namespace veche::crypto
