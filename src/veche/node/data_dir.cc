// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/node/data_dir.h"

#include <filesystem>

#include "veche/base/text_codec.h"
#include "veche/core/apply.h"
#include "veche/crypto/key_file.h"

namespace veche::node {

std::string LogKeyPath(const std::string& dir) {
  return (std::filesystem::path(dir) / "log.key").string();
}
std::string LogDbPath(const std::string& dir) {
  return (std::filesystem::path(dir) / "log.db").string();
}

bool IsInitialised(const std::string& dir) {
  std::error_code ec;
  return std::filesystem::exists(LogKeyPath(dir), ec);  // an unreadable path counts as not; Open says why
}

std::string DefaultOrigin(const crypto::PublicKey& node_key) {
  crypto::Sha256Digest h = crypto::Sha256Of(node_key.bytes());
  return std::string(kDefaultOriginPrefix) + HexEncode(ByteView(h.data(), 4));
}

std::string AuthorityKeyPath(const std::string& dir) {
  return (std::filesystem::path(dir) / "authority.key").string();
}

namespace {

// What an interrupted init may have left in its directory; anything else is someone's data.
bool IsInitLeftover(const std::string& name) {
  for (const char* ours : {"authority.key", "authority.key.pub", "log.db", "log.db-wal", "log.db-shm", "state.db",
                           "state.db-wal", "state.db-shm", "log.key.new"}) {
    if (name == ours) return true;
  }
  return false;
}

// Creates `dir` with mode 0700, or takes an existing one only if it is already private and holds
// nothing but what an interrupted init left: init never changes the mode of, or writes into, a
// directory it did not make (`--data /tmp` must not turn /tmp private).
Status MakePrivateDir(const std::string& dir) {
  std::error_code ec;
  const std::filesystem::file_status st = std::filesystem::status(dir, ec);
  if (st.type() == std::filesystem::file_type::not_found) {
    std::filesystem::create_directories(dir, ec);
    if (ec) return UnavailableError("cannot create " + dir + ": " + ec.message());
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all, std::filesystem::perm_options::replace, ec);
    if (ec) return UnavailableError("cannot make " + dir + " private (mode 0700): " + ec.message());
    return OkStatus();
  }
  if (ec) return UnavailableError("cannot inspect " + dir + ": " + ec.message());
  if (st.type() != std::filesystem::file_type::directory) return FailedPreconditionError(dir + " is not a directory");
  const auto open_to_others = std::filesystem::perms::group_all | std::filesystem::perms::others_all;
  if ((st.permissions() & open_to_others) != std::filesystem::perms::none) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.permissions()) & 07777);
    return FailedPreconditionError(dir + " exists with mode " + mode +
                                   ", open to other users; a data directory must be private (0700): give a path "
                                   "that does not exist yet, and veche makes it");
  }
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (!IsInitLeftover(entry.path().filename().string())) {
      return FailedPreconditionError(dir + " is not empty (it holds " + entry.path().filename().string() +
                                     "); a data directory must be new or empty");
    }
  }
  if (ec) return UnavailableError("cannot list " + dir + ": " + ec.message());
  return OkStatus();
}

}  // namespace

