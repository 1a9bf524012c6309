#include "veche/node/data_dir.h"

#include <filesystem>

#include "veche/base/canonical.h"
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

Bytes FirstEntry(const std::string& origin) {
  return Encoder(1).PutString("veche/log-created").PutString(origin).Finish();
}

Result<std::string> InitDataDir(const std::string& dir, const std::string& origin, Rng& rng) {
  if (!ledger::IsValidKeyName(origin)) {
    return InvalidArgumentError("origin '" + origin +
                                "' must be non-empty with no spaces or '+' (e.g. example.org/veche)");
  }
  if (IsInitialised(dir)) return AlreadyExistsError(dir + " already holds a veche node (" + LogKeyPath(dir) + ")");
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return UnavailableError("cannot create " + dir + ": " + ec.message());
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all, std::filesystem::perm_options::replace, ec);
  if (ec) return UnavailableError("cannot make " + dir + " private (mode 0700): " + ec.message());
  bool db_exists = std::filesystem::exists(LogDbPath(dir), ec);
  if (ec) return UnavailableError("cannot inspect " + dir + ": " + ec.message());
  if (db_exists) {
    return AlreadyExistsError(LogDbPath(dir) + " exists without a log key (an interrupted init?); remove " +
                              LogDbPath(dir) + "* to start over");
  }
  VECHE_ASSIGN_OR_RETURN(ledger::NoteSigner signer,
                         ledger::NoteSigner::Create(origin, crypto::SigningKey::Generate(rng)));
  std::string verifier = signer.Verifier().ToString();
  std::string secret = signer.ToString() + "\n";
  {
    // The store and its first entry come first; the key file appears last, by rename, so a
    // directory with a key always has a complete log.
    VECHE_ASSIGN_OR_RETURN(auto store, store::SqliteLogStore::Open(LogDbPath(dir)));
    VECHE_ASSIGN_OR_RETURN(auto seq, ledger::Sequencer::Start(*store, std::move(signer)));
    VECHE_RETURN_IF_ERROR(seq->Append(FirstEntry(origin)).get());
  }
  std::string temp = LogKeyPath(dir) + ".new";
  std::filesystem::remove(temp, ec);  // a leftover of an interrupted init is ours to replace
  Status written = crypto::WriteSecretFile(temp, secret);
  std::fill(secret.begin(), secret.end(), '\0');
  VECHE_RETURN_IF_ERROR(written);
  std::filesystem::rename(temp, LogKeyPath(dir), ec);
  if (ec) return UnavailableError("cannot install " + LogKeyPath(dir) + ": " + ec.message());
  return verifier;
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

Result<std::unique_ptr<OpenLog>> OpenDataDir(const std::string& dir) {
  VECHE_ASSIGN_OR_RETURN(ledger::NoteSigner signer, ReadLogKey(dir));
  auto log = std::make_unique<OpenLog>();
  log->verifier_key = signer.Verifier().ToString();
  VECHE_ASSIGN_OR_RETURN(log->store, store::SqliteLogStore::Open(LogDbPath(dir)));
  VECHE_ASSIGN_OR_RETURN(log->sequencer, ledger::Sequencer::Start(*log->store, std::move(signer)));
  return log;
}

}  // namespace veche::node
