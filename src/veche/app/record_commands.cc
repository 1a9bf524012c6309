// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/app/record_commands.h"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "veche/base/canonical.h"
#include "veche/base/rng.h"
#include "veche/base/text_codec.h"
#include "veche/core/record.h"
#include "veche/core/registry/payloads.h"
#include "veche/crypto/key_file.h"
#include "veche/node/http_client.h"
#include "veche/node/registrar_store.h"

namespace veche::app {
namespace {

std::optional<core::TerritoryKind> ParseTerritoryKind(const std::string& s) {
  for (int k = 1; k <= 5; ++k) {
    if (s == core::TerritoryKindName(static_cast<core::TerritoryKind>(k))) return static_cast<core::TerritoryKind>(k);
  }
  return std::nullopt;
}

// The id of the log at `url` (GET /log/id), which the record to submit there must name.
Result<core::LogId> FetchLogId(node::HttpClient& client, const std::string& url) {
  Result<Bytes> reply = client.Get(url + "log/id", 256);
  if (!reply.ok()) return reply.error().WithContext("reading the log's id from " + url + "log/id");
  Result<core::LogId> id = core::LogIdFromHex(ToString(*reply));
  if (!id.ok()) return id.error().WithContext(url + "log/id");
  return id;
}

}  // namespace

// Exit codes of Submit: refused is definitive; a network error leaves the outcome unknown.
// Signs and submits; prints the receipt's index and record id. Exit 0 on 200/201.
int SubmitRecord(const std::string& node_url, const crypto::SigningKey& key, core::RecordKind kind, Bytes payload) {
  std::string url = node_url;
  if (url.empty() || url.back() != '/') url += '/';
  node::HttpClient client;
  Result<core::LogId> log = FetchLogId(client, url);
  if (!log.ok()) return Fail(log.error().message() + " (nothing was submitted)");
  Result<core::Record> record = core::SignRecord(*log, kind, std::move(payload), SystemClock().Now(), key);
  if (!record.ok()) return Fail(record.error().message());
  Result<node::HttpClient::Reply> reply = client.Post(url + "records", record->Encode(), 1 << 20);
  if (!reply.ok()) {
    Fail(reply.error().message() + " (the record may or may not have been appended; submitting it again is safe)");
    return kOutcomeUnknown;
  }
  std::string body = ToString(reply->body);
  if (reply->status != 200 && reply->status != 201) {
    Fail("the node refused the " + std::string(core::RecordKindName(kind)) + " record (HTTP " +
         std::to_string(reply->status) + "): " + body);
    return reply->status >= 500 ? kOutcomeUnknown : kRefused;
  }
  std::printf("%s record %s\n%s",
              reply->status == 201 ? "appended" : "already in the log:", HexEncode(record->Id()).c_str(), body.c_str());
  return 0;
}

int Fail(const std::string& message) {
  std::fprintf(stderr, "veche: error: %s\n", message.c_str());
  return 1;
}

std::optional<long long> ParseDate(const std::string& text) {
  int y, m, d;
  char tail;
  if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) return std::nullopt;
  if (text[4] != '-' || text[7] != '-' || m < 1 || m > 12 || d < 1) return std::nullopt;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > kDays[m - 1] + (m == 2 && leap ? 1 : 0)) return std::nullopt;
  // Days from civil (H. Hinnant's algorithm).
  y -= m <= 2;
  long long era = (y >= 0 ? y : y - 399) / 400;
  long long yoe = y - era * 400;
  long long doy = (153LL * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  long long days = era * 146097 + doe - 719468;
  return days * 86'400'000'000LL;
}

CLI::App* RecordCommands::AddCommand(CLI::App& parent, const std::string& name, const std::string& help,
                                     bool needs_key) {
  CLI::App* cmd = parent.add_subcommand(name, help);
  cmd->add_option("--node", common_.node, "The node's URL")->capture_default_str();
  if (needs_key)
    cmd->add_option("--key", common_.key, "Private key file of the signer (from 'veche keygen')")->required();
  return cmd;
}

