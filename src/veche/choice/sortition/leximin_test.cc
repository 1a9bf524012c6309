// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/choice/sortition/leximin.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <numeric>

#include <unistd.h>

#include "veche/choice/sortition/contained.h"
#include "veche/choice/sortition/exact_check.h"
#include "veche/choice/sortition/solver.h"
#include "veche/choice/sortition/sortition_json.h"
#include "veche/choice/sortition/test_pools.h"

namespace veche::choice::sortition {
namespace {

double Fraction(const std::string& s) {
  auto slash = s.find('/');
  return slash == std::string::npos ? std::stod(s) : std::stod(s.substr(0, slash)) / std::stod(s.substr(slash + 1));
}

std::map<std::string, double> ProbabilitiesById(const Pool& pool, const TypedPool& typed, const Distribution& d) {
  std::vector<double> p = PersonProbabilities(typed, d);
  std::map<std::string, double> out;
  for (std::size_t i = 0; i < p.size(); ++i) out[pool.people[i].id] = p[i];
  return out;
}

void CheckExample(const std::string& name, bool households) {
  auto pool = testing::ExamplePool(name, households);
  REQUIRE(pool.ok());
  TypedPool typed = Aggregate(*pool);
  auto d = Leximin(typed);
  REQUIRE_MESSAGE(d.ok(), d.error().ToString());
  CHECK(CheckDistribution(typed, *d).ok());
  CHECK(VerifyBounds(typed, *d).ok());
  auto expected = nlohmann::json::parse(testing::ReadTestFile(name + "/expected.json"));
  auto got = ProbabilitiesById(*pool, typed, *d);
  for (const auto& item : expected.at("leximin_no_households").items()) {
    const std::string& id = item.key();
    CHECK_MESSAGE(got.at(id) == doctest::Approx(Fraction(item.value().get<std::string>())).epsilon(1e-6),
                  name << " " << id);
  }
}

}  // namespace

TEST_CASE("LEXIMIN gives the Sortition Foundation's example pools their exact probabilities") {
  for (const char* name : {"sa_example1", "sa_example3", "sa_example5"}) CheckExample(name, false);
  // sa_example3 with the household rule: c and d share a home, and are never together anyway.
  CheckExample("sa_example3", true);
}

TEST_CASE("LEXIMIN agrees with the exact enumeration on random pools of up to 12 people") {
  std::mt19937_64 rng(20261204);
  int compared = 0;
  for (int trial = 0; trial < 60; ++trial) {
    int people = 5 + static_cast<int>(rng() % 8), k = 2 + static_cast<int>(rng() % 4);
    Pool pool = testing::RandomPool(rng, people, 1 + static_cast<int>(rng() % 3), 3, k, rng() % 2 == 0);
    if (trial % 3 == 0) {  // households of two for some
      pool.households = true;
      for (std::size_t i = 0; i < pool.people.size(); ++i) pool.people[i].household = std::to_string(i / 2);
    }
    REQUIRE(ValidatePool(pool).ok());
    TypedPool typed = Aggregate(pool);
    auto exact = testing::ExactLeximin(pool);
    auto d = Leximin(typed);
    if (!exact.ok()) {
      CHECK_FALSE(d.ok());  // both see no feasible panel
      continue;
    }
    REQUIRE_MESSAGE(d.ok(), d.error().ToString());
    std::vector<double> ours = PersonProbabilities(typed, *d);
    for (std::size_t i = 0; i < ours.size(); ++i) CHECK(ours[i] == doctest::Approx((*exact)[i]).epsilon(1e-6));
    ++compared;
  }
  CHECK(compared >= 20);
}

TEST_CASE(
    "LEXIMIN's invariants on random pools: feasible panels, K seats in expectation, equal types equal, order-free") {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 12; ++trial) {
    Pool pool = testing::RandomPool(rng, 60 + static_cast<int>(rng() % 60), 3, 4, 8 + static_cast<int>(rng() % 5));
    TypedPool typed = Aggregate(pool);
    auto d = Leximin(typed);
    if (!d.ok()) continue;
    CHECK_MESSAGE(CheckDistribution(typed, *d).ok(), CheckDistribution(typed, *d).ToString());
    CHECK_MESSAGE(VerifyBounds(typed, *d).ok(), VerifyBounds(typed, *d).ToString());
    std::vector<double> p = PersonProbabilities(typed, *d);
    CHECK(std::accumulate(p.begin(), p.end(), 0.0) == doctest::Approx(pool.panel_size).epsilon(1e-7));
    // The same people in reverse order: the same probability for each id.
    Pool reversed = pool;
    std::reverse(reversed.people.begin(), reversed.people.end());
    TypedPool typed_reversed = Aggregate(reversed);
    auto again = Leximin(typed_reversed);
    REQUIRE(again.ok());
    auto a = ProbabilitiesById(pool, typed, *d), b = ProbabilitiesById(reversed, typed_reversed, *again);
    for (const auto& entry : a) CHECK(b.at(entry.first) == doctest::Approx(entry.second).epsilon(1e-6));
  }
}

