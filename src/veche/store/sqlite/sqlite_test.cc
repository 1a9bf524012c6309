// SPDX-License-Identifier: AGPL-3.0-or-later
// The SQLite wrapper's handling of a full disk (issue 16, finding 8), with SQLite's own size cap
// (PRAGMA max_page_count) or a file size limit standing in for the disk: the error says the disk
// is full and maps to 503 (not 429, which would tell clients to retry at once), what was stored
// before is intact, and it can still be read.
#include "veche/store/sqlite/sqlite.h"

#include <doctest/doctest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>

#include "veche/store/sqlite/sqlite_log_store.h"

namespace veche::store {
namespace {

TEST_CASE("a full disk is reported as unavailable, naming it, and the rows stored before stay readable") {
  std::string dir = (std::filesystem::temp_directory_path() / "veche-sqlite-XXXXXX").string();
  REQUIRE(::mkdtemp(dir.data()) != nullptr);
  const std::string path = dir + "/full.db";
  auto db = SqliteDb::Open(path, /*create=*/true).value();
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 077) == 0);  // created private
  REQUIRE(db->Exec("CREATE TABLE t (b BLOB NOT NULL)").ok());
  REQUIRE(db->Exec("PRAGMA max_page_count = 32").ok());  // a "disk" of 32 pages
  Status failed;
  int stored = 0;
  for (int i = 0; i < 1000 && failed.ok(); ++i) {
    const Bytes blob(3000, static_cast<std::uint8_t>(i));  // bound without a copy: it must outlive Run
    SqliteStatement insert = db->Prepare("INSERT INTO t (b) VALUES (?)").value();
    insert.Bind(1, blob);
    failed = insert.Run();
    if (failed.ok()) ++stored;
  }
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.code() == StatusCode::kUnavailable);
  CHECK(failed.message().find("the disk is full") != std::string::npos);
  CHECK(stored > 5);
  SqliteStatement count = db->Prepare("SELECT count(*) FROM t").value();
  REQUIRE(count.Step().value());
  CHECK(count.ColumnInt(0) == stored);
  db.reset();
  std::filesystem::remove_all(dir);
}

std::string TempDir() {
  std::string dir = (std::filesystem::temp_directory_path() / "veche-sqlite-XXXXXX").string();
  REQUIRE(::mkdtemp(dir.data()) != nullptr);
  return dir;
}

// The rows of table t in `path` opened read-only, or -1.
std::int64_t CountReadOnly(const std::string& path) {
  Result<std::unique_ptr<SqliteDb>> db = SqliteDb::OpenReadOnly(path);
  if (!db.ok()) return -1;
  Result<SqliteStatement> count = (*db)->Prepare("SELECT count(*) FROM t");
  if (!count.ok() || !count->Step().value_or(false)) return -1;
  return count->ColumnInt(0);
}

// In a child process with a file size limit of 1 KiB, where every write fails with EFBIG as on a
// full disk (the limit stays in the child): true if the database cannot be opened for writing
// and reads `rows` rows read-only.
bool ReadsOnFullDisk(const std::string& path, std::int64_t rows) {
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    std::signal(SIGXFSZ, SIG_IGN);
    const rlimit small{1024, 1024};
    ::setrlimit(RLIMIT_FSIZE, &small);
    const bool writable = SqliteDb::Open(path, /*create=*/false).ok();
    ::_exit(!writable && CountReadOnly(path) == rows ? 0 : 1);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

TEST_CASE("a read-only connection sees every commit, refuses writes, and reads on a full disk") {
  const std::string dir = TempDir();
  const std::string path = dir + "/ro.db";
  {
    auto writer = SqliteDb::Open(path, /*create=*/true).value();
    REQUIRE(writer->Exec("CREATE TABLE t (b BLOB NOT NULL)").ok());
    // The commits stay in the -wal file, even after the writer closes (as after a crash).
    REQUIRE(writer->Exec("PRAGMA wal_autocheckpoint = 0").ok());
    REQUIRE(sqlite3_db_config(writer->handle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr) == SQLITE_OK);
    for (int i = 0; i < 10; ++i) REQUIRE(writer->Exec("INSERT INTO t VALUES (x'00')").ok());
    CHECK(CountReadOnly(path) == 10);  // read through the -wal file while the writer is open
    auto reader = SqliteDb::OpenReadOnly(path).value();
    Status refused = reader->Exec("INSERT INTO t VALUES (x'01')");
    CHECK_FALSE(refused.ok());
    CHECK(refused.message().find("readonly") != std::string::npos);
  }
  REQUIRE(std::filesystem::file_size(path + "-wal") > 0);
  // The -shm index cannot be grown: the -wal file is read into memory.
  CHECK(ReadsOnFullDisk(path, 10));
  // Checkpointed and closed (no -wal, no -shm): SQLite cannot make its index, and the connection
  // reads the main file as immutable, all of it being there.
  SqliteDb::Open(path, /*create=*/false).value().reset();
  REQUIRE_FALSE(std::filesystem::exists(path + "-shm"));
  CHECK(ReadsOnFullDisk(path, 10));
  CHECK(CountReadOnly("/nonexistent/veche/x.db") == -1);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a read-only log store reads the log and refuses every write, and never creates one") {
  const std::string dir = TempDir();
  {
    auto store = SqliteLogStore::Open(dir + "/log.db").value();
    REQUIRE(store->WriteCheckpoint(0, "note").ok());
  }
  auto store = SqliteLogStore::OpenReadOnly(dir + "/log.db").value();
  CHECK(store->ReadTreeState().value().size == 0);
  CHECK(store->ReadCheckpoint().value() == "note");
  CHECK(store->WriteCheckpoint(1, "newer").code() == StatusCode::kUnavailable);
  CHECK(store->CommitBatch(ledger::LogBatch{}).code() == StatusCode::kUnavailable);
  CHECK_FALSE(SqliteLogStore::OpenReadOnly(dir + "/missing.db").ok());
  CHECK_FALSE(std::filesystem::exists(dir + "/missing.db"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace veche::store
