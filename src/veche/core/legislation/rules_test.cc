// SPDX-License-Identifier: AGPL-3.0-or-later
// The People's Assembly through signed records and Apply: the voting scenarios of
// tests/data/assembly/votes.txt, initiatives, the schedule, petitions, amendments, charters,
// budgets, who may open and close sessions, and texts.
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

VoteChoice ParseChoice(const std::string& s) {
  if (s == "yes") return VoteChoice::kYes;
  if (s == "no") return VoteChoice::kNo;
  REQUIRE_MESSAGE(s == "abstain", "unknown vote choice " << s);
  return VoteChoice::kAbstain;
}

std::string CountText(const choice::Count& c) {
  return std::to_string(c.yes) + "/" + std::to_string(c.no) + "/" + std::to_string(c.abstain);
}

Charter ParseCharter(std::istringstream& in) {
  Charter c;
  std::string opt;
  while (in >> opt) {
    size_t eq = opt.find('=');
    REQUIRE_MESSAGE(eq != std::string::npos, "charter option " << opt);
    std::string key = opt.substr(0, eq), value = opt.substr(eq + 1);
    if (key == "quorum") {
      c.quorum_permille = static_cast<std::uint16_t>(std::stoi(value));
    } else if (key == "double") {
      c.double_majority = value == "yes";
    } else if (key == "law" && value == "simple") {
      c.law_majority = {MajorityKind::kSimple, 1, 2};
    } else if (key == "law" && value == "absolute") {
      c.law_majority = {MajorityKind::kAbsolute, 1, 2};
    } else if (key == "law") {
      size_t slash = value.find('/');
      REQUIRE(slash != std::string::npos);
      c.law_majority = {MajorityKind::kQualified, static_cast<std::uint16_t>(std::stoi(value.substr(0, slash))),
                        static_cast<std::uint16_t>(std::stoi(value.substr(slash + 1)))};
    } else {
      FAIL("unknown charter option " << opt);
    }
  }
  REQUIRE(c.Validate().ok());
  return c;
}

void CheckExpectation(const State& state, std::istringstream& in) {
  std::string measure, outcome, opt;
  in >> measure >> outcome;
  auto it = state.measures.find(measure);
  REQUIRE_MESSAGE(it != state.measures.end(), "no measure " << measure);
  REQUIRE_MESSAGE(it->second.result.has_value(), "measure " << measure << " has no result");
  const MeasureResultPayload& r = *it->second.result;
  CHECK(std::string(choice::OutcomeName(r.decision.outcome)) == outcome);
  while (in >> opt) {
    size_t eq = opt.find('=');
    REQUIRE(eq != std::string::npos);
    std::string key = opt.substr(0, eq), value = opt.substr(eq + 1);
    INFO(key);
    if (key == "binding") {
      CHECK(CountText(r.binding) == value);
    } else if (key == "consultative") {
      CHECK(CountText(r.consultative) == value);
    } else if (key == "electorate") {
      CHECK(std::to_string(r.electorate) == value);
    } else if (key == "consultative-electorate") {
      CHECK(std::to_string(r.consultative_electorate) == value);
    } else if (key == "consultative-outcome") {
      CHECK(std::string(choice::OutcomeName(r.consultative_outcome)) == value);
    } else if (key == "members") {
      CHECK(std::to_string(r.decision.members_approving) + "/" + std::to_string(r.decision.members_total) == value);
    } else if (key == "roll") {
      CHECK(std::to_string(it->second.votes.size()) == value);
    } else {
      FAIL("unknown expectation " << key);
    }
  }
}

