// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/choice/sortition/leximin.h"

#include <coin/ClpSimplex.hpp>
#include <coin/CoinFinite.hpp>
#include <coin/CoinPackedMatrix.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <numeric>
#include <set>
#include <utility>

#include "veche/choice/sortition/local_search.h"
#include "veche/choice/sortition/solver.h"

namespace veche::choice::sortition {
namespace {

constexpr double kUnfixed = -1;
constexpr double kDualPositive = 1e-9;  // a dual weight above this marks its type tight at the level
constexpr double kFixMargin = 1e-7;
constexpr double kTight = 1e-7;  // a type this close to the level's value is held at it

double Coefficient(const TypedPool& pool, int type, int count) {
  return static_cast<double>(count) / pool.types[static_cast<std::size_t>(type)].size();
}

// The master LP, one level at a time: columns p[P] ≥ 0 (a weight per known panel) and z (free); maximise z
// subject to Σ_P p[P] = 1 (row T), Σ_P p[P]·count/size − z ≥ 0 for every unfixed type and
// Σ_P p[P]·count/size ≥ f[t] for every fixed one (rows 0..T). Panels are columns, so the basis
// stays T + 1 rows however many panels are added, and each added column warm-starts the primal
// simplex. The rows' duals are the weights y on types (and ŷ on the convexity row) that pricing
// needs: a panel improves the master when Σ y[t]·count/size > ŷ.
class Master {
 public:
  // The LP over no panels yet, with every type's row and the convexity row.
  explicit Master(const TypedPool& pool) : pool_(pool) {
    std::size_t types = pool.types.size();
    std::vector<double> row_lo(types + 1, 0.0), row_hi(types + 1, COIN_DBL_MAX);
    row_lo[types] = row_hi[types] = 1.0;
    CoinPackedMatrix empty(true, static_cast<int>(types + 1), 0, 0, nullptr, nullptr, nullptr, nullptr);
    lp_.setLogLevel(0);
    lp_.loadProblem(empty, nullptr, nullptr, nullptr, row_lo.data(), row_hi.data());
    // Tighter than CLP's default 1e-7 (on the scaled problem): a level's value must be one the next
    // level's LP can meet within kFixMargin.
    lp_.setPrimalTolerance(1e-9);
  }

  // A new level: the fixed types' rows get their levels as lower bounds, and a new z column (the
  // old one is held at 0) enters every unfixed row. The previous basis stays a warm start.
  void StartLevel(const std::vector<double>& fixed) {
    if (z_column_ >= 0) {
      lp_.setColumnBounds(z_column_, 0.0, 0.0);
      lp_.setObjectiveCoefficient(z_column_, 0.0);
    }
    std::vector<int> indices;
    std::vector<double> elements;
    for (std::size_t t = 0; t < fixed.size(); ++t) {
      lp_.setRowLower(static_cast<int>(t), fixed[t] == kUnfixed ? 0.0 : fixed[t]);
      if (fixed[t] != kUnfixed) continue;
      indices.push_back(static_cast<int>(t));
      elements.push_back(-1.0);
    }
    z_column_ = lp_.numberColumns();
    lp_.addColumn(static_cast<int>(indices.size()), indices.data(), elements.data(), -COIN_DBL_MAX, COIN_DBL_MAX, -1.0);
  }

  void AddPanel(const Panel& panel) {
    std::vector<int> indices;
    std::vector<double> elements;
    for (auto [t, c] : panel.counts) {
      indices.push_back(t);
      elements.push_back(Coefficient(pool_, t, c));
    }
    indices.push_back(static_cast<int>(pool_.types.size()));
    elements.push_back(1.0);
    panel_columns_.push_back(lp_.numberColumns());
    lp_.addColumn(static_cast<int>(indices.size()), indices.data(), elements.data(), 0.0, COIN_DBL_MAX, 0.0);
  }

  Status Solve() {
    lp_.primal(0, 3);  // from the previous basis and factorization: the new columns enter it
    if (lp_.isProvenOptimal()) return OkStatus();
    lp_.initialSolve();  // from scratch, once, when the warm start goes astray
    if (lp_.isProvenOptimal()) return OkStatus();
    return InternalError("CLP did not solve the master LP (status " + std::to_string(lp_.status()) + ")");
  }

