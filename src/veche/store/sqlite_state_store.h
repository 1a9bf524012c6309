// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// State tables: the projection (core::State) kept in SQLite as a cache of the fold, so a node
// restarts by replaying only the records after the snapshot. One row per territory, collective,
// registrar, citizen and membership, and one per applied record id. A snapshot names the log size
// and log root it was folded from and the state digest; a snapshot that does not match the log or
// does not reproduce its digest is ignored (the log is the truth; `veche rebuild` re-folds it).
// Layout in docs/formats/state-store.md.

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "veche/core/state.h"
#include "veche/ledger/merkle.h"
#include "veche/store/sqlite.h"

namespace veche::store {

struct StateSnapshot {
  core::State state;
  std::uint64_t log_size = 0;
  ledger::Hash log_root{};
  crypto::Sha256Digest digest{};
};

class SqliteStateStore {
 public:
  static Result<std::unique_ptr<SqliteStateStore>> Open(const std::string& path);

  // Replaces the stored snapshot with `state`, folded from the first `log_size` entries whose
  // tree has `log_root`. One transaction: a crash leaves the old snapshot or the new one.
  Status Save(const core::State& state, std::uint64_t log_size, const ledger::Hash& log_root);
  // The stored snapshot, or nullopt if there is none. kDataLoss if the tables are inconsistent or
  // the loaded state does not reproduce the stored digest.
  Result<std::optional<StateSnapshot>> Load();
  Status Clear();

 private:
  explicit SqliteStateStore(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}
  std::mutex mu_;
  std::unique_ptr<SqliteDb> db_;
};

}  // namespace veche::store
