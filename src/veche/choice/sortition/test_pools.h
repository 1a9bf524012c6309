// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Pools for the sortition tests: the reference examples in tests/data/sortition/ and random pools.

#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include <doctest/doctest.h>

#include "veche/choice/sortition/leximin.h"
#include "veche/choice/sortition/pool.h"

namespace veche::choice::sortition::testing {

inline std::string ReadTestFile(const std::string& relative) {
  std::ifstream in(std::string(VECHE_SOURCE_DIR) + "/tests/data/sortition/" + relative, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline Result<Pool> ExamplePool(const std::string& name, bool households = false) {
  int k = std::stoi(ReadTestFile(name + "/panel_size.txt"));
  std::vector<std::string> house;
  if (households) house = {"home", "street"};
  return ReadPool(ReadTestFile(name + "/features.csv"), ReadTestFile(name + "/people.csv"), k, house);
}

// An example pool with its LEXIMIN distribution; the test stops if either fails.
struct Solved {
  Pool pool;
  TypedPool typed;
  Distribution d;
};
inline Solved SolveExample(const std::string& name) {
  auto pool = ExamplePool(name);
  REQUIRE(pool.ok());
  TypedPool typed = Aggregate(*pool);
  auto d = Leximin(typed);
  REQUIRE_MESSAGE(d.ok(), d.error().ToString());
  return Solved{std::move(*pool), std::move(typed), std::move(*d)};
}

// A random pool: `features` features of 2..`max_values` values, quotas around each value's share.
inline Pool RandomPool(std::mt19937_64& rng, int people, int features, int max_values, int k, bool tight = true) {
  Pool pool;
  pool.panel_size = k;
  for (int f = 0; f < features; ++f) {
    Feature feature{"f" + std::to_string(f), {}, {}};
    int values = 2 + static_cast<int>(rng() % static_cast<std::uint64_t>(max_values - 1));
    for (int v = 0; v < values; ++v) feature.values.push_back("v" + std::to_string(v));
    pool.features.push_back(std::move(feature));
  }
  for (int i = 0; i < people; ++i) {
    Person p{"p" + std::to_string(i), {}, {}};
    for (const Feature& f : pool.features) {
      // Skewed shares: value v is drawn with weight v + 1, so the pool is unrepresentative.
      int total = static_cast<int>(f.values.size() * (f.values.size() + 1) / 2);
      int x = static_cast<int>(rng() % static_cast<std::uint64_t>(total)), v = 0;
      while (x >= v + 1) x -= ++v;
      p.values.push_back(v);
    }
    pool.people.push_back(std::move(p));
  }
  // Quotas: each value's seats near an equal split of the panel, loose when `tight` is false.
  for (Feature& f : pool.features) {
    std::int64_t share = k / static_cast<std::int64_t>(f.values.size());
    for (std::size_t v = 0; v < f.values.size(); ++v) {
      std::int64_t lo = tight ? std::max<std::int64_t>(0, share - 1) : 0;
      std::int64_t hi = tight ? share + 2 : k;
      f.quotas.push_back(Quota{lo, hi, 0, std::max<std::int64_t>(hi, k)});
    }
  }
  return pool;
}

}  // namespace veche::choice::sortition::testing