void RecordCommands::AddEnrol(CLI::App& citizen) {
  citizen_enrol_ = AddCommand(citizen, "enrol",
                              "Enrol a citizen under a pseudonymous id. Prints the one-time enrolment code to hand "
                              "to the person, and the salt of the personal-data commitment (keep it private).");
  citizen_enrol_->add_option("--id", id_, "Pseudonymous citizen id ([a-z0-9-])")->required();
  citizen_enrol_->add_option("--residence", residence_, "Territory of residence")->required();
  citizen_enrol_->add_option("--majority-date", majority_date_, "Date of majority, YYYY-MM-DD")->required();
  citizen_enrol_->add_option("--consultative-date", consultative_date_, "Date of the consultative vote, YYYY-MM-DD")
      ->required();
  CLI::Option* person_file = citizen_enrol_->add_option(
      "--person-file", person_file_,
      "A file holding the person's data, or - for standard input (UTF-8, up to 64 KiB; one final "
      "newline is dropped). Only its salted hash enters the log; the data stays off the command line, "
      "out of shell history and /proc/*/cmdline.");
  CLI::Option* person =
      citizen_enrol_->add_option("--person", person_,
                                 "The person's data on the command line: visible to other users (ps) and kept in shell "
                                 "history; prefer --person-file");
  person_file->excludes(person);
  person->excludes(person_file);
  citizen_enrol_->add_option("--registry", registry_, "The registrar's private store of personal data (SQLite)")
      ->capture_default_str();
}

