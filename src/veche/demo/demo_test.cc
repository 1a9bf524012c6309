// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/demo/demo.h"

#include "veche/core/accountability/rules.h"
#include "veche/store/sqlite/sqlite_stores.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>

#include "veche/core/legislation/payloads.h"
#include "veche/node/data_dir.h"
#include "veche/node/node.h"

namespace veche::demo {
namespace {

TEST_CASE("the demo is a living assembly: sessions decided and open, an initiative, codes to enrol") {
  std::string templ = (std::filesystem::temp_directory_path() / "veche-demo-XXXXXX").string();
  REQUIRE(::mkdtemp(templ.data()) != nullptr);
  std::string dir = templ + "/node";
  const UnixMicros now = 1'795'000'000'000'000;  // 2026-11-17
  DemoOptions options;
  options.citizens = 300;
  options.unbound = 5;
  options.now = now;
  Result<DemoResult> demo = CreateDemo(dir, options, store::OpenSqliteStores);
  REQUIRE_MESSAGE(demo.ok(), demo.error().message());
  CHECK(demo->enrolments.size() == 5);
  CHECK(CreateDemo(dir, options, store::OpenSqliteStores).error().code() == StatusCode::kAlreadyExists);

  Result<std::vector<DemoEnrolment>> codes = ReadDemoCodes(dir);
  REQUIRE(codes.ok());
  CHECK(codes->size() == 5);
  CHECK(codes->front().citizen_id == demo->enrolments.front().citizen_id);

  FakeClock clock(now);
  std::unique_ptr<node::Node> node = node::Node::Open(dir, clock, store::OpenSqliteStores).value();
  CHECK(node->Summary().records == demo->records);
  node->ReadState([&](const core::State& s) {
    CHECK(s.citizens.size() == 300);
    CHECK(s.citizens.at(codes->front().citizen_id).enrolment_pending);
    CHECK_FALSE(s.citizens.at("c-00001").enrolment_pending);
    CHECK(s.measures.at("libraries-act").result.has_value());
    CHECK(s.measures.at("budget-2026").result.has_value());
    CHECK_FALSE(s.measures.at("open-data-act").result.has_value());
    CHECK(s.measures.at("open-data-act").session == 2);
    CHECK(s.laws.count("libraries-act") == 1);
    const auto& ferry = s.initiatives.at("ilmen-ferry");
    CHECK(ferry.signatures.size() > 0);
    CHECK(ferry.signatures.size() < ferry.threshold);
    // The secret-ballot election is open, with ballots in, and the pending enrolments may vote.
    const core::Election& council = s.elections.at("council-2026");
    CHECK(council.status == core::ElectionStatus::kVoting);
    CHECK(council.qual == 0b111);
    CHECK(council.ballots.size() > 3);
    CHECK(council.electorate.count(codes->front().citizen_id) == 1);
    // Accountability (Pskov's suspension needs the full demo's raters): Pskov's mayor has answered
    // the voters, a petition in Gdov is collecting; the works' payroll caps pay, and the minister
    // spends from the budget.
    CHECK(s.holder_ratings.at("mayor-pskov").statements.size() == 1);
    CHECK(s.recall_petitions.at("mayor-gdov").outcome.empty());
    CHECK_FALSE(s.recall_petitions.at("mayor-gdov").Voting());
    const std::optional<core::PayCap> cap = core::PayCapOf(s, "novgorod");
    REQUIRE(cap.has_value());
    CHECK(cap->average == 5'100'000);
    CHECK(s.office_pay.at("minister-of-justice").monthly <= cap->cap);
    CHECK(s.office_pay.at("mayor-novgorod").monthly > cap->cap);  // set under last month's cap
    const core::Ministry& justice = s.ministries.at("minister-of-justice");
    CHECK(justice.texts.size() == 2);
    REQUIRE(justice.spending.size() == 2);
    CHECK(s.line_spent.at({justice.spending[0].budget, "Libraries"}) == 24'700'000);
  });
  // A demo citizen's deterministic key speaks for them: a vote in the open session is taken.
  core::Record vote = core::SignRecord(node->log_id(), core::RecordKind::kVote,
                                       core::EncodePayload(core::VotePayload{"open-data-act", core::VoteChoice::kNo}),
                                       now, DemoCitizenKey(dir, "c-00001").value())
                          .value();
  CHECK(node->Submit(vote.Encode()).ok());
  node.reset();
  std::filesystem::remove_all(templ);
}

}  // namespace
}  // namespace veche::demo
