// SPDX-License-Identifier: AGPL-3.0-or-later
// Filling offices through signed records and core::Apply: every scenario in
// tests/data/offices/contests.txt (nominations, candidacies and their refusals, rounds, runoffs,
// confirmations, seating, terms, resignations), each replayed by an observer to the same digest;
// and the deadline index the node's tick reads. The runner is test_contests.h.
#include "veche/core/offices/test_contests.h"

namespace veche::core {
namespace {

using testing::kDay;
using testing::Offices;
using testing::RunCase;

TEST_CASE("every contest in tests/data/offices/contests.txt fills its office as expected, and replays") {
  const std::vector<ScenarioCase> cases =
      ReadScenarioCases(std::string(VECHE_SOURCE_DIR) + "/tests/data/offices/contests.txt");
  REQUIRE(cases.size() >= 8);
  for (const auto& [name, lines] : cases) RunCase(name, lines);
}

}  // namespace
}  // namespace veche::core

namespace veche::core {
namespace {

MeasureSpec OfficeMeasure(OfficeAction action, const std::string& office, std::uint8_t power = 0) {
  MeasureSpec spec;
  spec.kind = MeasureKind::kOffice;
  spec.territory = "union";
  spec.title = "Office measure on " + office;
  spec.office = OfficeMotion{action, office, action == OfficeAction::kCreate ? "Office " + office : "", 0, "", power};
  return spec;
}

TEST_CASE("the People's Assembly creates and abolishes offices and grants their powers by adopted measures") {
  Offices w;
  w.Begin(Charter{});
  for (const char* id : {"a", "b", "c"}) w.Citizen(id, "union", "adult");
  w.time = 1'704'067'200'000'000;  // 2024-01-01
  REQUIRE(w.Table("create-judge", OfficeMeasure(OfficeAction::kCreate, "judge")).ok());
  REQUIRE(w.Table("create-judge-again", OfficeMeasure(OfficeAction::kCreate, "judge")).ok());
  CHECK(w.Table("abolish-nothing", OfficeMeasure(OfficeAction::kAbolish, "nowhere")).code() ==
        StatusCode::kFailedPrecondition);
  REQUIRE(w.Open().ok());
  for (const char* id : {"a", "b"}) {
    REQUIRE(w.Assembly::Vote(id, "create-judge", VoteChoice::kYes).ok());
    REQUIRE(w.Assembly::Vote(id, "create-judge-again", VoteChoice::kYes).ok());
  }
  REQUIRE(w.Close().ok());
  REQUIRE(w.state.offices.count("judge"));
  CHECK(w.state.offices.at("judge").territory == "union");
  CHECK(w.state.measures.at("create-judge").result->applied);
  // Adopted too, but the office exists by then: it lapses.
  CHECK(w.state.measures.at("create-judge-again").result->decision.outcome == choice::Outcome::kAdopted);
  CHECK_FALSE(w.state.measures.at("create-judge-again").result->applied);
  CHECK_FALSE(w.state.offices.at("judge").contest.empty());  // vacant: its contest opened

  // The next session grants the office a power, then one abolishes it.
  w.time += 200 * kDay;
  REQUIRE(w.Table("judge-measures", OfficeMeasure(OfficeAction::kGrant, "judge", 5)).ok());
  const Status opened = w.Open();
  REQUIRE_MESSAGE(opened.ok(), opened.ToString());
  for (const char* id : {"a", "b"}) REQUIRE(w.Assembly::Vote(id, "judge-measures", VoteChoice::kYes).ok());
  REQUIRE(w.Close().ok());
  CHECK(w.state.office_powers.at("judge").count(Power::kMeasures));
  w.time += 200 * kDay;
  REQUIRE(w.Table("abolish-judge", OfficeMeasure(OfficeAction::kAbolish, "judge")).ok());
  REQUIRE(w.Open().ok());
  for (const char* id : {"a", "b", "c"}) REQUIRE(w.Assembly::Vote(id, "abolish-judge", VoteChoice::kYes).ok());
  REQUIRE(w.Close().ok());
  CHECK(w.state.offices.at("judge").abolished);
  CHECK(w.state.office_powers.count("judge") == 0);
  CHECK(w.state.contests.at(w.state.contests_of_office.at("judge").back()).stage == ContestStage::kCancelled);
  Result<State> replayed = Replay(w.log);
  REQUIRE(replayed.ok());
  CHECK(replayed->Digest() == w.state.Digest());
}

MeasureSpec CharterMeasure(const std::string& territory, bool retire) {
  MeasureSpec spec;
  spec.kind = MeasureKind::kCharter;
  spec.territory = territory;
  spec.title = retire ? "Retire the genesis authorities" : "Keep the genesis authorities";
  spec.charter.authorities_retired = retire;
  return spec;
}

TEST_CASE("the root's charter retires the genesis authorities once every power is carried by an office") {
  Offices w;
  w.Begin(Charter{});
  for (const char* id : {"a", "b", "c"}) w.Citizen(id, "union", "adult");
  REQUIRE(w.Submit(RecordKind::kTerritoryCreate,
                   TerritoryCreatePayload{"north", "union", TerritoryKind::kRepublic, "North", {}}, w.authority)
              .ok());
  w.time = 1'704'067'200'000'000;  // 2024-01-01
  const Status uncarried = w.Table("retire-early", CharterMeasure("union", true));
  CHECK(uncarried.code() == StatusCode::kFailedPrecondition);
  CHECK_MESSAGE(uncarried.message().find("'territories' is carried by none") != std::string::npos, uncarried.message());
  CHECK(w.Table("retire-north", CharterMeasure("north", true)).code() == StatusCode::kInvalidArgument);

  REQUIRE(
      w.Submit(RecordKind::kOfficeCreate, OfficeCreatePayload{"council", "Council", "union", "", 0, ""}, w.authority)
          .ok());
  for (std::uint8_t number = 1; number < kMaxPower; ++number) {
    REQUIRE(w.Submit(RecordKind::kPowerGrant, PowerPayload{"council", static_cast<Power>(number)}, w.authority).ok());
  }
  const Status one_short = w.Table("retire-early", CharterMeasure("union", true));
  CHECK_MESSAGE(one_short.message().find("'trustees' is carried by none") != std::string::npos, one_short.message());
  REQUIRE(w.Submit(RecordKind::kPowerGrant, PowerPayload{"council", Power::kTrustees}, w.authority).ok());
  REQUIRE(w.Table("retire", CharterMeasure("union", true)).ok());
  REQUIRE(w.Open().ok());
  for (const char* id : {"a", "b"}) REQUIRE(w.Assembly::Vote(id, "retire", VoteChoice::kYes).ok());
  REQUIRE(w.Close().ok());
  CHECK(w.state.measures.at("retire").result->applied);
  CHECK(w.state.territories.at("union").charter.authorities_retired);
  CHECK(w.state.authorities.empty());

  // The genesis authority's key now does nothing, and the retirement cannot be undone.
  const crypto::Sha256Digest before = w.state.Digest();
  CHECK(w.Submit(RecordKind::kTerritoryCreate,
                 TerritoryCreatePayload{"south", "union", TerritoryKind::kRepublic, "South", {}}, w.authority)
            .code() == StatusCode::kPermissionDenied);
  CHECK(w.Submit(RecordKind::kPowerRevoke, PowerPayload{"council", Power::kTrustees}, w.authority).code() ==
        StatusCode::kPermissionDenied);
  CHECK(w.state.Digest() == before);
  w.time += 200 * kDay;
  CHECK(w.Table("unretire", CharterMeasure("union", false)).code() == StatusCode::kPermissionDenied);
  // Whoever tables it now (the holder of the measures power), the retirement is not undone.
  const Status undo = CheckCharterPowers(w.state, "union", Charter{});
  CHECK_MESSAGE(undo.message().find("retired for good") != std::string::npos, undo.message());
  CHECK(CheckCharterPowers(w.state, "union", w.state.territories.at("union").charter).ok());
  Result<State> replayed = Replay(w.log);
  REQUIRE(replayed.ok());
  CHECK(replayed->Digest() == w.state.Digest());
}

}  // namespace
}  // namespace veche::core
