// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/core/election/rules.h"

#include <algorithm>
#include <set>

#include "veche/core/apply.h"
#include "veche/core/election/due.h"
#include "veche/core/offices/rules.h"
#include "veche/core/registry/rules.h"

namespace veche::core {

using namespace rules;
using crypto::Ciphertext;
using crypto::Point;
using crypto::Scalar;

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

Status ApplyDefine(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(ElectionDefinePayload p, DecodePayload<ElectionDefinePayload>(in.record.payload));
  VECHE_RETURN_IF_ERROR(RequirePower(s, in.author, Power::kElections, p.territory));
  if (p.id.starts_with(kOfficeElectionPrefix)) {
    return InvalidArgumentError("election ids beginning '" + std::string(kOfficeElectionPrefix) +
                                "' are the offices' own (docs/formats/offices.md)");
  }
  return DefineElection(s, std::move(p));
}

Status DefineElection(State& s, ElectionDefinePayload p) {
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

Status ApplyCommit(State& s, const Applying& in) {
  const Record& r = in.record;
  const PublicKeyBytes& author = in.author;
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

Status ApplyReveal(State& s, const Applying& in) {
  const Record& r = in.record;
  const PublicKeyBytes& author = in.author;
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

Status ApplyComplaint(State& s, const Applying& in) {
  const Record& r = in.record;
  const PublicKeyBytes& author = in.author;
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

namespace {

// Enrolled adults, bound or not (a citizen may bind a key after the opening and still vote): of
// the election's territory, or the members of the collective whose office it fills.
std::set<std::string> OpeningElectorate(const State& s, const Election& el) {
  std::set<std::string> out;
  if (const std::string& collective = ElectionCollective(s, el.spec.id); !collective.empty()) {
    return AdultMembersOf(s, collective);
  }
  for (const auto& [id, c] : s.citizens) {
    if (c.removed || c.majority_date > s.clock) continue;
    if (s.InScope(el.spec.territory, c.residence)) out.insert(out.end(), id);
  }
  return out;
}

}  // namespace

Status ApplyOpen(State& s, const Applying& in) {
  const Record& r = in.record;
  const PublicKeyBytes& author = in.author;
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
  el.electorate = OpeningElectorate(s, el);
  el.running_tally.assign(el.spec.options.size(), crypto::CiphertextSum{});
  el.status = ElectionStatus::kVoting;
  return OkStatus();
}

ElectionFacts FactsOf(const Election& el) {
  return ElectionFacts{el.hash, el.key, el.spec.limit, el.spec.options.size()};
}

namespace {

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

}  // namespace

Status ApplyBallot(State& s, const Applying& in) {
  const Record& r = in.record;
  const PublicKeyBytes& author = in.author;
  const CheckedBallot* ballot_checked = in.prechecked.ballot ? &*in.prechecked.ballot : nullptr;
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
  const auto counted = el->ballots.find(citizen);
  if (counted != el->ballots.end() && r.author_time <= counted->second.signed_at) {
    return Conflict("citizen '" + citizen + "' has a ballot in '" + p.election + "' signed at " +
                    std::to_string(counted->second.signed_at) +
                    "; a later ballot must be signed later (author times increase per voter and election)");
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
  cast.signed_at = r.author_time;
  return OkStatus();
}

ElectionClosePayload CloseOf(const Election& el) {
  return ElectionClosePayload{el.spec.id, el.ballots.size(), el.Tally()};
}

Status ApplyClose(State& s, const Applying& in) {
  const Record& r = in.record;
  const PublicKeyBytes& author = in.author;
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

Status ApplyDecryption(State& s, const Applying& in) {
  const Record& r = in.record;
  const PublicKeyBytes& author = in.author;
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

Status ApplyElectionResult(State& s, const Applying& in) {
  const Record& r = in.record;
  const PublicKeyBytes& author = in.author;
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

}  // namespace veche::core
