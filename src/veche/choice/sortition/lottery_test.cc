// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/choice/sortition/lottery.h"

#include <doctest/doctest.h>

#include <cmath>
#include <numeric>

#include "veche/choice/sortition/leximin.h"
#include "veche/choice/sortition/test_pools.h"

namespace veche::choice::sortition {

TEST_CASE("RFC 3797 section 6: the example's key string and its selection, exactly") {
  auto key = Rfc3797KeyString({"9319", "2 5 12 8 10", "9 18 26 34 41 45"});
  REQUIRE(key.ok());
  CHECK(*key == "9319./2.5.8.10.12./9.18.26.34.41.45./");
  auto picked = Rfc3797Select(25, 10, *key);
  REQUIRE(picked.ok());
  CHECK(*picked == std::vector<int>{17, 7, 2, 16, 25, 23, 8, 24, 19, 13});
  // The eleventh pick continues the same sequence (votelib's test of the example takes 11).
  CHECK(Rfc3797Select(25, 11, *key)->back() == 22);
}

TEST_CASE("RFC 3797 key strings: numbers sorted numerically without leading zeros, text upper-cased") {
  CHECK(*Rfc3797KeyString({"10 9 0100 007"}) == "7.9.10.100./");
  CHECK(*Rfc3797KeyString({"W 4-1", "Dow Jones: 36,124.56"}) == "W41/DOWJONES3612456/");
  CHECK_FALSE(Rfc3797KeyString({}).ok());
  CHECK_FALSE(Rfc3797KeyString({" - "}).ok());
  CHECK_FALSE(Rfc3797Select(25, 26, "x/").ok());
  CHECK_FALSE(Rfc3797Select(0, 1, "x/").ok());
  CHECK_FALSE(Rfc3797Select(70000, 1, "x/").ok());
}

TEST_CASE("the uniform stream is deterministic, in range, and rejects to stay exactly uniform") {
  Bytes seed(32, 7);
  UniformStream a(seed), b(seed);
  for (int i = 0; i < 100; ++i) CHECK(a.UniformBelow(1000) == b.UniformBelow(1000));
  UniformStream one(seed);
  CHECK(one.UniformBelow(1) == 0);
  // m = 2^63 + 1: every word at or above m is rejected, so about half are.
  UniformStream big(seed);
  const std::uint64_t m = (std::uint64_t{1} << 63) + 1;
  for (int i = 0; i < 200; ++i) CHECK(big.UniformBelow(m) < m);
  CHECK(big.words_used() > 300);
  CHECK(big.words_used() < 500);
  // m = 2^64 − 1 is nearly a power of two: rejections are rare; m = 3 counts come out even.
  UniformStream three(seed);
  std::array<int, 3> counts{};
  for (int i = 0; i < 30000; ++i) ++counts[three.UniformBelow(3)];
  for (int c : counts) CHECK(std::abs(c - 10000) < 400);
}

TEST_CASE("weights rounded by largest remainder sum exactly to the total, each within one of exact") {
  std::vector<double> p{1.0 / 3, 1.0 / 3, 1.0 / 3};
  auto w = RoundWeights(p, 10);
  CHECK(w == std::vector<std::uint64_t>{4, 3, 3});  // the tie goes to the lower index
  std::mt19937_64 rng(3);
  for (int trial = 0; trial < 50; ++trial) {
    std::vector<double> q(1 + rng() % 40);
    for (double& x : q) x = static_cast<double>(rng() % 1000);
    double sum = std::accumulate(q.begin(), q.end(), 0.0);
    if (sum == 0) continue;
    auto r = RoundWeights(q, kWeightTotal);
    CHECK(std::accumulate(r.begin(), r.end(), std::uint64_t{0}) == kWeightTotal);
    for (std::size_t i = 0; i < q.size(); ++i)
      CHECK(std::abs(static_cast<double>(r[i]) - q[i] / sum * 1e12) <= 1.0 + 1e-3);
  }
}

TEST_CASE("the draw follows the distribution's marginals, and the same seed draws the same panel") {
  auto [example, typed, solved] = testing::SolveExample("sa_example5");
  const Pool* pool = &example;
  const Distribution* d = &solved;
  auto weights = RoundWeights(d->weights, kWeightTotal);
  std::vector<int> chosen(pool->people.size(), 0);
  const int draws = 20000;
  for (int i = 0; i < draws; ++i) {
    Bytes seed(32, 0);
    for (int b = 0; b < 4; ++b) seed[static_cast<std::size_t>(b)] = static_cast<std::uint8_t>(i >> (8 * b));
    auto drawn = DrawPanel(seed, typed, d->panels, weights);
    REQUIRE(drawn.ok());
    CHECK(drawn->people.size() == static_cast<std::size_t>(pool->panel_size));
    for (int person : drawn->people) ++chosen[static_cast<std::size_t>(person)];
    if (i == 0) CHECK(DrawPanel(seed, typed, d->panels, weights)->people == drawn->people);
  }
  std::vector<double> p = PersonProbabilities(typed, *d);
  for (std::size_t i = 0; i < p.size(); ++i) {
    double sigma = std::sqrt(draws * p[i] * (1 - p[i])) + 1;
    CHECK(std::abs(chosen[i] - draws * p[i]) < 4.5 * sigma);
  }
}

TEST_CASE("a draw from bad weights is an error, not a crash") {
  auto pool = testing::ExamplePool("sa_example1");
  REQUIRE(pool.ok());
  TypedPool typed = Aggregate(*pool);
  Bytes seed(32, 1);
  CHECK_FALSE(DrawPanel(seed, typed, {}, {}).ok());
  Panel p{{{0, 1}, {1, 1}}};
  CHECK_FALSE(DrawPanel(seed, typed, {p}, {0}).ok());
  CHECK_FALSE(DrawPanel(seed, typed, {p, p}, {1}).ok());
  Panel bad{{{99, 1}}};
  CHECK_FALSE(DrawPanel(seed, typed, {bad}, {1}).ok());
}

}  // namespace veche::choice::sortition
