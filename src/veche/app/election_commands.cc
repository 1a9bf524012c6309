// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/app/election_commands.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>

#include "veche/app/commands.h"
#include "veche/app/record_commands.h"
#include "veche/base/canonical.h"
#include "veche/base/rng.h"
#include "veche/base/text_codec.h"
#include "veche/core/election/due.h"
#include "veche/core/election/payloads.h"
#include "veche/core/election/rules.h"
#include "veche/core/election/trustee.h"
#include "veche/core/election/voter.h"
#include "veche/crypto/key_file.h"
#include "veche/node/node.h"

namespace veche::app {
namespace {

using crypto::Point;

Result<core::State> ReplayNode(const std::string& node_url, const std::string& log_key) {
  Result<ledger::NoteVerifier> key = ledger::NoteVerifier::Parse(log_key);
  if (!key.ok()) return key.error().WithContext("--log-key");
  node::HttpClient client;
  VECHE_ASSIGN_OR_RETURN(Observation seen, ObserveNode(client, NodeBase(node_url), *key));
  return std::move(seen.state);
}

Result<core::TrusteeSecrets> LoadOrCreateSecrets(const std::string& path, const core::State& state,
                                                 const std::string& id, bool create) {
  if (!std::filesystem::exists(path)) {
    if (!create) return NotFoundError("--secrets: " + path + " does not exist (trustee commit creates it)");
    auto it = state.elections.find(id);
    if (it == state.elections.end()) return NotFoundError("election '" + id + "' does not exist");
    SystemRng rng;
    core::TrusteeSecrets s = core::GenerateTrusteeSecrets(it->second.spec.threshold, rng);
    VECHE_RETURN_IF_ERROR(crypto::WriteSecretFile(path, Base64Encode(core::EncodeTrusteeSecrets(s)) + "\n"));
    std::printf("created trustee secrets %s (keep it secret and backed up until the count is done)\n", path.c_str());
    return s;
  }
  VECHE_ASSIGN_OR_RETURN(std::string text, crypto::ReadSecretFile(path));
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  Result<Bytes> bytes = Base64Decode(text);
  if (!bytes.ok()) return InvalidArgumentError("--secrets: " + path + " is not a trustee secrets file");
  Result<core::TrusteeSecrets> secrets = core::DecodeTrusteeSecrets(*bytes);
  if (!secrets.ok()) return InvalidArgumentError("--secrets: " + path + " is not a trustee secrets file");
  return secrets;
}

std::string Hex32(const std::array<std::uint8_t, 32>& a) {
  return HexEncode(ByteView(a.data(), a.size()));
}

}  // namespace

ElectionCommands::ElectionCommands(CLI::App& app) {
  auto node_opt = [&](CLI::App* cmd) { cmd->add_option("--node", node_, "The node's URL")->capture_default_str(); };
  auto replaying = [&](CLI::App* cmd) {
    node_opt(cmd);
    cmd->add_option("--log-key", log_key_,
                    "The node's log verifier key (veche log key): the log is mirrored and "
                    "checked against it before anything is signed")
        ->required();
    cmd->add_option("--key", key_, "Private key file of the signer")->required();
    cmd->add_option("--election", id_, "Election id")->required();
  };

  CLI::App* election = app.add_subcommand("election", "Secret-ballot elections: define one, show one.");
  election->require_subcommand(1);
  define_ = election->add_subcommand("define",
                                     "Authority: define an election with its options, its voting window and the "
                                     "trustees who will hold its key (k of n).");
  node_opt(define_);
  define_->add_option("--key", key_, "Private key file of an authority")->required();
  define_->add_option("--id", id_, "Election id ([a-z0-9-])")->required();
  define_->add_option("--territory", territory_, "Territory whose adult residents vote")->required();
  define_->add_option("--title", title_, "Its title")->required();
  define_->add_option("--option", options_, "An option (a candidate); repeat for each, in ballot order")->required();
  define_->add_option("--limit", limit_, "Options a voter may mark, at most")->capture_default_str();
  define_->add_option("--opens", opens_, "Day it opens, YYYY-MM-DD (node clock; keys must be made before)")->required();
  define_->add_option("--closes", closes_, "Day it closes, YYYY-MM-DD")->required();
  define_->add_option("--trustee", trustees_, "A trustee's public key file; repeat for each (1..16)")->required();
  define_->add_option("--threshold", threshold_, "Trustees needed to decrypt the tally")->capture_default_str();
  show_ = election->add_subcommand("show", "Print an election: options, trustees, voters, result (JSON).");
  node_opt(show_);
  show_->add_option("--id", id_, "Election id")->required();

  CLI::App* trustee = app.add_subcommand("trustee",
                                         "An election trustee's steps, in order: commit, reveal, check, "
                                         "and after the close decrypt.");
  trustee->require_subcommand(1);
  commit_ = trustee->add_subcommand("commit",
                                    "Make this trustee's secrets (--secrets, created 0600) and post its encryption "
                                    "key and the hash of its coefficients.");
  reveal_ = trustee->add_subcommand("reveal",
                                    "Once every trustee has committed: post the coefficients and the encrypted "
                                    "shares for the other trustees.");
  check_ = trustee->add_subcommand("check",
                                   "Once all have revealed: check the shares received and post a provable "
                                   "complaint against every dealer whose share is wrong.");
  decrypt_ = trustee->add_subcommand("decrypt",
                                     "After the close: post this trustee's decryption share of the tally "
                                     "with its proofs.");
  for (CLI::App* cmd : {commit_, reveal_, check_, decrypt_}) {
    replaying(cmd);
    cmd->add_option("--secrets", secrets_, "This trustee's secrets file")->required();
  }

  CLI::App* ballot = app.add_subcommand("ballot", "Cast a secret ballot.");
  ballot->require_subcommand(1);
  cast_ = ballot->add_subcommand("cast",
                                 "Citizen: encrypt the choices under the election key with proofs, sign and cast; "
                                 "prints the tracking code. The last ballot cast before the close counts. Casting "
                                 "from home is not coercion-proof: someone watching can see the choice.");
  replaying(cast_);
  cast_->add_option("--choice", choices_, "An option to mark (repeat up to the limit; none: a blank ballot)");
  cast_->add_flag("--audit", audit_,
                  "Benaloh audit: encrypt, then reveal the nonces and check the encryption instead of casting "
                  "(the audited ballot is never cast)");

  verify_ = app.add_subcommand("verify-election",
                               "Observe an election from the log alone: every trustee proof, ballot signature, "
                               "eligibility, ballot proof, the last-ballot rule, the homomorphic sum, every "
                               "decryption proof and the announced counts, as numbered checks.");
  verify_->add_option("--url", node_, "The node's URL")->required();
  verify_->add_option("--key", log_key_, "The node's log verifier key")->required();
  verify_->add_option("election", id_, "Election id")->required();
}

std::optional<int> ElectionCommands::Run() {
  if (*define_) return Define();
  if (*show_) {
    if (!core::IsValidId(id_)) return Fail("--id must be 1..64 of [a-z0-9-]");
    node::HttpClient client;
    Result<Bytes> body = client.Get(NodeBase(node_) + "elections/" + id_, 1 << 20);
    if (!body.ok()) return Fail(body.error().message());
    std::fwrite(body->data(), 1, body->size(), stdout);
    return 0;
  }
  if (*commit_ || *reveal_ || *check_ || *decrypt_) return Trustee();
  if (*cast_) return Cast();
  if (*verify_) return VerifyElection();
  return std::nullopt;
}

int ElectionCommands::Define() {
  Result<crypto::SigningKey> key = crypto::ReadPrivateKeyFile(key_);
  if (!key.ok()) return Fail("--key: " + key.error().message());
  core::ElectionDefinePayload p;
  p.id = id_;
  p.territory = territory_;
  p.title = title_;
  p.options = options_;
  if (limit_ < 1 || limit_ > 50) return Fail("--limit must be 1..50");
  if (threshold_ < 1 || threshold_ > 16) return Fail("--threshold must be 1..16");
  p.limit = static_cast<std::uint16_t>(limit_);
  p.threshold = static_cast<std::uint8_t>(threshold_);
  std::optional<long long> opens = ParseDate(opens_), closes = ParseDate(closes_);
  if (!opens || !closes) return Fail("--opens and --closes must be dates, YYYY-MM-DD");
  p.opens_at = *opens;
  p.closes_at = *closes;
  for (const std::string& file : trustees_) {
    Result<crypto::PublicKey> pk = crypto::ReadPublicKeyFile(file);
    if (!pk.ok()) return Fail("--trustee " + file + ": " + pk.error().message());
    p.trustees.push_back(core::KeyBytes(*pk));
  }
  // Decoding what we encoded applies the payload's own syntax rules before the node sees it.
  Bytes payload = core::EncodePayload(p);
  if (Result<core::ElectionDefinePayload> check = core::DecodePayload<core::ElectionDefinePayload>(payload);
      !check.ok()) {
    return Fail(check.error().message());
  }
  std::printf("election hash: %s\n", Hex32(core::ElectionHashOf(p)).c_str());
  return SubmitRecord(node_, *key, core::RecordKind::kElectionDefine, std::move(payload));
}

int ElectionCommands::Trustee() {
  Result<crypto::SigningKey> key = crypto::ReadPrivateKeyFile(key_);
  if (!key.ok()) return Fail("--key: " + key.error().message());
  Result<core::State> state = ReplayNode(node_, log_key_);
  if (!state.ok()) return Fail(state.error().message());
  Result<std::uint32_t> index = core::TrusteeIndex(*state, id_, core::KeyBytes(key->public_key()));
  if (!index.ok()) return Fail(index.error().message());
  Result<core::TrusteeSecrets> secrets = LoadOrCreateSecrets(secrets_, *state, id_, commit_->parsed());
  if (!secrets.ok()) return Fail(secrets.error().message());
  SystemRng rng;
  if (*commit_) {
    Result<core::TrusteeCommitPayload> p = core::MakeTrusteeCommit(*state, id_, *index, *secrets, rng);
    if (!p.ok()) return Fail(p.error().message());
    std::printf("trustee %u commits\n", *index);
    return SubmitRecord(node_, *key, core::RecordKind::kTrusteeCommit, core::EncodePayload(*p));
  }
  if (*reveal_) {
    Result<core::TrusteeRevealPayload> p = core::MakeTrusteeReveal(*state, id_, *index, *secrets, rng);
    if (!p.ok()) return Fail(p.error().message());
    std::printf("trustee %u reveals its coefficients and shares\n", *index);
    return SubmitRecord(node_, *key, core::RecordKind::kTrusteeReveal, core::EncodePayload(*p));
  }
  if (*check_) {
    const core::Election& el = state->elections.at(id_);
    size_t missing = 0;
    for (const core::Trustee& t : el.trustees) missing += !t.reveal;
    if (missing) std::printf("%zu trustee(s) have not revealed yet; checking the shares that are in\n", missing);
    Result<std::vector<core::TrusteeComplaintPayload>> complaints =
        core::CheckSharesAndComplain(*state, id_, *index, *secrets, rng);
    if (!complaints.ok()) return Fail(complaints.error().message());
    if (complaints->empty()) {
      std::printf("every share received is correct\n");
      return 0;
    }
    int worst = 0;
    for (const core::TrusteeComplaintPayload& c : *complaints) {
      std::printf("the share from trustee %u is wrong: posting a complaint\n", c.dealer);
      worst = std::max(worst, SubmitRecord(node_, *key, core::RecordKind::kTrusteeComplaint, core::EncodePayload(c)));
    }
    return worst;
  }
  Result<core::DecryptionSharePayload> p = core::MakeDecryptionShare(*state, id_, *index, *secrets, rng);
  if (!p.ok()) return Fail(p.error().message());
  std::printf("trustee %u posts its decryption share\n", *index);
  return SubmitRecord(node_, *key, core::RecordKind::kDecryptionShare, core::EncodePayload(*p));
}

int ElectionCommands::Cast() {
  Result<crypto::SigningKey> key = crypto::ReadPrivateKeyFile(key_);
  if (!key.ok()) return Fail("--key: " + key.error().message());
  Result<core::State> state = ReplayNode(node_, log_key_);
  if (!state.ok()) return Fail(state.error().message());
  auto it = state->elections.find(id_);
  if (it == state->elections.end()) return Fail("election '" + id_ + "' does not exist");
  const core::Election& el = it->second;
  std::vector<std::uint8_t> marks(el.spec.options.size(), 0);
  for (const std::string& choice : choices_) {
    auto at = std::find(el.spec.options.begin(), el.spec.options.end(), choice);
    if (at == el.spec.options.end()) return Fail("'" + choice + "' is not an option of election '" + id_ + "'");
    if (marks[at - el.spec.options.begin()]) return Fail("'" + choice + "' is marked twice");
    marks[at - el.spec.options.begin()] = 1;
  }
  if (choices_.size() > el.spec.limit) {
    return Fail("at most " + std::to_string(el.spec.limit) + " option(s) may be marked");
  }
  SystemRng rng;
  std::vector<crypto::Scalar> nonces;
  const core::PublicKeyBytes voter = core::KeyBytes(key->public_key());
  Result<core::BallotPayload> ballot = core::MakeBallot(*state, id_, voter, marks, rng, &nonces);
  if (!ballot.ok()) return Fail(ballot.error().message());
  Bytes payload = core::EncodePayload(*ballot);
  std::printf("tracking code: %s\n", Hex32(core::BallotTracker(payload)).c_str());
  if (audit_) {
    // The opening lets anyone redo the encryption; this ballot must never be cast.
    for (size_t i = 0; i < marks.size(); ++i) {
      std::printf("option %zu (%s): mark %u, nonce %s\n", i, el.spec.options[i].c_str(), marks[i],
                  Hex32(nonces[i]).c_str());
    }
    const bool honest = crypto::CheckAudit(el.key, ballot->selections, marks, nonces);
    std::printf("audit: %s; this ballot was not cast, cast again to vote\n",
                honest ? "the ciphertexts encrypt exactly these marks" : "MISMATCH: the encryption is not honest");
    return honest ? 0 : 1;
  }
  std::fill(nonces.begin(), nonces.end(), crypto::kZeroScalar);
  return SubmitRecord(node_, *key, core::RecordKind::kBallot, std::move(payload));
}

namespace {

// An election's records as the log holds them, in order.
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

class Checklist {
 public:
  // Prints one numbered check; returns `ok`.
  bool Report(bool ok, const std::string& what) {
    ++number_;
    std::printf("[%2d] %-4s %s\n", number_, ok ? "OK" : "FAIL", what.c_str());
    failed_ |= !ok;
    return ok;
  }
  void Skip(const std::string& what) {
    ++number_;
    std::printf("[%2d] --   %s\n", number_, what.c_str());
  }
  bool failed() const { return failed_; }

