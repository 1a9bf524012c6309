// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/choice/majority.h"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <vector>

namespace veche::choice {
namespace {

struct Case {
  std::string name;
  int line = 0;
  Rule rule;
  std::uint64_t electorate = 0;
  Count citizens;
  std::vector<Count> members;
  std::string outcome;
  std::string members_expected;  // "A/B", or empty when not stated
};

Count ReadCount(std::istringstream& in) {
  Count c;
  in >> c.yes >> c.no >> c.abstain;
  return c;
}

// Parses tests/data/choice/majority.txt (format in its header). A malformed line fails the test.
std::vector<Case> LoadCases(const std::string& path) {
  std::ifstream file(path);
  REQUIRE_MESSAGE(file.good(), "cannot open " << path);
  std::vector<Case> cases;
  std::string text;
  for (int line_no = 1; std::getline(file, text); ++line_no) {
    if (text.empty() || text[0] == '#') continue;
    std::istringstream in(text);
    std::string key;
    in >> key;
    if (key == "case") {
      cases.emplace_back();
      cases.back().line = line_no;
      std::getline(in >> std::ws, cases.back().name);
      continue;
    }
    REQUIRE_MESSAGE(!cases.empty(), path << ":" << line_no << ": a case must begin with 'case'");
    Case& c = cases.back();
    if (key == "rule") {
      std::string kind;
      in >> kind;
      if (kind == "simple") {
        c.rule.majority = {MajorityKind::kSimple, 1, 2};
      } else if (kind == "absolute") {
        c.rule.majority = {MajorityKind::kAbsolute, 1, 2};
      } else {
        REQUIRE_MESSAGE(kind == "qualified", path << ":" << line_no << ": unknown rule " << kind);
        char slash = 0;
        in >> c.rule.majority.num >> slash >> c.rule.majority.den;
        c.rule.majority.kind = MajorityKind::kQualified;
      }
      REQUIRE_MESSAGE(c.rule.majority.Validate().ok(), path << ":" << line_no << ": invalid rule");
    } else if (key == "quorum") {
      in >> c.rule.quorum_permille;
    } else if (key == "double") {
      c.rule.double_majority = true;
    } else if (key == "electorate") {
      in >> c.electorate;
    } else if (key == "citizens") {
      c.citizens = ReadCount(in);
    } else if (key == "member") {
      c.members.push_back(ReadCount(in));
    } else if (key == "expect") {
      in >> c.outcome;
      REQUIRE_MESSAGE(!in.fail(), path << ":" << line_no << ": expect needs an outcome");
      std::string word;
      if (in >> word) {
        REQUIRE_MESSAGE(word == "members", path << ":" << line_no << ": expected 'members A/B'");
        in >> c.members_expected;
      } else {
        continue;  // no members stated
      }
    } else {
      FAIL(path << ":" << line_no << ": unknown key '" << key << "'");
    }
    REQUIRE_MESSAGE(!in.fail(), path << ":" << line_no << ": malformed line");
  }
  return cases;
}

TEST_CASE("every counting case in tests/data/choice/majority.txt gives its expected decision") {
  std::vector<Case> cases = LoadCases(std::string(VECHE_SOURCE_DIR) + "/tests/data/choice/majority.txt");
  REQUIRE(cases.size() >= 20);
  for (const Case& c : cases) {
    INFO("case '" << c.name << "' (line " << c.line << ")");
    REQUIRE_FALSE(c.outcome.empty());
    Decision d = Decide(c.rule, c.electorate, c.citizens, c.members);
    CHECK(std::string(OutcomeName(d.outcome)) == c.outcome);
    if (!c.members_expected.empty()) {
      CHECK(std::to_string(d.members_approving) + "/" + std::to_string(d.members_total) == c.members_expected);
    }
  }
}

TEST_CASE("majority rules validate their share") {
  CHECK(MajorityRule{MajorityKind::kSimple, 1, 2}.Validate().ok());
  CHECK_FALSE(MajorityRule{MajorityKind::kSimple, 2, 3}.Validate().ok());
  CHECK(MajorityRule{MajorityKind::kQualified, 2, 3}.Validate().ok());
  CHECK(MajorityRule{MajorityKind::kQualified, 1, 1}.Validate().ok());
  CHECK_FALSE(MajorityRule{MajorityKind::kQualified, 1, 2}.Validate().ok());  // not more than half
  CHECK_FALSE(MajorityRule{MajorityKind::kQualified, 4, 3}.Validate().ok());
  CHECK_FALSE(MajorityRule{MajorityKind::kQualified, 0, 0}.Validate().ok());
  CHECK_FALSE(MajorityRule{MajorityKind::kQualified, 1001, 1001}.Validate().ok());
  CHECK(MajorityRule{MajorityKind::kQualified, 2, 3}.ToString() == "qualified 2/3");
}

TEST_CASE("counts near the contract's limit do not overflow") {
  const std::uint64_t big = (std::uint64_t{1} << 48) - 1;
  Rule r{1000, {MajorityKind::kQualified, 999, 1000}, false};
  CHECK(Decide(r, big, Count{big, 0, 0}, {}).outcome == Outcome::kAdopted);
  CHECK(Decide(r, big, Count{big - 1, 0, 0}, {}).outcome == Outcome::kNoQuorum);
}

}  // namespace
}  // namespace veche::choice
