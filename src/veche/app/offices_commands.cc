// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/app/offices_commands.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "veche/app/record_commands.h"
#include "veche/base/text_codec.h"
#include "veche/core/offices/payloads.h"
#include "veche/crypto/key_file.h"
#include "veche/node/http_client.h"

namespace veche::app {

CLI::App* OfficesCommands::Add(CLI::App& parent, const std::string& name, const std::string& help, bool needs_key) {
  CLI::App* cmd = parent.add_subcommand(name, help);
  cmd->add_option("--node", node_, "The node's URL")->capture_default_str();
  if (needs_key) cmd->add_option("--key", key_, "Private key file of the signer")->required();
  return cmd;
}

void OfficesCommands::AddCertificate(CLI::App& app) {
  CLI::App* cert = app.add_subcommand("certificate", "Training bodies and the qualification certificates they issue.");
  cert->require_subcommand(1);
  cert_accredit_ = Add(*cert, "accredit", "Authority: accredit a training body to certify some classes.");
  cert_accredit_->add_option("--body-key", body_pub_, "The training body's public key file")->required();
  cert_accredit_->add_option("--id", id_, "Its id ([a-z0-9-])")->required();
  cert_accredit_->add_option("--name", name_, "Its name")->required();
  cert_accredit_->add_option("--territory", territory_, "Where it is based")->required();
  cert_accredit_->add_option("--class", classes_, "A class it may certify: management, legal, ... (repeatable)")
      ->required();
  cert_unaccredit_ = Add(*cert, "unaccredit", "Authority: revoke a training body (its certificates stay valid).");
  cert_unaccredit_->add_option("--body-key", body_pub_, "The training body's public key file")->required();
  cert_issue_ = Add(*cert, "issue", "Training body: certify a citizen in one of its classes.");
  cert_issue_->add_option("--id", id_, "Certificate id")->required();
  cert_issue_->add_option("--citizen", citizen_, "The citizen's id")->required();
  cert_issue_->add_option("--class", class_, "The class")->required();
  cert_issue_->add_option("--from", from_, "Valid from this date, YYYY-MM-DD (00:00 UTC)")->required();
  cert_issue_->add_option("--until", until_, "Valid until this date, YYYY-MM-DD (not included)")->required();
  cert_revoke_ = Add(*cert, "revoke", "Training body: revoke a certificate it issued, publishing the reason.");
  cert_revoke_->add_option("--id", id_, "Certificate id")->required();
  cert_revoke_->add_option("--reason", reason_, "Why (public, at most 500 bytes)")->required();
  cert_list_ = Add(*cert, "list", "Print a citizen's certificates (JSON).", false);
  cert_list_->add_option("--citizen", citizen_, "The citizen's id")->required();
}

void OfficesCommands::AddOffice(CLI::App& app) {
  CLI::App* office = app.add_subcommand("office", "Offices, their trustee rolls, holders and contests.");
  office->require_subcommand(1);
  office_create_ = Add(*office, "create",
                       "Authority: create a vacant office of a territory or of one of its collectives; its contest "
                       "opens at the node's next tick.");
  office_create_->add_option("--id", id_, "Office id ([a-z0-9-])")->required();
  office_create_->add_option("--title", title_, "Its title")->required();
  office_create_->add_option("--territory", territory_, "The territory")->required();
  office_create_->add_option("--collective", collective_, "A collective of that territory, for its post");
  office_create_->add_option("--term-years", term_years_, "The term (default: the charter's)")
      ->check(CLI::Range(0, 10));
  office_create_->add_option("--requires", requires_, "The certificate class a candidate must hold");
  office_abolish_ = Add(*office, "abolish", "Authority: abolish an office (its holder's tenure ends).");
  office_abolish_->add_option("--id", id_, "Office id")->required();
  office_roll_ = Add(*office, "roll",
                     "Authority: set the trustees who key the elections of a territory's (or a collective's) offices.");
  office_roll_->add_option("--territory", territory_, "The territory")->required();
  office_roll_->add_option("--collective", collective_, "A collective of it, for its own roll");
  office_roll_->add_option("--trustee", trustees_, "A trustee's public key file (repeatable, 1..16)")->required();
  office_roll_->add_option("--threshold", threshold_, "How many trustees decrypt")->capture_default_str();
  office_grant_ =
      Add(*office, "grant", "Authority: let an office's holder, while holding it, use a power over its territory.");
  office_ungrant_ = Add(*office, "ungrant", "Authority: take a power from an office.");
  for (CLI::App* cmd : {office_grant_, office_ungrant_}) {
    cmd->add_option("--id", id_, "Office id")->required();
    cmd->add_option("--power", power_,
                    "territories, collectives, registrars, training-bodies, measures, elections, offices or trustees")
        ->required();
  }
  office_vote_ = Add(*office, "vote",
                     "Citizen: vote in the open round of an office's contest (a charter with open elections); a "
                     "later vote replaces the earlier.");
  office_vote_->add_option("--office", office_, "The office")->required();
  office_vote_->add_option("--choice", choice_, "A candidate's citizen id, or yes / no in a confirmation")->required();
  office_resign_ = Add(*office, "resign", "Holder: resign an office; a by-election opens.");
  office_resign_->add_option("--id", id_, "Office id")->required();
  office_resign_->add_option("--reason", reason_, "Why (public, at most 500 bytes)");
  office_show_ = Add(*office, "show", "Print an office with its holder, tenures and running contest (JSON).", false);
  office_show_->add_option("--id", id_, "Office id")->required();
  office_list_ = Add(*office, "list", "Print the offices of a territory (JSON).", false);
  office_list_->add_option("--territory", territory_, "Territory id")->required();
}

void OfficesCommands::AddNominations(CLI::App& app) {
  nominate_ = Add(app, "nominate",
                  "Citizen: nominate someone in an office's running contest (your signature counts), or --sign "
                  "a nomination. It counts once it has the charter's share of the electorate's signatures.");
  auto* office = nominate_->add_option("--office", office_, "The office");
  nominate_->add_option("--nominee", nominee_, "The citizen nominated");
  nominate_->add_option("--id", id_, "The nomination's id (default: OFFICE-NOMINEE)");
  auto* sign = nominate_->add_option("--sign", sign_, "Sign this nomination instead");
  office->excludes(sign);
  CLI::App* candidacy = app.add_subcommand("candidacy", "Candidacies: the nominee accepts, with a promise checklist.");
  candidacy->require_subcommand(1);
  candidacy_file_ = Add(*candidacy, "file",
                        "Nominee: stand in the office's running contest; the promises (each a text file, published "
                        "first) are frozen from then on.");
  candidacy_file_->add_option("--office", office_, "The office")->required();
  candidacy_file_->add_option("--nomination", nomination_, "Your nomination's id")->required();
  candidacy_file_->add_option("--promise-file", promise_files_, "A promise, as a UTF-8 text file (repeatable, 0..32)");
  candidacy_list_ =
      Add(*candidacy, "list", "Print the running contest of an office with its candidacies (JSON).", false);
  candidacy_list_->add_option("--office", office_, "The office")->required();
}

void OfficesCommands::AddMeetings(CLI::App& app) {
  CLI::App* membership = app.add_subcommand("membership", "Members of collectives: confirm a request to join.");
  membership->require_subcommand(1);
  membership_confirm_ = Add(*membership, "confirm",
                            "Registrar for the collective's territory, or its secretary: confirm a citizen's request "
                            "to join (citizen join); only confirmed members count.");
  membership_confirm_->add_option("--collective", collective_, "The collective")->required();
  membership_confirm_->add_option("--citizen", citizen_, "The citizen who asked to join")->required();
  CLI::App* meeting = app.add_subcommand(
      "meeting", "A collective's open meetings: nominating a candidate, or creating and abolishing its posts.");
  meeting->require_subcommand(1);
  meeting_open_ = Add(*meeting, "open",
                      "Member: open a meeting of the collective on a motion: nominate someone in an office's running "
                      "contest (--nominee), create a post of the collective (--create-post, --title) or abolish one "
                      "(--abolish-post). Adopted with the charter's meeting quorum and majority, it takes effect.");
  meeting_open_->add_option("--id", id_, "The meeting's id")->required();
  meeting_open_->add_option("--collective", collective_, "The collective")->required();
  auto* nominate_in = meeting_open_->add_option("--office", office_, "The office whose contest the nominee enters");
  auto* nominee = meeting_open_->add_option("--nominee", nominee_, "The citizen to nominate");
  auto* create = meeting_open_->add_option("--create-post", create_post_, "The id of a new post of the collective");
  auto* abolish = meeting_open_->add_option("--abolish-post", abolish_post_, "A post of the collective to abolish");
  meeting_open_->add_option("--title", title_, "The new post's title");
  meeting_open_->add_option("--term-years", term_years_, "The new post's term (default: the charter's)")
      ->check(CLI::Range(0, 10));
  meeting_open_->add_option("--requires", requires_, "The certificate class the new post's candidates must hold");
  nominee->needs(nominate_in);
  nominate_in->needs(nominee);
  for (CLI::Option* motion : {nominee, create}) motion->excludes(abolish);
  nominee->excludes(create);
  meeting_open_->add_option("--days", days_, "How long it stays open")->check(CLI::Range(1, 30))->capture_default_str();
  meeting_vote_ = Add(*meeting, "vote", "Member: vote in a meeting, in the open; a later vote replaces the earlier.");
  meeting_vote_->add_option("--id", id_, "The meeting's id")->required();
  meeting_vote_->add_option("--choice", choice_, "yes, no or abstain")->required();
  meeting_show_ = Add(*meeting, "show", "Print a meeting with every member's vote (JSON).", false);
  meeting_show_->add_option("--id", id_, "The meeting's id")->required();
}

OfficesCommands::OfficesCommands(CLI::App& app) {
  AddCertificate(app);
  AddOffice(app);
  AddNominations(app);
  AddMeetings(app);
}

namespace {

template <typename Build>
int WithKey(const std::string& path, Build&& build) {
  Result<crypto::SigningKey> key = crypto::ReadPrivateKeyFile(path);
  if (!key.ok()) return Fail("--key: " + key.error().message());
  return build(*key);
}

Result<core::PublicKeyBytes> PublicKeyOf(const std::string& path) {
  VECHE_ASSIGN_OR_RETURN(crypto::PublicKey key, crypto::ReadPublicKeyFile(path));
  return core::KeyBytes(key);
}

}  // namespace

int OfficesCommands::Get(const std::string& path) {
  node::HttpClient client;
  Result<Bytes> body = client.Get(WithSlash(node_) + path, 1 << 22);
  if (!body.ok()) return Fail(body.error().message());
  std::fwrite(body->data(), 1, body->size(), stdout);
  return 0;
}

std::string OfficesCommands::RunningContest() {
  if (!core::IsValidId(office_)) {
    Fail("--office must be an office id");
    return "";
  }
  node::HttpClient client;
  Result<Bytes> body = client.Get(WithSlash(node_) + "offices/" + office_, 1 << 22);
  if (!body.ok()) {
    Fail("office '" + office_ + "': " + body.error().message());
    return "";
  }
  const nlohmann::json office = nlohmann::json::parse(ToString(*body), nullptr, false);
  const std::string contest = office.is_object() ? office.value("contest", "") : "";
  if (contest.empty()) Fail("office '" + office_ + "' has no contest running");
  return contest;
}

std::optional<int> OfficesCommands::RunCertificates() {
  if (*cert_accredit_ || *cert_unaccredit_) {
    Result<core::PublicKeyBytes> body = PublicKeyOf(body_pub_);
    if (!body.ok()) return Fail("--body-key: " + body.error().message());
    return WithKey(key_, [&](const crypto::SigningKey& key) {
      if (*cert_unaccredit_) {
        return SubmitRecord(node_, key, core::RecordKind::kTrainingBodyRevoke,
                            core::EncodePayload(core::TrainingBodyRevokePayload{*body}));
      }
      return SubmitRecord(
          node_, key, core::RecordKind::kTrainingBodyAccredit,
          core::EncodePayload(core::TrainingBodyAccreditPayload{*body, id_, name_, territory_, classes_}));
    });
  }
  if (*cert_issue_) {
    std::optional<long long> from = ParseDate(from_), until = ParseDate(until_);
    if (!from || !until) return Fail("--from and --until must be dates, YYYY-MM-DD");
    return WithKey(key_, [&](const crypto::SigningKey& key) {
      return SubmitRecord(node_, key, core::RecordKind::kCertificateIssue,
                          core::EncodePayload(core::CertificateIssuePayload{id_, citizen_, class_, *from, *until}));
    });
  }
  if (*cert_revoke_) {
    return WithKey(key_, [&](const crypto::SigningKey& key) {
      return SubmitRecord(node_, key, core::RecordKind::kCertificateRevoke,
                          core::EncodePayload(core::CertificateRevokePayload{id_, reason_}));
    });
  }
  if (*cert_list_) {
    if (!core::IsValidId(citizen_)) return Fail("--citizen must be a citizen id");
    return Get("certificates?citizen=" + citizen_);
  }
  return std::nullopt;
}

std::optional<int> OfficesCommands::RunOffices() {
  if (*office_create_) {
    return WithKey(key_, [&](const crypto::SigningKey& key) {
      core::OfficeCreatePayload p{id_,      title_, territory_, collective_, static_cast<std::uint8_t>(term_years_),
                                  requires_};
      return SubmitRecord(node_, key, core::RecordKind::kOfficeCreate, core::EncodePayload(p));
    });
  }
  if (*office_abolish_) {
    return WithKey(key_, [&](const crypto::SigningKey& key) {
      return SubmitRecord(node_, key, core::RecordKind::kOfficeAbolish, core::EncodePayload(core::IdPayload{id_}));
    });
  }
  if (*office_roll_) {
    core::TrusteeRollSetPayload p{territory_, collective_, static_cast<std::uint8_t>(threshold_), {}};
    if (threshold_ < 1 || threshold_ > 16) return Fail("--threshold must be 1..16");
    for (const std::string& file : trustees_) {
      Result<core::PublicKeyBytes> k = PublicKeyOf(file);
      if (!k.ok()) return Fail("--trustee " + file + ": " + k.error().message());
      p.trustees.push_back(*k);
    }
    return WithKey(key_, [&](const crypto::SigningKey& key) {
      return SubmitRecord(node_, key, core::RecordKind::kTrusteeRollSet, core::EncodePayload(p));
    });
  }
  if (*office_grant_ || *office_ungrant_) {
    const std::optional<core::Power> power = core::PowerNamed(power_);
    if (!power)
      return Fail(
          "--power must be one of territories, collectives, registrars, training-bodies, measures, "
          "elections, offices, trustees");
    return WithKey(key_, [&](const crypto::SigningKey& key) {
      return SubmitRecord(node_, key, *office_grant_ ? core::RecordKind::kPowerGrant : core::RecordKind::kPowerRevoke,
                          core::EncodePayload(core::PowerPayload{id_, *power}));
    });
  }
  if (*office_vote_) {
    const std::string contest = RunningContest();
    if (contest.empty()) return 1;
    return WithKey(key_, [&](const crypto::SigningKey& key) {
      return SubmitRecord(node_, key, core::RecordKind::kOfficeVote,
                          core::EncodePayload(core::OfficeVotePayload{contest, choice_}));
    });
  }
  if (*office_resign_) {
    return WithKey(key_, [&](const crypto::SigningKey& key) {
      return SubmitRecord(node_, key, core::RecordKind::kOfficeResign,
                          core::EncodePayload(core::OfficeResignPayload{id_, reason_}));
    });
  }
  if (*office_show_ || *office_list_) {
    const std::string& id = *office_show_ ? id_ : territory_;
    if (!core::IsValidId(id)) return Fail(*office_show_ ? "--id must be an office id" : "--territory must be an id");
    return Get(*office_show_ ? "offices/" + id : "offices?limit=1000&territory=" + id);
  }
  return std::nullopt;
}

std::optional<int> OfficesCommands::RunNominations() {
  if (*nominate_) {
    if (!sign_.empty()) {
      return WithKey(key_, [&](const crypto::SigningKey& key) {
        return SubmitRecord(node_, key, core::RecordKind::kNominationSign, core::EncodePayload(core::IdPayload{sign_}));
      });
    }
    if (office_.empty() || nominee_.empty()) return Fail("say --office and --nominee, or --sign NOMINATION");
    const std::string contest = RunningContest();
    if (contest.empty()) return 1;
    const std::string id = id_.empty() ? office_ + "-" + nominee_ : id_;
    std::printf("nominating %s in %s as %s\n", nominee_.c_str(), contest.c_str(), id.c_str());
    return WithKey(key_, [&](const crypto::SigningKey& key) {
      return SubmitRecord(node_, key, core::RecordKind::kNominationFile,
                          core::EncodePayload(core::NominationFilePayload{id, contest, nominee_}));
    });
  }
  if (*candidacy_file_) {
    if (promise_files_.size() > core::kMaxPromises) return Fail("at most 32 --promise-file");
    const std::string contest = RunningContest();
    if (contest.empty()) return 1;
    return WithKey(key_, [&](const crypto::SigningKey& key) {
      core::CandidacyFilePayload p{contest, nomination_, {}};
      for (const std::string& file : promise_files_) {
        Result<std::string> text = ReadTextFile(file, core::kMaxTextSize);
        if (!text.ok()) return Fail("--promise-file: " + text.error().message());
        Result<core::TextHash> hash = EnsurePublished(node_, key, *text);
        if (!hash.ok()) return Fail(hash.error().message());
        p.promises.push_back(*hash);
      }
      return SubmitRecord(node_, key, core::RecordKind::kCandidacyFile, core::EncodePayload(p));
    });
  }
  if (*candidacy_list_) {
    const std::string contest = RunningContest();
    return contest.empty() ? 1 : Get("contests/" + contest);
  }
  return std::nullopt;
}

Result<core::MeetingOpenPayload> OfficesCommands::MeetingMotion() {
  core::MeetingOpenPayload p;
  p.id = id_;
  p.collective = collective_;
  p.days = static_cast<std::uint16_t>(days_);
  if (!create_post_.empty() || !abolish_post_.empty()) {
    if (create_post_.empty() != title_.empty()) return InvalidArgumentError("--create-post needs --title, and only it");
    p.subject = core::MeetingSubject::kOffice;
    p.office = core::OfficeMotion{create_post_.empty() ? core::OfficeAction::kAbolish : core::OfficeAction::kCreate,
                                  create_post_.empty() ? abolish_post_ : create_post_,
                                  title_,
                                  static_cast<std::uint8_t>(term_years_),
                                  requires_,
                                  0};
    return p;
  }
  if (nominee_.empty()) return InvalidArgumentError("give --office and --nominee, --create-post or --abolish-post");
  p.nominee = nominee_;  // and the contest, the office's running one
  return p;
}

std::optional<int> OfficesCommands::RunMeetings() {
  if (*membership_confirm_) {
    return WithKey(key_, [&](const crypto::SigningKey& key) {
      return SubmitRecord(node_, key, core::RecordKind::kMembershipConfirm,
                          core::EncodePayload(core::CitizenCollectivePayload{citizen_, collective_}));
    });
  }
  if (*meeting_open_) {
    Result<core::MeetingOpenPayload> p = MeetingMotion();
    if (!p.ok()) return Fail(p.error().message());
    if (p->subject == core::MeetingSubject::kNomination) {
      p->contest = RunningContest();
      if (p->contest.empty()) return 1;
    }
    return WithKey(key_, [&](const crypto::SigningKey& key) {
      return SubmitRecord(node_, key, core::RecordKind::kMeetingOpen, core::EncodePayload(*p));
    });
  }
  if (*meeting_vote_) {
    const std::optional<core::VoteChoice> choice = core::VoteChoiceNamed(choice_);
    if (!choice) return Fail("--choice must be yes, no or abstain");
    return WithKey(key_, [&](const crypto::SigningKey& key) {
      return SubmitRecord(node_, key, core::RecordKind::kMeetingVote,
                          core::EncodePayload(core::MeetingVotePayload{id_, *choice}));
    });
  }
  if (*meeting_show_) {
    if (!core::IsValidId(id_)) return Fail("--id must be a meeting id");
    return Get("meetings/" + id_);
  }
  return std::nullopt;
}

std::optional<int> OfficesCommands::Run() {
  for (const std::string* text : {&id_, &name_, &title_, &reason_, &citizen_, &office_, &nominee_}) {
    if (!IsValidUtf8(*text)) return Fail("command-line text must be valid UTF-8");
  }
  if (std::optional<int> rc = RunCertificates()) return rc;
  if (std::optional<int> rc = RunOffices()) return rc;
  if (std::optional<int> rc = RunMeetings()) return rc;
  return RunNominations();
}

}  // namespace veche::app
