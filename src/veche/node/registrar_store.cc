// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/node/registrar_store.h"

namespace veche::node {

Result<std::unique_ptr<RegistrarStore>> RegistrarStore::Open(const std::string& path) {
  // Created private (mode 0600, as every store file), so personal data is never world-readable.
  VECHE_ASSIGN_OR_RETURN(auto db, store::SqliteDb::Open(path, /*create=*/true));
  // Deleted or overwritten content is zeroed in the file, not left in free pages.
  VECHE_RETURN_IF_ERROR(db->Exec("PRAGMA secure_delete=ON"));
  VECHE_RETURN_IF_ERROR(db->Exec(
      "CREATE TABLE IF NOT EXISTS person (citizen_id TEXT PRIMARY KEY, salt BLOB NOT NULL, data TEXT NOT NULL, "
      "stored_at INTEGER NOT NULL, erased_at INTEGER)"));
  return std::unique_ptr<RegistrarStore>(new RegistrarStore(std::move(db)));
}

Status RegistrarStore::Put(const std::string& citizen_id, ByteView salt, std::string_view data, UnixMicros now) {
  std::lock_guard lock(mu_);
  VECHE_ASSIGN_OR_RETURN(store::SqliteStatement stmt,
                         // An erased row holds nothing and blocks nothing: a new enrolment of the id
                         // (after a refused one, say) replaces it.
                         db_->Prepare("INSERT INTO person (citizen_id, salt, data, stored_at) VALUES (?, ?, ?, ?) "
                                      "ON CONFLICT (citizen_id) DO UPDATE SET salt = excluded.salt, "
                                      "data = excluded.data, stored_at = excluded.stored_at, erased_at = NULL "
                                      "WHERE person.erased_at IS NOT NULL"));
  stmt.Bind(1, std::string_view(citizen_id)).Bind(2, salt).Bind(3, data).Bind(4, std::int64_t{now});
  VECHE_RETURN_IF_ERROR(stmt.Run());
  // The upsert's WHERE leaves a live row as it was: nothing changed means the id is taken.
  if (sqlite3_changes(db_->handle()) == 0) return AlreadyExistsError("citizen '" + citizen_id + "' is already stored");
  return OkStatus();
}

Result<PersonRecord> RegistrarStore::Get(const std::string& citizen_id) {
  std::lock_guard lock(mu_);
  VECHE_ASSIGN_OR_RETURN(store::SqliteStatement stmt,
                         db_->Prepare("SELECT salt, data, stored_at, erased_at FROM person WHERE citizen_id = ?"));
  stmt.Bind(1, std::string_view(citizen_id));
  VECHE_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return NotFoundError("no personal data stored for citizen '" + citizen_id + "'");
  PersonRecord r;
  r.citizen_id = citizen_id;
  r.salt = stmt.ColumnBlob(0);
  r.data = stmt.ColumnText(1);
  r.stored_at = stmt.ColumnInt(2);
  std::int64_t erased = stmt.ColumnInt(3);
  if (erased != 0) r.erased_at = erased;
  return r;
}

Status RegistrarStore::Erase(const std::string& citizen_id, UnixMicros now) {
  std::lock_guard lock(mu_);
  VECHE_ASSIGN_OR_RETURN(
      store::SqliteStatement stmt,
      db_->Prepare("UPDATE person SET salt = x'', data = '', erased_at = coalesce(erased_at, ?) WHERE citizen_id = ?"));
  stmt.Bind(1, std::int64_t{now}).Bind(2, std::string_view(citizen_id));
  VECHE_RETURN_IF_ERROR(stmt.Run());
  if (sqlite3_changes(db_->handle()) == 0)
    return NotFoundError("no personal data stored for citizen '" + citizen_id + "'");
  // Old page images live on in the WAL until a checkpoint: copy them back and truncate it.
  return db_->Exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

}  // namespace veche::node