// Runs one case's lines against a fresh world; every record the scenario names must apply (or,
// after "refuse", be refused), and the replay of the log must reach the same digest.
void RunCase(const std::string& name, const std::vector<std::pair<int, std::string>>& lines) {
  Assembly w;
  for (const auto& entry : lines) {
    const int line_no = entry.first;  // not a structured binding: INFO captures it
    const std::string& text = entry.second;
    INFO("case '" << name << "', line " << line_no << ": " << text);
    std::istringstream in(text);
    std::string word;
    in >> word;
    bool refuse = word == "refuse";
    std::string expected_code;  // "refuse CODE ...": the status code the refusal must carry
    if (refuse) in >> expected_code >> word;
    Status applied = OkStatus();
    if (word == "charter") {
      w.Begin(ParseCharter(in));
    } else if (word == "members") {
      std::string id;
      while (in >> id) w.Member(id);
    } else if (word == "citizen") {
      std::string id, where, age;
      in >> id >> where >> age;
      w.Citizen(id, where, age);
    } else if (word == "measure") {
      std::string id, kind;
      in >> id >> kind;
      applied = w.Table(id, w.LawSpec(id, kind == "question" ? MeasureKind::kQuestion : MeasureKind::kLaw));
    } else if (word == "open") {
      applied = w.Open();
    } else if (word == "close") {
      applied = w.Close();
    } else if (word == "vote") {
      std::string citizen, measure, choice;
      in >> citizen >> measure >> choice;
      applied = w.Vote(citizen, measure, ParseChoice(choice));
    } else if (word == "move") {
      std::string citizen, where;
      in >> citizen >> where;
      applied = w.Submit(RecordKind::kCitizenMove, CitizenMovePayload{citizen, where}, w.registrar);
    } else if (word == "expect") {
      CheckExpectation(w.state, in);
    } else {
      FAIL("unknown scenario step " << word);
    }
    if (refuse) {
      CHECK_FALSE(applied.ok());
      CHECK(StatusCodeName(applied.code()) == expected_code);
    } else {
      CHECK_MESSAGE(applied.ok(), applied.ToString());
    }
  }
  Result<State> replayed = Replay(w.log);
  REQUIRE(replayed.ok());
  CHECK(replayed->Digest() == w.state.Digest());
}

TEST_CASE("every voting scenario in tests/data/assembly/votes.txt gives its expected results") {
  const std::vector<ScenarioCase> cases =
      ReadScenarioCases(std::string(VECHE_SOURCE_DIR) + "/tests/data/assembly/votes.txt");
  REQUIRE(cases.size() >= 15);
  for (const auto& [name, lines] : cases) RunCase(name, lines);
}