  std::vector<double> Duals() const {  // y
    const double* pi = lp_.dualRowSolution();
    std::vector<double> out(pi, pi + pool_.types.size());
    for (double& v : out) v = std::max(0.0, v);
    return out;
  }
  double YHat() const { return -lp_.dualRowSolution()[pool_.types.size()]; }
  double Objective() const { return -lp_.objectiveValue(); }
  // The panels' weights, in the order they were added.
  std::vector<double> Weights() const {
    const double* x = lp_.primalColumnSolution();
    std::vector<double> w;
    for (int c : panel_columns_) w.push_back(x[c]);
    return w;
  }

 private:
  const TypedPool& pool_;
  ClpSimplex lp_;
  int z_column_ = -1;
  std::vector<int> panel_columns_;
};

double PanelValue(const TypedPool& pool, const Panel& panel, const std::vector<double>& y) {
  double v = 0;
  for (auto [t, c] : panel.counts) v += y[static_cast<std::size_t>(t)] * Coefficient(pool, t, c);
  return v;
}

std::vector<double> PerSeat(const TypedPool& pool, const std::vector<double>& y) {
  std::vector<double> w(y.size());
  for (std::size_t t = 0; t < y.size(); ++t) w[t] = y[t] / pool.types[t].size();
  return w;
}

class LeximinSolver {
 public:
  LeximinSolver(const TypedPool& pool, const LeximinOptions& options)
      : pool_(pool),
        options_(options),
        pricer_(pool),
        swaps_(pool),
        master_(std::make_unique<Master>(pool)),
        fixed_(pool.types.size(), kUnfixed) {}

  Result<Distribution> Run() {
    VECHE_RETURN_IF_ERROR(Cover());
    while (std::count(fixed_.begin(), fixed_.end(), kUnfixed) > 0) VECHE_RETURN_IF_ERROR(NextLevel());
    VECHE_RETURN_IF_ERROR(FinalDistribution());
    out_.pricing_calls = pricer_.calls();
    out_.pricing_seconds = pricer_.seconds();
    return std::move(out_);
  }

 private:
  // A panel new to the solver joins the known panels and the master LP; false if it was known.
  bool AddPanel(const Panel& panel) {
    if (!known_.insert(panel).second) return false;
    out_.panels.push_back(panel);
    master_->AddPanel(panel);
    return true;
  }

  // Finds panels until every type that can be on a panel is on one; the rest get probability 0.
  Status Cover() {
    std::vector<bool> covered(pool_.types.size(), false);
    while (true) {
      std::vector<double> w(pool_.types.size());
      for (std::size_t t = 0; t < w.size(); ++t) w[t] = covered[t] ? 0.0 : 1.0;
      VECHE_ASSIGN_OR_RETURN(std::optional<PricedPanel> best, pricer_.Best(w));
      if (!best) return FailedPreconditionError("no panel meets the quotas");
      if (best->bound < 0.5) break;  // no uncovered type fits on any panel
      AddPanel(best->panel);
      for (auto [t, c] : best->panel.counts) covered[static_cast<std::size_t>(t)] = true;
      if (std::all_of(covered.begin(), covered.end(), [](bool b) { return b; })) return OkStatus();
    }
    Level never;
    double people = 0;
    for (std::size_t t = 0; t < covered.size(); ++t) {
      if (!covered[t]) people += pool_.types[t].size();
    }
    for (std::size_t t = 0; t < covered.size(); ++t) {
      if (covered[t]) continue;
      never.types.push_back(static_cast<int>(t));
      never.duals.emplace_back(static_cast<int>(t), pool_.types[t].size() / people);
      fixed_[t] = 0;
    }
    out_.levels.push_back(std::move(never));
    return OkStatus();
  }

  // Keeps only the panels the last level's distribution uses, in a fresh master LP: every simplex
  // iteration prices every column, and most columns of earlier levels will never be used again.
  // A dropped panel that is needed again is found again by pricing.
  void DropUnusedPanels() {
    std::vector<Panel> kept;
    std::vector<double> weights;
    for (std::size_t i = 0; i < out_.panels.size(); ++i) {
      if (last_weights_[i] <= 0) continue;
      kept.push_back(std::move(out_.panels[i]));
      weights.push_back(last_weights_[i]);
    }
    out_.panels.clear();
    known_.clear();
    master_ = std::make_unique<Master>(pool_);
    for (const Panel& p : kept) AddPanel(p);
    last_weights_ = std::move(weights);
  }

