// SPDX-License-Identifier: AGPL-3.0-or-later
// The LogStore contract: every backend must pass every case here.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "veche/ledger/log_store.h"
#include "veche/store/sqlite/sqlite_log_store.h"

namespace veche::store {
namespace {

using ledger::HashTileWrite;
using ledger::LogBatch;
using ledger::LogStore;
using ledger::TreeState;

std::filesystem::path TempDir() {
  std::string templ = (std::filesystem::temp_directory_path() / "veche-store-test-XXXXXX").string();
  REQUIRE(::mkdtemp(templ.data()) != nullptr);
  return templ;
}

struct MemoryBackend {
  ledger::MemoryLogStore store;
  LogStore& get() { return store; }
  // Memory does not survive a reopen: return the same store.
  LogStore& Reopen() { return store; }
};

struct FaultyBackend {  // the wrapper with no fault armed must behave exactly like its inner store
  ledger::MemoryLogStore inner;
  ledger::FaultyLogStore store{inner};
  LogStore& get() { return store; }
  LogStore& Reopen() { return store; }
};

struct SqliteBackend {
  std::filesystem::path dir = TempDir();
  std::unique_ptr<SqliteLogStore> store = SqliteLogStore::Open((dir / "log.db").string()).value();
  ~SqliteBackend() {
    store.reset();
    std::filesystem::remove_all(dir);
  }
  LogStore& get() { return *store; }
  LogStore& Reopen() {
    store.reset();
    store = SqliteLogStore::Open((dir / "log.db").string()).value();
    return *store;
  }
};

// A batch of `n` entries after `first`, with a made-up but well-formed state.
LogBatch MakeBatch(std::uint64_t first, std::uint64_t n) {
  LogBatch b;
  b.first_index = first;
  ledger::CompactRange range;
  for (std::uint64_t i = 0; i < first + n; ++i) {
    Bytes e = ToBytes("e" + std::to_string(i));
    range.Append(ledger::LeafHash(e));
    if (i >= first) b.entries.push_back(e);
  }
  b.new_state = TreeState{range.size(), range.edge()};
  b.tiles.push_back(
      HashTileWrite{0, first / 256, Bytes(32 * ((first + n - 1) % 256 + 1), static_cast<std::uint8_t>(n))});
  return b;
}

TEST_CASE_TEMPLATE("a new store is empty", Backend, MemoryBackend, FaultyBackend, SqliteBackend) {
  Backend backend;
  LogStore& store = backend.get();
  CHECK(store.ReadTreeState().value() == TreeState{});
  CHECK(store.ReadHashTile(0, 0).error().code() == StatusCode::kNotFound);
  CHECK(store.ReadEntries(0, 0).value().empty());
  CHECK(store.ReadEntries(0, 1).error().code() == StatusCode::kOutOfRange);
  CHECK(store.ReadCheckpoint().error().code() == StatusCode::kNotFound);
}

TEST_CASE_TEMPLATE("committed batches are read back exactly", Backend, MemoryBackend, FaultyBackend, SqliteBackend) {
  Backend backend;
  LogStore& store = backend.get();
  LogBatch a = MakeBatch(0, 3);
  a.entries[1] = Bytes();  // an empty entry is a valid entry
  REQUIRE(store.CommitBatch(a).ok());
  LogBatch b = MakeBatch(3, 2);
  REQUIRE(store.CommitBatch(b).ok());
  CHECK(store.ReadTreeState().value() == b.new_state);
  auto entries = store.ReadEntries(0, 5).value();
  REQUIRE(entries.size() == 5);
  CHECK(entries[1].empty());
  CHECK(entries[4] == b.entries[1]);
  CHECK(store.ReadEntries(2, 3).value()[0] == a.entries[2]);
  CHECK(store.ReadEntries(4, 2).error().code() == StatusCode::kOutOfRange);
  CHECK(store.ReadHashTile(0, 0).value() == b.tiles[0].data);  // replaced by the later write
}

TEST_CASE_TEMPLATE("a batch for the wrong size is aborted and writes nothing", Backend, MemoryBackend, FaultyBackend,
                   SqliteBackend) {
  Backend backend;
  LogStore& store = backend.get();
  REQUIRE(store.CommitBatch(MakeBatch(0, 2)).ok());
  CHECK(store.CommitBatch(MakeBatch(0, 5)).code() == StatusCode::kAborted);
  CHECK(store.CommitBatch(MakeBatch(3, 1)).code() == StatusCode::kAborted);
  CHECK(store.ReadTreeState().value().size == 2);
  CHECK(store.ReadEntries(0, 3).error().code() == StatusCode::kOutOfRange);
}

TEST_CASE_TEMPLATE("concurrent commits for the same size: exactly one wins", Backend, MemoryBackend, FaultyBackend,
                   SqliteBackend) {
  Backend backend;
  LogStore& store = backend.get();
  std::atomic<int> wins{0}, aborts{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      Status s = store.CommitBatch(MakeBatch(0, 3));
      if (s.ok())
        ++wins;
      else if (s.code() == StatusCode::kAborted)
        ++aborts;
    });
  }
  for (auto& t : threads) t.join();
  CHECK(wins == 1);
  CHECK(aborts == 3);
  CHECK(store.ReadTreeState().value().size == 3);
}

TEST_CASE_TEMPLATE("checkpoints never move backwards", Backend, MemoryBackend, FaultyBackend, SqliteBackend) {
  Backend backend;
  LogStore& store = backend.get();
  REQUIRE(store.WriteCheckpoint(5, "five\n").ok());
  REQUIRE(store.WriteCheckpoint(3, "three\n").ok());
  CHECK(store.ReadCheckpoint().value() == "five\n");
  REQUIRE(store.WriteCheckpoint(5, "five again\n").ok());
  REQUIRE(store.WriteCheckpoint(9, "nine\n").ok());
  CHECK(store.ReadCheckpoint().value() == "nine\n");
}

TEST_CASE_TEMPLATE("what was committed survives reopening", Backend, MemoryBackend, SqliteBackend) {
  Backend backend;
  LogBatch a = MakeBatch(0, 300);
  REQUIRE(backend.get().CommitBatch(a).ok());
  REQUIRE(backend.get().WriteCheckpoint(300, "cp\n").ok());
  LogStore& reopened = backend.Reopen();
  CHECK(reopened.ReadTreeState().value() == a.new_state);
  CHECK(reopened.ReadEntries(299, 1).value()[0] == a.entries[299]);
  CHECK(reopened.ReadCheckpoint().value() == "cp\n");
}

TEST_CASE("the sqlite store refuses a file that is not a veche log store") {
  auto dir = TempDir();
  std::string path = (dir / "other.db").string();
  {
    auto db = SqliteDb::Open(path, true).value();
    REQUIRE(db->Exec("CREATE TABLE customers (name TEXT)").ok());
  }
  CHECK(SqliteLogStore::Open(path).error().code() == StatusCode::kDataLoss);
  std::string junk = (dir / "junk.db").string();
  std::ofstream(junk) << std::string(5000, 'x');
  CHECK_FALSE(SqliteLogStore::Open(junk).ok());
  CHECK(SqliteLogStore::Open((dir / "missing-dir" / "x.db").string()).error().code() == StatusCode::kUnavailable);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace veche::store
