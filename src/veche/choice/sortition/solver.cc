// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/choice/sortition/solver.h"

#include <coin/CbcModel.hpp>
#include <coin/CoinFinite.hpp>
#include <coin/CoinPackedMatrix.hpp>
#include <coin/OsiClpSolverInterface.hpp>

#include <chrono>
#include <cmath>
#include <utility>

namespace veche::choice::sortition {
namespace {

constexpr double kWeightGrid = 1e-12;

double Rounded(double w) {
  double r = std::round(w / kWeightGrid) * kWeightGrid;
  return std::abs(r) < kWeightGrid ? 0.0 : r;
}

// The panel's rows over type columns: row 0 the panel size, then one per quota, then one per
// household. Extra columns (the relaxation's slacks) are appended by the caller.
struct PanelRows {
  std::vector<double> row_lo, row_hi;
  std::vector<std::vector<std::pair<int, double>>> columns;  // per column: (row, coefficient)
};

PanelRows BuildPanelRows(const TypedPool& pool) {
  PanelRows m;
  m.row_lo.push_back(pool.panel_size);
  m.row_hi.push_back(pool.panel_size);
  m.columns.resize(pool.types.size());
  for (auto& column : m.columns) column.emplace_back(0, 1.0);
  for (std::size_t q = 0; q < pool.quotas.size(); ++q) {
    int row = static_cast<int>(m.row_lo.size());
    m.row_lo.push_back(static_cast<double>(pool.quotas[q].min));
    m.row_hi.push_back(static_cast<double>(pool.quotas[q].max));
    for (int t : pool.types_of_quota[q]) m.columns[static_cast<std::size_t>(t)].emplace_back(row, 1.0);
  }
  for (const auto& house : pool.households) {
    int row = static_cast<int>(m.row_lo.size());
    m.row_lo.push_back(0);
    m.row_hi.push_back(1);
    for (int t : house) m.columns[static_cast<std::size_t>(t)].emplace_back(row, 1.0);
  }
  return m;
}

// A column-ordered matrix with no gaps: every start is the previous start plus its length.
CoinPackedMatrix Matrix(const PanelRows& m) {
  std::vector<double> elements;
  std::vector<int> indices;
  std::vector<CoinBigIndex> starts;
  std::vector<int> lengths;
  for (const auto& column : m.columns) {
    starts.push_back(static_cast<CoinBigIndex>(elements.size()));
    lengths.push_back(static_cast<int>(column.size()));
    for (auto [row, coefficient] : column) {
      indices.push_back(row);
      elements.push_back(coefficient);
    }
  }
  starts.push_back(static_cast<CoinBigIndex>(elements.size()));
  return CoinPackedMatrix(true, static_cast<int>(m.row_lo.size()), static_cast<int>(m.columns.size()),
                          static_cast<CoinBigIndex>(elements.size()), elements.data(), indices.data(), starts.data(),
                          lengths.data());
}

void Quiet(OsiClpSolverInterface& solver) {
  solver.messageHandler()->setLogLevel(0);
  solver.getModelPtr()->setLogLevel(0);
}

void Tighten(CbcModel& model) {
  model.setLogLevel(0);
  model.messageHandler()->setLogLevel(0);
  model.setAllowableGap(1e-10);
  model.setAllowableFractionGap(1e-10);
  model.setAllowablePercentageGap(1e-8);
}

}  // namespace

struct PanelPricer::Model {
  OsiClpSolverInterface solver;
};

PanelPricer::PanelPricer(const TypedPool& pool) : model_(std::make_unique<Model>()), pool_(pool) {
  PanelRows rows = BuildPanelRows(pool);
  std::vector<double> lo(pool.types.size(), 0.0), hi, objective(pool.types.size(), 0.0);
  for (const PersonType& t : pool.types) hi.push_back(t.size());
  model_->solver.loadProblem(Matrix(rows), lo.data(), hi.data(), objective.data(), rows.row_lo.data(),
                             rows.row_hi.data());
  for (std::size_t t = 0; t < pool.types.size(); ++t) model_->solver.setInteger(static_cast<int>(t));
  Quiet(model_->solver);
}

PanelPricer::~PanelPricer() = default;  // here, where Model is complete

Result<std::optional<PricedPanel>> PanelPricer::Best(const std::vector<double>& weights) {
  if (weights.size() != pool_.types.size()) return InternalError("pricing weights for the wrong number of types");
  ++calls_;
  auto start = std::chrono::steady_clock::now();
  struct Timer {
    std::chrono::steady_clock::time_point start;
    double& total;
    ~Timer() { total += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); }
  } timer{start, seconds_};
  // CBC minimises: the negated weights.
  for (std::size_t t = 0; t < weights.size(); ++t)
    model_->solver.setObjCoeff(static_cast<int>(t), -Rounded(weights[t]));
  CbcModel model(model_->solver);
  Tighten(model);
  model.branchAndBound();
  if (model.isProvenInfeasible()) return std::optional<PricedPanel>();
  const double* x = model.bestSolution();
  if (!model.isProvenOptimal() || x == nullptr) return InternalError("CBC did not prove the best panel optimal");
  PricedPanel priced;
  std::int64_t seats = 0;
  for (std::size_t t = 0; t < pool_.types.size(); ++t) {
    int count = static_cast<int>(std::lround(x[t]));
    if (count > 0) priced.panel.counts.emplace_back(static_cast<int>(t), count);
    priced.value += Rounded(weights[t]) * count;
    seats += count;
  }
  if (seats != pool_.panel_size) return InternalError("CBC returned a panel of the wrong size");
  priced.bound = std::max(priced.value, -model.getBestPossibleObjValue());
  return std::optional<PricedPanel>(std::move(priced));
}

