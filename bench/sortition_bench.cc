// SPDX-License-Identifier: AGPL-3.0-or-later
// LEXIMIN panels and the public draw (choice/sortition), on pools shaped like real recruitment:
// six features of 2, 4, 5, 5, 5 and 6 values (27 quotas), census shares as quotas (a seat below to
// two above each value's share of the panel), a pool skewed against them (each value's share in the
// pool off by a factor of 0.4 to 2), as the n = 1,000, K = 100 case.
//   build/bench/veche_bench --benchmark_filter=Leximin
#include <benchmark/benchmark.h>

#include <random>

#include "veche/choice/sortition/leximin.h"
#include "veche/choice/sortition/lottery.h"

namespace veche::choice::sortition {
namespace {

Pool CensusPool(int people, int k, std::vector<int> sizes, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> share(0.5, 1.5), skew(0.4, 2.0);
  Pool pool;
  pool.panel_size = k;
  std::vector<std::discrete_distribution<int>> draw;
  for (std::size_t f = 0; f < sizes.size(); ++f) {
    Feature feature{"f" + std::to_string(f), {}, {}};
    std::vector<double> census(static_cast<std::size_t>(sizes[f])), in_pool;
    double total = 0;
    for (double& c : census) total += (c = share(rng));
    for (std::size_t v = 0; v < census.size(); ++v) {
      double target = census[v] / total * k;
      feature.values.push_back("v" + std::to_string(v));
      std::int64_t lo = std::max<std::int64_t>(0, static_cast<std::int64_t>(target) - 1),
                   hi = static_cast<std::int64_t>(target) + 2;
      feature.quotas.push_back(Quota{lo, hi, 0, std::max<std::int64_t>(hi, k)});
      in_pool.push_back(census[v] * skew(rng));
    }
    draw.emplace_back(in_pool.begin(), in_pool.end());
    pool.features.push_back(std::move(feature));
  }
  for (int i = 0; i < people; ++i) {
    Person p{"p" + std::to_string(i), {}, {}};
    for (auto& d : draw) p.values.push_back(d(rng));
    pool.people.push_back(std::move(p));
  }
  return pool;
}

void Report(benchmark::State& state, const TypedPool& typed, const Distribution& d) {
  state.counters["types"] = static_cast<double>(typed.types.size());
  state.counters["levels"] = static_cast<double>(d.levels.size());
  state.counters["panels"] = static_cast<double>(d.panels.size());
  state.counters["ilps"] = d.pricing_calls;
  state.counters["lps"] = d.lp_solves;
  state.counters["ilp_s"] = d.pricing_seconds;
  state.counters["lp_s"] = d.lp_seconds;
  state.counters["max_gap"] = MaxGap(d);
}

// Args: people, panel size, distinct types wanted (0: the six features above; else two features of
// 2 and 3 values, at most 6 types).
void BM_Leximin(benchmark::State& state) {
  int n = static_cast<int>(state.range(0)), k = static_cast<int>(state.range(1));
  std::vector<int> sizes = state.range(2) == 0 ? std::vector<int>{2, 4, 5, 5, 5, 6} : std::vector<int>{2, 3};
  Pool pool = CensusPool(n, k, sizes, 4);
  TypedPool typed = Aggregate(pool);
  Distribution last;
  for (auto _ : state) {
    auto d = Leximin(typed);
    if (!d.ok()) {
      state.SkipWithError(d.error().ToString().c_str());
      return;
    }
    last = std::move(*d);
  }
  Report(state, typed, last);
}
BENCHMARK(BM_Leximin)->Args({200, 20, 0})->Args({500, 50, 0})->Unit(benchmark::kSecond)->Iterations(1);
BENCHMARK(BM_Leximin)->Args({1000, 100, 0})->Unit(benchmark::kSecond)->Iterations(1);
BENCHMARK(BM_Leximin)->Args({2000, 100, 1})->Unit(benchmark::kMillisecond);

// The draw and its re-run by a verifier: the integer weights, the panel and its members.
void BM_DrawAndVerify(benchmark::State& state) {
  Pool pool = CensusPool(2000, 100, {2, 3}, 5);
  TypedPool typed = Aggregate(pool);
  auto d = Leximin(typed);
  if (!d.ok()) {
    state.SkipWithError(d.error().ToString().c_str());
    return;
  }
  Bytes seed(32, 9);
  for (auto _ : state) {
    auto weights = RoundWeights(d->weights, kWeightTotal);
    auto drawn = DrawPanel(seed, typed, d->panels, weights);
    auto again = DrawPanel(seed, typed, d->panels, RoundWeights(d->weights, kWeightTotal));
    if (!drawn.ok() || !again.ok() || drawn->people != again->people) state.SkipWithError("the draw does not re-run");
    benchmark::DoNotOptimize(drawn);
  }
}
BENCHMARK(BM_DrawAndVerify)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace veche::choice::sortition