RecordCommands::RecordCommands(CLI::App& app) {
  CLI::App* territory = app.add_subcommand("territory", "Create, rename and dissolve territories (authority key).");
  territory->require_subcommand(1);
  territory_create_ = AddCommand(*territory, "create", "Create a territory inside another.");
  territory_create_->add_option("--id", id_, "New territory id ([a-z0-9-])")->required();
  territory_create_->add_option("--parent", parent_, "Id of the territory it lies in")->required();
  territory_create_->add_option("--kind", kind_, "union, republic, region, city or settlement")->required();
  territory_create_->add_option("--name", name_, "Its name")->required();
  territory_rename_ = AddCommand(*territory, "rename", "Rename a territory.");
  territory_rename_->add_option("--id", id_, "Territory id")->required();
  territory_rename_->add_option("--name", name_, "Its new name")->required();
  territory_dissolve_ = AddCommand(*territory, "dissolve", "Dissolve an empty territory.");
  territory_dissolve_->add_option("--id", id_, "Territory id")->required();

  CLI::App* registrar = app.add_subcommand("registrar", "Accredit and revoke registrars (authority key).");
  registrar->require_subcommand(1);
  registrar_accredit_ = AddCommand(*registrar, "accredit", "Accredit a registrar for a territory and all below it.");
  registrar_accredit_->add_option("--registrar", registrar_pub_, "The registrar's public key file")->required();
  registrar_accredit_->add_option("--territory", territory_, "Territory id")->required();
  registrar_revoke_ = AddCommand(*registrar, "revoke", "Revoke a registrar.");
  registrar_revoke_->add_option("--registrar", registrar_pub_, "The registrar's public key file")->required();

  CLI::App* citizen = app.add_subcommand("citizen", "Enrol citizens (registrar key), bind their own keys, move them.");
  citizen->require_subcommand(1);
  AddEnrol(*citizen);
  citizen_bind_ = AddCommand(*citizen, "bind",
                             "On the citizen's device: generate the citizen's key (written to --out, mode 0600) and "
                             "bind it with the one-time enrolment code.",
                             /*needs_key=*/false);
  citizen_bind_->add_option("--id", id_, "Citizen id")->required();
  citizen_bind_->add_option("--code", code_, "The one-time enrolment code from the registrar")->required();
  citizen_bind_->add_option("--out", out_, "Private key file to create for the citizen")->required();
  citizen_move_ = AddCommand(*citizen, "move", "Move a citizen's residence (registrar covering both territories).");
  citizen_move_->add_option("--id", id_, "Citizen id")->required();
  citizen_move_->add_option("--residence", residence_, "New territory of residence")->required();
  citizen_rotate_ = AddCommand(*citizen, "rotate-key",
                               "Replace the citizen's key (--key: the current one) by a new key written to --out.");
  citizen_rotate_->add_option("--id", id_, "Citizen id")->required();
  citizen_rotate_->add_option("--out", out_, "Private key file to create for the new key")->required();
  citizen_recover_ = AddCommand(*citizen, "recover",
                                "Registrar: drop a citizen's lost or stolen key and issue a new one-time enrolment "
                                "code (printed) for a new bind.");
  citizen_recover_->add_option("--id", id_, "Citizen id")->required();
  citizen_join_ =
      AddCommand(*citizen, "join", "Citizen: join a collective (workplace, cooperative, farm, association).");
  citizen_join_->add_option("--id", id_, "Citizen id")->required();
  citizen_join_->add_option("--collective", collective_, "Collective id")->required();
  citizen_leave_ = AddCommand(*citizen, "leave", "Citizen: leave a collective.");
  citizen_leave_->add_option("--id", id_, "Citizen id")->required();
  citizen_leave_->add_option("--collective", collective_, "Collective id")->required();
  citizen_remove_ = AddCommand(*citizen, "remove", "Registrar: remove a citizen (death or loss of citizenship).");
  citizen_remove_->add_option("--id", id_, "Citizen id")->required();
  citizen_remove_->add_option("--reason", reason_, "death or loss-of-citizenship")->required();

  CLI::App* collective = app.add_subcommand("collective", "Create, rename and dissolve collectives (authority key).");
  collective->require_subcommand(1);
  collective_create_ = AddCommand(*collective, "create", "Create a collective located in a territory.");
  collective_create_->add_option("--id", id_, "New collective id ([a-z0-9-])")->required();
  collective_create_->add_option("--territory", territory_, "Territory it is located in")->required();
  collective_create_->add_option("--kind", kind_, "workplace, cooperative, farm or association")->required();
  collective_create_->add_option("--name", name_, "Its name")->required();
  collective_create_->add_option("--parent", parent_, "Id of a collective it belongs to (optional)");
  collective_rename_ = AddCommand(*collective, "rename", "Rename a collective.");
  collective_rename_->add_option("--id", id_, "Collective id")->required();
  collective_rename_->add_option("--name", name_, "Its new name")->required();
  collective_dissolve_ = AddCommand(*collective, "dissolve", "Dissolve a collective (members leave it).");
  collective_dissolve_->add_option("--id", id_, "Collective id")->required();
}

template <typename Build>
int RecordCommands::WithKey(Build&& build) {
  Result<crypto::SigningKey> key = crypto::ReadPrivateKeyFile(common_.key);
  if (!key.ok()) return Fail("--key: " + key.error().message());
  return build(*key);
}

std::optional<int> RecordCommands::Run() {
  // Strings go into canonical encodings, which take only UTF-8 (the node checks ids and names too).
  for (const std::string* text :
       {&id_, &parent_, &kind_, &name_, &territory_, &residence_, &person_, &code_, &collective_, &reason_}) {
    if (!IsValidUtf8(*text)) return Fail("command-line text must be valid UTF-8");
  }
  if (std::optional<int> rc = RunTerritoriesAndRegistrars()) return rc;
  if (*citizen_enrol_) return Enrol();
  if (*citizen_bind_) return Bind();
  if (std::optional<int> rc = RunCitizens()) return rc;
  return RunCollectives();
}

