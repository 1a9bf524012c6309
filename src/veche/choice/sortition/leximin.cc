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

#include "veche/choice/sortition/solver.h"

namespace veche::choice::sortition {
namespace {

constexpr double kUnfixed = -1;
constexpr double kDualPositive = 1e-9;  // a dual weight above this marks its type tight at the level

double Coefficient(const TypedPool& pool, int type, int count) {
  return static_cast<double>(count) / pool.types[static_cast<std::size_t>(type)].size();
}

// The master LP of one level, in the dual form: columns y[0..T) ≥ 0 (weights on types) and ŷ (free);
// minimise ŷ − Σ_fixed f[t]·y[t] subject to Σ_unfixed y[t] = 1 (row 0) and, for every panel P known,
// Σ_{t∈P} y[t]·count/size − ŷ ≤ 0 (rows 1..). Its optimum is the highest probability every
// unfixed type can get at once given the panels known; the panel rows' duals are the distribution.
class Master {
 public:
  Master(const TypedPool& pool, const std::vector<double>& fixed) : pool_(pool), fixed_(fixed) {
    std::size_t types = pool.types.size();
    std::vector<double> elements;
    std::vector<int> indices;
    std::vector<CoinBigIndex> starts;
    std::vector<int> lengths;
    for (std::size_t t = 0; t < types; ++t) {
      starts.push_back(static_cast<CoinBigIndex>(elements.size()));
      bool unfixed = fixed[t] == kUnfixed;
      lengths.push_back(unfixed ? 1 : 0);
      if (unfixed) {
        indices.push_back(0);
        elements.push_back(1.0);
      }
    }
    starts.push_back(static_cast<CoinBigIndex>(elements.size()));
    lengths.push_back(0);  // ŷ
    starts.push_back(static_cast<CoinBigIndex>(elements.size()));
    CoinPackedMatrix matrix(true, 1, static_cast<int>(types + 1), static_cast<CoinBigIndex>(elements.size()),
                            elements.data(), indices.data(), starts.data(), lengths.data());
    std::vector<double> lo(types + 1, 0.0), hi(types + 1, COIN_DBL_MAX), objective(types + 1, 0.0);
    lo[types] = -COIN_DBL_MAX;
    objective[types] = 1.0;
    for (std::size_t t = 0; t < types; ++t) {
      if (fixed[t] != kUnfixed) objective[t] = -fixed[t];
    }
    double one = 1.0;
    lp_.setLogLevel(0);
    lp_.loadProblem(matrix, lo.data(), hi.data(), objective.data(), &one, &one);
  }

  void AddPanel(const Panel& panel) {
    std::vector<int> indices;
    std::vector<double> elements;
    for (auto [t, c] : panel.counts) {
      indices.push_back(t);
      elements.push_back(Coefficient(pool_, t, c));
    }
    indices.push_back(static_cast<int>(pool_.types.size()));
    elements.push_back(-1.0);
    lp_.addRow(static_cast<int>(indices.size()), indices.data(), elements.data(), -COIN_DBL_MAX, 0.0);
  }

  Status Solve() {
    lp_.dual();
    if (lp_.isProvenOptimal()) return OkStatus();
    lp_.primal();  // from scratch, once, when the warm start stalls
    if (lp_.isProvenOptimal()) return OkStatus();
    return InternalError("CLP did not solve the master LP (status " + std::to_string(lp_.status()) + ")");
  }

  std::vector<double> Duals() const {  // y
    const double* y = lp_.primalColumnSolution();
    std::vector<double> out(y, y + pool_.types.size());
    for (double& v : out) v = std::max(0.0, v);
    return out;
  }
  double YHat() const { return lp_.primalColumnSolution()[pool_.types.size()]; }
  double Objective() const { return lp_.objectiveValue(); }

 private:
  const TypedPool& pool_;
  const std::vector<double>& fixed_;
  ClpSimplex lp_;
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
      : pool_(pool), options_(options), pricer_(pool), fixed_(pool.types.size(), kUnfixed) {}

  Result<Distribution> Run() {
    VECHE_RETURN_IF_ERROR(Cover());
    while (std::count(fixed_.begin(), fixed_.end(), kUnfixed) > 0) VECHE_RETURN_IF_ERROR(NextLevel());
    VECHE_RETURN_IF_ERROR(FinalDistribution());
    out_.pricing_calls = pricer_.calls();
    out_.pricing_seconds = pricer_.seconds();
    return std::move(out_);
  }

