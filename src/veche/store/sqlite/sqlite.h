// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// A minimal RAII layer over the SQLite C API: connections and prepared statements that report
// failures as Status. Not thread-safe: one connection per thread at a time.

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "veche/base/bytes.h"
#include "veche/base/result.h"

namespace veche::store {

class SqliteStatement;

class SqliteDb {
 public:
  // Opens (creating if `create`) the database file with WAL, synchronous=FULL (a commit is durable
  // when it returns), foreign keys on, and a busy timeout for concurrent writers.
  static Result<std::unique_ptr<SqliteDb>> Open(const std::string& path, bool create);
  // Opens an existing database for reading only, so that a node can serve reads from a full disk.
  // It writes nothing but SQLite's own -wal and -shm files when there is room for them. When
  // there is not: a -shm file that exists is not grown (the -wal file is read into memory
  // instead), and without one a database whose -wal file holds nothing is read as immutable
  // (exact while no other process writes it, which a read-only node presumes).
  static Result<std::unique_ptr<SqliteDb>> OpenReadOnly(const std::string& path);
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  Status Exec(std::string_view sql);
  Result<SqliteStatement> Prepare(std::string_view sql);
  sqlite3* handle() { return db_; }
  // A Status for the connection's last error, prefixed with `what`.
  Status Error(std::string_view what) const;

 private:
  explicit SqliteDb(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

// A write transaction (BEGIN IMMEDIATE) that rolls back unless committed.
class SqliteTransaction {
 public:
  explicit SqliteTransaction(SqliteDb& db) : db_(db) {}
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;
  Status Begin();
  Status Commit();
  ~SqliteTransaction();

 private:
  SqliteDb& db_;
  bool open_ = false;
};

class SqliteStatement {
 public:
  SqliteStatement(SqliteDb* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt, &sqlite3_finalize) {}

  SqliteStatement& Bind(int index, std::int64_t value);
  SqliteStatement& Bind(int index, ByteView blob);
  SqliteStatement& Bind(int index, std::string_view text);
  // One step: true if a row is available, false when done.
  Result<bool> Step();
  // Step() that must finish without rows.
  Status Run();
  void Reset();

  std::int64_t ColumnInt(int column);
  Bytes ColumnBlob(int column);
  std::string ColumnText(int column);

 private:
  SqliteDb* db_;
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> stmt_;
};

}  // namespace veche::store