std::optional<int> RecordCommands::RunTerritoriesAndRegistrars() {
  if (*territory_create_) {
    return WithKey([&](const crypto::SigningKey& key) {
      std::optional<core::TerritoryKind> kind = ParseTerritoryKind(kind_);
      if (!kind) return Fail("--kind must be union, republic, region, city or settlement");
      return SubmitRecord(common_.node, key, core::RecordKind::kTerritoryCreate,
                          core::EncodePayload(core::TerritoryCreatePayload{id_, parent_, *kind, name_, {}}));
    });
  }
  if (*territory_rename_) {
    return WithKey([&](const crypto::SigningKey& key) {
      return SubmitRecord(common_.node, key, core::RecordKind::kTerritoryRename,
                          core::EncodePayload(core::RenamePayload{id_, name_}));
    });
  }
  if (*territory_dissolve_) {
    return WithKey([&](const crypto::SigningKey& key) {
      return SubmitRecord(common_.node, key, core::RecordKind::kTerritoryDissolve,
                          core::EncodePayload(core::IdPayload{id_}));
    });
  }
  if (*registrar_accredit_ || *registrar_revoke_) {
    return WithKey([&](const crypto::SigningKey& key) {
      Result<crypto::PublicKey> registrar = crypto::ReadPublicKeyFile(registrar_pub_);
      if (!registrar.ok()) return Fail("--registrar: " + registrar.error().message());
      if (*registrar_accredit_) {
        return SubmitRecord(
            common_.node, key, core::RecordKind::kRegistrarAccredit,
            core::EncodePayload(core::RegistrarAccreditPayload{core::KeyBytes(*registrar), territory_}));
      }
      return SubmitRecord(common_.node, key, core::RecordKind::kRegistrarRevoke,
                          core::EncodePayload(core::RegistrarRevokePayload{core::KeyBytes(*registrar)}));
    });
  }
  return std::nullopt;
}

// The person's data from --person-file (a file, or - for standard input), or --person.
Result<std::string> RecordCommands::PersonData() const {
  constexpr size_t kMaxPersonData = 64 * 1024;
  if (person_file_.empty()) {
    if (person_.empty()) return InvalidArgumentError("give the person's data with --person-file FILE (or - for stdin)");
    std::fprintf(stderr,
                 "veche: warning: --person puts personal data where other users (ps) and shell history see it; "
                 "use --person-file\n");
    return person_;
  }
  std::ifstream file;
  if (person_file_ != "-") {
    file.open(person_file_, std::ios::binary);
    if (!file) return NotFoundError("--person-file: cannot read " + person_file_);
  }
  std::istream& in = person_file_ == "-" ? std::cin : file;
  std::string data(kMaxPersonData + 1, '\0');
  in.read(data.data(), static_cast<std::streamsize>(data.size()));
  data.resize(static_cast<size_t>(in.gcount()));
  if (data.size() > kMaxPersonData) return InvalidArgumentError("--person-file: over the limit of 64 KiB");
  if (!data.empty() && data.back() == '\n') data.pop_back();
  if (!data.empty() && data.back() == '\r') data.pop_back();
  if (data.empty()) return InvalidArgumentError("--person-file: no data");
  if (!IsValidUtf8(data)) return InvalidArgumentError("--person-file: not valid UTF-8");
  return data;
}

int RecordCommands::Enrol() {
  Result<std::string> person = PersonData();
  if (!person.ok()) return Fail(person.error().message());
  return WithKey([&](const crypto::SigningKey& key) {
    std::optional<long long> majority = ParseDate(majority_date_), consultative = ParseDate(consultative_date_);
    if (!majority || !consultative) return Fail("dates must be YYYY-MM-DD");
    SystemRng rng;
    std::string code = HexEncode(rng.Generate(16));  // 128 bits: as hard to guess as a key
    Bytes salt = rng.Generate(16);
    std::unique_ptr<node::RegistrarStore> registry;
    if (Result<std::unique_ptr<node::RegistrarStore>> opened = node::RegistrarStore::Open(registry_); opened.ok()) {
      registry = std::move(*opened);
    } else {
      return Fail("--registry: " + opened.error().message());
    }
    core::CitizenEnrolPayload p;
    p.id = id_;
    p.residence = residence_;
    p.majority_date = *majority;
    p.consultative_date = *consultative;
    p.personal_data = core::PersonalDataCommitment(salt, *person);
    // Stored before submitting: a record in the log whose person the registrar cannot produce
    // would be worse than a private entry for a record the node refused (erase it then).
    Status kept = registry->Put(id_, salt, *person, SystemClock().Now());
    if (!kept.ok()) return Fail("--registry: " + kept.message());
    p.enrolment_key = core::KeyBytes(core::EnrolmentKeyFromCode(code).public_key());
    int rc = SubmitRecord(common_.node, key, core::RecordKind::kCitizenEnrol, core::EncodePayload(p));
    if (rc == 0) {
      std::printf("enrolment code (give it to the person, once): %s\n", code.c_str());
      std::printf("personal data and salt kept in the registrar's private store %s\n", registry_.c_str());
    } else if (rc == kRefused) {
      registry->Erase(id_, SystemClock().Now()).IgnoreError();
    }
    return rc;
  });
}