TEST_CASE("an initiative gathers signatures, withdrawable until the threshold, then goes to the next session") {
  Assembly w;
  Charter c;
  c.initiative_threshold_permille = 600;  // 3 of 5 adults
  w.Begin(c);
  for (const char* id : {"a", "b", "d", "e", "g"}) w.Citizen(id, "union", "adult");
  w.Citizen("young", "union", "minor");
  MeasurePayload init{"clean-air", w.LawSpec("Clean air act")};
  REQUIRE(w.Submit(RecordKind::kInitiativeFile, init, w.keys.at("a")).ok());
  const Initiative& i = w.state.initiatives.at("clean-air");
  CHECK(i.threshold == 3);
  CHECK(i.signatures.size() == 1);  // the filer's
  CHECK_FALSE(i.qualified);
  CHECK(w.state.measures.count("clean-air") == 0);
  // A minor cannot sign; nobody signs twice; only a signature given can be withdrawn.
  CHECK(w.Submit(RecordKind::kInitiativeSign, IdPayload{"clean-air"}, w.keys.at("young")).code() ==
        StatusCode::kPermissionDenied);
  CHECK(w.Submit(RecordKind::kInitiativeSign, IdPayload{"clean-air"}, w.keys.at("a")).code() ==
        StatusCode::kFailedPrecondition);
  CHECK(w.Submit(RecordKind::kInitiativeWithdraw, IdPayload{"clean-air"}, w.keys.at("b")).code() ==
        StatusCode::kFailedPrecondition);
  REQUIRE(w.Submit(RecordKind::kInitiativeSign, IdPayload{"clean-air"}, w.keys.at("b")).ok());
  REQUIRE(w.Submit(RecordKind::kInitiativeWithdraw, IdPayload{"clean-air"}, w.keys.at("b")).ok());
  CHECK(w.state.initiatives.at("clean-air").signatures.size() == 1);
  REQUIRE(w.Submit(RecordKind::kInitiativeSign, IdPayload{"clean-air"}, w.keys.at("d")).ok());
  CHECK_FALSE(w.state.initiatives.at("clean-air").qualified);
  REQUIRE(w.Submit(RecordKind::kInitiativeSign, IdPayload{"clean-air"}, w.keys.at("e")).ok());
  CHECK(w.state.initiatives.at("clean-air").qualified);
  REQUIRE(w.state.measures.count("clean-air") == 1);
  CHECK(w.state.measures.at("clean-air").from_initiative);
  CHECK(w.state.measures.at("clean-air").status == MeasureStatus::kPending);
  // Once qualified, signatures can neither be added nor withdrawn.
  CHECK(w.Submit(RecordKind::kInitiativeSign, IdPayload{"clean-air"}, w.keys.at("g")).code() ==
        StatusCode::kFailedPrecondition);
  CHECK(w.Submit(RecordKind::kInitiativeWithdraw, IdPayload{"clean-air"}, w.keys.at("d")).code() ==
        StatusCode::kFailedPrecondition);
  // It is on the agenda of the session that opens next, and adopted there becomes a law in force.
  REQUIRE(w.Open().ok());
  CHECK(w.state.measures.at("clean-air").status == MeasureStatus::kVoting);
  for (const char* id : {"a", "b", "d"}) REQUIRE(w.Vote(id, "clean-air", VoteChoice::kYes).ok());
  REQUIRE(w.Close().ok());
  REQUIRE(w.state.laws.count("clean-air") == 1);
  CHECK(w.state.laws.at("clean-air").versions.size() == 1);
  CHECK(w.state.laws.at("clean-air").versions[0].text == init.spec.text);
}

