// SPDX-License-Identifier: AGPL-3.0-or-later
#include <doctest/doctest.h>

#include <cstring>

#include "veche/core/test_world.h"

namespace veche::core {
namespace {

TEST_CASE("a citizen's life: enrol, bind their own key, join, move, rotate, recover, remove") {
  World w;
  w.Standard();
  REQUIRE(w.Submit(RecordKind::kCollectiveCreate,
                   CollectiveCreatePayload{"mill", "", "novgorod", CollectiveKind::kWorkplace, "Mill"}, w.authority)
              .ok());
  REQUIRE(w.Enrol("c-1", "novgorod", "code-1").ok());
  crypto::SigningKey citizen = crypto::SigningKey::Generate(w.rng);
  REQUIRE(w.Bind("c-1", "code-1", citizen).ok());
  CHECK(w.state.citizens["c-1"].key == Pk(citizen));
  // Joining is a request until a registrar (or the collective's secretary) confirms it.
  REQUIRE(w.Submit(RecordKind::kCitizenJoinCollective, CitizenCollectivePayload{"c-1", "mill"}, citizen).ok());
  CHECK(w.state.citizens["c-1"].collectives.count("mill") == 0);
  CHECK(w.state.collectives["mill"].requests.count("c-1") == 1);
  REQUIRE(w.Submit(RecordKind::kMembershipConfirm, CitizenCollectivePayload{"c-1", "mill"}, w.registrar).ok());
  CHECK(w.state.citizens["c-1"].collectives.count("mill") == 1);
  CHECK(w.state.collectives["mill"].requests.empty());
  CHECK(w.state.members_of.at("mill") == std::set<std::string>{"c-1"});
  REQUIRE(w.Submit(RecordKind::kCitizenMove, CitizenMovePayload{"c-1", "north"}, w.registrar).ok());
  crypto::SigningKey rotated = crypto::SigningKey::Generate(w.rng);
  REQUIRE(w.Submit(RecordKind::kCitizenRotateKey,
                   CitizenRotateKeyPayload{"c-1", Pk(rotated), Sig(rotated, RotateMessage("c-1", Pk(rotated)))},
                   citizen)
              .ok());
  // The old key no longer speaks for the citizen.
  CHECK(w.Submit(RecordKind::kCitizenLeaveCollective, CitizenCollectivePayload{"c-1", "mill"}, citizen).code() ==
        StatusCode::kPermissionDenied);
  REQUIRE(w.Submit(RecordKind::kCitizenLeaveCollective, CitizenCollectivePayload{"c-1", "mill"}, rotated).ok());
  // Recovery: a registrar issues a new code; the citizen binds a new key with it.
  REQUIRE(w.Submit(RecordKind::kCitizenRecover, CitizenRecoverPayload{"c-1", Pk(World::EnrolmentKey("code-2"))},
                   w.registrar)
              .ok());
  CHECK_FALSE(w.state.citizens["c-1"].key.has_value());
  crypto::SigningKey fresh = crypto::SigningKey::Generate(w.rng);
  CHECK(w.Bind("c-1", "code-1", fresh).code() == StatusCode::kPermissionDenied);  // the old code is dead
  CHECK(w.Submit(RecordKind::kCitizenRecover, CitizenRecoverPayload{"c-1", Pk(World::EnrolmentKey("code-2"))},
                 w.registrar)
            .code() == StatusCode::kFailedPrecondition);  // the same code twice
  CHECK(w.Bind("c-1", "code-2", World::EnrolmentKey("code-2")).code() == StatusCode::kFailedPrecondition);
  REQUIRE(w.Bind("c-1", "code-2", fresh).ok());
  REQUIRE(w.Submit(RecordKind::kCitizenRemove, CitizenRemovePayload{"c-1", RemovalReason::kDeath}, w.registrar).ok());
  CHECK(w.state.citizens["c-1"].removed == RemovalReason::kDeath);
  CHECK(w.state.citizen_by_key.empty());
  CHECK(w.Submit(RecordKind::kCitizenMove, CitizenMovePayload{"c-1", "novgorod"}, w.registrar)
            .message()
            .find("removed") != std::string::npos);
}

TEST_CASE("records that contradict the state or come from the wrong author are refused, state unchanged") {
  World w;
  crypto::SigningKey stranger = crypto::SigningKey::Generate(w.rng);
  CHECK(w.Submit(RecordKind::kClock, ClockPayload{1}, w.node).message().find("must begin with a genesis") !=
        std::string::npos);
  w.Standard();
  REQUIRE(w.Enrol("c-1", "novgorod", "code-1").ok());
  crypto::Sha256Digest before = w.state.Digest();
  size_t log_before = w.log.size();

  struct Case {
    const char* what;
    Status status;
    StatusCode code;
  };
  GenesisPayload again;
  again.node_key = Pk(w.node);
  again.root_id = "x";
  again.root_name = "X";
  again.authorities = {Pk(w.authority)};
  Case cases[] = {
      {"second genesis", w.Submit(RecordKind::kGenesis, again, w.node), StatusCode::kFailedPrecondition},
      {"enrol twice", w.Enrol("c-1", "novgorod", "code-x"), StatusCode::kFailedPrecondition},
      {"enrol outside the registrar's territory",
       (w.Submit(RecordKind::kTerritoryCreate,
                 TerritoryCreatePayload{"south", "union", TerritoryKind::kRegion, "South", {}}, w.authority)
            .IgnoreError(),
        w.Enrol("c-2", "south", "code-2")),
       StatusCode::kPermissionDenied},
      {"territory by a stranger",
       w.Submit(RecordKind::kTerritoryCreate, TerritoryCreatePayload{"t", "union", TerritoryKind::kRegion, "T", {}},
                stranger),
       StatusCode::kPermissionDenied},
      {"city containing a region",
       w.Submit(RecordKind::kTerritoryCreate, TerritoryCreatePayload{"r2", "novgorod", TerritoryKind::kRegion, "R", {}},
                w.authority),
       StatusCode::kFailedPrecondition},
      {"dissolve a territory with residents",
       w.Submit(RecordKind::kTerritoryDissolve, IdPayload{"novgorod"}, w.authority), StatusCode::kFailedPrecondition},
      {"clock by a non-node key", w.Submit(RecordKind::kClock, ClockPayload{5}, w.authority),
       StatusCode::kPermissionDenied},
      {"bind with a wrong code", w.Bind("c-1", "wrong", stranger), StatusCode::kPermissionDenied},
      {"bind an authority's key", w.Bind("c-1", "code-1", w.authority), StatusCode::kFailedPrecondition},
      {"registrar moves a citizen in from outside its territory",
       (w.Submit(RecordKind::kRegistrarAccredit, RegistrarAccreditPayload{Pk(stranger), "south"}, w.authority)
            .IgnoreError(),
        w.Submit(RecordKind::kCitizenMove, CitizenMovePayload{"c-1", "south"}, stranger)),
       StatusCode::kPermissionDenied},
      {"registrar accredits itself",
       w.Submit(RecordKind::kRegistrarAccredit, RegistrarAccreditPayload{Pk(stranger), "north"}, w.registrar),
       StatusCode::kPermissionDenied},
  };
  for (const Case& c : cases) {
    CAPTURE(c.what);
    CHECK(c.status.code() == c.code);
  }
  // Only the two valid records among them ("south" and its registrar) changed anything.
  CHECK(w.log.size() == log_before + 2);
  CHECK(w.state.territories.count("south") == 1);
  CHECK(w.state.Digest() != before);

  // Moving into a dissolved territory.
  REQUIRE(w.Submit(RecordKind::kTerritoryCreate,
                   TerritoryCreatePayload{"old-town", "north", TerritoryKind::kCity, "Old", {}}, w.authority)
              .ok());
  REQUIRE(w.Submit(RecordKind::kTerritoryDissolve, IdPayload{"old-town"}, w.authority).ok());
  before = w.state.Digest();
  CHECK(w.Submit(RecordKind::kCitizenMove, CitizenMovePayload{"c-1", "old-town"}, w.registrar)
            .message()
            .find("dissolved") != std::string::npos);
  CHECK(w.state.Digest() == before);
}

TEST_CASE("the same record cannot be applied twice and the clock only moves forward") {
  World w;
  w.Genesis();
  Record tick = SignRecord(w.state.log_id, RecordKind::kClock, EncodePayload(ClockPayload{10}), 1, w.node).value();
  REQUIRE(Apply(w.state, tick).ok());
  CHECK(Apply(w.state, tick).code() == StatusCode::kAlreadyExists);
  CHECK(w.Submit(RecordKind::kClock, ClockPayload{10}, w.node).code() == StatusCode::kFailedPrecondition);
  CHECK(w.Submit(RecordKind::kClock, ClockPayload{11}, w.node).ok());
  CHECK(w.state.clock == 11);
}

TEST_CASE("charters are inherited unless given, and a genesis charter is validated") {
  World w;
  w.Genesis();
  Charter strict;
  strict.quorum_permille = 300;
  REQUIRE(w.Submit(RecordKind::kTerritoryCreate,
                   TerritoryCreatePayload{"r", "union", TerritoryKind::kRepublic, "R", strict}, w.authority)
              .ok());
  REQUIRE(w.Submit(RecordKind::kTerritoryCreate, TerritoryCreatePayload{"c", "r", TerritoryKind::kCity, "C", {}},
                   w.authority)
              .ok());
  CHECK(w.state.territories["c"].charter.quorum_permille == 300);
  CHECK(w.state.territories["union"].charter == Charter{});
}

// Random operations over a small world: whatever applied live must replay to the same digest.
TEST_CASE("for random record sequences the live state and the replayed state have the same digest") {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    CAPTURE(seed);
    World w;
    w.rng = FakeRng(seed);
    w.Standard();
    std::vector<std::string> cities = {"novgorod"};
    std::vector<std::pair<std::string, crypto::SigningKey>> citizens;
    int accepted = 0, refused = 0;
    for (int step = 0; step < 300; ++step) {
      Status s;
      switch (w.rng.Uniform(6)) {
        case 0: {
          std::string id = "city-" + std::to_string(step);
          s = w.Submit(RecordKind::kTerritoryCreate, TerritoryCreatePayload{id, "north", TerritoryKind::kCity, "C", {}},
                       w.authority);
          if (s.ok()) cities.push_back(id);
          break;
        }
        case 1:
        case 2: {
          std::string id = "c-" + std::to_string(w.rng.Uniform(60));  // collisions exercise "enrolled twice"
          std::string code = "code-" + std::to_string(step);
          s = w.Enrol(id, cities[w.rng.Uniform(cities.size())], code);
          if (s.ok()) {
            crypto::SigningKey key = crypto::SigningKey::Generate(w.rng);
            if (w.Bind(id, code, key).ok()) citizens.emplace_back(id, std::move(key));
          }
          break;
        }
        case 3:
          if (!citizens.empty()) {
            s = w.Submit(RecordKind::kCitizenMove,
                         CitizenMovePayload{citizens[w.rng.Uniform(citizens.size())].first,
                                            cities[w.rng.Uniform(cities.size())]},
                         w.registrar);
          }
          break;
        case 4:
          s = w.Submit(RecordKind::kTerritoryDissolve, IdPayload{cities[w.rng.Uniform(cities.size())]}, w.authority);
          break;
        case 5: s = w.Submit(RecordKind::kClock, ClockPayload{static_cast<UnixMicros>(step)}, w.node); break;
      }
      (s.ok() ? accepted : refused)++;
    }
    CHECK(accepted > 50);
    CHECK(refused > 10);
    Result<State> replayed = Replay(w.log);
    REQUIRE(replayed.ok());
    CHECK(replayed->Digest() == w.state.Digest());
    CHECK(replayed->records == w.log.size());
    // A log with one entry dropped is detected: it replays to another digest or fails.
    std::vector<Bytes> dropped = w.log;
    dropped.erase(dropped.begin() + static_cast<std::ptrdiff_t>(4 + w.rng.Uniform(dropped.size() - 4)));
    Result<State> other = Replay(dropped);
    CHECK((!other.ok() || other->Digest() != w.state.Digest()));
  }
}

}  // namespace
}  // namespace veche::core

namespace veche::core {
namespace {

TEST_CASE("section digests say where two states differ, and the digest covers which records were applied") {
  World a, b;
  a.Standard();
  b.Standard();
  CHECK(a.state.Digest() == b.state.Digest());
  REQUIRE(a.Submit(RecordKind::kTerritoryRename, RenamePayload{"north", "Far North"}, a.authority).ok());
  b.time += 5;  // the same statement, signed at another time: another record
  REQUIRE(b.Submit(RecordKind::kTerritoryRename, RenamePayload{"north", "Far North"}, b.authority).ok());
  // Same territories, but b's rename was a different record (another author time): applied differs.
  auto sa = a.state.SectionDigests(), sb = b.state.SectionDigests();
  REQUIRE(sa.size() == sb.size());
  std::vector<std::string> differing;
  for (size_t i = 0; i < sa.size(); ++i) {
    if (sa[i].second != sb[i].second) differing.push_back(sa[i].first);
  }
  CHECK(differing == std::vector<std::string>{"applied"});
  CHECK(a.state.Digest() != b.state.Digest());
  CHECK(a.state.Digest() == State::CombineSections(sa));
}

}  // namespace
}  // namespace veche::core