int RecordCommands::Bind() {
  SystemRng rng;
  crypto::SigningKey citizen = crypto::SigningKey::Generate(rng);
  crypto::SigningKey enrolment = core::EnrolmentKeyFromCode(code_);
  core::CitizenBindPayload p = core::MakeBindPayload(id_, enrolment, core::KeyBytes(citizen.public_key()));
  Status written = crypto::WritePrivateKeyFile(out_, citizen);
  if (!written.ok()) return Fail(written.message());
  int rc = SubmitRecord(common_.node, citizen, core::RecordKind::kCitizenBind, core::EncodePayload(p));
  if (rc == 0) {
    std::printf("citizen key: %s (keep it on this device)\n", out_.c_str());
  } else if (rc == kRefused) {
    std::remove(out_.c_str());  // refused for good: a key the log does not know is no use to anyone
  } else {
    std::fprintf(stderr, "veche: kept %s: the bind may have been appended; check with the node before discarding it\n",
                 out_.c_str());
  }
  return rc;
}

std::optional<int> RecordCommands::RunCitizens() {
  if (*citizen_rotate_) {
    return WithKey([&](const crypto::SigningKey& current) {
      SystemRng rng;
      crypto::SigningKey next = crypto::SigningKey::Generate(rng);
      core::CitizenRotateKeyPayload p;
      p.id = id_;
      p.new_key = core::KeyBytes(next.public_key());
      auto sig = next.Sign(core::RotateMessage(id_, p.new_key));
      std::memcpy(p.new_key_signature.data(), sig.data(), sig.size());
      Status written = crypto::WritePrivateKeyFile(out_, next);
      if (!written.ok()) return Fail(written.message());
      int rc = SubmitRecord(common_.node, current, core::RecordKind::kCitizenRotateKey, core::EncodePayload(p));
      if (rc == kRefused) std::remove(out_.c_str());
      if (rc == 0) std::printf("new citizen key: %s (the old key no longer speaks for the citizen)\n", out_.c_str());
      return rc;
    });
  }
  if (*citizen_recover_) {
    return WithKey([&](const crypto::SigningKey& key) {
      SystemRng rng;
      std::string code = HexEncode(rng.Generate(16));
      core::CitizenRecoverPayload p{id_, core::KeyBytes(core::EnrolmentKeyFromCode(code).public_key())};
      int rc = SubmitRecord(common_.node, key, core::RecordKind::kCitizenRecover, core::EncodePayload(p));
      if (rc == 0) std::printf("new enrolment code (give it to the person, once): %s\n", code.c_str());
      return rc;
    });
  }
  if (*citizen_join_ || *citizen_leave_) {
    return WithKey([&](const crypto::SigningKey& key) {
      return SubmitRecord(
          common_.node, key,
          *citizen_join_ ? core::RecordKind::kCitizenJoinCollective : core::RecordKind::kCitizenLeaveCollective,
          core::EncodePayload(core::CitizenCollectivePayload{id_, collective_}));
    });
  }
  if (*citizen_remove_) {
    return WithKey([&](const crypto::SigningKey& key) {
      core::RemovalReason reason;
      if (reason_ == "death") {
        reason = core::RemovalReason::kDeath;
      } else if (reason_ == "loss-of-citizenship") {
        reason = core::RemovalReason::kLossOfCitizenship;
      } else {
        return Fail("--reason must be death or loss-of-citizenship");
      }
      return SubmitRecord(common_.node, key, core::RecordKind::kCitizenRemove,
                          core::EncodePayload(core::CitizenRemovePayload{id_, reason}));
    });
  }
  if (*citizen_move_) {
    return WithKey([&](const crypto::SigningKey& key) {
      return SubmitRecord(common_.node, key, core::RecordKind::kCitizenMove,
                          core::EncodePayload(core::CitizenMovePayload{id_, residence_}));
    });
  }
  return std::nullopt;
}