 private:
  int number_ = 0;
  bool failed_ = false;
};

template <typename T>
std::optional<T> Payload(const Seen& s) {
  Result<T> p = core::DecodePayload<T>(s.record.payload);
  if (!p.ok()) return std::nullopt;
  return std::move(*p);
}

}  // namespace

int ElectionCommands::VerifyElection() {
  Result<ledger::NoteVerifier> log_key = ledger::NoteVerifier::Parse(log_key_);
  if (!log_key.ok()) return Fail("--key: " + log_key.error().message());
  const std::string base = NodeBase(node_);
  node::HttpClient client;
  std::vector<Seen> records;
  std::set<std::string> eligible;  // computed here from the citizens at the opening, not read from the core
  std::optional<std::string> territory;
  auto before = [&](std::uint64_t index, const core::Record& r, const core::State& st) {
    if (ElectionOf(r) != id_) return;
    Seen seen{index, r, {}};
    if (r.kind == core::RecordKind::kBallot) {
      auto who = st.citizen_by_key.find(core::KeyBytes(r.author));
      if (who != st.citizen_by_key.end()) seen.citizen = who->second;
    }
    records.push_back(std::move(seen));
  };
  auto after = [&](std::uint64_t, const core::Record& r, const core::State& st) {
    if (ElectionOf(r) != id_) return;
    if (r.kind == core::RecordKind::kElectionDefine) {
      if (auto d = core::DecodePayload<core::ElectionDefinePayload>(r.payload); d.ok()) territory = d->territory;
    }
    if (r.kind != core::RecordKind::kElectionOpen || !territory) return;
    for (const auto& [citizen, c] : st.citizens) {
      if (!c.removed && c.majority_date <= st.clock && st.InScope(*territory, c.residence)) {
        eligible.insert(citizen);
      }
    }
  };
  std::printf("verifying election '%s' at %s\n", id_.c_str(), base.c_str());
  Checklist checks;
  Result<Observation> seen = ObserveNode(client, base, *log_key, before, after);
  if (!checks.Report(seen.ok(), seen.ok() ? "the log: " + std::to_string(seen->report.checkpoint.size) +
                                                " entries match a checkpoint signed by the node's key, every "
                                                "record replays"
                                          : "the log: " + seen.error().message())) {
    return 1;
  }
  auto of_kind = [&](core::RecordKind kind) {
    std::vector<const Seen*> out;
    for (const Seen& s : records) {
      if (s.record.kind == kind) out.push_back(&s);
    }
    return out;
  };
  std::vector<const Seen*> defines = of_kind(core::RecordKind::kElectionDefine);
  std::optional<core::ElectionDefinePayload> def;
  if (defines.size() == 1) def = Payload<core::ElectionDefinePayload>(*defines[0]);
  if (!checks.Report(def.has_value(), def ? "the election record (entry " + std::to_string(defines[0]->index) + "): '" +
                                                def->title + "', " + std::to_string(def->options.size()) +
                                                " options, " + std::to_string(def->threshold) + " of " +
                                                std::to_string(def->trustees.size()) + " trustees"
                                          : "no election '" + id_ + "' in the log")) {
    return 1;
  }
  const crypto::ElectionHash e = core::ElectionHashOf(*def);
  const size_t n = def->trustees.size();
  auto index_of = [&](const core::Record& r) -> std::uint32_t {
    for (size_t i = 0; i < n; ++i) {
      if (def->trustees[i] == core::KeyBytes(r.author)) return static_cast<std::uint32_t>(i + 1);
    }
    return 0;
  };
  const Seen* open_seen = nullptr;
  for (const Seen& s : records) {
    if (s.record.kind == core::RecordKind::kElectionOpen) open_seen = &s;
  }
  const std::uint64_t open_at = open_seen ? open_seen->index : UINT64_MAX;

  // 3-5: the trustees' key.
  std::vector<std::optional<core::TrusteeCommitPayload>> commits(n + 1);
  std::vector<std::optional<core::TrusteeRevealPayload>> reveals(n + 1);
  bool ok = true;
  for (const Seen* s : of_kind(core::RecordKind::kTrusteeCommit)) {
    auto p = Payload<core::TrusteeCommitPayload>(*s);
    const std::uint32_t i = index_of(s->record), items[] = {i};
    ok &= p && i && s->index < open_at &&
          crypto::VerifySchnorr(crypto::kTagEncryptionKey, e, p->encryption_key, items, p->proof);
    if (p && i) commits[i] = p;
  }
  size_t matched = 0;
  for (const Seen* s : of_kind(core::RecordKind::kTrusteeReveal)) {
    auto p = Payload<core::TrusteeRevealPayload>(*s);
    const std::uint32_t i = index_of(s->record);
    const bool match = p && i && commits[i] && crypto::CoefficientHash(p->coefficients) == commits[i]->coefficient_hash;
    ok &= match && s->index < open_at;
    matched += match;
    if (p && i) reveals[i] = p;
  }
  checks.Report(ok, std::to_string(of_kind(core::RecordKind::kTrusteeCommit).size()) +
                        " trustee commitments: encryption-key proofs valid, " + std::to_string(matched) +
                        " reveals match their committed hash");
  ok = true;
  size_t coefficient_proofs = 0;
  for (std::uint32_t i = 1; i <= n; ++i) {
    if (!reveals[i]) continue;
    for (std::uint32_t j = 0; j < reveals[i]->coefficients.size(); ++j) {
      const std::uint32_t items[] = {i, j};
      ok &=
          crypto::VerifySchnorr(crypto::kTagCoefficient, e, reveals[i]->coefficients[j], items, reveals[i]->proofs[j]);
      ++coefficient_proofs;
    }
  }
  checks.Report(ok, std::to_string(coefficient_proofs) + " coefficient proofs valid");
  std::set<std::uint32_t> disqualified;
  ok = true;
  for (const Seen* s : of_kind(core::RecordKind::kTrusteeComplaint)) {
    auto p = Payload<core::TrusteeComplaintPayload>(*s);
    const std::uint32_t l = index_of(s->record);
    if (!p || !l || p->dealer < 1 || p->dealer > n || !reveals[p->dealer] || !commits[l]) {
      ok = false;
      continue;
    }
    const std::uint32_t i = p->dealer, items[] = {i, l};
    const core::EncryptedShare& sh = reveals[i]->shares[l - 1];
    const bool proof =
        crypto::VerifyDleq(crypto::kTagComplaint, e, commits[l]->encryption_key, sh.r, p->shared, items, p->proof);
    const crypto::Scalar share = crypto::ScalarSub(sh.c, crypto::SharePad(e, i, l, sh.r, p->shared));
    const bool wrong = !(crypto::BaseMul(share) == crypto::EvalCommitments(reveals[i]->coefficients, l));
    ok &= proof && wrong;
    if (proof && wrong) disqualified.insert(i);
  }
  std::uint16_t qual = 0;
  std::vector<std::uint32_t> qual_list;
  for (std::uint32_t i = 1; i <= n; ++i) {
    if (reveals[i] && !disqualified.count(i)) qual |= static_cast<std::uint16_t>(1u << (i - 1)), qual_list.push_back(i);
  }
  auto open = open_seen ? Payload<core::ElectionOpenPayload>(*open_seen) : std::nullopt;
  std::string qual_text;
  for (std::uint32_t i : qual_list) qual_text += (qual_text.empty() ? "" : ",") + std::to_string(i);
  checks.Report(ok && (!open || open->qual == qual),
                std::to_string(of_kind(core::RecordKind::kTrusteeComplaint).size()) + " complaints proved, " +
                    std::to_string(disqualified.size()) + " dealer(s) disqualified; QUAL = {" + qual_text + "}");
  if (!open) {
    // Judged from what was checked above, not from the node's status: no reveal counts after the
    // opening time, so too few qualified trustees by then is final.
    if (seen->state.clock >= def->opens_at && qual_list.size() < def->threshold) {
      checks.Skip("the election failed: " + std::to_string(qual_list.size()) +
                  " trustees qualified by its opening time and " + std::to_string(def->threshold) +
                  " are needed; it can never open");
    } else {
      checks.Skip("the election has not opened: nothing more to check");
    }
    return checks.failed() ? 1 : 0;
  }
  Point key = crypto::kIdentity;
  for (std::uint32_t i : qual_list) key = crypto::Add(key, reveals[i]->coefficients[0]);
  std::vector<Point> vk(n + 1, crypto::kIdentity);
  for (std::uint32_t l : qual_list) {
    for (std::uint32_t i : qual_list) vk[l] = crypto::Add(vk[l], crypto::EvalCommitments(reveals[i]->coefficients, l));
  }
  checks.Report(key == open->key, "the joint key " + Hex32(key).substr(0, 16) +
                                      "... is the sum of the qualified trustees' first coefficients; " +
                                      std::to_string(qual_list.size()) + " verification keys derived");

  // 7-11: the ballots.
  const Seen* close_seen = nullptr;
  for (const Seen& s : records) {
    if (s.record.kind == core::RecordKind::kElectionClose) close_seen = &s;
  }
  const std::uint64_t close_at = close_seen ? close_seen->index : UINT64_MAX;
  std::vector<const Seen*> ballots = of_kind(core::RecordKind::kBallot);
  // Signatures and proofs: the costly, independent checks, on two threads.
  std::vector<std::optional<core::BallotPayload>> decoded(ballots.size());
  std::vector<char> signature_ok(ballots.size(), 0), proofs_ok(ballots.size(), 0);
  node::ParallelFor(ballots.size(), [&](size_t b) {
    const Seen& s = *ballots[b];
    Bytes message = ToBytes("veche/record/v1\n");
    Append(message, s.record.Body());
    signature_ok[b] = s.record.author.Verify(message, s.record.signature).ok();
    decoded[b] = Payload<core::BallotPayload>(s);
    const auto& p = decoded[b];
    proofs_ok[b] = p && p->selections.options.size() == def->options.size() &&
                   p->selections.sum_proof.size() == def->limit + 1u &&
                   crypto::VerifySelections(e, key, core::KeyBytes(s.record.author), def->limit, p->selections);
  });
  const size_t signatures = std::count(signature_ok.begin(), signature_ok.end(), 1);
  const size_t proofs = std::count(proofs_ok.begin(), proofs_ok.end(), 1);
  size_t eligible_count = 0;
  std::map<std::string, const core::BallotPayload*> last;
  for (size_t b = 0; b < ballots.size(); ++b) {
    const Seen& s = *ballots[b];
    const bool in_window = s.index > open_at && s.index < close_at;
    eligible_count += in_window && !s.citizen.empty() && eligible.count(s.citizen);
    // Later ballots replace earlier ones (one that does not decode counts as empty, and the sum fails).
    if (in_window && !s.citizen.empty()) last[s.citizen] = decoded[b] ? &*decoded[b] : nullptr;
  }
  const std::string of_n = " of " + std::to_string(ballots.size()) + " ballots";
  checks.Report(signatures == ballots.size(), std::to_string(signatures) + of_n + " carry a valid signature");
  checks.Report(eligible_count == ballots.size(), std::to_string(eligible_count) + of_n +
                                                      " were cast in the voting "
                                                      "window by one of the " +
                                                      std::to_string(eligible.size()) +
                                                      " citizens eligible at the opening");
  checks.Report(proofs == ballots.size(), std::to_string(proofs) + of_n +
                                              " have valid range proofs (each mark 0 or 1, "
                                              "at most " +
                                              std::to_string(def->limit) + " in all)");
  auto close = close_seen ? Payload<core::ElectionClosePayload>(*close_seen) : std::nullopt;
  if (!close) {
    checks.Skip("the election has not closed: " + std::to_string(last.size()) + " voters so far");
    return checks.failed() ? 1 : 0;
  }
  checks.Report(close->voters == last.size(), std::to_string(last.size()) + " voters' last ballots count (" +
                                                  std::to_string(ballots.size() - last.size()) + " replaced)");
  std::vector<crypto::Ciphertext> sum(def->options.size());
  for (const auto& [citizen, b] : last) {
    for (size_t i = 0; b && i < sum.size() && i < b->selections.options.size(); ++i) {
      sum[i] = crypto::AddCiphertexts(sum[i], b->selections.options[i]);
    }
  }
  checks.Report(sum == close->tally, "the homomorphic sum of the counted ballots equals the recorded tally");

  // 12-13: decryption and the count.
  std::vector<std::uint32_t> order;
  std::vector<std::optional<core::DecryptionSharePayload>> shares(n + 1);
  ok = true;
  for (const Seen* s : of_kind(core::RecordKind::kDecryptionShare)) {
    auto p = Payload<core::DecryptionSharePayload>(*s);
    const std::uint32_t l = index_of(s->record);
    bool valid = p && l && (qual & (1u << (l - 1))) && s->index > close_at && p->shares.size() == sum.size();
    for (std::uint32_t i = 0; valid && i < sum.size(); ++i) {
      const std::uint32_t items[] = {l, i};
      valid = crypto::VerifyDleq(crypto::kTagDecryption, e, vk[l], sum[i].alpha, p->shares[i], items, p->proofs[i]);
    }
    ok &= valid;
    if (valid) order.push_back(l), shares[l] = p;
  }
  checks.Report(ok, std::to_string(order.size()) + " decryption shares with valid proofs");
  std::optional<core::ElectionResultPayload> result;
  for (const Seen& s : records) {
    if (s.record.kind == core::RecordKind::kElectionResult) result = Payload<core::ElectionResultPayload>(s);
  }
  if (!result) {
    checks.Skip("no result yet: " + std::to_string(order.size()) + " of " + std::to_string(def->threshold) +
                " shares needed");
  } else {
    std::vector<std::uint32_t> used;
    if (!last.empty()) {
      for (size_t k = 0; k < def->threshold && k < order.size(); ++k) used.push_back(order[k]);
      std::sort(used.begin(), used.end());
    }
    std::uint16_t used_mask = 0;
    for (std::uint32_t l : used) used_mask |= static_cast<std::uint16_t>(1u << (l - 1));
    bool counts_ok = result->trustees == used_mask && result->counts.size() == sum.size() &&
                     (last.empty() || used.size() == def->threshold);
    std::string text;
    for (size_t i = 0; counts_ok && i < sum.size(); ++i) {
      Point combined = crypto::kIdentity;
      for (std::uint32_t l : used) {
        combined = crypto::Add(combined, crypto::Mul(crypto::LagrangeAtZero(used, l), shares[l]->shares[i]));
      }
      counts_ok = crypto::Sub(sum[i].beta, combined) == crypto::Mul(crypto::ScalarFromU64(result->counts[i]), key);
      text += (i ? ", " : "") + def->options[i] + " " + std::to_string(result->counts[i]);
    }
    std::string trustees_text;
    for (std::uint32_t l : used) trustees_text += (trustees_text.empty() ? "" : ",") + std::to_string(l);
    checks.Report(counts_ok, "the announced counts decrypt from trustees {" + trustees_text + "}: " + text);
  }
  const int digest = CompareWithNodeDigest(client, base, seen->state);
  checks.Report(digest == 0 || digest == 3, "the replayed state's digest (compared with the node's, above)");
  std::printf(checks.failed() ? "FAILED: election '%s' does not verify\n" : "OK: election '%s' verifies\n",
              id_.c_str());
  return checks.failed() ? 1 : 0;
}

}  // namespace veche::app
