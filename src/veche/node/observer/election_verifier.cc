// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/node/observer/election_verifier.h"

#include <algorithm>
#include <map>
#include <set>

#include "veche/base/canonical.h"
#include "veche/base/text_codec.h"
#include "veche/core/election/payloads.h"
#include "veche/core/offices/rules.h"
#include "veche/node/node.h"

namespace veche::node {
namespace {

using crypto::Point;
using Outcome = ElectionCheck::Outcome;

struct Seen {
  std::uint64_t index = 0;
  core::Record record;
  std::string citizen;  // for a ballot: whose key signed it when it was cast
};

// The election id a record of kinds 60..68 is about: every such payload starts with it.
std::optional<std::string> ElectionOf(const core::Record& r) {
  const auto kind = static_cast<std::uint16_t>(r.kind);
  if (kind < 60 || kind > 68) return std::nullopt;
  Decoder d(r.payload);
  if (!d.U8().ok()) return std::nullopt;
  Result<std::string> id = d.String(core::kMaxIdSize);
  if (!id.ok()) return std::nullopt;
  return *id;
}

template <typename T>
std::optional<T> Payload(const Seen& s) {
  Result<T> p = core::DecodePayload<T>(s.record.payload);
  if (!p.ok()) return std::nullopt;
  return std::move(*p);
}

std::string Hex32(const std::array<std::uint8_t, 32>& a) {
  return HexEncode(ByteView(a.data(), a.size()));
}

std::string JoinIndices(const std::vector<std::uint32_t>& list) {
  std::string out;
  for (std::uint32_t i : list) out += (out.empty() ? "" : ",") + std::to_string(i);
  return out;
}

// The checks in order; each stage returns false when later stages have nothing to check.
class ElectionVerifier {
 public:
  ElectionVerifier(HttpClient& client, std::string base, const ledger::NoteVerifier& key, std::string id)
      : client_(client), base_(std::move(base)), key_(key), id_(std::move(id)) {}

  ElectionReport Run() {
    if (!Observe() || !Definition()) return std::move(report_);
    KeyCeremony();
    if (!JointKey() || !Ballots()) return std::move(report_);
    Tally();
    Decryption();
    Digest();
    report_.complete = true;
    return std::move(report_);
  }

 private:
  bool Report(bool ok, std::string text) {
    report_.checks.push_back({ok ? Outcome::kOk : Outcome::kFail, std::move(text)});
    return ok;
  }
  void Skip(std::string text) { report_.checks.push_back({Outcome::kSkip, std::move(text)}); }

  std::vector<const Seen*> OfKind(core::RecordKind kind) const {
    std::vector<const Seen*> out;
    for (const Seen& s : records_) {
      if (s.record.kind == kind) out.push_back(&s);
    }
    return out;
  }
  const Seen* Last(core::RecordKind kind) const {
    std::vector<const Seen*> all = OfKind(kind);
    return all.empty() ? nullptr : all.back();
  }
  // The trustee index of a record's author (1-based), or 0.
  std::uint32_t IndexOf(const core::Record& r) const {
    for (size_t i = 0; i < def_->trustees.size(); ++i) {
      if (def_->trustees[i] == core::KeyBytes(r.author)) return static_cast<std::uint32_t>(i + 1);
    }
    return 0;
  }

  bool Observe();
  bool Definition();
  void KeyCeremony();
  void Complaints();
  bool JointKey();
  bool Ballots();
  void Tally();
  void Decryption();
  void CheckResult();
  void Digest();

  HttpClient& client_;
  std::string base_;
  const ledger::NoteVerifier& key_;
  std::string id_;
  ElectionReport report_;

