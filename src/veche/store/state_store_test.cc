// SPDX-License-Identifier: AGPL-3.0-or-later
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>

#include "veche/store/sqlite_state_store.h"

namespace veche::store {
namespace {

core::State SampleState() {
  core::State s;
  s.has_genesis = true;
  s.node_key.fill(1);
  s.authorities.insert(core::PublicKeyBytes{});
  s.root = "root";
  s.clock = 42;
  s.territories["root"] = core::Territory{"", core::TerritoryKind::kUnion, "Root", core::Charter{}, false};
  core::Charter strict;
  strict.quorum_permille = 300;
  s.territories["north"] = core::Territory{"root", core::TerritoryKind::kRegion, "Север", strict, true};
  s.collectives["mill"] = core::Collective{"", "north", core::CollectiveKind::kWorkplace, "Mill", false};
  core::PublicKeyBytes registrar;
  registrar.fill(2);
  s.registrars[registrar] = core::Registrar{"north", false};
  core::Citizen bound;
  bound.residence = "north";
  bound.majority_date = 100;
  bound.consultative_date = 50;
  bound.personal_data.fill(3);
  bound.key = core::PublicKeyBytes{};
  (*bound.key)[0] = 9;
  bound.enrolment_key.fill(4);
  bound.enrolment_pending = false;
  bound.collectives = {"mill"};
  s.citizens["c-1"] = bound;
  s.citizen_by_key[*bound.key] = "c-1";
  core::Citizen removed;
  removed.residence = "root";
  removed.removed = core::RemovalReason::kLossOfCitizenship;
  s.citizens["c-2"] = removed;
  for (std::uint8_t i = 0; i < 5; ++i) {
    core::RecordId id{};
    id[0] = i;
    s.applied[id] = i;
  }
  s.records = 5;
  return s;
}

TEST_CASE("state tables round-trip every part of the state, and refuse tables that do not match their digest") {
  std::string templ = (std::filesystem::temp_directory_path() / "veche-state-XXXXXX").string();
  REQUIRE(::mkdtemp(templ.data()) != nullptr);
  std::string path = templ + "/state.db";
  auto store = SqliteStateStore::Open(path).value();
  CHECK_FALSE(store->Load().value().has_value());
  core::State s = SampleState();
  ledger::Hash root;
  root.fill(7);
  REQUIRE(store->Save(s, 5, root).ok());
  auto loaded = store->Load().value();
  REQUIRE(loaded.has_value());
  CHECK(loaded->log_size == 5);
  CHECK(loaded->log_root == root);
  CHECK(loaded->state.Digest() == s.Digest());
  CHECK(loaded->state.citizen_by_key == s.citizen_by_key);
  CHECK(loaded->state.applied == s.applied);

  // A cache edited behind the node's back is detected, not trusted.
  {
    auto db = SqliteDb::Open(path, false).value();
    REQUIRE(db->Exec("UPDATE territory SET name = 'Forged' WHERE id = 'north'").ok());
  }
  CHECK(store->Load().error().code() == StatusCode::kDataLoss);
  REQUIRE(store->Clear().ok());
  CHECK_FALSE(store->Load().value().has_value());
  std::filesystem::remove_all(templ);
}

}  // namespace
}  // namespace veche::store
