// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The integer programs over panels, solved by COIN-OR CBC: the best panel for given weights (the
// pricing problem of column generation, and the check a certificate's bound rests on) and the
// smallest relaxation of quotas that cannot be met. Debian's COIN-OR is built with assertions on:
// coefficients are rounded to a fixed grid and matrices are built without gaps; run these where an
// abort is contained (contained.h) when the input comes from outside.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "veche/base/result.h"
#include "veche/choice/sortition/pool.h"

namespace veche::choice::sortition {

struct PricedPanel {
  Panel panel;
  double value = 0;  // Σ weight[t]·count[t] of the panel found
  double bound = 0;  // CBC's proven upper bound on that sum over all feasible panels
};

// The best panel for weights on types. Keeps the model between calls; not thread-safe.
class PanelPricer {
 public:
  explicit PanelPricer(const TypedPool& pool);
  ~PanelPricer();
  PanelPricer(const PanelPricer&) = delete;
  PanelPricer& operator=(const PanelPricer&) = delete;

  // Maximises Σ weight[t]·count[t] over feasible panels; nullopt when no panel is feasible. Weights
  // are rounded to multiples of 1e-12 first.
  Result<std::optional<PricedPanel>> Best(const std::vector<double>& weights);
  int calls() const { return calls_; }
  double seconds() const { return seconds_; }

 private:
  struct Model;
  std::unique_ptr<Model> model_;
  const TypedPool& pool_;
  int calls_ = 0;
  double seconds_ = 0;
};

// One quota moved so that a panel exists.
struct Relaxation {
  std::string quota;  // "feature=value"
  std::int64_t min = 0, new_min = 0, max = 0, new_max = 0;
};

// The relaxation of fewest seats in total (within each quota's min_flex..max_flex) that makes a
// panel feasible; an error when even the flex bounds (or the household rule and the pool) allow none.
Result<std::vector<Relaxation>> SmallestRelaxation(const TypedPool& pool);

}  // namespace veche::choice::sortition
