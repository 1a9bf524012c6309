#pragma once
// A node's data directory (layout in docs/formats/data-dir.md):
//   DIR/log.key  the log's note signer key (Go/C2SP "PRIVATE+KEY+..." string), mode 0600
//   DIR/log.db   the SQLite log store
// Creating one writes the key, the store and the log's first entry.

#include <memory>
#include <string>

#include "veche/base/result.h"
#include "veche/base/rng.h"
#include "veche/ledger/note.h"
#include "veche/ledger/sequencer.h"
#include "veche/store/sqlite_log_store.h"

namespace veche::node {

constexpr const char* kDefaultOrigin = "localhost/veche";

std::string LogKeyPath(const std::string& dir);
std::string LogDbPath(const std::string& dir);

// True if `dir` holds a log key (i.e. was initialised).
bool IsInitialised(const std::string& dir);

// Creates `dir` (mode 0700) if needed, the store with the log's first entry, and then a fresh log
// key named `origin` (installed last, by rename: a directory with a key has a complete log).
// kAlreadyExists if `dir` already holds a log key or a store; kInvalidArgument for a bad origin.
// Returns the log's verifier key string.
Result<std::string> InitDataDir(const std::string& dir, const std::string& origin, Rng& rng);

// Reads the log's signer key. kNotFound (with a hint to run `veche init`) if missing;
// kPermissionDenied if the file has any permission bit for group or others.
Result<ledger::NoteSigner> ReadLogKey(const std::string& dir);

// A running log: its store and sequencer. Destroying it stops the sequencer first.
struct OpenLog {
  std::unique_ptr<store::SqliteLogStore> store;
  std::unique_ptr<ledger::Sequencer> sequencer;
  std::string verifier_key;
  ~OpenLog() { sequencer.reset(); }
};
Result<std::unique_ptr<OpenLog>> OpenDataDir(const std::string& dir);

// The placeholder first entry (the records issue replaces it with the genesis record).
Bytes FirstEntry(const std::string& origin);

}  // namespace veche::node