 private:
  bool AddPanel(const Panel& panel) {
    if (!known_.insert(panel).second) return false;
    out_.panels.push_back(panel);
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

  // Prices at the master's duals, or (stabilised) between them and the best duals seen; a panel
  // that does not improve the master at its own duals is a mis-price, and the next price is exact.
  Status NextLevel() {
    Master master(pool_, fixed_);
    for (const Panel& p : out_.panels) master.AddPanel(p);
    std::vector<double> center;
    double best_upper = COIN_DBL_MAX;
    bool exact = !options_.stabilise;
    while (true) {
      auto start = std::chrono::steady_clock::now();
      VECHE_RETURN_IF_ERROR(master.Solve());
      out_.lp_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      ++out_.lp_solves;
      std::vector<double> y = master.Duals();
      double yhat = master.YHat();
      while (true) {
        if (pricer_.calls() >= options_.max_pricing_calls)
          return ResourceExhaustedError("LEXIMIN: too many pricing calls");
        std::vector<double> priced_at = y;
        if (!exact && !center.empty()) {
          for (std::size_t t = 0; t < y.size(); ++t) priced_at[t] = 0.5 * center[t] + 0.5 * y[t];
        }
        VECHE_ASSIGN_OR_RETURN(std::optional<PricedPanel> best, pricer_.Best(PerSeat(pool_, priced_at)));
        if (!best) return InternalError("the pricing ILP lost its feasible panels");
        double upper = best->bound - FixedTerm(priced_at);
        if (upper < best_upper) {
          best_upper = upper;
          center = priced_at;
        }
        bool improves = PanelValue(pool_, best->panel, y) > yhat + options_.tolerance;
        if (improves && AddPanel(best->panel)) {
          master.AddPanel(best->panel);
          exact = !options_.stabilise;
          break;
        }
        if (priced_at == y) return FixLevel(master, y, *best);
        exact = true;  // mis-priced: price at the master's own duals next
      }
    }
  }

  double FixedTerm(const std::vector<double>& y) const {
    double term = 0;
    for (std::size_t t = 0; t < y.size(); ++t) {
      if (fixed_[t] != kUnfixed) term += y[t] * fixed_[t];
    }
    return term;
  }

  Status FixLevel(const Master& master, const std::vector<double>& y, const PricedPanel& best) {
    Level level;
    level.value = master.Objective();
    level.pricing_bound = best.bound;
    level.fixed_term = FixedTerm(y);
    for (std::size_t t = 0; t < y.size(); ++t) {
      if (y[t] > kDualPositive) level.duals.emplace_back(static_cast<int>(t), y[t]);
    }
    for (std::size_t t = 0; t < y.size(); ++t) {
      if (fixed_[t] == kUnfixed && y[t] > kDualPositive) level.types.push_back(static_cast<int>(t));
    }
    if (level.types.empty()) return InternalError("LEXIMIN: a level fixed no type (numerical trouble)");
    for (int t : level.types) fixed_[static_cast<std::size_t>(t)] = level.value;
    out_.levels.push_back(std::move(level));
    return OkStatus();
  }

  // The distribution: max s subject to Σ_P p[P]·count/size − s ≥ fixed[t] for every type, Σ p = 1.
  Status FinalDistribution() {
    std::size_t types = pool_.types.size(), panels = out_.panels.size();
    std::vector<std::vector<std::pair<int, double>>> columns(panels + 1);
    for (std::size_t p = 0; p < panels; ++p) {
      for (auto [t, c] : out_.panels[p].counts) columns[p].emplace_back(t, Coefficient(pool_, t, c));
      columns[p].emplace_back(static_cast<int>(types), 1.0);
    }
    for (std::size_t t = 0; t < types; ++t) columns[panels].emplace_back(static_cast<int>(t), -1.0);
    std::vector<double> elements;
    std::vector<int> indices, lengths;
    std::vector<CoinBigIndex> starts;
    for (const auto& column : columns) {
      starts.push_back(static_cast<CoinBigIndex>(elements.size()));
      lengths.push_back(static_cast<int>(column.size()));
      for (auto [row, v] : column) {
        indices.push_back(row);
        elements.push_back(v);
      }
    }
    starts.push_back(static_cast<CoinBigIndex>(elements.size()));
    CoinPackedMatrix matrix(true, static_cast<int>(types + 1), static_cast<int>(panels + 1),
                            static_cast<CoinBigIndex>(elements.size()), elements.data(), indices.data(), starts.data(),
                            lengths.data());
    std::vector<double> lo(panels + 1, 0.0), hi(panels + 1, COIN_DBL_MAX), objective(panels + 1, 0.0);
    lo[panels] = -COIN_DBL_MAX;
    objective[panels] = -1.0;  // CLP minimises: −s
    std::vector<double> row_lo(fixed_), row_hi(types + 1, COIN_DBL_MAX);
    row_lo.push_back(1.0);
    row_hi[types] = 1.0;
    ClpSimplex lp;
    lp.setLogLevel(0);
    lp.loadProblem(matrix, lo.data(), hi.data(), objective.data(), row_lo.data(), row_hi.data());
    lp.primal();
    ++out_.lp_solves;
    if (!lp.isProvenOptimal()) return InternalError("CLP did not solve the final distribution");
    const double* x = lp.primalColumnSolution();
    out_.final_slack = x[panels];
    Normalise(std::vector<double>(x, x + panels));
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
    out_.type_probability.assign(pool_.types.size(), 0.0);
    for (std::size_t p = 0; p < out_.panels.size(); ++p) {
      for (auto [t, c] : out_.panels[p].counts) {
        out_.type_probability[static_cast<std::size_t>(t)] += out_.weights[p] * Coefficient(pool_, t, c);
      }
    }
  }

  const TypedPool& pool_;
  LeximinOptions options_;
  PanelPricer pricer_;
  std::vector<double> fixed_;  // per type: its level's probability, or kUnfixed
  std::set<Panel> known_;
  Distribution out_;
};

}  // namespace

Result<Distribution> Leximin(const TypedPool& pool, const LeximinOptions& options) {
  if (pool.types.empty()) return InvalidArgumentError("an empty pool");
  return LeximinSolver(pool, options).Run();
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
  std::vector<double> probability(pool.types.size(), 0.0);
  for (std::size_t p = 0; p < d.panels.size(); ++p) {
    if (!(d.weights[p] >= 0)) return InvalidArgumentError("a panel has a negative weight");
    VECHE_RETURN_IF_ERROR(CheckPanel(pool, d.panels[p]).WithContext("panel " + std::to_string(p)));
    total += d.weights[p];
    for (auto [t, c] : d.panels[p].counts)
      probability[static_cast<std::size_t>(t)] += d.weights[p] * Coefficient(pool, t, c);
  }
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
