// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The default, durable LogStore: one SQLite file (WAL, synchronous commits). One writer
// connection serialises commits; readers take connections from a small pool, so tile serving
// never waits for a commit in flight. Layout in docs/formats/log-store.md.

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "veche/ledger/log_store.h"
#include "veche/store/sqlite/sqlite.h"

namespace veche::store {

class SqliteLogStore final : public ledger::LogStore {
 public:
  // Opens `path`, creating the file and schema if missing. kUnavailable if it cannot be opened,
  // kDataLoss if the file is not a veche log store of a supported version.
  static Result<std::unique_ptr<SqliteLogStore>> Open(const std::string& path);
  // Opens an existing log store for reading only, writing nothing (SqliteDb::OpenReadOnly):
  // CommitBatch and WriteCheckpoint then fail with kUnavailable.
  static Result<std::unique_ptr<SqliteLogStore>> OpenReadOnly(const std::string& path);

  Result<ledger::TreeState> ReadTreeState() override;
  Status CommitBatch(const ledger::LogBatch& batch) override;
  Result<Bytes> ReadHashTile(int level, std::uint64_t index) override;
  Result<std::vector<Bytes>> ReadEntries(std::uint64_t first, std::uint64_t count) override;
  Status WriteCheckpoint(std::uint64_t size, std::string_view note) override;
  Result<std::string> ReadCheckpoint() override;

 private:
  SqliteLogStore(std::string path, bool read_only) : path_(std::move(path)), read_only_(read_only) {}
  Status CheckSchema(SqliteDb& db) const;
  Status RefuseWriteIfReadOnly() const;
  // A read connection with its statements prepared once (preparing costs more than a lookup).
  struct Reader {
    std::unique_ptr<SqliteDb> db;
    std::optional<SqliteStatement> state, tile, entries, checkpoint;
  };
  Result<std::unique_ptr<Reader>> AcquireReader();
  void ReleaseReader(std::unique_ptr<Reader> reader);
  static Result<ledger::TreeState> ReadTreeStateWith(SqliteStatement& stmt);
  Result<ledger::TreeState> ReadTreeStateOn(SqliteDb& db);

  std::string path_;
  bool read_only_;
  std::mutex writer_mu_;
  std::unique_ptr<SqliteDb> writer_;
  // Checkpoint writes go through their own connection without fsync: a stored checkpoint only
  // spares a restart one signature (the sequencer re-signs a missing or stale one), so it need not
  // cost every batch a second fsync. It survives a crash of the process, not of the machine.
  std::mutex checkpoint_mu_;
  std::unique_ptr<SqliteDb> checkpoint_writer_;
  std::mutex readers_mu_;
  std::vector<std::unique_ptr<Reader>> readers_;
};

}  // namespace veche::store