  Observation seen_;
  std::vector<Seen> records_;
  std::set<std::string> eligible_;  // computed here from the citizens at the opening, not read from the core
  std::optional<core::ElectionDefinePayload> def_;
  std::optional<std::pair<std::uint64_t, core::ElectionDefinePayload>> called_;  // an office's election
  crypto::ElectionHash e_{};
  size_t n_ = 0;
  std::uint64_t open_at_ = UINT64_MAX, close_at_ = UINT64_MAX;
  std::vector<std::optional<core::TrusteeCommitPayload>> commits_;
  std::vector<std::optional<core::TrusteeRevealPayload>> reveals_;
  std::uint16_t qual_ = 0;
  std::vector<std::uint32_t> qual_list_;
  Point key_point_ = crypto::kIdentity;
  std::vector<Point> vk_;
  std::vector<const Seen*> ballots_;
  std::map<std::string, const core::BallotPayload*> last_;  // each voter's ballot that counts
  std::vector<std::optional<core::BallotPayload>> decoded_;
  std::vector<crypto::Ciphertext> sum_;
  std::vector<std::uint32_t> order_;  // trustees whose valid shares arrived, in order
  std::vector<std::optional<core::DecryptionSharePayload>> shares_;
};

// 1: the log, with the election's records and the citizens eligible at its opening collected.
bool ElectionVerifier::Observe() {
  std::optional<std::string> territory;
  auto before = [&](std::uint64_t index, const core::Record& r, const core::State& st) {
    if (ElectionOf(r) != id_) return;
    Seen seen{index, r, {}};
    if (r.kind == core::RecordKind::kBallot) {
      auto who = st.citizen_by_key.find(core::KeyBytes(r.author));
      if (who != st.citizen_by_key.end()) seen.citizen = who->second;
    }
    records_.push_back(std::move(seen));
  };
  auto after = [&](std::uint64_t index, const core::Record& r, const core::State& st) {
    // An office's election is called by the node's record that closes nominations or decides a
    // round; its definition is what this observer's own replay made of that record.
    if (!called_ && (r.kind == core::RecordKind::kNominationsClose || r.kind == core::RecordKind::kContestDecide)) {
      if (auto el = st.elections.find(id_); el != st.elections.end() && st.contest_of_election.count(id_)) {
        called_ = std::pair{index, el->second.spec};
        territory = el->second.spec.territory;
      }
    }
    if (ElectionOf(r) != id_) return;
    if (r.kind == core::RecordKind::kElectionDefine) {
      if (auto d = core::DecodePayload<core::ElectionDefinePayload>(r.payload); d.ok()) territory = d->territory;
    }
    if (r.kind != core::RecordKind::kElectionOpen || !territory) return;
    if (const std::string& collective = core::ElectionCollective(st, id_); !collective.empty()) {
      for (const auto& [citizen, c] : st.citizens) {  // a collective's post: its adult members
        if (!c.removed && c.majority_date <= st.clock && c.collectives.count(collective)) eligible_.insert(citizen);
      }
      return;
    }
    for (const auto& [citizen, c] : st.citizens) {
      if (!c.removed && c.majority_date <= st.clock && st.InScope(*territory, c.residence)) eligible_.insert(citizen);
    }
  };
  Result<Observation> seen = ObserveNode(client_, base_, key_, before, after);
  if (!seen.ok()) return Report(false, "the log: " + seen.error().message());
  seen_ = std::move(*seen);
  return Report(true, "the log: " + std::to_string(seen_.report.checkpoint.size) +
                          " entries match a checkpoint signed by the node's key, every record replays");
}

// 2: the election record.
bool ElectionVerifier::Definition() {
  std::vector<const Seen*> defines = OfKind(core::RecordKind::kElectionDefine);
  std::uint64_t at = 0;
  if (defines.size() == 1) {
    def_ = Payload<core::ElectionDefinePayload>(*defines[0]);
    at = defines[0]->index;
  } else if (defines.empty() && called_) {
    def_ = called_->second;
    at = called_->first;
  }
  if (!def_) return Report(false, "no election '" + id_ + "' in the log");
  Report(true,
         std::string(defines.empty() ? "the office's election, called by entry " : "the election record (entry ") +
             std::to_string(at) + (defines.empty() ? "" : ")") + ": '" + def_->title + "', " +
             std::to_string(def_->options.size()) + " options, " + std::to_string(def_->threshold) + " of " +
             std::to_string(def_->trustees.size()) + " trustees");
  e_ = core::ElectionHashOf(*def_);
  n_ = def_->trustees.size();
  if (const Seen* open = Last(core::RecordKind::kElectionOpen)) open_at_ = open->index;
  if (const Seen* close = Last(core::RecordKind::kElectionClose)) close_at_ = close->index;
  commits_.assign(n_ + 1, std::nullopt);
  reveals_.assign(n_ + 1, std::nullopt);
  shares_.assign(n_ + 1, std::nullopt);
  return true;
}

// 3-5: commitments and reveals, coefficient proofs, complaints and QUAL.
void ElectionVerifier::KeyCeremony() {
  bool ok = true;
  for (const Seen* s : OfKind(core::RecordKind::kTrusteeCommit)) {
    auto p = Payload<core::TrusteeCommitPayload>(*s);
    const std::uint32_t i = IndexOf(s->record), items[] = {i};
    ok &= p && i && s->index < open_at_ &&
          crypto::VerifySchnorr(crypto::kTagEncryptionKey, e_, p->encryption_key, items, p->proof);
    if (p && i) commits_[i] = p;
  }
  size_t matched = 0;
  for (const Seen* s : OfKind(core::RecordKind::kTrusteeReveal)) {
    auto p = Payload<core::TrusteeRevealPayload>(*s);
    const std::uint32_t i = IndexOf(s->record);
    const bool match =
        p && i && commits_[i] && crypto::CoefficientHash(p->coefficients) == commits_[i]->coefficient_hash;
    ok &= match && s->index < open_at_;
    matched += match;
    if (p && i) reveals_[i] = p;
  }
  Report(ok, std::to_string(OfKind(core::RecordKind::kTrusteeCommit).size()) +
                 " trustee commitments: encryption-key proofs valid, " + std::to_string(matched) +
                 " reveals match their committed hash");
  ok = true;
  size_t proofs = 0;
  for (std::uint32_t i = 1; i <= n_; ++i) {
    if (!reveals_[i]) continue;
    for (std::uint32_t j = 0; j < reveals_[i]->coefficients.size(); ++j) {
      const std::uint32_t items[] = {i, j};
      ok &= crypto::VerifySchnorr(crypto::kTagCoefficient, e_, reveals_[i]->coefficients[j], items,
                                  reveals_[i]->proofs[j]);
      ++proofs;
    }
  }
  Report(ok, std::to_string(proofs) + " coefficient proofs valid");
  Complaints();
}

void ElectionVerifier::Complaints() {
  std::set<std::uint32_t> disqualified;
  bool ok = true;
  for (const Seen* s : OfKind(core::RecordKind::kTrusteeComplaint)) {
    auto p = Payload<core::TrusteeComplaintPayload>(*s);
    const std::uint32_t l = IndexOf(s->record);
    if (!p || !l || p->dealer < 1 || p->dealer > n_ || !reveals_[p->dealer] || !commits_[l]) {
      ok = false;
      continue;
    }
    const std::uint32_t i = p->dealer, items[] = {i, l};
    const core::EncryptedShare& sh = reveals_[i]->shares[l - 1];
    const bool proof =
        crypto::VerifyDleq(crypto::kTagComplaint, e_, commits_[l]->encryption_key, sh.r, p->shared, items, p->proof);
    const crypto::Scalar share = crypto::ScalarSub(sh.c, crypto::SharePad(e_, i, l, sh.r, p->shared));
    const bool wrong = !(crypto::BaseMul(share) == crypto::EvalCommitments(reveals_[i]->coefficients, l));
    ok &= proof && wrong;
    if (proof && wrong) disqualified.insert(i);
  }
  for (std::uint32_t i = 1; i <= n_; ++i) {
    if (reveals_[i] && !disqualified.count(i))
      qual_ |= static_cast<std::uint16_t>(1u << (i - 1)), qual_list_.push_back(i);
  }
  const Seen* open_seen = Last(core::RecordKind::kElectionOpen);
  auto open = open_seen ? Payload<core::ElectionOpenPayload>(*open_seen) : std::nullopt;
  Report(ok && (!open || open->qual == qual_), std::to_string(OfKind(core::RecordKind::kTrusteeComplaint).size()) +
                                                   " complaints proved, " + std::to_string(disqualified.size()) +
                                                   " dealer(s) disqualified; QUAL = {" + JoinIndices(qual_list_) + "}");
}

// 6: the joint key and the verification keys, once the election opened.
bool ElectionVerifier::JointKey() {
  const Seen* open_seen = Last(core::RecordKind::kElectionOpen);
  auto open = open_seen ? Payload<core::ElectionOpenPayload>(*open_seen) : std::nullopt;
  if (!open) {
    // Judged from what was checked above, not from the node's status: no reveal counts after the
    // opening time, so too few qualified trustees by then is final.
    if (seen_.state.clock >= def_->opens_at && qual_list_.size() < def_->threshold) {
      Skip("the election failed: " + std::to_string(qual_list_.size()) +
           " trustees qualified by its opening time and " + std::to_string(def_->threshold) +
           " are needed; it can never open");
    } else {
      Skip("the election has not opened: nothing more to check");
    }
    return false;
  }
  for (std::uint32_t i : qual_list_) key_point_ = crypto::Add(key_point_, reveals_[i]->coefficients[0]);
  vk_.assign(n_ + 1, crypto::kIdentity);
  for (std::uint32_t l : qual_list_) {
    for (std::uint32_t i : qual_list_)
      vk_[l] = crypto::Add(vk_[l], crypto::EvalCommitments(reveals_[i]->coefficients, l));
  }
  Report(key_point_ == open->key, "the joint key " + Hex32(key_point_).substr(0, 16) +
                                      "... is the sum of the qualified trustees' first coefficients; " +
                                      std::to_string(qual_list_.size()) + " verification keys derived");
  return true;
}

// 7-9: signatures, eligibility in the window, range proofs; then whether the election closed.
bool ElectionVerifier::Ballots() {
  ballots_ = OfKind(core::RecordKind::kBallot);
  // Signatures and proofs: the costly, independent checks, on two threads.
  decoded_.assign(ballots_.size(), std::nullopt);
  std::vector<char> signature_ok(ballots_.size(), 0), proofs_ok(ballots_.size(), 0);
  ParallelFor(ballots_.size(), [&](size_t b) {
    const Seen& s = *ballots_[b];
    signature_ok[b] = s.record.author.Verify(s.record.SignedMessage(), s.record.signature).ok();
    decoded_[b] = Payload<core::BallotPayload>(s);
    const auto& p = decoded_[b];
    proofs_ok[b] =
        p && p->selections.options.size() == def_->options.size() &&
        p->selections.sum_proof.size() == def_->limit + 1u &&
        crypto::VerifySelections(e_, key_point_, core::KeyBytes(s.record.author), def_->limit, p->selections);
  });
  size_t eligible = 0;
  for (size_t b = 0; b < ballots_.size(); ++b) {
    const Seen& s = *ballots_[b];
    const bool in_window = s.index > open_at_ && s.index < close_at_;
    eligible += in_window && !s.citizen.empty() && eligible_.count(s.citizen);
    // Later ballots replace earlier ones (one that does not decode counts as empty, and the sum fails).
    if (in_window && !s.citizen.empty()) last_[s.citizen] = decoded_[b] ? &*decoded_[b] : nullptr;
  }
  const size_t signatures = std::count(signature_ok.begin(), signature_ok.end(), 1);
  const size_t proofs = std::count(proofs_ok.begin(), proofs_ok.end(), 1);
  const std::string of_n = " of " + std::to_string(ballots_.size()) + " ballots";
  Report(signatures == ballots_.size(), std::to_string(signatures) + of_n + " carry a valid signature");
  Report(eligible == ballots_.size(), std::to_string(eligible) + of_n +
                                          " were cast in the voting window by one of the " +
                                          std::to_string(eligible_.size()) + " citizens eligible at the opening");
  Report(proofs == ballots_.size(), std::to_string(proofs) + of_n +
                                        " have valid range proofs (each mark 0 or 1, at most " +
                                        std::to_string(def_->limit) + " in all)");
  if (close_at_ == UINT64_MAX) {
    Skip("the election has not closed: " + std::to_string(last_.size()) + " voters so far");
    return false;
  }
  return true;
}

// 10-11: the last-ballot rule and the homomorphic sum against the recorded close.
void ElectionVerifier::Tally() {
  auto close = Payload<core::ElectionClosePayload>(*Last(core::RecordKind::kElectionClose));
  Report(close && close->voters == last_.size(), std::to_string(last_.size()) + " voters' last ballots count (" +
                                                     std::to_string(ballots_.size() - last_.size()) + " replaced)");
  sum_.assign(def_->options.size(), crypto::Ciphertext{});
  for (const auto& [citizen, b] : last_) {
    for (size_t i = 0; b && i < sum_.size() && i < b->selections.options.size(); ++i) {
      sum_[i] = crypto::AddCiphertexts(sum_[i], b->selections.options[i]);
    }
  }
  Report(close && sum_ == close->tally, "the homomorphic sum of the counted ballots equals the recorded tally");
}

// 12: decryption shares with their proofs; then 13.
void ElectionVerifier::Decryption() {
  bool ok = true;
  for (const Seen* s : OfKind(core::RecordKind::kDecryptionShare)) {
    auto p = Payload<core::DecryptionSharePayload>(*s);
    const std::uint32_t l = IndexOf(s->record);
    bool valid = p && l && (qual_ & (1u << (l - 1))) && s->index > close_at_ && p->shares.size() == sum_.size();
    for (std::uint32_t i = 0; valid && i < sum_.size(); ++i) {
      const std::uint32_t items[] = {l, i};
      valid = crypto::VerifyDleq(crypto::kTagDecryption, e_, vk_[l], sum_[i].alpha, p->shares[i], items, p->proofs[i]);
    }
    ok &= valid;
    if (valid) order_.push_back(l), shares_[l] = p;
  }
  Report(ok, std::to_string(order_.size()) + " decryption shares with valid proofs");
  CheckResult();
}

// 13: the announced counts are the Lagrange combination of the first k shares.
void ElectionVerifier::CheckResult() {
  const Seen* result_seen = Last(core::RecordKind::kElectionResult);
  std::optional<core::ElectionResultPayload> result =
      result_seen ? Payload<core::ElectionResultPayload>(*result_seen) : std::nullopt;
  if (!result) {
    Skip("no result yet: " + std::to_string(order_.size()) + " of " + std::to_string(def_->threshold) +
         " shares needed");
    return;
  }
  std::vector<std::uint32_t> used;
  if (!last_.empty()) {
    for (size_t k = 0; k < def_->threshold && k < order_.size(); ++k) used.push_back(order_[k]);
    std::sort(used.begin(), used.end());
  }
  std::uint16_t used_mask = 0;
  for (std::uint32_t l : used) used_mask |= static_cast<std::uint16_t>(1u << (l - 1));
  bool counts_ok = result->trustees == used_mask && result->counts.size() == sum_.size() &&
                   (last_.empty() || used.size() == def_->threshold);
  std::string text;
  for (size_t i = 0; counts_ok && i < sum_.size(); ++i) {
    Point combined = crypto::kIdentity;
    for (std::uint32_t l : used) {
      combined = crypto::Add(combined, crypto::Mul(crypto::LagrangeAtZero(used, l), shares_[l]->shares[i]));
    }
    counts_ok =
        crypto::Sub(sum_[i].beta, combined) == crypto::Mul(crypto::ScalarFromU64(result->counts[i]), key_point_);
    text += (i ? ", " : "") + def_->options[i] + " " + std::to_string(result->counts[i]);
  }
  Report(counts_ok, "the announced counts decrypt from trustees {" + JoinIndices(used) + "}: " + text);
}

// 14: the replayed state against the node's digest.
void ElectionVerifier::Digest() {
  report_.digest = CompareWithNodeDigest(client_, base_, seen_.state);
  const auto verdict = report_.digest->verdict;
  Report(verdict == DigestComparison::Verdict::kMatch || verdict == DigestComparison::Verdict::kMovedOn,
         "the replayed state's digest (compared with the node's, above)");
}

}  // namespace

bool ElectionReport::failed() const {
  return std::any_of(checks.begin(), checks.end(), [](const ElectionCheck& c) { return c.outcome == Outcome::kFail; });
}

ElectionReport VerifyElection(HttpClient& client, const std::string& base, const ledger::NoteVerifier& key,
                              const std::string& election) {
  return ElectionVerifier(client, base, key, election).Run();
}

}  // namespace veche::node
