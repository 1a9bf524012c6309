// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/store/sqlite/sqlite_log_store.h"

namespace veche::store {
namespace {

constexpr int kSchemaVersion = 1;
constexpr std::int64_t kMaxSqliteInteger = INT64_MAX;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS log_entry (idx INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS log_tile (
  level INTEGER NOT NULL, idx INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (level, idx)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS log_state (id INTEGER PRIMARY KEY CHECK (id = 1), size INTEGER NOT NULL, edge BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS log_checkpoint (id INTEGER PRIMARY KEY CHECK (id = 1), size INTEGER NOT NULL, note TEXT NOT NULL);
INSERT OR IGNORE INTO log_state (id, size, edge) VALUES (1, 0, x'');
)sql";

}  // namespace

Status SqliteLogStore::CheckSchema(SqliteDb& db) const {
  VECHE_ASSIGN_OR_RETURN(SqliteStatement version, db.Prepare("PRAGMA user_version"));
  VECHE_ASSIGN_OR_RETURN(bool has_row, version.Step());
  std::int64_t found = has_row ? version.ColumnInt(0) : 0;
  if (found != 0 && found != kSchemaVersion) {
    return DataLossError(path_ + " has log store schema version " + std::to_string(found) + "; this veche reads " +
                         std::to_string(kSchemaVersion));
  }
  if (found != 0) return OkStatus();
  if (read_only_) return DataLossError(path_ + " holds no veche log store (opened read-only: nothing was created)");
  // A new file, or someone else's SQLite file: refuse the latter rather than adding tables to it.
  VECHE_ASSIGN_OR_RETURN(
      SqliteStatement tables,
      db.Prepare("SELECT count(*) FROM sqlite_master WHERE name NOT GLOB 'log_*' AND name NOT GLOB 'sqlite_*'"));
  VECHE_ASSIGN_OR_RETURN(bool row, tables.Step());
  if (row && tables.ColumnInt(0) > 0) return DataLossError(path_ + " is an SQLite file but not a veche log store");
  SqliteTransaction txn(db);
  VECHE_RETURN_IF_ERROR(txn.Begin());
  VECHE_RETURN_IF_ERROR(db.Exec(kSchema));
  VECHE_RETURN_IF_ERROR(db.Exec("PRAGMA user_version = " + std::to_string(kSchemaVersion)));
  return txn.Commit();
}

Result<std::unique_ptr<SqliteLogStore>> SqliteLogStore::Open(const std::string& path) {
  std::unique_ptr<SqliteLogStore> store(new SqliteLogStore(path, /*read_only=*/false));
  VECHE_ASSIGN_OR_RETURN(store->writer_, SqliteDb::Open(path, /*create=*/true));
  VECHE_RETURN_IF_ERROR(store->CheckSchema(*store->writer_));
  // Fail now, not at the first append, if the stored state is unreadable.
  VECHE_RETURN_IF_ERROR(store->ReadTreeStateOn(*store->writer_));
  VECHE_ASSIGN_OR_RETURN(store->checkpoint_writer_, SqliteDb::Open(path, /*create=*/false));
  VECHE_RETURN_IF_ERROR(store->checkpoint_writer_->Exec("PRAGMA synchronous=NORMAL"));
  return store;
}

Result<std::unique_ptr<SqliteLogStore>> SqliteLogStore::OpenReadOnly(const std::string& path) {
  std::unique_ptr<SqliteLogStore> store(new SqliteLogStore(path, /*read_only=*/true));
  VECHE_ASSIGN_OR_RETURN(std::unique_ptr<Reader> reader, store->AcquireReader());
  Status readable = store->CheckSchema(*reader->db);
  if (readable.ok()) readable = store->ReadTreeStateWith(*reader->state).status();
  store->ReleaseReader(std::move(reader));
  VECHE_RETURN_IF_ERROR(readable);
  return store;
}

Status SqliteLogStore::RefuseWriteIfReadOnly() const {
  if (!read_only_) return OkStatus();
  return UnavailableError("the log store " + path_ + " is open read-only");
}

Result<std::unique_ptr<SqliteLogStore::Reader>> SqliteLogStore::AcquireReader() {
  {
    std::lock_guard lock(readers_mu_);
    if (!readers_.empty()) {
      std::unique_ptr<Reader> reader = std::move(readers_.back());
      readers_.pop_back();
      return reader;
    }
  }
  auto reader = std::make_unique<Reader>();
  VECHE_ASSIGN_OR_RETURN(reader->db, read_only_ ? SqliteDb::OpenReadOnly(path_) : SqliteDb::Open(path_, false));
  SqliteDb& db = *reader->db;
  VECHE_ASSIGN_OR_RETURN(reader->state, db.Prepare("SELECT size, edge FROM log_state WHERE id = 1"));
  VECHE_ASSIGN_OR_RETURN(reader->tile, db.Prepare("SELECT data FROM log_tile WHERE level = ? AND idx = ?"));
  VECHE_ASSIGN_OR_RETURN(reader->entries,
                         db.Prepare("SELECT idx, data FROM log_entry WHERE idx >= ? AND idx < ? ORDER BY idx"));
  VECHE_ASSIGN_OR_RETURN(reader->checkpoint, db.Prepare("SELECT note FROM log_checkpoint WHERE id = 1"));
  return reader;
}

void SqliteLogStore::ReleaseReader(std::unique_ptr<Reader> reader) {
  for (auto* stmt : {&reader->state, &reader->tile, &reader->entries, &reader->checkpoint}) (*stmt)->Reset();
  std::lock_guard lock(readers_mu_);
  if (readers_.size() < 16) readers_.push_back(std::move(reader));
}

Result<ledger::TreeState> SqliteLogStore::ReadTreeStateWith(SqliteStatement& stmt) {
  VECHE_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return DataLossError("the log store has no tree state row");
  std::int64_t size = stmt.ColumnInt(0);
  if (size < 0) return DataLossError("the log store's tree size is negative");
  ledger::TreeState state;
  state.size = static_cast<std::uint64_t>(size);
  VECHE_ASSIGN_OR_RETURN(state.edge, ledger::DecodeEdge(state.size, stmt.ColumnBlob(1)));
  stmt.Reset();
  return state;
}

Result<ledger::TreeState> SqliteLogStore::ReadTreeStateOn(SqliteDb& db) {
  VECHE_ASSIGN_OR_RETURN(SqliteStatement stmt, db.Prepare("SELECT size, edge FROM log_state WHERE id = 1"));
  return ReadTreeStateWith(stmt);
}

Result<ledger::TreeState> SqliteLogStore::ReadTreeState() {
  VECHE_ASSIGN_OR_RETURN(std::unique_ptr<Reader> reader, AcquireReader());
  Result<ledger::TreeState> state = ReadTreeStateWith(*reader->state);
  ReleaseReader(std::move(reader));
  return state;
}

Status SqliteLogStore::CommitBatch(const ledger::LogBatch& batch) {
  if (batch.new_state.size > static_cast<std::uint64_t>(kMaxSqliteInteger)) {
    return OutOfRangeError("the log cannot grow past 2^63 entries");
  }
  VECHE_RETURN_IF_ERROR(RefuseWriteIfReadOnly());
  std::lock_guard lock(writer_mu_);
  SqliteDb& db = *writer_;
  SqliteTransaction txn(db);
  VECHE_RETURN_IF_ERROR(txn.Begin());
  VECHE_ASSIGN_OR_RETURN(ledger::TreeState current, ReadTreeStateOn(db));
  if (current.size != batch.first_index) {
    return AbortedError("log size is " + std::to_string(current.size) + ", batch expected " +
                        std::to_string(batch.first_index));
  }
  VECHE_ASSIGN_OR_RETURN(SqliteStatement insert_entry, db.Prepare("INSERT INTO log_entry (idx, data) VALUES (?, ?)"));
  for (size_t i = 0; i < batch.entries.size(); ++i) {
    insert_entry.Bind(1, static_cast<std::int64_t>(batch.first_index + i)).Bind(2, batch.entries[i]);
    VECHE_RETURN_IF_ERROR(insert_entry.Run());
  }
  VECHE_ASSIGN_OR_RETURN(SqliteStatement put_tile,
                         db.Prepare("INSERT OR REPLACE INTO log_tile (level, idx, data) VALUES (?, ?, ?)"));
  for (const ledger::HashTileWrite& t : batch.tiles) {
    put_tile.Bind(1, std::int64_t{t.level}).Bind(2, static_cast<std::int64_t>(t.index)).Bind(3, t.data);
    VECHE_RETURN_IF_ERROR(put_tile.Run());
  }
  VECHE_ASSIGN_OR_RETURN(SqliteStatement put_state, db.Prepare("UPDATE log_state SET size = ?, edge = ? WHERE id = 1"));
  Bytes edge = ledger::EncodeEdge(batch.new_state.edge);
  put_state.Bind(1, static_cast<std::int64_t>(batch.new_state.size)).Bind(2, edge);
  VECHE_RETURN_IF_ERROR(put_state.Run());
  return txn.Commit();
}

Result<Bytes> SqliteLogStore::ReadHashTile(int level, std::uint64_t index) {
  if (index > static_cast<std::uint64_t>(kMaxSqliteInteger)) return NotFoundError("no such tile");
  VECHE_ASSIGN_OR_RETURN(std::unique_ptr<Reader> reader, AcquireReader());
  Result<Bytes> out = [&]() -> Result<Bytes> {
    SqliteStatement& stmt = *reader->tile;
    stmt.Bind(1, std::int64_t{level}).Bind(2, static_cast<std::int64_t>(index));
    VECHE_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return NotFoundError("no tile at level " + std::to_string(level) + " index " + std::to_string(index));
    return stmt.ColumnBlob(0);
  }();
  ReleaseReader(std::move(reader));
  return out;
}

Result<std::vector<Bytes>> SqliteLogStore::ReadEntries(std::uint64_t first, std::uint64_t count) {
  VECHE_ASSIGN_OR_RETURN(std::unique_ptr<Reader> reader, AcquireReader());
  SqliteDb* db = reader->db.get();
  Result<std::vector<Bytes>> out = [&]() -> Result<std::vector<Bytes>> {
    // One read transaction, so the size check and the rows come from the same snapshot.
    VECHE_RETURN_IF_ERROR(db->Exec("BEGIN"));
    struct End {
      SqliteDb& db;
      ~End() { db.Exec("COMMIT").IgnoreError(); }
    } end{*db};
    VECHE_ASSIGN_OR_RETURN(ledger::TreeState state, ReadTreeStateWith(*reader->state));
    if (first > state.size || count > state.size - first) {
      return OutOfRangeError("entries " + std::to_string(first) + "+" + std::to_string(count) + " pass the log size " +
                             std::to_string(state.size));
    }
    SqliteStatement& stmt = *reader->entries;
    stmt.Bind(1, static_cast<std::int64_t>(first)).Bind(2, static_cast<std::int64_t>(first + count));
    std::vector<Bytes> entries;
    entries.reserve(count);
    for (;;) {
      VECHE_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      if (static_cast<std::uint64_t>(stmt.ColumnInt(0)) != first + entries.size()) {
        return DataLossError("the log store is missing entry " + std::to_string(first + entries.size()));
      }
      entries.push_back(stmt.ColumnBlob(1));
    }
    if (entries.size() != count) {
      return DataLossError("the log store is missing entry " + std::to_string(first + entries.size()));
    }
    return entries;
  }();
  ReleaseReader(std::move(reader));
  return out;
}

Status SqliteLogStore::WriteCheckpoint(std::uint64_t size, std::string_view note) {
  VECHE_RETURN_IF_ERROR(RefuseWriteIfReadOnly());
  std::lock_guard lock(checkpoint_mu_);
  VECHE_ASSIGN_OR_RETURN(
      SqliteStatement stmt,
      checkpoint_writer_->Prepare("INSERT INTO log_checkpoint (id, size, note) VALUES (1, ?, ?) "
                                  "ON CONFLICT (id) DO UPDATE SET size = excluded.size, note = excluded.note "
                                  "WHERE excluded.size >= log_checkpoint.size"));
  stmt.Bind(1, static_cast<std::int64_t>(size)).Bind(2, note);
  return stmt.Run();
}

Result<std::string> SqliteLogStore::ReadCheckpoint() {
  VECHE_ASSIGN_OR_RETURN(std::unique_ptr<Reader> reader, AcquireReader());
  Result<std::string> out = [&]() -> Result<std::string> {
    SqliteStatement& stmt = *reader->checkpoint;
    VECHE_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return NotFoundError("no checkpoint yet");
    return stmt.ColumnText(0);
  }();
  ReleaseReader(std::move(reader));
  return out;
}

}  // namespace veche::store
