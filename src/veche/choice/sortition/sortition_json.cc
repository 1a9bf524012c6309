// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/choice/sortition/sortition_json.h"

#include <algorithm>
#include <cmath>

#include "veche/choice/sortition/contained.h"
#include "veche/choice/sortition/lottery.h"

namespace veche::choice::sortition {
namespace {

using nlohmann::json;

json PanelJson(const Panel& panel) {
  json counts = json::array();
  for (auto [t, c] : panel.counts) counts.push_back({t, c});
  return counts;
}

json LevelJson(const Level& level) {
  json duals = json::array();
  for (auto [t, y] : level.duals) duals.push_back({t, y});
  return {{"value", level.value},
          {"types", level.types},
          {"duals", duals},
          {"pricing_bound", level.pricing_bound},
          {"fixed_term", level.fixed_term},
          {"bound", level.bound()}};
}

}  // namespace

nlohmann::json ReportJson(const Pool& pool, const TypedPool& typed, const Distribution& d) {
  json people = json::array();
  std::vector<double> p = PersonProbabilities(typed, d);
  for (std::size_t i = 0; i < pool.people.size(); ++i) {
    people.push_back({{"id", pool.people[i].id}, {"probability", p[i]}, {"type", typed.TypeOf(static_cast<int>(i))}});
  }
  json types = json::array();
  for (std::size_t t = 0; t < typed.types.size(); ++t) {
    json values = json::object();
    for (std::size_t f = 0; f < pool.features.size(); ++f) {
      values[pool.features[f].name] = pool.features[f].values[static_cast<std::size_t>(typed.types[t].values[f])];
    }
    json members = json::array();
    for (int m : typed.types[t].members) members.push_back(pool.people[static_cast<std::size_t>(m)].id);
    types.push_back({{"values", values}, {"members", members}, {"probability", d.type_probability[t]}});
  }
  std::vector<std::uint64_t> integer = RoundWeights(d.weights, kWeightTotal);
  json panels = json::array();
  for (std::size_t i = 0; i < d.panels.size(); ++i) {
    panels.push_back({{"weight", d.weights[i]}, {"integer_weight", integer[i]}, {"types", PanelJson(d.panels[i])}});
  }
  json levels = json::array();
  for (const Level& level : d.levels) levels.push_back(LevelJson(level));
  double sum = 0;
  for (double v : p) sum += v;
  return {{"panel_size", pool.panel_size},
          {"households", pool.households},
          {"people", people},
          {"types", types},
          {"panels", panels},
          {"integer_weight_total", kWeightTotal},
          {"probability_sum", sum},
          {"min_probability", p.empty() ? 0.0 : *std::min_element(p.begin(), p.end())},
          {"certificate", {{"levels", levels}, {"max_gap", MaxGap(d)}, {"final_slack", d.final_slack}}},
          {"solver",
           {{"pricing_calls", d.pricing_calls},
            {"lp_solves", d.lp_solves},
            {"pricing_seconds", d.pricing_seconds},
            {"lp_seconds", d.lp_seconds},
            {"swap_columns", d.swap_columns}}}};
}

std::string EncodeDistribution(const Distribution& d) {
  json panels = json::array();
  for (const Panel& panel : d.panels) panels.push_back(PanelJson(panel));
  json levels = json::array();
  for (const Level& level : d.levels) levels.push_back(LevelJson(level));
  return json{{"panels", panels},
              {"weights", d.weights},
              {"type_probability", d.type_probability},
              {"levels", levels},
              {"final_slack", d.final_slack},
              {"pricing_calls", d.pricing_calls},
              {"lp_solves", d.lp_solves},
              {"pricing_seconds", d.pricing_seconds},
              {"lp_seconds", d.lp_seconds},
              {"swap_columns", d.swap_columns}}
      .dump();
}

namespace {

// Both readers throw json::exception on a missing or mistyped field; their callers turn it into
// an error naming the field.
Panel PanelFromJson(const json& pairs) {
  Panel p;
  for (const json& pair : pairs) p.counts.emplace_back(pair.at(0).get<int>(), pair.at(1).get<int>());
  return p;
}

Level LevelFromJson(const json& l) {
  Level level;
  level.value = l.at("value").get<double>();
  level.types = l.at("types").get<std::vector<int>>();
  for (const json& pair : l.at("duals")) level.duals.emplace_back(pair.at(0).get<int>(), pair.at(1).get<double>());
  level.pricing_bound = l.at("pricing_bound").get<double>();
  level.fixed_term = l.at("fixed_term").get<double>();
  return level;
}

}  // namespace

Result<Distribution> DecodeDistribution(std::string_view text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return InvalidArgumentError("a distribution that is not JSON");
  try {
    Distribution d;
    for (const json& panel : j.at("panels")) d.panels.push_back(PanelFromJson(panel));
    d.weights = j.at("weights").get<std::vector<double>>();
    d.type_probability = j.at("type_probability").get<std::vector<double>>();
    for (const json& l : j.at("levels")) d.levels.push_back(LevelFromJson(l));
    d.final_slack = j.at("final_slack").get<double>();
    d.pricing_calls = j.at("pricing_calls").get<int>();
    d.lp_solves = j.at("lp_solves").get<int>();
    d.pricing_seconds = j.at("pricing_seconds").get<double>();
    d.lp_seconds = j.at("lp_seconds").get<double>();
    d.swap_columns = j.at("swap_columns").get<int>();
    return d;
  } catch (const json::exception& e) {
    return InvalidArgumentError(std::string("a distribution with a bad field: ") + e.what());
  }
}

Result<PublishedReport> ReadReport(std::string_view text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return InvalidArgumentError("the report is not JSON");
  try {
    PublishedReport r;
    for (const json& t : j.at("types")) {
      r.type_members.push_back(t.at("members").get<std::vector<std::string>>());
      r.d.type_probability.push_back(t.at("probability").get<double>());
    }
    for (const json& p : j.at("panels")) {
      r.d.panels.push_back(PanelFromJson(p.at("types")));
      r.d.weights.push_back(p.at("weight").get<double>());
      r.integer_weights.push_back(p.at("integer_weight").get<std::uint64_t>());
    }
    for (const json& l : j.at("certificate").at("levels")) r.d.levels.push_back(LevelFromJson(l));
    r.d.final_slack = j.at("certificate").at("final_slack").get<double>();
    return r;
  } catch (const json::exception& e) {
    return InvalidArgumentError(std::string("the report has a bad field: ") + e.what());
  }
}

Status CheckReportAgainstPool(const Pool& pool, const TypedPool& typed, const PublishedReport& report) {
  if (report.type_members.size() != typed.types.size()) {
    return InvalidArgumentError("the report has " + std::to_string(report.type_members.size()) + " types, the pool " +
                                std::to_string(typed.types.size()));
  }
  for (std::size_t t = 0; t < typed.types.size(); ++t) {
    std::vector<std::string> ids;
    for (int m : typed.types[t].members) ids.push_back(pool.people[static_cast<std::size_t>(m)].id);
    if (ids != report.type_members[t])
      return InvalidArgumentError("the report's type " + std::to_string(t) + " is not the pool's");
  }
  std::vector<std::uint64_t> rounded = RoundWeights(report.d.weights, kWeightTotal);
  if (rounded != report.integer_weights)
    return InvalidArgumentError("the report's integer weights are not its weights rounded");
  return OkStatus();
}

Result<std::vector<Relaxation>> SmallestRelaxationContained(const TypedPool& pool, std::chrono::milliseconds deadline) {
  VECHE_ASSIGN_OR_RETURN(std::string answer, RunContained(
                                                 [&]() -> Result<std::string> {
                                                   VECHE_ASSIGN_OR_RETURN(std::vector<Relaxation> moved,
                                                                          SmallestRelaxation(pool));
                                                   json out = json::array();
                                                   for (const Relaxation& r : moved) {
                                                     out.push_back({r.quota, r.min, r.new_min, r.max, r.new_max});
                                                   }
                                                   return out.dump();
                                                 },
                                                 deadline, "the smallest relaxation"));
  json j = json::parse(answer, nullptr, false);
  if (!j.is_array()) return InternalError("the smallest relaxation: a garbled answer");
  std::vector<Relaxation> moved;
  try {
    for (const json& r : j) {
      moved.push_back(Relaxation{r.at(0).get<std::string>(), r.at(1).get<std::int64_t>(), r.at(2).get<std::int64_t>(),
                                 r.at(3).get<std::int64_t>(), r.at(4).get<std::int64_t>()});
    }
  } catch (const json::exception&) {
    return InternalError("the smallest relaxation: a garbled answer");
  }
  return moved;
}

Status VerifyBoundsContained(const TypedPool& pool, const Distribution& d, std::chrono::milliseconds deadline) {
  auto answer = RunContained(
      [&]() -> Result<std::string> {
        VECHE_RETURN_IF_ERROR(VerifyBounds(pool, d));
        return std::string("ok");
      },
      deadline, "verifying the certificate");
  return answer.ok() ? OkStatus() : answer.error();
}

Result<Distribution> LeximinContained(const TypedPool& pool, std::chrono::milliseconds deadline,
                                      const LeximinOptions& options) {
  VECHE_ASSIGN_OR_RETURN(std::string answer, RunContained(
                                                 [&]() -> Result<std::string> {
                                                   VECHE_ASSIGN_OR_RETURN(Distribution d, Leximin(pool, options));
                                                   return EncodeDistribution(d);
                                                 },
                                                 deadline, "LEXIMIN"));
  return DecodeDistribution(answer);
}

}  // namespace veche::choice::sortition