Result<InitResult> InitDataDir(const std::string& dir, const GenesisSpec& spec, Rng& rng, const Clock& clock,
                               const store::StoresOpener& open_stores) {
  std::string origin = spec.origin;
  if (!origin.empty() && !ledger::IsValidKeyName(origin)) {
    return InvalidArgumentError("origin '" + origin +
                                "' must be non-empty with no spaces or '+' (e.g. example.org/veche)");
  }
  if (!core::IsValidId(spec.root_id)) return InvalidArgumentError("root territory id must be [a-z0-9-], 1..64");
  if (!core::IsValidName(spec.root_name)) return InvalidArgumentError("root territory name must be 1..200 bytes");
  VECHE_RETURN_IF_ERROR(spec.charter.Validate());
  if (IsInitialised(dir)) return AlreadyExistsError(dir + " already holds a veche node (" + LogKeyPath(dir) + ")");
  VECHE_RETURN_IF_ERROR(MakePrivateDir(dir));
  std::error_code ec;
  bool db_exists = std::filesystem::exists(LogDbPath(dir), ec);
  if (ec) return UnavailableError("cannot inspect " + dir + ": " + ec.message());
  if (db_exists) {
    return AlreadyExistsError(LogDbPath(dir) + " exists without a log key (an interrupted init?); remove " +
                              LogDbPath(dir) + "* to start over");
  }
  InitResult result;
  core::GenesisPayload genesis;
  genesis.root_id = spec.root_id;
  genesis.root_name = spec.root_name;
  genesis.root_kind = spec.root_kind;
  genesis.charter = spec.charter;
  for (const crypto::PublicKey& k : spec.authorities) genesis.authorities.push_back(core::KeyBytes(k));
  if (genesis.authorities.empty()) {
    crypto::SigningKey authority = crypto::SigningKey::Generate(rng);
    result.generated_authority_key = AuthorityKeyPath(dir);
    std::filesystem::remove(result.generated_authority_key + ".pub", ec);  // leftovers of an interrupted init
    std::filesystem::remove(result.generated_authority_key, ec);
    VECHE_RETURN_IF_ERROR(crypto::WritePrivateKeyFile(result.generated_authority_key, authority));
    VECHE_RETURN_IF_ERROR(crypto::WritePublicKeyFile(result.generated_authority_key + ".pub", authority.public_key()));
    genesis.authorities.push_back(core::KeyBytes(authority.public_key()));
  }
  crypto::SigningKey node_key = crypto::SigningKey::Generate(rng);
  genesis.node_key = core::KeyBytes(node_key.public_key());
  if (origin.empty()) origin = DefaultOrigin(node_key.public_key());
  result.origin = origin;
  VECHE_ASSIGN_OR_RETURN(core::Record record, core::SignRecord(core::kNoLog, core::RecordKind::kGenesis,
                                                               core::EncodePayload(genesis), clock.Now(), node_key));
  core::State check;
  VECHE_RETURN_IF_ERROR(core::Apply(check, record).WithContext("genesis"));
  VECHE_ASSIGN_OR_RETURN(ledger::NoteSigner signer, ledger::NoteSigner::Create(origin, std::move(node_key)));
  result.verifier_key = signer.Verifier().ToString();
  std::string secret = signer.ToString() + "\n";
  {
    // The store and its genesis come first; the key file appears last, by rename, so a directory
    // with a key always has a complete log.
    VECHE_ASSIGN_OR_RETURN(store::Stores stores, open_stores(dir));
    VECHE_ASSIGN_OR_RETURN(auto seq, ledger::Sequencer::Start(*stores.log, std::move(signer)));
    VECHE_RETURN_IF_ERROR(seq->Append(core::LogEntry{clock.Now(), record.Encode()}.Encode()).get());
  }
  std::string temp = LogKeyPath(dir) + ".new";
  std::filesystem::remove(temp, ec);  // a leftover of an interrupted init is ours to replace
  Status written = crypto::WriteSecretFile(temp, secret);
  std::fill(secret.begin(), secret.end(), '\0');
  VECHE_RETURN_IF_ERROR(written);
  std::filesystem::rename(temp, LogKeyPath(dir), ec);
  if (ec) return UnavailableError("cannot install " + LogKeyPath(dir) + ": " + ec.message());
  return result;
}

Result<ledger::NoteSigner> ReadLogKey(const std::string& dir) {
  Result<std::string> text = crypto::ReadSecretFile(LogKeyPath(dir));
  if (!text.ok()) {
    if (text.error().code() == StatusCode::kNotFound) {
      return NotFoundError(dir + " is not a veche data directory (no log.key); run: veche init --data " + dir);
    }
    return text.error();
  }
  std::string_view line = *text;
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  Result<ledger::NoteSigner> signer = ledger::NoteSigner::Parse(line);
  std::fill(text->begin(), text->end(), '\0');
  if (!signer.ok()) return signer.error().WithContext(LogKeyPath(dir));
  return signer;
}

}  // namespace veche::node
