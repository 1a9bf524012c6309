// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/choice/sortition/exact_check.h"

#include <glpk.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <set>

namespace veche::choice::sortition::testing {
namespace {

bool Feasible(const Pool& pool, const std::vector<int>& panel) {
  for (std::size_t f = 0; f < pool.features.size(); ++f) {
    for (std::size_t v = 0; v < pool.features[f].values.size(); ++v) {
      std::int64_t n = 0;
      for (int i : panel) n += pool.people[static_cast<std::size_t>(i)].values[f] == static_cast<int>(v) ? 1 : 0;
      if (n < pool.features[f].quotas[v].min || n > pool.features[f].quotas[v].max) return false;
    }
  }
  if (!pool.households) return true;
  std::set<std::string> homes;
  for (int i : panel) {
    if (!homes.insert(pool.people[static_cast<std::size_t>(i)].household).second) return false;
  }
  return true;
}

// One level: max z s.t. Σ_P p_P = 1, Σ_{P∋i} p_P − z ≥ 0 (unfixed i), Σ_{P∋i} p_P ≥ f_i (fixed i).
// Returns z and fixes the unfixed people whose row has a positive dual.
Result<double> Level(const std::vector<std::vector<int>>& panels, std::size_t people, std::vector<double>& fixed) {
  glp_prob* lp = glp_create_prob();
  glp_set_obj_dir(lp, GLP_MAX);
  int rows = static_cast<int>(people) + 1, cols = static_cast<int>(panels.size()) + 1;
  glp_add_rows(lp, rows);
  glp_add_cols(lp, cols);
  for (std::size_t i = 0; i < people; ++i)
    glp_set_row_bnds(lp, static_cast<int>(i) + 1, GLP_LO, fixed[i] < 0 ? 0 : fixed[i], 0);
  glp_set_row_bnds(lp, rows, GLP_FX, 1, 1);
  std::vector<int> ia{0}, ja{0};
  std::vector<double> ar{0};
  for (std::size_t p = 0; p < panels.size(); ++p) {
    glp_set_col_bnds(lp, static_cast<int>(p) + 1, GLP_LO, 0, 0);
    for (int i : panels[p]) {
      ia.push_back(i + 1);
      ja.push_back(static_cast<int>(p) + 1);
      ar.push_back(1);
    }
    ia.push_back(rows);
    ja.push_back(static_cast<int>(p) + 1);
    ar.push_back(1);
  }
  glp_set_col_bnds(lp, cols, GLP_FR, 0, 0);
  glp_set_obj_coef(lp, cols, 1);
  for (std::size_t i = 0; i < people; ++i) {
    if (fixed[i] >= 0) continue;
    ia.push_back(static_cast<int>(i) + 1);
    ja.push_back(cols);
    ar.push_back(-1);
  }
  glp_load_matrix(lp, static_cast<int>(ia.size()) - 1, ia.data(), ja.data(), ar.data());
  glp_smcp parm;
  glp_init_smcp(&parm);
  parm.msg_lev = GLP_MSG_OFF;
  glp_simplex(lp, &parm);
  glp_exact(lp, &parm);
  if (glp_get_status(lp) != GLP_OPT) {
    glp_delete_prob(lp);
    return InternalError("GLPK found no exact optimum");
  }
  double z = glp_get_obj_val(lp);
  bool any = false;
  for (std::size_t i = 0; i < people; ++i) {
    if (fixed[i] < 0 && std::abs(glp_get_row_dual(lp, static_cast<int>(i) + 1)) > 1e-12) {
      fixed[i] = z;
      any = true;
    }
  }
  glp_delete_prob(lp);
  if (!any) return InternalError("GLPK's level fixed nobody");
  return z;
}

}  // namespace

std::vector<std::vector<int>> EnumeratePanels(const Pool& pool) {
  std::vector<std::vector<int>> panels;
  std::uint32_t n = static_cast<std::uint32_t>(pool.people.size());
  for (std::uint32_t mask = 0; mask < (1u << n); ++mask) {
    if (std::popcount(mask) != pool.panel_size) continue;
    std::vector<int> panel;
    for (std::uint32_t i = 0; i < n; ++i) {
      if ((mask >> i) & 1u) panel.push_back(static_cast<int>(i));
    }
    if (Feasible(pool, panel)) panels.push_back(std::move(panel));
  }
  return panels;
}

Result<std::vector<double>> ExactLeximin(const Pool& pool) {
  if (pool.people.size() > 20) return InvalidArgumentError("the exact check enumerates at most 20 people");
  std::vector<std::vector<int>> panels = EnumeratePanels(pool);
  if (panels.empty()) return FailedPreconditionError("no feasible panel");
  std::vector<double> fixed(pool.people.size(), -1);
  std::vector<bool> on_some(pool.people.size(), false);
  for (const auto& p : panels) {
    for (int i : p) on_some[static_cast<std::size_t>(i)] = true;
  }
  for (std::size_t i = 0; i < fixed.size(); ++i) {
    if (!on_some[i]) fixed[i] = 0;
  }
  while (std::find(fixed.begin(), fixed.end(), -1.0) != fixed.end()) {
    VECHE_ASSIGN_OR_RETURN(double z, Level(panels, pool.people.size(), fixed));
    (void)z;
  }
  return fixed;
}

}  // namespace veche::choice::sortition::testing
