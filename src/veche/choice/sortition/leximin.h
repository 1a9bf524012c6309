// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// LEXIMIN selection (Flanigan, Gölz, Gupta, Hennig and Procaccia, Nature 596, 2021): a probability
// distribution over feasible panels that maximises the smallest selection probability any volunteer
// gets, then the next smallest, and so on. Column generation on open-source solvers: the master LP
// (in the dual form: weights on types) on COIN-OR CLP, the pricing ILP (the best panel for those
// weights) on CBC, over types of interchangeable volunteers. Each level comes with a certificate:
// the dual weights and the pricing ILP's proven bound show that no distribution gives those
// volunteers more, given the levels before (docs/formats/sortition.md).

#include <functional>
#include <string>
#include <vector>

#include "veche/base/result.h"
#include "veche/choice/sortition/pool.h"

namespace veche::choice::sortition {

// One level of the leximin order, and the proof that it cannot be raised.
struct Level {
  double value = 0;                           // the probability the level's types were fixed at
  std::vector<int> types;                     // fixed at this level
  std::vector<std::pair<int, double>> duals;  // y[t] > 0: weights on types (per person of the type)
  double pricing_bound = 0;                   // max over all feasible panels of Σ y[t]·count[t]/size[t] (CBC's bound)
  double fixed_term = 0;                      // Σ y[t]·p[t] over the types fixed before
  // No distribution meeting the earlier levels gives every type of this level more than this:
  double bound() const { return pricing_bound - fixed_term; }
};

struct Distribution {
  std::vector<Panel> panels;
  std::vector<double> weights;           // the probability of each panel, summing to 1
  std::vector<double> type_probability;  // per type: the probability each of its members is selected
  std::vector<Level> levels;             // the certificate, in order
  double final_slack = 0;  // min over types of (achieved − fixed level): ≈ 0, negative by round-off only
  int pricing_calls = 0;
  int lp_solves = 0;
  double pricing_seconds = 0;  // in the pricing ILPs
  double lp_seconds = 0;       // in the master LPs
  int swap_columns = 0;        // panels found by swaps rather than by the pricing ILP
};

// Where the computation is, after each level (for progress output on long runs).
struct LeximinProgress {
  int levels = 0;
  int fixed_types = 0, types = 0;
  double level_value = 0;
  int pricing_calls = 0, lp_solves = 0, panels = 0;
};

struct LeximinOptions {
  double tolerance = 1e-7;  // a column improves the master when its reduced value exceeds this
  int max_pricing_calls = 200000;
  bool stabilise = true;         // Wentges smoothing of the duals priced (against tailing-off)
  std::size_t swap_starts = 16;  // known panels each swap search starts from; 0: the pricing ILP only
  int swap_rounds = 8;           // swap rounds between two exact pricings
  std::size_t keep_panels = 0;   // beyond this many panels, a level starts with only those in use
  // A level is settled once the exact pricing's upper bound is within this of the master's value.
  double level_gap = 1e-6;
  std::function<void(const LeximinProgress&)> on_level;  // called after each level, if set
};

// The LEXIMIN distribution. An error when no panel is feasible (see SmallestRelaxation) or a
// solver fails; runs in the calling process (wrap it with RunContained for outside input).
Result<Distribution> Leximin(const TypedPool& pool, const LeximinOptions& options = {});

// Each type's probability (per member) when panel i is drawn with probability weights[i].
std::vector<double> TypeProbabilities(const TypedPool& pool, const std::vector<Panel>& panels,
                                      const std::vector<double>& weights);

// The certificate's largest gap: the most any level's value falls short of its bound.
double MaxGap(const Distribution& d);

// Each person's probability (Pool::people order) from the types'.
std::vector<double> PersonProbabilities(const TypedPool& pool, const Distribution& d);

// The certificate's checks that need no solver: weights non-negative and summing to 1, every panel
// feasible, every type's probability what the panels give, each level's types at or above its
// value, and each level's value within `tolerance` of its bound. The bound itself rests on the
// pricing ILP; VerifyBounds re-solves it.
Status CheckDistribution(const TypedPool& pool, const Distribution& d, double tolerance = 1e-6);
Status VerifyBounds(const TypedPool& pool, const Distribution& d, double tolerance = 1e-6);

}  // namespace veche::choice::sortition
