// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/store/sqlite/sqlite.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace veche::store {

Result<std::unique_ptr<SqliteDb>> SqliteDb::Open(const std::string& path, bool create) {
  if (create) {
    // Created private before SQLite opens it; SQLite gives the -wal and -shm files the database
    // file's mode, so no file of a store is ever readable by group or others.
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return UnavailableError("cannot create database " + path + ": " + std::strerror(errno));
    ::close(fd);
  }
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  std::unique_ptr<SqliteDb> db(new SqliteDb(raw));
  if (rc != SQLITE_OK) {
    std::string message = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    return UnavailableError("cannot open database " + path + ": " + message);
  }
  sqlite3_busy_timeout(raw, 10'000);
  sqlite3_extended_result_codes(raw, 1);
  VECHE_RETURN_IF_ERROR(db->Exec("PRAGMA journal_mode=WAL"));
  VECHE_RETURN_IF_ERROR(db->Exec("PRAGMA synchronous=FULL"));
  VECHE_RETURN_IF_ERROR(db->Exec("PRAGMA foreign_keys=ON"));
  return db;
}

namespace {

// `path` as the path of an SQLite "file:" URI: the characters a URI gives a meaning escaped.
std::string UriPath(const std::string& path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    if (c == '%' || c == '?' || c == '#' || c <= 0x20 || c >= 0x7f) {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// True if the database's write-ahead log is missing or empty: every commit is in the main file.
bool WalIsEmpty(const std::string& path) {
  struct stat info {};
  return ::stat((path + "-wal").c_str(), &info) != 0 || info.st_size == 0;
}

}  // namespace

Result<std::unique_ptr<SqliteDb>> SqliteDb::OpenReadOnly(const std::string& path) {
  const int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
  auto attempt = [&](const std::string& uri) -> Result<std::unique_ptr<SqliteDb>> {
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(uri.c_str(), &raw, flags, nullptr);
    std::unique_ptr<SqliteDb> db(new SqliteDb(raw));
    if (rc != SQLITE_OK) {
      return UnavailableError("cannot open database " + path + ": " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
    }
    sqlite3_extended_result_codes(raw, 1);
    // Opening reads nothing: the first query is where a WAL database needs its -shm file.
    VECHE_RETURN_IF_ERROR(db->Exec("SELECT count(*) FROM sqlite_master"));
    return db;
  };
  // In order: the usual way (an index in the -shm file shared with other connections); the -wal
  // file read into memory when the -shm file exists but cannot be grown; the main file alone,
  // when the -wal file holds nothing it lacks.
  const std::string uri = "file:" + UriPath(path);
  Result<std::unique_ptr<SqliteDb>> shared = attempt(uri + "?mode=ro");
  if (shared.ok()) return shared;
  Result<std::unique_ptr<SqliteDb>> private_index = attempt(uri + "?mode=ro&readonly_shm=1");
  if (private_index.ok()) return private_index;
  if (!WalIsEmpty(path)) return shared.error();
  Result<std::unique_ptr<SqliteDb>> immutable = attempt(uri + "?immutable=1");
  if (immutable.ok()) return immutable;
  return shared.error();
}

SqliteDb::~SqliteDb() {
  sqlite3_close_v2(db_);
}

Status SqliteDb::Error(std::string_view what) const {
  int code = sqlite3_errcode(db_) & 0xff;
  std::string message = std::string(what) + ": " + sqlite3_errmsg(db_);
  if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) return DataLossError(message);
  if (code == SQLITE_CONSTRAINT) return FailedPreconditionError(message);
  if (code == SQLITE_BUSY || code == SQLITE_LOCKED) return UnavailableError(message);
  // Not "resource exhausted", which tells a client to retry soon: nothing can be stored until the
  // operator frees space, so the node is unavailable for writes (503) and says why.
  if (code == SQLITE_FULL) return UnavailableError("the disk is full (" + message + "); free space on the node's disk");
  return UnavailableError(message);
}

Status SqliteDb::Exec(std::string_view sql) {
  std::string text(sql);
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) return Error(text);
  return OkStatus();
}

Result<SqliteStatement> SqliteDb::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) !=
      SQLITE_OK) {
    return Error("prepare " + std::string(sql));
  }
  return SqliteStatement(this, stmt);
}

Status SqliteTransaction::Begin() {
  VECHE_RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
  open_ = true;
  return OkStatus();
}

Status SqliteTransaction::Commit() {
  VECHE_RETURN_IF_ERROR(db_.Exec("COMMIT"));
  open_ = false;
  return OkStatus();
}

SqliteTransaction::~SqliteTransaction() {
  if (open_) db_.Exec("ROLLBACK").IgnoreError();
}

SqliteStatement& SqliteStatement::Bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_.get(), index, value);
  return *this;
}
SqliteStatement& SqliteStatement::Bind(int index, ByteView blob) {
  // A zero-length blob must still bind as a blob, not NULL.
  static const std::uint8_t kEmpty = 0;
  sqlite3_bind_blob64(stmt_.get(), index, blob.empty() ? &kEmpty : blob.data(), blob.size(), SQLITE_STATIC);
  return *this;
}
SqliteStatement& SqliteStatement::Bind(int index, std::string_view text) {
  sqlite3_bind_text64(stmt_.get(), index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8);
  return *this;
}

Result<bool> SqliteStatement::Step() {
  int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return db_->Error("step");
}

Status SqliteStatement::Run() {
  Result<bool> row = Step();
  Reset();
  if (!row.ok()) return row.error();
  if (*row) return InternalError("a statement run for its effect returned rows");
  return OkStatus();
}

void SqliteStatement::Reset() {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
}

std::int64_t SqliteStatement::ColumnInt(int column) {
  return sqlite3_column_int64(stmt_.get(), column);
}

Bytes SqliteStatement::ColumnBlob(int column) {
  const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_.get(), column));
  int size = sqlite3_column_bytes(stmt_.get(), column);
  return data ? Bytes(data, data + size) : Bytes();
}

std::string SqliteStatement::ColumnText(int column) {
  const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_.get(), column));
  int size = sqlite3_column_bytes(stmt_.get(), column);
  return data ? std::string(data, static_cast<size_t>(size)) : std::string();
}

}  // namespace veche::store