  // Improving panels found by swaps from the known panels that are best at the master's duals.
  std::vector<Panel> CheapColumns(const std::vector<double>& y, double yhat) {
    std::vector<double> w = PerSeat(pool_, y);
    std::vector<std::pair<double, std::size_t>> ranked;
    for (std::size_t p = 0; p < out_.panels.size(); ++p) ranked.emplace_back(PanelValue(pool_, out_.panels[p], y), p);
    std::size_t starts = std::min<std::size_t>(ranked.size(), options_.swap_starts);
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(starts), ranked.end(),
                      [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<Panel> found;
    for (std::size_t i = 0; i < starts; ++i) {
      Panel p = swaps_.Climb(out_.panels[ranked[i].second], w);
      if (PanelValue(pool_, p, y) > yhat + options_.level_gap && !known_.count(p) &&
          std::find(found.begin(), found.end(), p) == found.end()) {
        found.push_back(std::move(p));
      }
    }
    return found;
  }

  // Column generation for one level. Swap columns first (a few rounds at a time); then the exact
  // pricing ILP at duals smoothed towards the best seen (Wentges), which gives an upper bound on the
  // level. The level is settled when that bound is within options.level_gap of the master's value,
  // or when the ILP at the master's own duals finds no improving panel.
  Status NextLevel() {
    if (!last_weights_.empty() && out_.panels.size() > options_.keep_panels) DropUnusedPanels();
    master_->StartLevel(fixed_);
    Stabiliser stable{{}, COIN_DBL_MAX, PricedPanel{}, !options_.stabilise};
    int cheap_rounds = 0;
    while (true) {
      auto start = std::chrono::steady_clock::now();
      VECHE_RETURN_IF_ERROR(master_->Solve());
      out_.lp_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      ++out_.lp_solves;
      std::vector<double> y = master_->Duals();
      double yhat = master_->YHat(), z = master_->Objective();
      if (cheap_rounds < options_.swap_rounds) {
        std::vector<Panel> cheap = CheapColumns(y, yhat);
        out_.swap_columns += static_cast<int>(cheap.size());
        for (Panel& p : cheap) AddPanel(p);
        if (!cheap.empty()) {
          ++cheap_rounds;
          continue;
        }
      }
      cheap_rounds = 0;
      VECHE_ASSIGN_OR_RETURN(Priced priced, ExactColumn(y, yhat, stable));
      if (priced == Priced::kSettled) return FixLevel(y, last_priced_);
      if (stable.best_upper - z <= options_.level_gap) return FixLevel(stable.center, stable.center_priced);
    }
  }

  struct Stabiliser {
    std::vector<double> center;  // the duals with the best upper bound seen
    double best_upper;
    PricedPanel center_priced;  // the pricing at the center
    bool exact;                 // price at the master's own duals next
  };
  enum class Priced { kImproved, kMispriced, kSettled };

  // One exact pricing: an improving panel is added (kImproved); none at the smoothed duals
  // (kMispriced: the next is at the master's own); none at the master's own duals (kSettled:
  // last_priced_ holds that pricing and its bound).
  Result<Priced> ExactColumn(const std::vector<double>& y, double yhat, Stabiliser& stable) {
    if (pricer_.calls() >= options_.max_pricing_calls) return ResourceExhaustedError("LEXIMIN: too many pricing calls");
    std::vector<double> priced_at = y;
    if (!stable.exact && !stable.center.empty()) {
      for (std::size_t t = 0; t < y.size(); ++t) priced_at[t] = 0.5 * stable.center[t] + 0.5 * y[t];
    }
    VECHE_ASSIGN_OR_RETURN(std::optional<PricedPanel> best, pricer_.Best(PerSeat(pool_, priced_at)));
    if (!best) return InternalError("the pricing ILP lost its feasible panels");
    double upper = best->bound - FixedTerm(priced_at);
    if (upper < stable.best_upper) {
      stable.best_upper = upper;
      stable.center = priced_at;
      stable.center_priced = *best;
    }
    double gain = PanelValue(pool_, best->panel, y) - yhat;
    bool settles = priced_at == y && best->bound - yhat <= options_.level_gap;  // proven: nothing gains more
    if (!settles && gain > options_.tolerance && AddPanel(best->panel)) {
      stable.exact = !options_.stabilise;
      return Priced::kImproved;
    }
    if (priced_at == y) {
      last_priced_ = *best;
      return Priced::kSettled;
    }
    stable.exact = true;
    return Priced::kMispriced;
  }

  double FixedTerm(const std::vector<double>& y) const {
    double term = 0;
    for (std::size_t t = 0; t < y.size(); ++t) {
      if (fixed_[t] != kUnfixed) term += y[t] * fixed_[t];
    }
    return term;
  }

  // Fixes the level at the master's value: the unfixed types that `y` (exact or near-optimal duals)
  // weighs and the master's distribution holds at that value (a type above it can still rise).
  Status FixLevel(const std::vector<double>& y, const PricedPanel& priced) {
    Level level;
    // A level is fixed a hair below the LP's optimum, within which the solver's tolerances lie, so
    // that the next level's LP stays feasible; the certificate states exactly this value.
    double z = master_->Objective();
    level.value = std::max(0.0, z - kFixMargin);
    level.pricing_bound = priced.bound;
    level.fixed_term = FixedTerm(y);
    last_weights_ = master_->Weights();
    std::vector<double> now = TypeProbabilities(pool_, out_.panels, last_weights_);
    for (std::size_t t = 0; t < y.size(); ++t) {
      if (y[t] > kDualPositive) level.duals.emplace_back(static_cast<int>(t), y[t]);
      if (fixed_[t] == kUnfixed && y[t] > kDualPositive && now[t] <= z + kTight)
        level.types.push_back(static_cast<int>(t));
    }
    if (level.types.empty()) return InternalError("LEXIMIN: a level fixed no type (numerical trouble)");
    for (int t : level.types) fixed_[static_cast<std::size_t>(t)] = level.value;
    out_.levels.push_back(std::move(level));
    if (options_.on_level) {
      int fixed = static_cast<int>(std::count_if(fixed_.begin(), fixed_.end(), [](double f) { return f != kUnfixed; }));
      options_.on_level(LeximinProgress{static_cast<int>(out_.levels.size()), fixed, static_cast<int>(fixed_.size()),
                                        out_.levels.back().value, pricer_.calls(), out_.lp_solves,
                                        static_cast<int>(out_.panels.size())});
    }
    return OkStatus();
  }

  // The distribution is the last level's: its LP met every earlier level and gave the last the
  // most it could. final_slack says by how much each type clears its level (≥ −tolerance).
  Status FinalDistribution() {
    Normalise(last_weights_);
    out_.final_slack = COIN_DBL_MAX;
    for (std::size_t t = 0; t < fixed_.size(); ++t) {
      out_.final_slack = std::min(out_.final_slack, out_.type_probability[t] - fixed_[t]);
    }
    return OkStatus();
  }

  // Drops panels of no weight, scales the rest to sum to 1 and computes every type's probability.
  void Normalise(const std::vector<double>& weights) {
    double total = 0;
    for (double w : weights) total += std::max(0.0, w);
    std::vector<Panel> panels;
    out_.weights.clear();
    for (std::size_t p = 0; p < weights.size(); ++p) {
      if (weights[p] <= 1e-12) continue;
      panels.push_back(std::move(out_.panels[p]));
      out_.weights.push_back(weights[p] / total);
    }
    out_.panels = std::move(panels);
    out_.type_probability = TypeProbabilities(pool_, out_.panels, out_.weights);
  }

  const TypedPool& pool_;
  LeximinOptions options_;
  PanelPricer pricer_;
  SwapSearch swaps_;
  std::unique_ptr<Master> master_;
  PricedPanel last_priced_;
  std::vector<double> last_weights_;  // the last level's distribution over out_.panels
  std::vector<double> fixed_;         // per type: its level's probability, or kUnfixed
  std::set<Panel> known_;
  Distribution out_;
};

}  // namespace

Result<Distribution> Leximin(const TypedPool& pool, const LeximinOptions& options) {
  if (pool.types.empty()) return InvalidArgumentError("an empty pool");
  return LeximinSolver(pool, options).Run();
}

std::vector<double> TypeProbabilities(const TypedPool& pool, const std::vector<Panel>& panels,
                                      const std::vector<double>& weights) {
  std::vector<double> p(pool.types.size(), 0.0);
  for (std::size_t i = 0; i < weights.size() && i < panels.size(); ++i) {
    for (auto [t, c] : panels[i].counts) p[static_cast<std::size_t>(t)] += weights[i] * Coefficient(pool, t, c);
  }
  return p;
}

double MaxGap(const Distribution& d) {
  double gap = 0;
  for (const Level& level : d.levels) gap = std::max(gap, level.bound() - level.value);
  return gap;
}

std::vector<double> PersonProbabilities(const TypedPool& pool, const Distribution& d) {
  std::vector<double> out(pool.type_of_person.size());
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i] = d.type_probability[static_cast<std::size_t>(pool.TypeOf(static_cast<int>(i)))];
  return out;
}

namespace {

Status CheckWeights(const TypedPool& pool, const Distribution& d, double tolerance) {
  if (d.weights.size() != d.panels.size() || d.type_probability.size() != pool.types.size()) {
    return InvalidArgumentError("the distribution's sizes do not match the pool");
  }
  double total = 0;
  for (std::size_t p = 0; p < d.panels.size(); ++p) {
    if (!(d.weights[p] >= 0)) return InvalidArgumentError("a panel has a negative weight");
    VECHE_RETURN_IF_ERROR(CheckPanel(pool, d.panels[p]).WithContext("panel " + std::to_string(p)));
    total += d.weights[p];
  }
  std::vector<double> probability = TypeProbabilities(pool, d.panels, d.weights);
  if (std::abs(total - 1.0) > tolerance)
    return InvalidArgumentError("the panels' weights sum to " + std::to_string(total));
  for (std::size_t t = 0; t < probability.size(); ++t) {
    if (std::abs(probability[t] - d.type_probability[t]) > tolerance) {
      return InvalidArgumentError("type " + std::to_string(t) + "'s probability is not what the panels give");
    }
  }
  return OkStatus();
}

}  // namespace

Status CheckDistribution(const TypedPool& pool, const Distribution& d, double tolerance) {
  VECHE_RETURN_IF_ERROR(CheckWeights(pool, d, tolerance));
  std::vector<int> level_of(pool.types.size(), -1);
  double previous = -1;
  for (std::size_t l = 0; l < d.levels.size(); ++l) {
    const Level& level = d.levels[l];
    if (level.value < previous - tolerance)
      return InvalidArgumentError("level " + std::to_string(l) + " is below the one before");
    previous = level.value;
    if (level.value > level.bound() + tolerance) {
      return InvalidArgumentError("level " + std::to_string(l) + "'s value is above its bound");
    }
    for (int t : level.types) {
      if (t < 0 || static_cast<std::size_t>(t) >= pool.types.size() || level_of[static_cast<std::size_t>(t)] != -1) {
        return InvalidArgumentError("level " + std::to_string(l) + " names a type twice or out of range");
      }
      level_of[static_cast<std::size_t>(t)] = static_cast<int>(l);
      if (d.type_probability[static_cast<std::size_t>(t)] < level.value - tolerance) {
        return InvalidArgumentError("type " + std::to_string(t) + " gets less than its level");
      }
    }
  }
  if (std::count(level_of.begin(), level_of.end(), -1) > 0) return InvalidArgumentError("a type is on no level");
  return OkStatus();
}

Status VerifyBounds(const TypedPool& pool, const Distribution& d, double tolerance) {
  PanelPricer pricer(pool);
  std::vector<double> fixed(pool.types.size(), kUnfixed);
  for (std::size_t l = 0; l < d.levels.size(); ++l) {
    const Level& level = d.levels[l];
    std::vector<double> y(pool.types.size(), 0.0);
    double fixed_term = 0, on_level = 0;
    for (auto [t, v] : level.duals) {
      if (t < 0 || static_cast<std::size_t>(t) >= pool.types.size() || !(v >= 0))
        return InvalidArgumentError("a bad dual weight");
      y[static_cast<std::size_t>(t)] = v;
      if (fixed[static_cast<std::size_t>(t)] != kUnfixed) {
        fixed_term += v * fixed[static_cast<std::size_t>(t)];
      } else if (std::find(level.types.begin(), level.types.end(), t) != level.types.end()) {
        on_level += v;
      } else {
        return InvalidArgumentError("level " + std::to_string(l) + " weighs a type fixed later");
      }
    }
    if (std::abs(on_level - 1.0) > tolerance)
      return InvalidArgumentError("level " + std::to_string(l) + "'s weights do not sum to 1");
    VECHE_ASSIGN_OR_RETURN(std::optional<PricedPanel> best, pricer.Best(PerSeat(pool, y)));
    if (!best) return InvalidArgumentError("no panel is feasible");
    if (best->value > level.pricing_bound + tolerance) {
      return InvalidArgumentError("level " + std::to_string(l) +
                                  " claims a pricing bound below a feasible panel's value");
    }
    if (level.value > best->bound - fixed_term + tolerance) {
      return InvalidArgumentError("level " + std::to_string(l) + " (" + std::to_string(level.value) +
                                  ") is above what any distribution can give (" +
                                  std::to_string(best->bound - fixed_term) + ")");
    }
    for (int t : level.types) fixed[static_cast<std::size_t>(t)] = level.value;
  }
  return OkStatus();
}

}  // namespace veche::choice::sortition
