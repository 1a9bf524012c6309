// SPDX-License-Identifier: AGPL-3.0-or-later
// Sessions and results over time: random sessions replay to the same state, results are recorded
// in measure-id order, a charter changes the schedule, petitioners who move away stop counting.
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "veche/core/legislation/test_assembly.h"
#include "veche/core/state_codec.h"

namespace veche::core {
namespace {

using testing::Assembly;
using testing::kDay;
using testing::kFarFuture;

TEST_CASE("property: random sessions of random votes and moves replay to the same state and results") {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    Assembly w;
    Charter c;
    c.double_majority = seed % 2 == 0;
    c.quorum_permille = static_cast<std::uint16_t>(seed * 50);
    w.Begin(c);
    FakeRng pick(seed);
    std::vector<std::string> places = {"union", "r1", "r2", "r3"};
    for (size_t i = 1; i < places.size(); ++i) w.Member(places[i]);
    std::vector<std::string> citizens;
    for (int i = 0; i < 30; ++i) {
      std::string id = "c" + std::to_string(i);
      w.Citizen(id, places[pick.Uniform(places.size())], pick.Uniform(5) == 0 ? "minor" : "adult");
      citizens.push_back(id);
    }
    for (int m = 0; m < 3; ++m) REQUIRE(w.Table("m" + std::to_string(m), w.LawSpec("Law " + std::to_string(m))).ok());
    REQUIRE(w.Open().ok());
    std::map<std::pair<std::string, std::string>, VoteChoice> last;
    for (int v = 0; v < 150; ++v) {
      const std::string& who = citizens[pick.Uniform(citizens.size())];
      std::string measure = "m" + std::to_string(pick.Uniform(3));
      auto choice = static_cast<VoteChoice>(1 + pick.Uniform(3));
      if (w.Vote(who, measure, choice).ok()) last[{who, measure}] = choice;
      if (pick.Uniform(20) == 0) {
        w.Submit(RecordKind::kCitizenMove, CitizenMovePayload{who, places[pick.Uniform(places.size())]}, w.registrar)
            .IgnoreError();  // moving to where one lives already is refused; either way is fine
      }
    }
    REQUIRE(w.Close().ok());
    // The recorded counts equal each citizen's last vote, counted again from scratch.
    const Session& session = w.state.sessions.at({"union", 1});
    for (int m = 0; m < 3; ++m) {
      std::string id = "m" + std::to_string(m);
      choice::Count binding, consultative;
      for (const auto& [key, choice] : last) {
        if (key.second != id) continue;
        choice::Count& tally = session.electorate.at(key.first).binding ? binding : consultative;
        (choice == VoteChoice::kYes ? tally.yes : choice == VoteChoice::kNo ? tally.no : tally.abstain)++;
      }
      REQUIRE(w.state.measures.at(id).result.has_value());
      CHECK(w.state.measures.at(id).result->binding == binding);
      CHECK(w.state.measures.at(id).result->consultative == consultative);
    }
    Result<State> replayed = Replay(w.log);
    REQUIRE(replayed.ok());
    CHECK(replayed->Digest() == w.state.Digest());
  }
}

TEST_CASE(
    "the legislative state survives its cache encoding, cut into chunks anywhere, and corrupt bytes are refused") {
  Assembly w;
  Charter c;
  c.double_majority = true;
  c.initiative_threshold_permille = 900;
  w.Begin(c);
  w.Member("east");
  for (const char* id : {"a", "b", "d"}) w.Citizen(id, "east", "adult");
  w.Citizen("y", "union", "minor");
  REQUIRE(w.Table("m1", w.LawSpec("First")).ok());
  REQUIRE(w.Submit(RecordKind::kInitiativeFile, MeasurePayload{"i1", w.LawSpec("Second")}, w.keys.at("a")).ok());
  REQUIRE(w.Open().ok());
  REQUIRE(w.Vote("a", "m1", VoteChoice::kYes).ok());
  REQUIRE(w.Vote("y", "m1", VoteChoice::kNo).ok());
  REQUIRE(w.Close().ok());
  REQUIRE(w.Submit(RecordKind::kSessionPetition, IdPayload{"union"}, w.keys.at("b")).ok());
  REQUIRE(w.state.laws.count("m1"));

  CheckStateStream(w.state);
}

TEST_CASE(
    "counting adults from the residents index agrees with a scan of every citizen as people move, age and leave") {
  Assembly w;
  w.Begin(Charter{});
  std::vector<std::string> places = {"union", "r1", "r2"};
  w.Member("r1");
  w.Member("r2");
  REQUIRE(w.Submit(RecordKind::kTerritoryCreate, TerritoryCreatePayload{"c1", "r1", TerritoryKind::kCity, "C", {}},
                   w.authority)
              .ok());
  places.push_back("c1");
  FakeRng pick(77);
  const UnixMicros start = w.time;
  for (int i = 0; i < 60; ++i) {
    CitizenEnrolPayload e;
    e.id = "p" + std::to_string(i);
    e.residence = places[pick.Uniform(places.size())];
    e.majority_date = start + static_cast<UnixMicros>(pick.Uniform(40)) * kDay;  // many come of age later
    e.consultative_date = 0;
    e.enrolment_key = Pk(World::EnrolmentKey("code-" + e.id));
    REQUIRE(w.Submit(RecordKind::kCitizenEnrol, e, w.registrar).ok());
  }
  auto scan = [&](const std::string& territory) {
    std::uint64_t n = 0;
    for (const auto& [id, c] : w.state.citizens) {
      n += !c.removed && c.majority_date <= w.state.clock && w.state.InScope(territory, c.residence) ? 1 : 0;
    }
    return n;
  };
  for (int step = 0; step < 12; ++step) {
    for (int k = 0; k < 5; ++k) {
      std::string who = "p" + std::to_string(pick.Uniform(60));
      if (pick.Uniform(4) == 0) {
        w.Submit(RecordKind::kCitizenRemove, CitizenRemovePayload{who, RemovalReason::kDeath}, w.registrar)
            .IgnoreError();
      } else {
        w.Submit(RecordKind::kCitizenMove, CitizenMovePayload{who, places[pick.Uniform(places.size())]}, w.registrar)
            .IgnoreError();  // refused when already there or removed
      }
    }
    REQUIRE(w.Tick(w.time + 4 * kDay).ok());
    for (const std::string& t : places) CHECK(CountAdults(w.state, t) == scan(t));
  }
  Result<State> replayed = Replay(w.log);
  REQUIRE(replayed.ok());
  for (const std::string& t : places) CHECK(CountAdults(*replayed, t) == scan(t));
}

TEST_CASE("results are recorded in measure-id order and the next session waits for them") {
  Assembly w;
  w.Begin(Charter{});
  w.Citizen("a", "union", "adult");
  w.time = 1'719'100'000'000'000;  // 2024-06-23: the session will end in the next half-year
  MeasureSpec law = w.LawSpec("Roads act");
  REQUIRE(w.Table("roads", law).ok());
  REQUIRE(w.Open().ok());
  REQUIRE(w.Vote("a", "roads", VoteChoice::kYes).ok());
  REQUIRE(w.Close().ok());
  auto amendment = [&](const std::string& text) { return w.AmendmentSpec("roads", law.text, text); };
  REQUIRE(w.Table("roads-a", amendment("Version A.")).ok());
  REQUIRE(w.Table("roads-b", amendment("Version B.")).ok());
  REQUIRE(w.Tick(w.time + 200 * kDay).ok());
  REQUIRE(w.Vote("a", "roads-a", VoteChoice::kYes).ok());
  REQUIRE(w.Vote("a", "roads-b", VoteChoice::kYes).ok());
  REQUIRE(w.Table("later", w.LawSpec("Later act")).ok());  // pending for the next session
  const UnixMicros closes_at = w.state.sessions.at({"union", 2}).closes_at;
  REQUIRE(w.Submit(RecordKind::kClock, ClockPayload{closes_at + 200 * kDay}, w.node).ok());  // a new period
  REQUIRE(w.Submit(RecordKind::kSessionClose, SessionClosePayload{"union", 2}, w.node).ok());
  // A node that would let roads-b win by recording it first is refused.
  MeasureResultPayload b = ComputeResult(w.state, "roads-b").value();
  Status early = w.Submit(RecordKind::kMeasureResult, b, w.node);
  CHECK(early.code() == StatusCode::kFailedPrecondition);
  CHECK(early.message().find("must be recorded before") != std::string::npos);
  // Nor may the next session open before both results are in.
  SessionOpenPayload next{"union", 3, false, w.state.clock + 14 * kDay};
  Status too_soon = w.Submit(RecordKind::kSessionOpen, next, w.node);
  CHECK(too_soon.code() == StatusCode::kFailedPrecondition);
  CHECK(too_soon.message().find("not all recorded") != std::string::npos);
  REQUIRE(w.Submit(RecordKind::kMeasureResult, ComputeResult(w.state, "roads-a").value(), w.node).ok());
  REQUIRE(w.Submit(RecordKind::kMeasureResult, ComputeResult(w.state, "roads-b").value(), w.node).ok());
  CHECK(w.state.laws.at("roads").versions.back().measure == "roads-a");
  CHECK_FALSE(w.state.measures.at("roads-b").result->applied);
  REQUIRE(w.Submit(RecordKind::kSessionOpen, next, w.node).ok());
}

TEST_CASE("a charter that changes the sessions per year keeps one regular session per period of the new schedule") {
  Assembly w;
  Charter monthly;
  monthly.sessions_per_year = 12;
  monthly.session_days = 5;
  w.Begin(monthly);
  for (const char* id : {"a", "b", "c"}) w.Citizen(id, "union", "adult");
  w.time = 1'740'787'200'000'000;  // 2025-03-01
  MeasureSpec yearly;
  yearly.kind = MeasureKind::kCharter;
  yearly.territory = "union";
  yearly.title = "One session a year";
  yearly.charter = monthly;
  yearly.charter.sessions_per_year = 1;
  REQUIRE(w.Table("yearly", yearly).ok());
  REQUIRE(w.Open().ok());  // March's session
  for (const char* id : {"a", "b", "c"}) REQUIRE(w.Vote(id, "yearly", VoteChoice::kYes).ok());
  REQUIRE(w.Close().ok());
  REQUIRE(w.state.territories.at("union").charter.sessions_per_year == 1);
  REQUIRE(w.Table("later", w.LawSpec("Later act")).ok());
  REQUIRE(w.Tick(1'743'465'600'000'000 + kDay).ok());  // 2025-04-02: a new month, the same year
  CHECK(w.state.sessions.size() == 1);
  CHECK(w.state.measures.at("later").status == MeasureStatus::kPending);
  REQUIRE(w.Tick(1'767'225'600'000'000 + kDay).ok());  // 2026-01-02: the next year
  CHECK(w.state.sessions.size() == 2);
}

TEST_CASE("petitioners who moved away no longer count, and a clock beyond year 9999 is refused") {
  Assembly w;
  w.Begin(Charter{});  // a third of the adults
  w.Member("east");
  for (const char* id : {"a", "b", "c", "d", "e", "f"}) w.Citizen(id, "east", "adult");
  w.time = 1'704'067'200'000'000;
  REQUIRE(w.Table("m1", w.LawSpec("First")).ok());
  REQUIRE(w.Open().ok());
  REQUIRE(w.Close().ok());
  REQUIRE(w.Table("urgent", w.LawSpec("Urgent")).ok());
  REQUIRE(w.Submit(RecordKind::kSessionPetition, IdPayload{"east"}, w.keys.at("a")).ok());
  REQUIRE(w.Submit(RecordKind::kSessionPetition, IdPayload{"east"}, w.keys.at("b")).ok());
  REQUIRE(w.Submit(RecordKind::kCitizenMove, CitizenMovePayload{"b", "union"}, w.registrar).ok());
  REQUIRE(w.Tick(w.time + kDay).ok());
  CHECK(w.state.sessions.count({"east", 1}) == 0);  // 1 of 5 adults in east is below a third
  REQUIRE(w.Submit(RecordKind::kSessionPetition, IdPayload{"east"}, w.keys.at("c")).ok());
  REQUIRE(w.Tick(w.time + kDay).ok());
  CHECK(w.state.sessions.count({"east", 1}) == 1);

  CHECK(w.Submit(RecordKind::kClock, ClockPayload{kMaxClockTime + 1}, w.node).code() == StatusCode::kInvalidArgument);
  CHECK(w.Submit(RecordKind::kClock, ClockPayload{-5}, w.node).code() == StatusCode::kInvalidArgument);
  CHECK(w.Submit(RecordKind::kClock, ClockPayload{kMaxClockTime}, w.node).ok());
}

}  // namespace
}  // namespace veche::core