TEST_CASE("LEXIMIN: the first level is the maximin, and the certificate's bound holds it") {
  auto [pool, typed, solved] = testing::SolveExample("sa_example5");
  const Distribution* d = &solved;
  REQUIRE(!d->levels.empty());
  CHECK(d->levels.front().value == doctest::Approx(0.5));
  CHECK(d->levels.front().bound() == doctest::Approx(0.5).epsilon(1e-7));
  // A forged level above its bound fails both checks.
  Distribution forged = *d;
  forged.levels.back().value += 0.01;
  CHECK_FALSE(CheckDistribution(typed, forged).ok());
  Distribution forged_bound = *d;
  forged_bound.levels.back().pricing_bound += 0.01;
  forged_bound.levels.back().value += 0.01;
  CHECK_FALSE(VerifyBounds(typed, forged_bound).ok());
}

TEST_CASE("infeasible quotas: an error, and the smallest relaxation within the flex bounds") {
  auto pool = testing::ExamplePool("sa_example5");
  REQUIRE(pool.ok());
  // Two women on a panel of five, but only two women (elinor, grace) and 4 men required: 6 seats.
  pool->features[0].quotas[0] = Quota{2, 2, 0, 5};
  TypedPool typed = Aggregate(*pool);
  auto d = Leximin(typed);
  REQUIRE_FALSE(d.ok());
  CHECK(d.error().code() == StatusCode::kFailedPrecondition);
  auto relax = SmallestRelaxation(typed);
  REQUIRE(relax.ok());
  std::int64_t moved = 0;
  for (const Relaxation& r : *relax) moved += (r.min - r.new_min) + (r.new_max - r.max);
  CHECK(moved == 1);
  // With no room to move (flex equal to the bounds), no relaxation exists.
  for (Feature& f : pool->features) {
    for (Quota& q : f.quotas) q.min_flex = q.min, q.max_flex = q.max;
  }
  CHECK_FALSE(SmallestRelaxation(Aggregate(*pool)).ok());
}

TEST_CASE("LEXIMIN in a contained child process returns the same distribution as in the caller") {
  auto pool = testing::ExamplePool("sa_example1");
  REQUIRE(pool.ok());
  TypedPool typed = Aggregate(*pool);
  auto direct = Leximin(typed);
  auto contained = LeximinContained(typed, std::chrono::seconds(30));
  REQUIRE(direct.ok());
  REQUIRE_MESSAGE(contained.ok(), contained.error().ToString());
  CHECK(contained->weights == direct->weights);
  CHECK(contained->type_probability == direct->type_probability);
  Distribution a = *contained, b = *direct;
  a.pricing_seconds = b.pricing_seconds = a.lp_seconds = b.lp_seconds = 0;  // the clock differs, nothing else
  CHECK(EncodeDistribution(a) == EncodeDistribution(b));
}

}  // namespace veche::choice::sortition

namespace veche::choice::sortition {

TEST_CASE("contained work: an abort and a timeout become errors, an answer comes back whole") {
  auto aborted = RunContained([]() -> Result<std::string> { std::abort(); }, std::chrono::seconds(10), "test");
  REQUIRE_FALSE(aborted.ok());
  CHECK(aborted.error().message().find("signal 6") != std::string::npos);
  auto slow = RunContained(
      []() -> Result<std::string> {
        while (true) pause();
      },
      std::chrono::milliseconds(200), "test");
  REQUIRE_FALSE(slow.ok());
  CHECK(slow.error().code() == StatusCode::kDeadlineExceeded);
  auto refused = RunContained([]() -> Result<std::string> { return NotFoundError("no such pool"); },
                              std::chrono::seconds(10), "test");
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error() == NotFoundError("no such pool"));
  std::string big(3 << 20, 'x');
  auto whole = RunContained([&]() -> Result<std::string> { return big; }, std::chrono::seconds(10), "test");
  REQUIRE(whole.ok());
  CHECK(*whole == big);
}

}  // namespace veche::choice::sortition