std::optional<int> RecordCommands::RunCollectives() {
  if (*collective_create_) {
    return WithKey([&](const crypto::SigningKey& key) {
      static const std::pair<const char*, core::CollectiveKind> kKinds[] = {
          {"workplace", core::CollectiveKind::kWorkplace},
          {"cooperative", core::CollectiveKind::kCooperative},
          {"farm", core::CollectiveKind::kFarm},
          {"association", core::CollectiveKind::kAssociation}};
      for (const auto& [name, kind] : kKinds) {
        if (kind_ == name) {
          return SubmitRecord(
              common_.node, key, core::RecordKind::kCollectiveCreate,
              core::EncodePayload(core::CollectiveCreatePayload{id_, parent_, territory_, kind, name_}));
        }
      }
      return Fail("--kind must be workplace, cooperative, farm or association");
    });
  }
  if (*collective_rename_) {
    return WithKey([&](const crypto::SigningKey& key) {
      return SubmitRecord(common_.node, key, core::RecordKind::kCollectiveRename,
                          core::EncodePayload(core::RenamePayload{id_, name_}));
    });
  }
  if (*collective_dissolve_) {
    return WithKey([&](const crypto::SigningKey& key) {
      return SubmitRecord(common_.node, key, core::RecordKind::kCollectiveDissolve,
                          core::EncodePayload(core::IdPayload{id_}));
    });
  }
  return std::nullopt;
}

std::string WithSlash(std::string url) {
  if (url.empty() || url.back() != '/') url += '/';
  return url;
}

Result<std::string> ReadTextFile(const std::string& path, size_t max_size) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError("cannot open '" + path + "'");
  auto too_big = [&](std::uintmax_t size) {
    return InvalidArgumentError("'" + path + "' is " + std::to_string(size) + " bytes; the limit is " +
                                std::to_string(max_size));
  };
  // A regular file over the limit is refused before it is read into memory.
  std::error_code error;
  if (std::uintmax_t size = std::filesystem::file_size(path, error); !error && size > max_size) return too_big(size);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (text.size() > max_size) return too_big(text.size());
  if (text.empty()) return InvalidArgumentError("'" + path + "' is empty");
  if (!IsValidUtf8(text)) return InvalidArgumentError("'" + path + "' is not valid UTF-8");
  return text;
}

Result<core::TextHash> EnsurePublished(const std::string& node, const crypto::SigningKey& key,
                                       const std::string& text) {
  core::TextHash hash = core::TextHashOf(text);
  node::HttpClient client;
  Result<Bytes> existing = client.Get(WithSlash(node) + "texts/" + HexEncode(hash), core::kMaxTextSize + 1);
  if (existing.ok()) {
    std::printf("text %s is published already\n", HexEncode(hash).c_str());
    return hash;
  }
  if (existing.error().code() != StatusCode::kNotFound)
    return existing.error().WithContext("asking the node for the text");
  std::printf("publishing text %s\n", HexEncode(hash).c_str());
  if (SubmitRecord(node, key, core::RecordKind::kText, core::EncodePayload(core::TextPayload{text})) != 0) {
    return FailedPreconditionError("the text was not published");
  }
  return hash;
}

}  // namespace veche::app