TEST_CASE("a regular session opens once per period of the schedule, and only with measures pending") {
  Assembly w;
  w.Begin(Charter{});  // two sessions a year: January-June, July-December
  w.Citizen("a", "union", "adult");
  w.time = 1'704'067'200'000'000;  // 2024-01-01
  REQUIRE(w.Tick(w.time + kDay).ok());
  CHECK(w.state.sessions.empty());  // nothing pending: no session
  REQUIRE(w.Table("m1", w.LawSpec("First")).ok());
  REQUIRE(w.Open().ok());
  REQUIRE(w.state.sessions.size() == 1);
  const Session& first = w.state.sessions.begin()->second;
  CHECK(first.closes_at == w.state.clock + 14 * kDay);
  CHECK_FALSE(first.extraordinary);
  REQUIRE(w.Close().ok());
  // A measure tabled later in the same half-year waits for the next period.
  REQUIRE(w.Table("m2", w.LawSpec("Second")).ok());
  REQUIRE(w.Tick(w.time + 30 * kDay).ok());
  CHECK(w.state.sessions.size() == 1);
  CHECK(w.state.measures.at("m2").status == MeasureStatus::kPending);
  // A node may not open it early either.
  SessionOpenPayload early{"union", 2, false, w.state.clock + 14 * kDay};
  CHECK(w.Submit(RecordKind::kSessionOpen, early, w.node).code() == StatusCode::kFailedPrecondition);
  REQUIRE(w.Tick(1'719'792'000'000'000).ok());  // 2024-07-01
  CHECK(w.state.sessions.size() == 2);
  CHECK(w.state.measures.at("m2").status == MeasureStatus::kVoting);
  CHECK(w.state.assemblies.at("union").open_session == 2);
}

TEST_CASE("a petition of the charter's share of adults convenes an extraordinary session") {
  Assembly w;
  w.Begin(Charter{});  // one third (333 per mille)
  for (const char* id : {"a", "b", "c", "d", "e", "f"}) w.Citizen(id, "union", "adult");
  w.time = 1'704'067'200'000'000;
  REQUIRE(w.Table("m1", w.LawSpec("First")).ok());
  REQUIRE(w.Open().ok());
  REQUIRE(w.Close().ok());
  REQUIRE(w.Table("urgent", w.LawSpec("Urgent")).ok());
  REQUIRE(w.Submit(RecordKind::kSessionPetition, IdPayload{"union"}, w.keys.at("a")).ok());
  CHECK(w.Submit(RecordKind::kSessionPetition, IdPayload{"union"}, w.keys.at("a")).code() ==
        StatusCode::kFailedPrecondition);
  REQUIRE(w.Tick(w.time + kDay).ok());
  CHECK(w.state.sessions.size() == 1);  // 1 of 6 is below a third
  REQUIRE(w.Submit(RecordKind::kSessionPetition, IdPayload{"union"}, w.keys.at("b")).ok());
  REQUIRE(w.Tick(w.time + kDay).ok());
  REQUIRE(w.state.sessions.size() == 2);
  CHECK(w.state.sessions.at({"union", 2}).extraordinary);
  CHECK(w.state.measures.at("urgent").status == MeasureStatus::kVoting);
  CHECK(w.state.assemblies.at("union").petitions.empty());
}

TEST_CASE("amendments change a law in force, and one overtaken by another adopted first lapses") {
  Assembly w;
  w.Begin(Charter{});
  for (const char* id : {"a", "b"}) w.Citizen(id, "union", "adult");
  MeasureSpec law = w.LawSpec("Roads act");
  REQUIRE(w.Table("roads", law).ok());
  REQUIRE(w.Open().ok());
  REQUIRE(w.Vote("a", "roads", VoteChoice::kYes).ok());
  REQUIRE(w.Close().ok());
  REQUIRE(w.state.laws.count("roads"));

  auto amendment = [&](const std::string& text) { return w.AmendmentSpec("roads", law.text, text); };
  MeasureSpec first = amendment("Roads act, second version.");
  MeasureSpec second = amendment("Roads act, rival version.");
  REQUIRE(w.Table("roads-2", first).ok());
  REQUIRE(w.Table("roads-3", second).ok());
  MeasureSpec wrong_base = amendment("Roads act, on a base that never was.");
  wrong_base.base = TextHashOf("never published");
  CHECK(w.Table("roads-x", wrong_base).code() == StatusCode::kFailedPrecondition);
  MeasureSpec no_law = first;
  no_law.law = "no-such-law";
  CHECK(w.Table("roads-y", no_law).code() == StatusCode::kFailedPrecondition);

  REQUIRE(w.Tick(w.time + 200 * kDay).ok());  // the next period's session
  REQUIRE(w.Vote("a", "roads-2", VoteChoice::kYes).ok());
  REQUIRE(w.Vote("a", "roads-3", VoteChoice::kYes).ok());
  Status closed = w.Close();
  REQUIRE_MESSAGE(closed.ok(), closed.ToString());
  const Law& roads = w.state.laws.at("roads");
  REQUIRE(roads.versions.size() == 2);
  CHECK(roads.versions[1].text == first.text);
  CHECK(roads.versions[1].measure == "roads-2");
  CHECK(w.state.measures.at("roads-2").result->applied);
  CHECK(w.state.measures.at("roads-3").result->decision.outcome == choice::Outcome::kAdopted);
  CHECK_FALSE(w.state.measures.at("roads-3").result->applied);  // lapsed: its base is no longer in force
}

TEST_CASE("a charter amendment takes effect only with the charter's qualified majority") {
  MeasureSpec change;
  change.kind = MeasureKind::kCharter;
  change.territory = "union";
  change.title = "Four sessions a year";
  change.charter.sessions_per_year = 4;
  for (bool enough : {true, false}) {
    Assembly w;
    w.Begin(Charter{});  // charter majority 2/3
    for (const char* id : {"a", "b", "c"}) w.Citizen(id, "union", "adult");
    REQUIRE(w.Table("charter-1", change).ok());
    REQUIRE(w.Open().ok());
    // 2 of 3 meets 2/3; 1 yes with 2 abstaining would pass a simple majority but not 2/3.
    REQUIRE(w.Vote("a", "charter-1", VoteChoice::kYes).ok());
    REQUIRE(w.Vote("b", "charter-1", enough ? VoteChoice::kYes : VoteChoice::kAbstain).ok());
    REQUIRE(w.Vote("c", "charter-1", enough ? VoteChoice::kNo : VoteChoice::kAbstain).ok());
    REQUIRE(w.Close().ok());
    CHECK(w.state.measures.at("charter-1").result->decision.outcome ==
          (enough ? choice::Outcome::kAdopted : choice::Outcome::kNoMajority));
    CHECK(w.state.territories.at("union").charter.sessions_per_year == (enough ? 4 : 2));
  }
}

TEST_CASE("a budget must balance or state its deficit, and an adopted one is in force") {
  Assembly w;
  w.Begin(Charter{});
  w.Citizen("a", "union", "adult");
  MeasureSpec b;
  b.kind = MeasureKind::kBudget;
  b.territory = "union";
  b.title = "Budget 2025";
  b.year = 2025;
  b.income = {{"Income tax", 1000}, {"Rents", 200}};
  b.expenditure = {{"Schools", 900}, {"Roads", 500}};
  b.deficit = 100;  // wrong: 1400 - 1200 = 200
  Result<MeasurePayload> wrong = DecodePayload<MeasurePayload>(EncodePayload(MeasurePayload{"budget-2025", b}));
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.error().message().find("deficit") != std::string::npos);
  b.deficit = 200;
  REQUIRE(w.Table("budget-2025", b).ok());
  REQUIRE(w.Open().ok());
  REQUIRE(w.Vote("a", "budget-2025", VoteChoice::kYes).ok());
  REQUIRE(w.Close().ok());
  CHECK(w.state.assemblies.at("union").budget == "budget-2025");
  b.income[0].amount = 0;
  CHECK_FALSE(DecodePayload<MeasurePayload>(EncodePayload(MeasurePayload{"b", b})).ok());
}

TEST_CASE("only the node opens and closes sessions and records results, and a result must match the count") {
  Assembly w;
  w.Begin(Charter{});
  for (const char* id : {"a", "b"}) w.Citizen(id, "union", "adult");
  REQUIRE(w.Table("m1", w.LawSpec("First")).ok());
  REQUIRE(w.Submit(RecordKind::kClock, ClockPayload{w.time + 1}, w.node).ok());
  SessionOpenPayload open{"union", 1, false, w.state.clock + 14 * kDay};
  CHECK(w.Submit(RecordKind::kSessionOpen, open, w.authority).code() == StatusCode::kPermissionDenied);
  SessionOpenPayload wrong_end = open;
  wrong_end.closes_at += 1;
  CHECK(w.Submit(RecordKind::kSessionOpen, wrong_end, w.node).code() == StatusCode::kFailedPrecondition);
  REQUIRE(w.Submit(RecordKind::kSessionOpen, open, w.node).ok());
  REQUIRE(w.Vote("a", "m1", VoteChoice::kYes).ok());
  // Not over yet: closing early is refused.
  CHECK(w.Submit(RecordKind::kSessionClose, SessionClosePayload{"union", 1}, w.node).code() ==
        StatusCode::kFailedPrecondition);
  REQUIRE(w.Submit(RecordKind::kClock, ClockPayload{open.closes_at}, w.node).ok());
  REQUIRE(w.Submit(RecordKind::kSessionClose, SessionClosePayload{"union", 1}, w.node).ok());
  CHECK(w.Vote("b", "m1", VoteChoice::kNo).code() == StatusCode::kFailedPrecondition);
  MeasureResultPayload honest = ComputeResult(w.state, "m1").value();
  MeasureResultPayload forged = honest;
  forged.binding = {0, 1, 0};
  forged.decision.outcome = choice::Outcome::kNoMajority;
  forged.applied = false;
  Status refused = w.Submit(RecordKind::kMeasureResult, forged, w.node);
  CHECK(refused.code() == StatusCode::kFailedPrecondition);
  CHECK(refused.message().find("does not match the count") != std::string::npos);
  CHECK(w.Submit(RecordKind::kMeasureResult, honest, w.authority).code() == StatusCode::kPermissionDenied);
  REQUIRE(w.Submit(RecordKind::kMeasureResult, honest, w.node).ok());
  CHECK(w.Submit(RecordKind::kMeasureResult, honest, w.node).code() == StatusCode::kFailedPrecondition);
  CHECK(w.state.laws.count("m1") == 1);
}

TEST_CASE("the last vote counts in the voter's own order: a vote signed before the counted one is refused") {
  Assembly w;
  w.Begin(Charter{});
  w.Citizen("a", "union", "adult");
  REQUIRE(w.Table("m1", w.LawSpec("First")).ok());
  REQUIRE(w.Open().ok());
  const crypto::SigningKey& a = w.keys.at("a");
  const UnixMicros t = w.time;
  // The voter signed yes, then no; the node holds the "yes" back and offers it after the "no".
  REQUIRE(w.SubmitSignedAt(RecordKind::kVote, EncodePayload(VotePayload{"m1", VoteChoice::kNo}), a, t + 20).ok());
  Status held_back = w.SubmitSignedAt(RecordKind::kVote, EncodePayload(VotePayload{"m1", VoteChoice::kYes}), a, t + 10);
  CHECK(held_back.code() == StatusCode::kFailedPrecondition);
  CHECK(held_back.message().find("a later vote must be signed later") != std::string::npos);
  // At the same time is not later either.
  CHECK_FALSE(w.SubmitSignedAt(RecordKind::kVote, EncodePayload(VotePayload{"m1", VoteChoice::kYes}), a, t + 20).ok());
  const Measure& m = w.state.measures.at("m1");
  CHECK(m.votes.at("a").choice == VoteChoice::kNo);
  CHECK(m.binding.no == 1);
  CHECK(m.binding.yes == 0);
  // A vote signed later replaces it.
  REQUIRE(w.SubmitSignedAt(RecordKind::kVote, EncodePayload(VotePayload{"m1", VoteChoice::kYes}), a, t + 30).ok());
  CHECK(w.state.measures.at("m1").votes.at("a").choice == VoteChoice::kYes);
  CHECK(w.state.measures.at("m1").binding.yes == 1);
  CHECK(w.state.measures.at("m1").binding.no == 0);
}

TEST_CASE("texts are content-addressed and a measure needs its text published first") {
  Assembly w;
  w.Begin(Charter{});
  w.Citizen("a", "union", "adult");
  MeasureSpec s;
  s.territory = "union";
  s.title = "Unpublished";
  s.text = TextHashOf("not yet published");
  CHECK(w.Table("m1", s).code() == StatusCode::kFailedPrecondition);
  REQUIRE(w.Submit(RecordKind::kText, TextPayload{"not yet published"}, w.keys.at("a")).ok());
  CHECK(w.state.texts.count(s.text) == 1);
  CHECK(w.Submit(RecordKind::kText, TextPayload{"not yet published"}, w.authority).code() ==
        StatusCode::kFailedPrecondition);
  REQUIRE(w.Table("m1", s).ok());
  CHECK(w.Table("m1", s).code() == StatusCode::kFailedPrecondition);  // the id is taken
  crypto::SigningKey stranger = crypto::SigningKey::Generate(w.rng);
  CHECK(w.Submit(RecordKind::kText, TextPayload{"spam"}, stranger).code() == StatusCode::kPermissionDenied);
  // A text of the largest size fits one log entry; one byte more is refused by the decoder.
  std::string big(kMaxTextSize, 'x');
  REQUIRE(w.Submit(RecordKind::kText, TextPayload{big}, w.authority).ok());
  CHECK(w.log.back().size() <= 65535);
  CHECK_FALSE(DecodePayload<TextPayload>(EncodePayload(TextPayload{big + "x"})).ok());
}

}  // namespace
}  // namespace veche::core
