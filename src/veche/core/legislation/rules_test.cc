// SPDX-License-Identifier: AGPL-3.0-or-later
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "veche/core/state_codec.h"
#include "veche/core/test_world.h"

namespace veche::core {
namespace {

constexpr UnixMicros kDay = 86'400'000'000;
constexpr UnixMicros kFarFuture = 4'000'000'000'000'000;  // year 2096

// A union with an authority, a registrar for the whole union and citizens with their own keys.
struct Assembly : World {
  std::map<std::string, crypto::SigningKey> keys;  // citizen id -> key

  void Begin(const Charter& charter) {
    GenesisPayload g;
    g.node_key = Pk(node);
    g.root_id = "union";
    g.root_name = "The Union";
    g.charter = charter;
    g.authorities = {Pk(authority)};
    REQUIRE(Submit(RecordKind::kGenesis, g, node).ok());
    REQUIRE(Submit(RecordKind::kRegistrarAccredit, RegistrarAccreditPayload{Pk(registrar), "union"}, authority).ok());
  }
  void Member(const std::string& id) {
    REQUIRE(Submit(RecordKind::kTerritoryCreate, TerritoryCreatePayload{id, "union", TerritoryKind::kRepublic, id, {}},
                   authority)
                .ok());
  }
  // age: "adult", "minor" (consultative vote) or "child" (no vote).
  void Citizen(const std::string& id, const std::string& where, const std::string& age) {
    CitizenEnrolPayload e;
    e.id = id;
    e.residence = where;
    e.majority_date = age == "adult" ? 0 : kFarFuture;
    e.consultative_date = age == "child" ? kFarFuture : 0;
    e.enrolment_key = Pk(EnrolmentKey("code-" + id));
    REQUIRE(Submit(RecordKind::kCitizenEnrol, e, registrar).ok());
    keys.emplace(id, crypto::SigningKey::Generate(rng));
    REQUIRE(Bind(id, "code-" + id, keys.at(id)).ok());
  }
  TextHash Publish(const std::string& text) {
    REQUIRE(Submit(RecordKind::kText, TextPayload{text}, authority).ok());
    return TextHashOf(text);
  }
  Status Table(const std::string& id, MeasureSpec spec) {
    return Submit(RecordKind::kMeasureTable, MeasurePayload{id, std::move(spec)}, authority);
  }
  MeasureSpec LawSpec(const std::string& title, MeasureKind kind = MeasureKind::kLaw) {
    MeasureSpec s;
    s.kind = kind;
    s.territory = "union";
    s.title = title;
    s.text = Publish("The text of " + title + ".");
    return s;
  }
  // An amendment of law `law` (of the union) from version `base` to a newly published `text`.
  MeasureSpec AmendmentSpec(const std::string& law, const TextHash& base, const std::string& text) {
    MeasureSpec s;
    s.kind = MeasureKind::kAmendment;
    s.territory = "union";
    s.title = "Amendment of " + law;
    s.law = law;
    s.base = base;
    s.text = Publish(text);
    return s;
  }
  Status Vote(const std::string& citizen, const std::string& measure, VoteChoice choice) {
    return Submit(RecordKind::kVote, VotePayload{measure, choice}, keys.at(citizen));
  }
  Status Open() { return Tick(time + kDay); }
  // Moves the clock past the end of every open session.
  Status Close() {
    UnixMicros end = time;
    for (const auto& [key, s] : state.sessions) end = std::max(end, s.closes_at);
    return Tick(end + 1);
  }
};

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
  for (const auto& [line_no, text] : lines) {
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
  std::ifstream file(std::string(VECHE_SOURCE_DIR) + "/tests/data/assembly/votes.txt");
  REQUIRE(file.good());
  std::vector<std::pair<std::string, std::vector<std::pair<int, std::string>>>> cases;
  std::string text;
  for (int line_no = 1; std::getline(file, text); ++line_no) {
    if (text.empty() || text[0] == '#') continue;
    if (text.rfind("case ", 0) == 0) {
      cases.emplace_back(text.substr(5), std::vector<std::pair<int, std::string>>{});
    } else {
      REQUIRE_MESSAGE(!cases.empty(), "line " << line_no << " comes before any case");
      cases.back().second.emplace_back(line_no, text);
    }
  }
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
