// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/core/election.h"

#include <algorithm>
#include <set>

#include "veche/core/apply_rules.h"
#include "veche/core/assembly.h"
#include "veche/core/payload_codec.h"
#include "veche/core/state.h"
#include "veche/crypto/sha256.h"

namespace veche::core {

using namespace codec;
using namespace rules;
using crypto::Ciphertext;
using crypto::Point;
using crypto::ProofPair;
using crypto::Scalar;

namespace {

// --- Field codecs ---

void PutPoint(Encoder& e, const Point& p) {
  e.PutFixed(ByteView(p.data(), p.size()));
}
void PutScalar(Encoder& e, const Scalar& s) {
  e.PutFixed(ByteView(s.data(), s.size()));
}
void PutPair(Encoder& e, const ProofPair& p) {
  PutScalar(e, p.c);
  PutScalar(e, p.v);
}

Result<Point> GetPoint(Decoder& d, std::string_view what) {
  VECHE_ASSIGN_OR_RETURN(Bytes b, d.Fixed(32));
  return crypto::DecodePoint(b, what);
}
Result<Point> GetPointOrIdentity(Decoder& d, std::string_view what) {
  VECHE_ASSIGN_OR_RETURN(Bytes b, d.Fixed(32));
  return crypto::DecodePointOrIdentity(b, what);
}
Result<Scalar> GetScalar(Decoder& d, std::string_view what) {
  VECHE_ASSIGN_OR_RETURN(Bytes b, d.Fixed(32));
  return crypto::DecodeScalar(b, what);
}
Result<ProofPair> GetPair(Decoder& d, std::string_view what) {
  VECHE_ASSIGN_OR_RETURN(Bytes b, d.Fixed(crypto::kProofPairSize));
  return crypto::DecodeProof(b, what);
}

// Points that each come with a proof pair (coefficient commitments, decryption shares): n × (point, pair).
void PutProvenPoints(Encoder& e, const std::vector<Point>& points, const std::vector<ProofPair>& proofs) {
  for (size_t i = 0; i < points.size(); ++i) {
    PutPoint(e, points[i]);
    PutPair(e, proofs[i]);
  }
}
Status GetProvenPoints(Decoder& d, size_t n, std::vector<Point>& points, std::vector<ProofPair>& proofs,
                       std::string_view point_name, std::string_view proof_name) {
  points.resize(n);
  proofs.resize(n);
  for (size_t i = 0; i < n; ++i) {
    VECHE_ASSIGN_OR_RETURN(points[i], GetPoint(d, point_name));
    VECHE_ASSIGN_OR_RETURN(proofs[i], GetPair(d, proof_name));
  }
  return OkStatus();
}

// A count of list items, within [min, max].
Result<size_t> GetCountIn(Decoder& d, size_t min, size_t max, bool wide, std::string_view what) {
  size_t n;
  if (wide) {
    VECHE_ASSIGN_OR_RETURN(std::uint16_t v, d.U16());
    n = v;
  } else {
    VECHE_ASSIGN_OR_RETURN(std::uint8_t v, d.U8());
    n = v;
  }
  if (n < min || n > max) {
    return InvalidArgumentError(std::string(what) + " must be " + std::to_string(min) + ".." + std::to_string(max) +
                                ", not " + std::to_string(n));
  }
  return n;
}

}  // namespace

// --- Payloads ---

Bytes EncodePayload(const ElectionDefinePayload& p) {
  Encoder e(kPayloadVersion);
  e.PutString(p.id).PutString(p.territory).PutString(p.title).PutU16(static_cast<std::uint16_t>(p.options.size()));
  for (const std::string& o : p.options) e.PutString(o);
  e.PutU16(p.limit).PutI64(p.opens_at).PutI64(p.closes_at).PutU8(static_cast<std::uint8_t>(p.trustees.size()));
  for (const PublicKeyBytes& k : p.trustees) e.PutFixed(k);
  e.PutU8(p.threshold);
  return e.Finish();
}
template <>
Result<ElectionDefinePayload> DecodePayload(ByteView bytes) {
  Decoder d(bytes);
  return Finish<ElectionDefinePayload>(d, [&](ElectionDefinePayload& p) -> Status {
    VECHE_ASSIGN_OR_RETURN(p.id, GetId(d, "election id"));
    VECHE_ASSIGN_OR_RETURN(p.territory, GetId(d, "territory"));
    VECHE_ASSIGN_OR_RETURN(p.title, GetName(d, "title"));
    VECHE_ASSIGN_OR_RETURN(size_t n, GetCountIn(d, 1, kMaxElectionOptions, true, "the number of options"));
    p.options.resize(n);
    for (std::string& o : p.options) {
      VECHE_ASSIGN_OR_RETURN(o, GetName(d, "option"));
    }
    VECHE_ASSIGN_OR_RETURN(p.limit, d.U16());
    VECHE_ASSIGN_OR_RETURN(p.opens_at, d.I64());
    VECHE_ASSIGN_OR_RETURN(p.closes_at, d.I64());
    VECHE_ASSIGN_OR_RETURN(size_t t, GetCountIn(d, 1, kMaxTrustees, false, "the number of trustees"));
    p.trustees.resize(t);
    for (PublicKeyBytes& k : p.trustees) {
      VECHE_ASSIGN_OR_RETURN(k, GetArray<32>(d));
    }
    VECHE_ASSIGN_OR_RETURN(p.threshold, d.U8());
    return OkStatus();
  });
}

Bytes EncodePayload(const TrusteeCommitPayload& p) {
  Encoder e(kPayloadVersion);
  e.PutString(p.election);
  PutPoint(e, p.encryption_key);
  PutPair(e, p.proof);
  e.PutFixed(p.coefficient_hash);
  return e.Finish();
}
template <>
Result<TrusteeCommitPayload> DecodePayload(ByteView bytes) {
  Decoder d(bytes);
  return Finish<TrusteeCommitPayload>(d, [&](TrusteeCommitPayload& p) -> Status {
    VECHE_ASSIGN_OR_RETURN(p.election, GetId(d, "election id"));
    VECHE_ASSIGN_OR_RETURN(p.encryption_key, GetPoint(d, "encryption key"));
    VECHE_ASSIGN_OR_RETURN(p.proof, GetPair(d, "encryption key proof"));
    VECHE_ASSIGN_OR_RETURN(p.coefficient_hash, GetArray<32>(d));
    return OkStatus();
  });
}

Bytes EncodePayload(const TrusteeRevealPayload& p) {
  Encoder e(kPayloadVersion);
  e.PutString(p.election).PutU8(static_cast<std::uint8_t>(p.coefficients.size()));
  PutProvenPoints(e, p.coefficients, p.proofs);
  e.PutU8(static_cast<std::uint8_t>(p.shares.size()));
  for (const EncryptedShare& s : p.shares) {
    PutPoint(e, s.r);
    PutScalar(e, s.c);
  }
  return e.Finish();
}
template <>
Result<TrusteeRevealPayload> DecodePayload(ByteView bytes) {
  Decoder d(bytes);
  return Finish<TrusteeRevealPayload>(d, [&](TrusteeRevealPayload& p) -> Status {
    VECHE_ASSIGN_OR_RETURN(p.election, GetId(d, "election id"));
    VECHE_ASSIGN_OR_RETURN(size_t k, GetCountIn(d, 1, kMaxTrustees, false, "the number of coefficients"));
    VECHE_RETURN_IF_ERROR(
        GetProvenPoints(d, k, p.coefficients, p.proofs, "coefficient commitment", "coefficient proof"));
    VECHE_ASSIGN_OR_RETURN(size_t n, GetCountIn(d, 1, kMaxTrustees, false, "the number of shares"));
    p.shares.resize(n);
    for (EncryptedShare& s : p.shares) {
      VECHE_ASSIGN_OR_RETURN(s.r, GetPointOrIdentity(d, "share point"));  // the dealer's own entry is zero
      VECHE_ASSIGN_OR_RETURN(s.c, GetScalar(d, "encrypted share"));
    }
    return OkStatus();
  });
}

Bytes EncodePayload(const TrusteeComplaintPayload& p) {
  Encoder e(kPayloadVersion);
  e.PutString(p.election).PutU8(p.dealer);
  PutPoint(e, p.shared);
  PutPair(e, p.proof);
  return e.Finish();
}
template <>
Result<TrusteeComplaintPayload> DecodePayload(ByteView bytes) {
  Decoder d(bytes);
  return Finish<TrusteeComplaintPayload>(d, [&](TrusteeComplaintPayload& p) -> Status {
    VECHE_ASSIGN_OR_RETURN(p.election, GetId(d, "election id"));
    VECHE_ASSIGN_OR_RETURN(p.dealer, d.U8());
    VECHE_ASSIGN_OR_RETURN(p.shared, GetPoint(d, "shared point"));
    VECHE_ASSIGN_OR_RETURN(p.proof, GetPair(d, "complaint proof"));
    return OkStatus();
  });
}

Bytes EncodePayload(const ElectionOpenPayload& p) {
  Encoder e(kPayloadVersion);
  e.PutString(p.election);
  PutPoint(e, p.key);
  e.PutU16(p.qual);
  return e.Finish();
}
template <>
Result<ElectionOpenPayload> DecodePayload(ByteView bytes) {
  Decoder d(bytes);
  return Finish<ElectionOpenPayload>(d, [&](ElectionOpenPayload& p) -> Status {
    VECHE_ASSIGN_OR_RETURN(p.election, GetId(d, "election id"));
    VECHE_ASSIGN_OR_RETURN(p.key, GetPoint(d, "joint key"));
    VECHE_ASSIGN_OR_RETURN(p.qual, d.U16());
    return OkStatus();
  });
}

Bytes EncodePayload(const BallotPayload& p) {
  const crypto::EncryptedSelections& s = p.selections;
  Encoder e(kPayloadVersion);
  e.PutString(p.election).PutU16(static_cast<std::uint16_t>(s.options.size()));
  for (size_t i = 0; i < s.options.size(); ++i) {
    PutPoint(e, s.options[i].alpha);
    PutPoint(e, s.options[i].beta);
    PutPair(e, s.option_proofs[i][0]);
    PutPair(e, s.option_proofs[i][1]);
  }
  e.PutU16(static_cast<std::uint16_t>(s.sum_proof.size()));
  for (const ProofPair& pair : s.sum_proof) PutPair(e, pair);
  return e.Finish();
}
template <>
Result<BallotPayload> DecodePayload(ByteView bytes) {
  Decoder d(bytes);
  return Finish<BallotPayload>(d, [&](BallotPayload& p) -> Status {
    crypto::EncryptedSelections& s = p.selections;
    VECHE_ASSIGN_OR_RETURN(p.election, GetId(d, "election id"));
    VECHE_ASSIGN_OR_RETURN(size_t n, GetCountIn(d, 1, kMaxElectionOptions, true, "the number of options"));
    s.options.resize(n);
    s.option_proofs.resize(n);
    for (size_t i = 0; i < n; ++i) {
      const std::string at = "option " + std::to_string(i);
      VECHE_ASSIGN_OR_RETURN(s.options[i].alpha, GetPoint(d, at + " alpha"));
      VECHE_ASSIGN_OR_RETURN(s.options[i].beta, GetPoint(d, at + " beta"));
      VECHE_ASSIGN_OR_RETURN(s.option_proofs[i][0], GetPair(d, at + " proof"));
      VECHE_ASSIGN_OR_RETURN(s.option_proofs[i][1], GetPair(d, at + " proof"));
    }
    VECHE_ASSIGN_OR_RETURN(size_t m, GetCountIn(d, 2, kMaxElectionOptions + 1, true, "the sum proof's length"));
    s.sum_proof.resize(m);
    for (ProofPair& pair : s.sum_proof) {
      VECHE_ASSIGN_OR_RETURN(pair, GetPair(d, "sum proof"));
    }
    return OkStatus();
  });
}

Bytes EncodePayload(const ElectionClosePayload& p) {
  Encoder e(kPayloadVersion);
  e.PutString(p.election).PutU64(p.voters).PutU16(static_cast<std::uint16_t>(p.tally.size()));
  for (const Ciphertext& c : p.tally) {
    PutPoint(e, c.alpha);
    PutPoint(e, c.beta);
  }
  return e.Finish();
}
template <>
Result<ElectionClosePayload> DecodePayload(ByteView bytes) {
  Decoder d(bytes);
  return Finish<ElectionClosePayload>(d, [&](ElectionClosePayload& p) -> Status {
    VECHE_ASSIGN_OR_RETURN(p.election, GetId(d, "election id"));
    VECHE_ASSIGN_OR_RETURN(p.voters, d.U64());
    VECHE_ASSIGN_OR_RETURN(size_t n, GetCountIn(d, 1, kMaxElectionOptions, true, "the number of options"));
    p.tally.resize(n);
    for (Ciphertext& c : p.tally) {
      VECHE_ASSIGN_OR_RETURN(c.alpha, GetPointOrIdentity(d, "tally alpha"));
      VECHE_ASSIGN_OR_RETURN(c.beta, GetPointOrIdentity(d, "tally beta"));
    }
    return OkStatus();
  });
}

Bytes EncodePayload(const DecryptionSharePayload& p) {
  Encoder e(kPayloadVersion);
  e.PutString(p.election).PutU16(static_cast<std::uint16_t>(p.shares.size()));
  PutProvenPoints(e, p.shares, p.proofs);
  return e.Finish();
}
template <>
Result<DecryptionSharePayload> DecodePayload(ByteView bytes) {
  Decoder d(bytes);
  return Finish<DecryptionSharePayload>(d, [&](DecryptionSharePayload& p) -> Status {
    VECHE_ASSIGN_OR_RETURN(p.election, GetId(d, "election id"));
    VECHE_ASSIGN_OR_RETURN(size_t n, GetCountIn(d, 1, kMaxElectionOptions, true, "the number of options"));
    return GetProvenPoints(d, n, p.shares, p.proofs, "decryption share", "decryption proof");
  });
}

Bytes EncodePayload(const ElectionResultPayload& p) {
  Encoder e(kPayloadVersion);
  e.PutString(p.election).PutU16(p.trustees).PutU16(static_cast<std::uint16_t>(p.counts.size()));
  for (std::uint64_t c : p.counts) e.PutU64(c);
  return e.Finish();
}
template <>
Result<ElectionResultPayload> DecodePayload(ByteView bytes) {
  Decoder d(bytes);
  return Finish<ElectionResultPayload>(d, [&](ElectionResultPayload& p) -> Status {
    VECHE_ASSIGN_OR_RETURN(p.election, GetId(d, "election id"));
    VECHE_ASSIGN_OR_RETURN(p.trustees, d.U16());
    VECHE_ASSIGN_OR_RETURN(size_t n, GetCountIn(d, 1, kMaxElectionOptions, true, "the number of options"));
    p.counts.resize(n);
    for (std::uint64_t& c : p.counts) {
      VECHE_ASSIGN_OR_RETURN(c, d.U64());
    }
    return OkStatus();
  });
}

crypto::ElectionHash ElectionHashOf(const ElectionDefinePayload& p) {
  crypto::Sha256 h;
  h.Update(AsBytes("veche/election/v1\n")).Update(EncodePayload(p));
  return h.Finish();
}

std::array<std::uint8_t, 32> BallotTracker(ByteView ballot_payload) {
  crypto::Sha256 h;
  h.Update(AsBytes("veche/ballot-tracker/v1\n")).Update(ballot_payload);
  return h.Finish();
}

// --- Rules ---

namespace {

constexpr std::uint32_t Bit(std::uint32_t index) {  // index is 1-based
  return 1u << (index - 1);
}

Result<Election*> FindElection(State& s, const std::string& id) {
  auto it = s.elections.find(id);
  if (it == s.elections.end()) return Conflict("election '" + id + "' does not exist");
  return &it->second;
}
Result<const Election*> FindElection(const State& s, const std::string& id) {
  auto it = s.elections.find(id);
  if (it == s.elections.end()) return Conflict("election '" + id + "' does not exist");
  return &it->second;
}

Result<std::uint32_t> IndexOf(const Election& el, const PublicKeyBytes& key) {
  for (size_t i = 0; i < el.trustees.size(); ++i) {
    if (el.trustees[i].key == key) return static_cast<std::uint32_t>(i + 1);
  }
  return Denied("the author is not a trustee of election '" + el.spec.id + "'");
}

Status InKeygen(const State& s, const Election& el) {
  if (el.status != ElectionStatus::kKeygen || s.clock >= el.spec.opens_at) {
    return Conflict("the trustees' key of election '" + el.spec.id + "' is closed (the election opens at " +
                    std::to_string(el.spec.opens_at) + ")");
  }
  return OkStatus();
}

std::vector<std::uint32_t> Members(std::uint16_t mask, size_t n) {
  std::vector<std::uint32_t> out;
  for (std::uint32_t l = 1; l <= n; ++l) {
    if (mask & Bit(l)) out.push_back(l);
  }
  return out;
}

// The share dealer i sent trustee l, decrypted with D = e_l·R_il.
Scalar OpenShare(const Election& el, std::uint32_t dealer, std::uint32_t recipient, const Point& shared) {
  const EncryptedShare& enc = el.trustees[dealer - 1].reveal->shares[recipient - 1];
  return crypto::ScalarSub(enc.c, crypto::SharePad(el.hash, dealer, recipient, enc.r, shared));
}

bool ShareIsRight(const Election& el, std::uint32_t dealer, std::uint32_t recipient, const Scalar& share) {
  return crypto::BaseMul(share) == crypto::EvalCommitments(el.trustees[dealer - 1].reveal->coefficients, recipient);
}

Status ApplyDefine(State& s, const Record& r, const PublicKeyBytes& author) {
  VECHE_ASSIGN_OR_RETURN(ElectionDefinePayload p, DecodePayload<ElectionDefinePayload>(r.payload));
  VECHE_RETURN_IF_ERROR(RequireAuthority(s, author));
  if (s.elections.count(p.id)) return Conflict("election '" + p.id + "' already exists");
  VECHE_RETURN_IF_ERROR(LiveTerritory(s, p.territory, "the election's"));
  if (std::set<std::string>(p.options.begin(), p.options.end()).size() != p.options.size()) {
    return InvalidArgumentError("the options must be distinct");
  }
  if (p.limit < 1 || p.limit > p.options.size()) {
    return InvalidArgumentError("the limit of marks must be 1.." + std::to_string(p.options.size()));
  }
  if (p.opens_at <= s.clock || p.closes_at <= p.opens_at || p.closes_at > kMaxClockTime) {
    return InvalidArgumentError("the election must open after the clock (" + std::to_string(s.clock) +
                                ") and close after it opens");
  }
  if (std::set<PublicKeyBytes>(p.trustees.begin(), p.trustees.end()).size() != p.trustees.size()) {
    return InvalidArgumentError("the trustees' keys must be distinct");
  }
  for (const PublicKeyBytes& k : p.trustees) {
    VECHE_RETURN_IF_ERROR(crypto::PublicKey::FromBytes(k).status().WithContext("trustee key"));
  }
  if (p.threshold < 1 || p.threshold > p.trustees.size()) {
    return InvalidArgumentError("the threshold must be 1.." + std::to_string(p.trustees.size()));
  }
  Election el;
  el.hash = ElectionHashOf(p);
  for (const PublicKeyBytes& k : p.trustees)
    el.trustees.push_back(Trustee{k, {}, {}, false, {}, crypto::kIdentity, {}});
  el.spec = std::move(p);
  std::string id = el.spec.id;
  s.elections.emplace(std::move(id), std::move(el));
  return OkStatus();
}

Status ApplyCommit(State& s, const Record& r, const PublicKeyBytes& author) {
  VECHE_ASSIGN_OR_RETURN(TrusteeCommitPayload p, DecodePayload<TrusteeCommitPayload>(r.payload));
  VECHE_ASSIGN_OR_RETURN(Election * el, FindElection(s, p.election));
  VECHE_ASSIGN_OR_RETURN(std::uint32_t i, IndexOf(*el, author));
  VECHE_RETURN_IF_ERROR(InKeygen(s, *el));
  Trustee& t = el->trustees[i - 1];
  if (t.commit) return Conflict("trustee " + std::to_string(i) + " has already committed");
  const std::uint32_t items[] = {i};
  if (!crypto::VerifySchnorr(crypto::kTagEncryptionKey, el->hash, p.encryption_key, items, p.proof)) {
    return InvalidArgumentError("the proof of the encryption key does not verify");
  }
  t.commit = std::move(p);
  return OkStatus();
}

Status ApplyReveal(State& s, const Record& r, const PublicKeyBytes& author) {
  VECHE_ASSIGN_OR_RETURN(TrusteeRevealPayload p, DecodePayload<TrusteeRevealPayload>(r.payload));
  VECHE_ASSIGN_OR_RETURN(Election * el, FindElection(s, p.election));
  VECHE_ASSIGN_OR_RETURN(std::uint32_t i, IndexOf(*el, author));
  VECHE_RETURN_IF_ERROR(InKeygen(s, *el));
  Trustee& t = el->trustees[i - 1];
  if (t.reveal) return Conflict("trustee " + std::to_string(i) + " has already revealed");
  for (const Trustee& other : el->trustees) {
    if (!other.commit) return Conflict("every trustee must commit before any reveals");
  }
  if (p.coefficients.size() != el->spec.threshold) {
    return InvalidArgumentError("a reveal carries " + std::to_string(el->spec.threshold) + " coefficients");
  }
  if (p.shares.size() != el->trustees.size()) {
    return InvalidArgumentError("a reveal carries one share per trustee (" + std::to_string(el->trustees.size()) + ")");
  }
  if (crypto::CoefficientHash(p.coefficients) != t.commit->coefficient_hash) {
    return InvalidArgumentError("the coefficients do not match trustee " + std::to_string(i) + "'s commitment");
  }
  for (std::uint32_t j = 0; j < p.coefficients.size(); ++j) {
    const std::uint32_t items[] = {i, j};
    if (!crypto::VerifySchnorr(crypto::kTagCoefficient, el->hash, p.coefficients[j], items, p.proofs[j])) {
      return InvalidArgumentError("the proof of coefficient " + std::to_string(j) + " does not verify");
    }
  }
  for (std::uint32_t l = 1; l <= p.shares.size(); ++l) {
    const EncryptedShare& sh = p.shares[l - 1];
    const bool zero = sh.r == crypto::kIdentity && crypto::IsZero(sh.c);
    if (l == i && !zero) return InvalidArgumentError("the dealer's own share entry must be zero");
    if (l != i && sh.r == crypto::kIdentity) {
      return InvalidArgumentError("the share for trustee " + std::to_string(l) + " has the identity as its point");
    }
  }
  t.reveal = std::move(p);
  return OkStatus();
}

Status ApplyComplaint(State& s, const Record& r, const PublicKeyBytes& author) {
  VECHE_ASSIGN_OR_RETURN(TrusteeComplaintPayload p, DecodePayload<TrusteeComplaintPayload>(r.payload));
  VECHE_ASSIGN_OR_RETURN(Election * el, FindElection(s, p.election));
  VECHE_ASSIGN_OR_RETURN(std::uint32_t l, IndexOf(*el, author));
  VECHE_RETURN_IF_ERROR(InKeygen(s, *el));
  const std::uint32_t i = p.dealer;
  if (i < 1 || i > el->trustees.size() || i == l) return InvalidArgumentError("no such dealer to complain about");
  Trustee& complainer = el->trustees[l - 1];
  Trustee& dealer = el->trustees[i - 1];
  if (!complainer.commit) return Conflict("trustee " + std::to_string(l) + " has not committed");
  if (!dealer.reveal) return Conflict("trustee " + std::to_string(i) + " has not revealed");
  if (dealer.disqualified) return Conflict("trustee " + std::to_string(i) + " is already disqualified");
  if (complainer.complained.count(p.dealer)) return Conflict("this complaint was already made");
  const Point& R = dealer.reveal->shares[l - 1].r;
  const std::uint32_t items[] = {i, l};
  if (!crypto::VerifyDleq(crypto::kTagComplaint, el->hash, complainer.commit->encryption_key, R, p.shared, items,
                          p.proof)) {
    return InvalidArgumentError("the complaint's proof does not verify");
  }
  if (ShareIsRight(*el, i, l, OpenShare(*el, i, l, p.shared))) {
    return Conflict("the share trustee " + std::to_string(i) + " sent trustee " + std::to_string(l) + " is correct");
  }
  complainer.complained.insert(p.dealer);
  dealer.disqualified = true;
  return OkStatus();
}

Status ApplyOpen(State& s, const Record& r, const PublicKeyBytes& author) {
  VECHE_ASSIGN_OR_RETURN(ElectionOpenPayload p, DecodePayload<ElectionOpenPayload>(r.payload));
  if (author != s.node_key) return Denied("only the node key may open an election");
  VECHE_ASSIGN_OR_RETURN(ElectionOpenPayload due, DueElectionOpen(s, p.election));
  if (!(p == due)) return Conflict("the opening does not match the trustees' key and QUAL the state computes");
  Election& el = s.elections.at(p.election);
  el.key = p.key;
  el.qual = p.qual;
  const std::vector<std::uint32_t> qual = Members(p.qual, el.trustees.size());
  for (std::uint32_t l : qual) {
    Point vk = crypto::kIdentity;
    for (std::uint32_t i : qual)
      vk = crypto::Add(vk, crypto::EvalCommitments(el.trustees[i - 1].reveal->coefficients, l));
    el.trustees[l - 1].verification_key = vk;
  }
  for (const auto& [id, c] : s.citizens) {
    // Enrolled adults, bound or not: a citizen may bind a key after the opening and still vote.
    if (c.removed || c.majority_date > s.clock) continue;
    if (s.InScope(el.spec.territory, c.residence)) el.electorate.insert(el.electorate.end(), id);
  }
  el.running_tally.assign(el.spec.options.size(), crypto::CiphertextSum{});
  el.status = ElectionStatus::kVoting;
  return OkStatus();
}

}  // namespace

std::vector<Ciphertext> Election::Tally() const {
  std::vector<Ciphertext> out;
  for (const crypto::CiphertextSum& sum : running_tally) {
    const auto [alpha, beta] = sum.Value();
    out.push_back(Ciphertext{alpha, beta});
  }
  return out;
}

namespace {

ElectionFacts FactsOf(const Election& el) {
  return ElectionFacts{el.hash, el.key, el.spec.limit, el.spec.options.size()};
}

Status CheckBallotShape(const ElectionFacts& facts, const std::string& id, const BallotPayload& p) {
  const crypto::EncryptedSelections& s = p.selections;
  if (s.options.size() != facts.options) {
    return InvalidArgumentError("a ballot of election '" + id + "' has " + std::to_string(facts.options) + " options");
  }
  if (s.sum_proof.size() != static_cast<size_t>(facts.limit) + 1) {
    return InvalidArgumentError("the sum proof must have " + std::to_string(facts.limit + 1) + " pairs");
  }
  return OkStatus();
}

Status CheckBallotProofs(const ElectionFacts& facts, const PublicKeyBytes& voter, const BallotPayload& p) {
  if (!crypto::VerifySelections(facts.hash, facts.key, voter, facts.limit, p.selections)) {
    return InvalidArgumentError("the ballot's proofs do not verify (each mark must be 0 or 1, at most " +
                                std::to_string(facts.limit) + " in all)");
  }
  return OkStatus();
}

Status ApplyBallot(State& s, const Record& r, const PublicKeyBytes& author, const CheckedBallot* ballot_checked) {
  BallotPayload p;
  if (ballot_checked) {
    p = ballot_checked->ballot;  // decoded from this record's payload by CheckBallotAhead
  } else {
    VECHE_ASSIGN_OR_RETURN(p, DecodePayload<BallotPayload>(r.payload));
  }
  VECHE_ASSIGN_OR_RETURN(Election * el, FindElection(s, p.election));
  if (el->status != ElectionStatus::kVoting || s.clock >= el->spec.closes_at) {
    return Conflict("election '" + p.election + "' is not open for ballots (it is " + ElectionStatusName(el->status) +
                    ")");
  }
  auto by_key = s.citizen_by_key.find(author);
  if (by_key == s.citizen_by_key.end()) return Denied("the author is not a citizen with a bound key");
  const std::string& citizen = by_key->second;
  if (!el->electorate.count(citizen)) {
    return Denied("citizen '" + citizen + "' is not in the electorate of election '" + p.election + "'");
  }
  const ElectionFacts facts = FactsOf(*el);
  VECHE_RETURN_IF_ERROR(CheckBallotShape(facts, el->spec.id, p));
  if (!ballot_checked || ballot_checked->facts != facts) VECHE_RETURN_IF_ERROR(CheckBallotProofs(facts, author, p));
  CastBallot& cast = el->ballots[citizen];
  // Changed on a copy, so a failure leaves the state as it was. The points were checked when the
  // payload was decoded, so neither step fails in practice.
  std::vector<crypto::CiphertextSum> tally = el->running_tally;
  for (size_t i = 0; i < tally.size(); ++i) {
    const Ciphertext& now = p.selections.options[i];
    if (!cast.options.empty() && !tally[i].Sub(cast.options[i].alpha, cast.options[i].beta)) {
      return InternalError("a counted ballot's point does not decode");
    }
    if (!tally[i].Add(now.alpha, now.beta)) return InvalidArgumentError("a ballot's point does not decode");
  }
  el->running_tally = std::move(tally);
  cast.tracker = BallotTracker(r.payload);
  cast.options = std::move(p.selections.options);
  return OkStatus();
}

ElectionClosePayload CloseOf(const Election& el) {
  return ElectionClosePayload{el.spec.id, el.ballots.size(), el.Tally()};
}

Status ApplyClose(State& s, const Record& r, const PublicKeyBytes& author) {
  VECHE_ASSIGN_OR_RETURN(ElectionClosePayload p, DecodePayload<ElectionClosePayload>(r.payload));
  if (author != s.node_key) return Denied("only the node key may close an election");
  VECHE_ASSIGN_OR_RETURN(Election * el, FindElection(s, p.election));
  if (el->status != ElectionStatus::kVoting) return Conflict("election '" + p.election + "' is not open");
  if (s.clock < el->spec.closes_at) {
    return Conflict("election '" + p.election + "' closes at " + std::to_string(el->spec.closes_at));
  }
  if (!(p == CloseOf(*el))) return Conflict("the close does not match the sum of the ballots that count");
  el->status = ElectionStatus::kCounting;
  return OkStatus();
}

Status ApplyDecryption(State& s, const Record& r, const PublicKeyBytes& author) {
  VECHE_ASSIGN_OR_RETURN(DecryptionSharePayload p, DecodePayload<DecryptionSharePayload>(r.payload));
  VECHE_ASSIGN_OR_RETURN(Election * el, FindElection(s, p.election));
  VECHE_ASSIGN_OR_RETURN(std::uint32_t l, IndexOf(*el, author));
  if (el->status != ElectionStatus::kCounting) {
    return Conflict("election '" + p.election + "' is not being counted (it is " + ElectionStatusName(el->status) +
                    ")");
  }
  if (el->ballots.empty()) return Conflict("election '" + p.election + "' has no ballots to decrypt");
  if (!(el->qual & Bit(l))) return Denied("trustee " + std::to_string(l) + " is not in QUAL");
  Trustee& t = el->trustees[l - 1];
  if (t.decryption) return Conflict("trustee " + std::to_string(l) + " has already posted its share");
  const std::vector<Ciphertext> tally = el->Tally();
  if (p.shares.size() != tally.size()) {
    return InvalidArgumentError("a decryption share has one entry per option (" + std::to_string(tally.size()) + ")");
  }
  for (std::uint32_t i = 0; i < p.shares.size(); ++i) {
    const std::uint32_t items[] = {l, i};
    if (!crypto::VerifyDleq(crypto::kTagDecryption, el->hash, t.verification_key, tally[i].alpha, p.shares[i], items,
                            p.proofs[i])) {
      return InvalidArgumentError("the decryption proof of option " + std::to_string(i) + " does not verify");
    }
  }
  t.decryption = std::move(p);
  el->decryption_order.push_back(l);
  return OkStatus();
}

// The trustees whose shares a result uses: the first `threshold` to arrive, as a mask.
std::uint16_t ResultTrustees(const Election& el) {
  if (el.ballots.empty()) return 0;
  std::uint16_t mask = 0;
  for (size_t n = 0; n < el.spec.threshold && n < el.decryption_order.size(); ++n) mask |= Bit(el.decryption_order[n]);
  return mask;
}

// B_i - Σ λ_l·M_li for every option: t_i·K once enough shares are in.
std::vector<Point> Decrypted(const Election& el) {
  std::vector<Point> out;
  const std::vector<std::uint32_t> set = Members(ResultTrustees(el), el.trustees.size());
  std::vector<Scalar> lambda;
  for (std::uint32_t l : set) lambda.push_back(crypto::LagrangeAtZero(set, l));
  const std::vector<Ciphertext> tally = el.Tally();
  for (size_t i = 0; i < tally.size(); ++i) {
    Point combined = crypto::kIdentity;
    for (size_t n = 0; n < set.size(); ++n) {
      combined = crypto::Add(combined, crypto::Mul(lambda[n], el.trustees[set[n] - 1].decryption->shares[i]));
    }
    out.push_back(crypto::Sub(tally[i].beta, combined));
  }
  return out;
}

Status ReadyForResult(const Election& el) {
  if (el.status != ElectionStatus::kCounting) {
    return Conflict("election '" + el.spec.id + "' is not being counted (it is " + ElectionStatusName(el.status) + ")");
  }
  if (!el.ballots.empty() && el.decryption_order.size() < el.spec.threshold) {
    return Conflict("election '" + el.spec.id + "' has " + std::to_string(el.decryption_order.size()) + " of the " +
                    std::to_string(el.spec.threshold) + " decryption shares it needs");
  }
  return OkStatus();
}

Status ApplyElectionResult(State& s, const Record& r, const PublicKeyBytes& author) {
  VECHE_ASSIGN_OR_RETURN(ElectionResultPayload p, DecodePayload<ElectionResultPayload>(r.payload));
  if (author != s.node_key) return Denied("only the node key may record a result");
  VECHE_ASSIGN_OR_RETURN(Election * el, FindElection(s, p.election));
  VECHE_RETURN_IF_ERROR(ReadyForResult(*el));
  if (p.trustees != ResultTrustees(*el)) return Conflict("the result must use the first shares to arrive");
  if (p.counts.size() != el->running_tally.size()) return InvalidArgumentError("the result has one count per option");
  const std::vector<Point> decrypted = Decrypted(*el);
  for (size_t i = 0; i < p.counts.size(); ++i) {
    if (p.counts[i] > el->ballots.size() ||
        !(crypto::Mul(crypto::ScalarFromU64(p.counts[i]), el->key) == decrypted[i])) {
      return Conflict("the count of option " + std::to_string(i) + " does not match the decrypted tally");
    }
  }
  el->result = std::move(p);
  el->status = ElectionStatus::kDecided;
  return OkStatus();
}

}  // namespace

Status CheckBallot(const Election& el, const PublicKeyBytes& voter, const BallotPayload& p) {
  const ElectionFacts facts = FactsOf(el);
  VECHE_RETURN_IF_ERROR(CheckBallotShape(facts, el.spec.id, p));
  return CheckBallotProofs(facts, voter, p);
}

OpenElections OpenElectionFacts(const State& state) {
  OpenElections out;
  for (const auto& [id, el] : state.elections) {
    if (el.status == ElectionStatus::kVoting) out.emplace(id, FactsOf(el));
  }
  return out;
}

std::optional<CheckedBallot> CheckBallotAhead(const OpenElections& open, const Record& record) {
  if (record.kind != RecordKind::kBallot) return std::nullopt;
  Result<BallotPayload> p = DecodePayload<BallotPayload>(record.payload);
  if (!p.ok()) return std::nullopt;
  auto it = open.find(p->election);
  if (it == open.end()) return std::nullopt;
  if (!CheckBallotShape(it->second, it->first, *p).ok()) return std::nullopt;
  if (!CheckBallotProofs(it->second, KeyBytes(record.author), *p).ok()) return std::nullopt;
  return CheckedBallot{it->second, std::move(*p)};
}

Status ApplyElection(State& s, const Record& r, const PublicKeyBytes& author, const CheckedBallot* ballot_checked) {
  switch (r.kind) {
    case RecordKind::kElectionDefine: return ApplyDefine(s, r, author);
    case RecordKind::kTrusteeCommit: return ApplyCommit(s, r, author);
    case RecordKind::kTrusteeReveal: return ApplyReveal(s, r, author);
    case RecordKind::kTrusteeComplaint: return ApplyComplaint(s, r, author);
    case RecordKind::kElectionOpen: return ApplyOpen(s, r, author);
    case RecordKind::kBallot: return ApplyBallot(s, r, author, ballot_checked);
    case RecordKind::kElectionClose: return ApplyClose(s, r, author);
    case RecordKind::kDecryptionShare: return ApplyDecryption(s, r, author);
    case RecordKind::kElectionResult: return ApplyElectionResult(s, r, author);
    default: return InvalidArgumentError("not an election record kind");
  }
}

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

// --- Trustees' and voters' tools ---

TrusteeSecrets GenerateTrusteeSecrets(std::uint8_t threshold, Rng& rng) {
  TrusteeSecrets s;
  for (std::uint8_t j = 0; j < threshold; ++j) s.coefficients.push_back(crypto::RandomScalar(rng));
  s.encryption_secret = crypto::RandomScalar(rng);
  return s;
}

Bytes EncodeTrusteeSecrets(const TrusteeSecrets& s) {
  Encoder e(1);
  e.PutU8(static_cast<std::uint8_t>(s.coefficients.size()));
  for (const Scalar& c : s.coefficients) PutScalar(e, c);
  PutScalar(e, s.encryption_secret);
  return e.Finish();
}

Result<TrusteeSecrets> DecodeTrusteeSecrets(ByteView bytes) {
  Decoder d(bytes);
  VECHE_RETURN_IF_ERROR(d.Version(1, 1).status().WithContext("trustee secrets version"));
  TrusteeSecrets s;
  VECHE_ASSIGN_OR_RETURN(size_t k, GetCountIn(d, 1, kMaxTrustees, false, "the number of coefficients"));
  s.coefficients.resize(k);
  for (Scalar& c : s.coefficients) {
    VECHE_ASSIGN_OR_RETURN(c, GetScalar(d, "coefficient"));
  }
  VECHE_ASSIGN_OR_RETURN(s.encryption_secret, GetScalar(d, "encryption secret"));
  VECHE_RETURN_IF_ERROR(d.Finish());
  return s;
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
