// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/choice/sortition/local_search.h"

#include <algorithm>
#include <numeric>

namespace veche::choice::sortition {
namespace {

constexpr double kGain = 1e-12;  // a swap must gain more than this

// A panel as dense counts, with the seats it gives each quota row and each household.
struct Seats {
  std::vector<int> of_type, of_quota, of_household;
};

}  // namespace

SwapSearch::SwapSearch(const TypedPool& pool) : pool_(pool), quota_rows_(pool.types.size()) {
  for (std::size_t q = 0; q < pool.types_of_quota.size(); ++q) {
    for (int t : pool.types_of_quota[q]) quota_rows_[static_cast<std::size_t>(t)].push_back(static_cast<int>(q));
  }
}

Panel SwapSearch::Climb(const Panel& start, const std::vector<double>& weights) const {
  Seats s{std::vector<int>(pool_.types.size(), 0), std::vector<int>(pool_.quotas.size(), 0),
          std::vector<int>(pool_.households.size(), 0)};
  auto move = [&](int t, int delta) {
    s.of_type[static_cast<std::size_t>(t)] += delta;
    for (int q : quota_rows_[static_cast<std::size_t>(t)]) s.of_quota[static_cast<std::size_t>(q)] += delta;
    int h = pool_.types[static_cast<std::size_t>(t)].household;
    if (h >= 0) s.of_household[static_cast<std::size_t>(h)] += delta;
  };
  for (auto [t, c] : start.counts) move(t, c);
  std::vector<int> by_weight(pool_.types.size());
  std::iota(by_weight.begin(), by_weight.end(), 0);
  std::stable_sort(by_weight.begin(), by_weight.end(), [&](int a, int b) {
    return weights[static_cast<std::size_t>(a)] > weights[static_cast<std::size_t>(b)];
  });
  // Whether one seat can go from type a to type b with every row still within its bounds.
  auto can_swap = [&](int a, int b) {
    const PersonType& tb = pool_.types[static_cast<std::size_t>(b)];
    if (s.of_type[static_cast<std::size_t>(b)] >= tb.size()) return false;
    int ha = pool_.types[static_cast<std::size_t>(a)].household;
    if (tb.household >= 0 && tb.household != ha && s.of_household[static_cast<std::size_t>(tb.household)] >= 1)
      return false;
    const auto& ra = quota_rows_[static_cast<std::size_t>(a)];
    const auto& rb = quota_rows_[static_cast<std::size_t>(b)];
    for (std::size_t f = 0; f < ra.size(); ++f) {
      if (ra[f] == rb[f]) continue;
      if (s.of_quota[static_cast<std::size_t>(ra[f])] - 1 < pool_.quotas[static_cast<std::size_t>(ra[f])].min)
        return false;
      if (s.of_quota[static_cast<std::size_t>(rb[f])] + 1 > pool_.quotas[static_cast<std::size_t>(rb[f])].max)
        return false;
    }
    return true;
  };
  while (true) {
    double best_gain = kGain;
    int from = -1, to = -1;
    for (int a = 0; a < static_cast<int>(pool_.types.size()); ++a) {
      if (s.of_type[static_cast<std::size_t>(a)] == 0) continue;
      double wa = weights[static_cast<std::size_t>(a)];
      for (int b : by_weight) {
        if (weights[static_cast<std::size_t>(b)] - wa <= best_gain) break;  // sorted: no better b follows
        if (b != a && can_swap(a, b)) {
          best_gain = weights[static_cast<std::size_t>(b)] - wa;
          from = a, to = b;
          break;
        }
      }
    }
    if (from < 0) break;
    move(from, -1);
    move(to, +1);
  }
  Panel out;
  for (std::size_t t = 0; t < s.of_type.size(); ++t) {
    if (s.of_type[t] > 0) out.counts.emplace_back(static_cast<int>(t), s.of_type[t]);
  }
  return out;
}

}  // namespace veche::choice::sortition
