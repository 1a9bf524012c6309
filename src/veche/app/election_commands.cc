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
#include "veche/node/observer/election_verifier.h"

namespace veche::app {
namespace {

using crypto::Point;

Result<core::State> ReplayNode(const std::string& node_url, const std::string& log_key) {
  Result<ledger::NoteVerifier> key = ledger::NoteVerifier::Parse(log_key);
  if (!key.ok()) return key.error().WithContext("--log-key");
  node::HttpClient client;
  VECHE_ASSIGN_OR_RETURN(node::Observation seen, node::ObserveNode(client, node::NodeBase(node_url), *key));
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
    Result<Bytes> body = client.Get(node::NodeBase(node_) + "elections/" + id_, 1 << 20);
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

int ElectionCommands::VerifyElection() {
  Result<ledger::NoteVerifier> log_key = ledger::NoteVerifier::Parse(log_key_);
  if (!log_key.ok()) return Fail("--key: " + log_key.error().message());
  const std::string base = node::NodeBase(node_);
  node::HttpClient client;
  std::printf("verifying election '%s' at %s\n", id_.c_str(), base.c_str());
  const node::ElectionReport report = node::VerifyElection(client, base, *log_key, id_);
  for (size_t i = 0; i < report.checks.size(); ++i) {
    const node::ElectionCheck& check = report.checks[i];
    // The digest comparison's own lines come just before the check that reports it (the last).
    if (report.digest && i + 1 == report.checks.size()) PrintDigestComparison(*report.digest);
    const char* mark = check.outcome == node::ElectionCheck::Outcome::kOk     ? "OK"
                       : check.outcome == node::ElectionCheck::Outcome::kFail ? "FAIL"
                                                                              : "--";
    std::printf("[%2zu] %-4s %s\n", i + 1, mark, check.text.c_str());
  }
  if (report.complete) {
    std::printf(report.failed() ? "FAILED: election '%s' does not verify\n" : "OK: election '%s' verifies\n",
                id_.c_str());
  }
  return report.failed() ? 1 : 0;
}

}  // namespace veche::app
