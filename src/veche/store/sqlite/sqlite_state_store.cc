// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/store/sqlite/sqlite_state_store.h"

#include <cstring>

namespace veche::store {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS snapshot (id INTEGER PRIMARY KEY CHECK (id = 1), log_size INTEGER NOT NULL,
  log_root BLOB NOT NULL, digest BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS state_chunk (seq INTEGER PRIMARY KEY, chunk BLOB NOT NULL);
)sql";

// The tables of schema version 1 (one row per territory, citizen, ...; a legislation stream): a
// cache nothing else reads, dropped so that the log is folded again.
constexpr const char* kVersion1Tables[] = {"snapshot", "authority",  "territory", "collective", "registrar",
                                           "citizen",  "membership", "applied",   "legislation"};

template <size_t N>
Result<std::array<std::uint8_t, N>> ToArray(const Bytes& b, std::string_view what) {
  if (b.size() != N) return DataLossError("state table value " + std::string(what) + " has the wrong size");
  std::array<std::uint8_t, N> out;
  std::memcpy(out.data(), b.data(), N);
  return out;
}

Result<int> SchemaVersion(SqliteDb& db) {
  VECHE_ASSIGN_OR_RETURN(SqliteStatement version, db.Prepare("PRAGMA user_version"));
  VECHE_ASSIGN_OR_RETURN(bool row, version.Step());
  return row ? static_cast<int>(version.ColumnInt(0)) : 0;
}

}  // namespace

Result<std::unique_ptr<SqliteStateStore>> SqliteStateStore::Open(const std::string& path) {
  VECHE_ASSIGN_OR_RETURN(auto db, SqliteDb::Open(path, /*create=*/true));
  VECHE_ASSIGN_OR_RETURN(int version, SchemaVersion(*db));
  if (version > kSchemaVersion) {
    return FailedPreconditionError(path + " has state tables of schema version " + std::to_string(version) +
                                   "; this build knows version " + std::to_string(kSchemaVersion) +
                                   " (run `veche rebuild` with this build, or a newer veche)");
  }
  if (version < kSchemaVersion) {
    SqliteTransaction txn(*db);
    VECHE_RETURN_IF_ERROR(txn.Begin());
    for (const char* table : kVersion1Tables) {
      VECHE_RETURN_IF_ERROR(db->Exec(std::string("DROP TABLE IF EXISTS ") + table));
    }
    VECHE_RETURN_IF_ERROR(db->Exec(kSchema));
    VECHE_RETURN_IF_ERROR(db->Exec("PRAGMA user_version = " + std::to_string(kSchemaVersion)));
    VECHE_RETURN_IF_ERROR(txn.Commit());
  }
  return std::unique_ptr<SqliteStateStore>(new SqliteStateStore(std::move(db), /*read_only=*/false));
}

Result<std::unique_ptr<SqliteStateStore>> SqliteStateStore::OpenReadOnly(const std::string& path) {
  VECHE_ASSIGN_OR_RETURN(auto db, SqliteDb::OpenReadOnly(path));
  VECHE_ASSIGN_OR_RETURN(int version, SchemaVersion(*db));
  if (version != kSchemaVersion) {
    return FailedPreconditionError(path + " has state tables of schema version " + std::to_string(version) +
                                   "; read-only, this build reads only version " + std::to_string(kSchemaVersion));
  }
  return std::unique_ptr<SqliteStateStore>(new SqliteStateStore(std::move(db), /*read_only=*/true));
}

Status SqliteStateStore::RefuseWriteIfReadOnly() const {
  if (!read_only_) return OkStatus();
  return UnavailableError("the state store is open read-only");
}

Status SqliteStateStore::Clear() {
  VECHE_RETURN_IF_ERROR(RefuseWriteIfReadOnly());
  std::lock_guard lock(mu_);
  SqliteTransaction txn(*db_);
  VECHE_RETURN_IF_ERROR(txn.Begin());
  VECHE_RETURN_IF_ERROR(db_->Exec("DELETE FROM snapshot"));
  VECHE_RETURN_IF_ERROR(db_->Exec("DELETE FROM state_chunk"));
  return txn.Commit();
}

Status SqliteStateStore::Write(const StoredSnapshot& s) {
  VECHE_RETURN_IF_ERROR(RefuseWriteIfReadOnly());
  std::lock_guard lock(mu_);
  SqliteTransaction txn(*db_);
  VECHE_RETURN_IF_ERROR(txn.Begin());
  VECHE_RETURN_IF_ERROR(db_->Exec("DELETE FROM snapshot"));
  VECHE_RETURN_IF_ERROR(db_->Exec("DELETE FROM state_chunk"));
  VECHE_ASSIGN_OR_RETURN(SqliteStatement head, db_->Prepare("INSERT INTO snapshot VALUES (1, ?, ?, ?)"));
  head.Bind(1, static_cast<std::int64_t>(s.log_size)).Bind(2, ByteView(s.log_root)).Bind(3, ByteView(s.digest));
  VECHE_RETURN_IF_ERROR(head.Run());
  VECHE_ASSIGN_OR_RETURN(SqliteStatement chunk, db_->Prepare("INSERT INTO state_chunk VALUES (?, ?)"));
  std::int64_t seq = 0;
  for (const Bytes& c : s.chunks) VECHE_RETURN_IF_ERROR(chunk.Bind(1, seq++).Bind(2, ByteView(c)).Run());
  return txn.Commit();
}

Result<std::optional<StoredSnapshot>> SqliteStateStore::Read() {
  std::lock_guard lock(mu_);
  VECHE_RETURN_IF_ERROR(db_->Exec("BEGIN"));
  struct End {
    SqliteDb& db;
    ~End() { db.Exec("COMMIT").IgnoreError(); }
  } end{*db_};
  VECHE_ASSIGN_OR_RETURN(SqliteStatement head, db_->Prepare("SELECT log_size, log_root, digest FROM snapshot"));
  VECHE_ASSIGN_OR_RETURN(bool has, head.Step());
  if (!has) return std::optional<StoredSnapshot>();
  StoredSnapshot out;
  out.log_size = static_cast<std::uint64_t>(head.ColumnInt(0));
  VECHE_ASSIGN_OR_RETURN(out.log_root, ToArray<32>(head.ColumnBlob(1), "log_root"));
  VECHE_ASSIGN_OR_RETURN(out.digest, ToArray<32>(head.ColumnBlob(2), "digest"));
  VECHE_ASSIGN_OR_RETURN(SqliteStatement chunks, db_->Prepare("SELECT chunk FROM state_chunk ORDER BY seq"));
  for (;;) {
    VECHE_ASSIGN_OR_RETURN(bool row, chunks.Step());
    if (!row) break;
    out.chunks.push_back(chunks.ColumnBlob(0));
  }
  return std::optional<StoredSnapshot>(std::move(out));
}

}  // namespace veche::store
