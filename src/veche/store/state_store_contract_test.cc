// SPDX-License-Identifier: AGPL-3.0-or-later
// The state store contract, run over every backend: memory, faulty (wrapping memory) and SQLite.
// A snapshot round-trips every part of the state (the golden log's, with a record of every kind)
// to the same digest and derived indexes; a save replaces the previous one; what does not decode
// or does not reproduce its digest is refused with kDataLoss; a failed save keeps the old one.

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <memory>

#include "veche/core/test_golden.h"
#include "veche/store/sqlite/sqlite.h"
#include "veche/store/sqlite/sqlite_state_store.h"
#include "veche/store/state_store.h"

namespace veche::store {
namespace {

std::string TempDir() {
  std::string templ = (std::filesystem::temp_directory_path() / "veche-state-XXXXXX").string();
  REQUIRE(::mkdtemp(templ.data()) != nullptr);
  return templ;
}

struct Backend {
  const char* name;
  std::function<std::unique_ptr<StateStore>(const std::string& dir)> open;
};

std::vector<Backend> Backends() {
  return {
      {"memory", [](const std::string&) { return std::make_unique<MemoryStateStore>(); }},
      {"faulty",
       [](const std::string&) { return std::make_unique<FaultyStateStore>(std::make_unique<MemoryStateStore>()); }},
      {"sqlite", [](const std::string& dir) { return SqliteStateStore::Open(dir + "/state.db").value(); }},
  };
}

void CheckSameState(const core::State& a, const core::State& b) {
  CHECK(a.Digest() == b.Digest());
  CHECK(a.SectionDigests() == b.SectionDigests());
  CHECK(a.citizen_by_key == b.citizen_by_key);
  CHECK(a.applied == b.applied);
  CHECK(a.members_of == b.members_of);
  CHECK(a.office_deadlines == b.office_deadlines);
  CHECK(a.contest_of_election == b.contest_of_election);
  CHECK(a.contests_of_office == b.contests_of_office);
  CHECK(a.nominations_of_contest == b.nominations_of_contest);
  for (const auto& [id, t] : a.territories) CHECK(a.AdultResidentsOf(id) == b.AdultResidentsOf(id));
  for (const auto& [id, el] : a.elections) {
    REQUIRE(b.elections.count(id));
    CHECK(el.hash == b.elections.at(id).hash);
    CHECK(el.Tally() == b.elections.at(id).Tally());
    for (const auto& [citizen, ballot] : el.ballots)
      CHECK(ballot.options == b.elections.at(id).ballots.at(citizen).options);
  }
}

TEST_CASE("every state store round-trips the golden state, replaces, clears and refuses what does not check") {
  const core::State golden = core::testing::GoldenState();
  REQUIRE(golden.elections.size() == 3);  // the north's mayor; two contests' elections
  REQUIRE_FALSE(golden.elections.at("north-mayor").ballots.empty());
  REQUIRE_FALSE(golden.office_deadlines.empty());
  for (const Backend& backend : Backends()) {
    CAPTURE(backend.name);
    const std::string dir = TempDir();
    std::unique_ptr<StateStore> store = backend.open(dir);
    CHECK_FALSE(store->Load().value().has_value());
    ledger::Hash root;
    root.fill(7);
    REQUIRE(store->Save(golden, golden.records, root).ok());
    auto loaded = store->Load().value();
    REQUIRE(loaded.has_value());
    CHECK(loaded->log_size == golden.records);
    CHECK(loaded->log_root == root);
    CHECK(loaded->digest == golden.Digest());
    CheckSameState(loaded->state, golden);
    // A later save replaces the snapshot whole.
    std::vector<Bytes> first = core::testing::GoldenEntries();
    first.resize(40);
    core::State smaller = core::Replay(first).value();
    REQUIRE(store->Save(smaller, 40, ledger::Hash{}).ok());
    loaded = store->Load().value();
    REQUIRE(loaded.has_value());
    CHECK(loaded->log_size == 40);
    CheckSameState(loaded->state, smaller);
    REQUIRE(store->Clear().ok());
    CHECK_FALSE(store->Load().value().has_value());
    std::filesystem::remove_all(dir);
  }
}

TEST_CASE("a snapshot damaged in storage is refused with kDataLoss, and a failed save keeps the old one") {
  const core::State golden = core::testing::GoldenState();
  FaultyStateStore store(std::make_unique<MemoryStateStore>());
  REQUIRE(store.Save(golden, golden.records, ledger::Hash{}).ok());
  store.CorruptNextRead();
  CHECK(store.Load().error().code() == StatusCode::kDataLoss);
  CHECK(store.Load().value().has_value());  // the stored bytes were not touched
  store.FailNextWrites(1);
  CHECK(store.Save(core::State{}, 0, ledger::Hash{}).code() == StatusCode::kUnavailable);
  CHECK(store.Load().value()->log_size == golden.records);
  store.FailNextReads(1);
  CHECK(store.Load().error().code() == StatusCode::kUnavailable);
  CHECK(store.Load().ok());
}

TEST_CASE("sqlite state tables persist across opens, drop an older schema's tables, and refuse a newer schema") {
  const core::State golden = core::testing::GoldenState();
  const std::string dir = TempDir();
  const std::string path = dir + "/state.db";
  REQUIRE(SqliteStateStore::Open(path).value()->Save(golden, golden.records, ledger::Hash{}).ok());
  CheckSameState(SqliteStateStore::Open(path).value()->Load().value()->state, golden);
  {
    // A cache edited behind the node's back is detected, not trusted.
    auto db = SqliteDb::Open(path, false).value();
    REQUIRE(db->Exec("UPDATE state_chunk SET chunk = substr(chunk, 1, length(chunk) - 1) || x'00'").ok());
  }
  CHECK(SqliteStateStore::Open(path).value()->Load().error().code() == StatusCode::kDataLoss);
  // The tables written before the domain layout (schema 1) are a cache: dropped, not misread.
  std::filesystem::copy_file(core::testing::GoldenDir() + "/state-v1.db", dir + "/v1.db");
  CHECK_FALSE(SqliteStateStore::Open(dir + "/v1.db").value()->Load().value().has_value());
  {
    auto db = SqliteDb::Open(path, false).value();
    REQUIRE(db->Exec("PRAGMA user_version = 3").ok());
  }
  CHECK(SqliteStateStore::Open(path).error().code() == StatusCode::kFailedPrecondition);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace veche::store
