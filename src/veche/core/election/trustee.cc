// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/core/election/trustee.h"

#include "veche/core/election/rules.h"

namespace veche::core {

using namespace rules;
using crypto::Ciphertext;
using crypto::Point;
using crypto::Scalar;

TrusteeSecrets GenerateTrusteeSecrets(std::uint8_t threshold, Rng& rng) {
  TrusteeSecrets s;
  for (std::uint8_t j = 0; j < threshold; ++j) s.coefficients.push_back(crypto::RandomScalar(rng));
  s.encryption_secret = crypto::RandomScalar(rng);
  return s;
}

Bytes EncodeTrusteeSecrets(const TrusteeSecrets& s) {
  return EncodePayload(s);
}

Result<TrusteeSecrets> DecodeTrusteeSecrets(ByteView bytes) {
  Decoder d(bytes);
  VECHE_RETURN_IF_ERROR(d.Version(1, 1).status().WithContext("trustee secrets version"));
  return DecodePayload<TrusteeSecrets>(bytes);
}

Result<std::uint32_t> TrusteeIndex(const State& s, const std::string& id, const PublicKeyBytes& key) {
  auto it = s.elections.find(id);
  if (it == s.elections.end()) return NotFoundError("election '" + id + "' does not exist");
  return IndexOf(it->second, key);
}

namespace {

Result<const Election*> ElectionWithSecrets(const State& s, const std::string& id, const TrusteeSecrets& secrets) {
  VECHE_ASSIGN_OR_RETURN(const Election* el, FindElection(s, id));
  if (secrets.coefficients.size() != el->spec.threshold) {
    return InvalidArgumentError("these trustee secrets were made for threshold " +
                                std::to_string(secrets.coefficients.size()) + ", the election's is " +
                                std::to_string(el->spec.threshold));
  }
  return el;
}

std::vector<Point> Commitments(const TrusteeSecrets& secrets) {
  std::vector<Point> out;
  for (const Scalar& a : secrets.coefficients) out.push_back(crypto::BaseMul(a));
  return out;
}

}  // namespace

Result<TrusteeCommitPayload> MakeTrusteeCommit(const State& s, const std::string& id, std::uint32_t index,
                                               const TrusteeSecrets& secrets, Rng& rng) {
  VECHE_ASSIGN_OR_RETURN(const Election* el, ElectionWithSecrets(s, id, secrets));
  VECHE_RETURN_IF_ERROR(InKeygen(s, *el));
  TrusteeCommitPayload p;
  p.election = id;
  p.encryption_key = crypto::BaseMul(secrets.encryption_secret);
  const std::uint32_t items[] = {index};
  p.proof = crypto::ProveSchnorr(crypto::kTagEncryptionKey, el->hash, secrets.encryption_secret, p.encryption_key,
                                 items, rng);
  p.coefficient_hash = crypto::CoefficientHash(Commitments(secrets));
  return p;
}

Result<TrusteeRevealPayload> MakeTrusteeReveal(const State& s, const std::string& id, std::uint32_t index,
                                               const TrusteeSecrets& secrets, Rng& rng) {
  VECHE_ASSIGN_OR_RETURN(const Election* el, ElectionWithSecrets(s, id, secrets));
  VECHE_RETURN_IF_ERROR(InKeygen(s, *el));
  for (const Trustee& t : el->trustees) {
    if (!t.commit) return Conflict("not every trustee has committed yet");
  }
  TrusteeRevealPayload p;
  p.election = id;
  p.coefficients = Commitments(secrets);
  for (std::uint32_t j = 0; j < p.coefficients.size(); ++j) {
    const std::uint32_t items[] = {index, j};
    p.proofs.push_back(crypto::ProveSchnorr(crypto::kTagCoefficient, el->hash, secrets.coefficients[j],
                                            p.coefficients[j], items, rng));
  }
  for (std::uint32_t l = 1; l <= el->trustees.size(); ++l) {
    if (l == index) {
      p.shares.push_back(EncryptedShare{});
      continue;
    }
    const Scalar r = crypto::RandomScalar(rng);
    EncryptedShare sh;
    sh.r = crypto::BaseMul(r);
    const Point shared = crypto::Mul(r, el->trustees[l - 1].commit->encryption_key);
    sh.c = crypto::ScalarAdd(crypto::EvalPolynomial(secrets.coefficients, l),
                             crypto::SharePad(el->hash, index, l, sh.r, shared));
    p.shares.push_back(sh);
  }
  return p;
}

Result<std::vector<TrusteeComplaintPayload>> CheckSharesAndComplain(const State& s, const std::string& id,
                                                                    std::uint32_t index, const TrusteeSecrets& secrets,
                                                                    Rng& rng) {
  VECHE_ASSIGN_OR_RETURN(const Election* el, ElectionWithSecrets(s, id, secrets));
  std::vector<TrusteeComplaintPayload> out;
  const Point own_key = crypto::BaseMul(secrets.encryption_secret);
  for (std::uint32_t i = 1; i <= el->trustees.size(); ++i) {
    const Trustee& dealer = el->trustees[i - 1];
    if (i == index || !dealer.reveal || dealer.disqualified) continue;
    const Point& R = dealer.reveal->shares[index - 1].r;
    const Point shared = crypto::Mul(secrets.encryption_secret, R);
    if (ShareIsRight(*el, i, index, OpenShare(*el, i, index, shared))) continue;
    TrusteeComplaintPayload c;
    c.election = id;
    c.dealer = static_cast<std::uint8_t>(i);
    c.shared = shared;
    const std::uint32_t items[] = {i, index};
    c.proof =
        crypto::ProveDleq(crypto::kTagComplaint, el->hash, secrets.encryption_secret, own_key, R, shared, items, rng);
    out.push_back(std::move(c));
  }
  return out;
}

Result<DecryptionSharePayload> MakeDecryptionShare(const State& s, const std::string& id, std::uint32_t index,
                                                   const TrusteeSecrets& secrets, Rng& rng) {
  VECHE_ASSIGN_OR_RETURN(const Election* el, ElectionWithSecrets(s, id, secrets));
  if (el->status != ElectionStatus::kCounting) {
    return Conflict("election '" + id + "' is not being counted (it is " + ElectionStatusName(el->status) + ")");
  }
  if (!(el->qual & Bit(index))) return Denied("trustee " + std::to_string(index) + " is not in QUAL");
  // s_l = Σ_{i∈QUAL} P_i(l): the trustee's own value and every qualified dealer's decrypted share.
  Scalar share = crypto::kZeroScalar;
  for (std::uint32_t i : Members(el->qual, el->trustees.size())) {
    if (i == index) {
      share = crypto::ScalarAdd(share, crypto::EvalPolynomial(secrets.coefficients, index));
      continue;
    }
    const Point shared = crypto::Mul(secrets.encryption_secret, el->trustees[i - 1].reveal->shares[index - 1].r);
    share = crypto::ScalarAdd(share, OpenShare(*el, i, index, shared));
  }
  const Point& vk = el->trustees[index - 1].verification_key;
  if (!(crypto::BaseMul(share) == vk)) {
    return FailedPreconditionError(
        "this trustee's key share does not match its verification key: a dealer's share "
        "was wrong and was not complained about, or these are not its secrets");
  }
  DecryptionSharePayload p;
  p.election = id;
  const std::vector<Ciphertext> tally = el->Tally();
  for (std::uint32_t i = 0; i < tally.size(); ++i) {
    const Point m = crypto::Mul(share, tally[i].alpha);
    const std::uint32_t items[] = {index, i};
    p.shares.push_back(m);
    p.proofs.push_back(crypto::ProveDleq(crypto::kTagDecryption, el->hash, share, vk, tally[i].alpha, m, items, rng));
  }
  return p;
}

}  // namespace veche::core
