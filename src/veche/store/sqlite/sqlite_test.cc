// SPDX-License-Identifier: AGPL-3.0-or-later
// The SQLite wrapper's handling of a full disk (issue 16, finding 8), with SQLite's own size cap
// (PRAGMA max_page_count) standing in for the disk: the error says the disk is full and maps to
// 503 (not 429, which would tell clients to retry at once), and what was stored before is intact.
#include "veche/store/sqlite/sqlite.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

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

}  // namespace
}  // namespace veche::store
