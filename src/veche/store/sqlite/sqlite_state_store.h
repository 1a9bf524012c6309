// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The state store in SQLite (DIR/state.db): one row naming the snapshot (log size, log root,
// digest) and the state stream in chunks (docs/formats/state-store.md). The schema has a version
// (PRAGMA user_version); tables of an older version are a cache and are dropped when opened, so
// the node folds the log again.

#include <memory>
#include <mutex>
#include <string>

#include "veche/store/sqlite/sqlite.h"
#include "veche/store/state_store.h"

namespace veche::store {

class SqliteStateStore final : public StateStore {
 public:
  static constexpr int kSchemaVersion = 2;
  // Opens or creates the file. kUnavailable if it cannot be opened; kFailedPrecondition for a
  // schema newer than this build knows.
  static Result<std::unique_ptr<SqliteStateStore>> Open(const std::string& path);
  // Opens an existing file for reading only (SqliteDb::OpenReadOnly): Save and Clear then fail
  // with kUnavailable. kFailedPrecondition unless it holds tables of this build's schema.
  static Result<std::unique_ptr<SqliteStateStore>> OpenReadOnly(const std::string& path);
  Status Clear() override;

 protected:
  Status Write(const StoredSnapshot& snapshot) override;
  Result<std::optional<StoredSnapshot>> Read() override;

 private:
  SqliteStateStore(std::unique_ptr<SqliteDb> db, bool read_only) : db_(std::move(db)), read_only_(read_only) {}
  Status RefuseWriteIfReadOnly() const;
  std::mutex mu_;
  std::unique_ptr<SqliteDb> db_;
  bool read_only_;
};

}  // namespace veche::store