Result<std::vector<Relaxation>> SmallestRelaxation(const TypedPool& pool) {
  PanelRows rows = BuildPanelRows(pool);
  std::vector<double> lo(pool.types.size(), 0.0), hi, objective(pool.types.size(), 0.0);
  for (const PersonType& t : pool.types) hi.push_back(t.size());
  // Per quota q, its row (1 + q) keeps only the max side: Σ types − up ≤ max. Slacks cost 1 a seat.
  for (std::size_t q = 0; q < pool.quotas.size(); ++q) {
    const Quota& quota = pool.quotas[q];
    int row = static_cast<int>(1 + q);
    rows.row_lo[static_cast<std::size_t>(row)] = -COIN_DBL_MAX;
    rows.row_hi[static_cast<std::size_t>(row)] = static_cast<double>(quota.max);
    rows.columns.emplace_back();  // down: enters the quota's min row, below
    lo.push_back(0);
    hi.push_back(static_cast<double>(quota.min - quota.min_flex));
    objective.push_back(1);
    rows.columns.push_back({{row, -1.0}});  // up: Σ − up ≤ max
    lo.push_back(0);
    hi.push_back(static_cast<double>(quota.max_flex - quota.max));
    objective.push_back(1);
  }
  // The min side of each quota as its own row: Σ types + down ≥ min.
  for (std::size_t q = 0; q < pool.quotas.size(); ++q) {
    int row = static_cast<int>(rows.row_lo.size());
    rows.row_lo.push_back(static_cast<double>(pool.quotas[q].min));
    rows.row_hi.push_back(COIN_DBL_MAX);
    for (int t : pool.types_of_quota[q]) rows.columns[static_cast<std::size_t>(t)].emplace_back(row, 1.0);
    rows.columns[pool.types.size() + 2 * q].emplace_back(row, 1.0);
  }
  OsiClpSolverInterface solver;
  solver.loadProblem(Matrix(rows), lo.data(), hi.data(), objective.data(), rows.row_lo.data(), rows.row_hi.data());
  for (std::size_t c = 0; c < rows.columns.size(); ++c) solver.setInteger(static_cast<int>(c));
  Quiet(solver);
  CbcModel model(solver);
  Tighten(model);
  model.branchAndBound();
  const double* x = model.bestSolution();
  if (model.isProvenInfeasible() || x == nullptr) {
    return FailedPreconditionError(
        "no panel meets the quotas, and no relaxation within the min_flex and max_flex bounds makes one feasible");
  }
  std::vector<Relaxation> moved;
  for (std::size_t q = 0; q < pool.quotas.size(); ++q) {
    auto down = std::lround(x[pool.types.size() + 2 * q]), up = std::lround(x[pool.types.size() + 2 * q + 1]);
    if (down == 0 && up == 0) continue;
    const Quota& quota = pool.quotas[q];
    moved.push_back(Relaxation{pool.quota_names[q], quota.min, quota.min - down, quota.max, quota.max + up});
  }
  return moved;
}

}  // namespace veche::choice::sortition
