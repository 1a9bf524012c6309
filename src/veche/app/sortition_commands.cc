// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/app/sortition_commands.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "veche/choice/sortition/lottery.h"
#include "veche/choice/sortition/solver.h"
#include "veche/choice/sortition/sortition_json.h"

namespace veche::app {
namespace {

using namespace choice::sortition;

Result<std::string> ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

int Fail(const Status& status) {
  std::cerr << "veche sortition: " << status.message() << "\n";
  return 1;
}

void PrintRelaxation(const TypedPool& typed) {
  auto relax = SmallestRelaxation(typed);
  if (!relax.ok()) {
    std::cerr << "  " << relax.error().message() << "\n";
    return;
  }
  std::cerr << "  the smallest relaxation that makes a panel feasible:\n";
  for (const Relaxation& r : *relax) {
    std::cerr << "    " << r.quota << ": min " << r.min << " -> " << r.new_min << ", max " << r.max << " -> "
              << r.new_max << "\n";
  }
}

void PrintSummary(const Pool& pool, const TypedPool& typed, const Distribution& d, double seconds) {
  nlohmann::json report = ReportJson(pool, typed, d);
  std::printf("LEXIMIN: a panel of %d from %zu people (%zu types), %zu levels, %zu panels in %.2f s\n", pool.panel_size,
              pool.people.size(), typed.types.size(), d.levels.size(), d.panels.size(), seconds);
  std::printf("smallest probability %.6f; the certificate's largest gap %.2e\n",
              report["min_probability"].get<double>(), report["certificate"]["max_gap"].get<double>());
  std::printf("%-24s %s\n", "id", "probability");
  std::vector<double> p = PersonProbabilities(typed, d);
  for (std::size_t i = 0; i < pool.people.size(); ++i) std::printf("%-24s %.6f\n", pool.people[i].id.c_str(), p[i]);
}

}  // namespace

SortitionCommands::SortitionCommands(CLI::App& app) {
  CLI::App* sortition =
      app.add_subcommand("sortition", "Citizens' panels by lot: LEXIMIN probabilities and public lotteries");
  sortition->require_subcommand(1);
  leximin_ = sortition->add_subcommand(
      "leximin", "Every person's LEXIMIN selection probability for a pool in the Sortition Foundation's CSV layout");
  leximin_->add_option("--people", people_, "people.csv: id and one column per feature")
      ->required()
      ->check(CLI::ExistingFile);
  leximin_->add_option("--features", features_, "features.csv: feature,value,min,max[,min_flex,max_flex]")
      ->required()
      ->check(CLI::ExistingFile);
  leximin_->add_option("--panel-size", panel_size_, "seats on the panel")->required()->check(CLI::PositiveNumber);
  leximin_
      ->add_option("--households", households_, "columns of people.csv forming an address: at most one per household")
      ->delimiter(',');
  leximin_->add_option("--timeout", timeout_, "seconds before the solver is stopped")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  leximin_->add_flag("--json", json_, "the full report as JSON: probabilities, panels with weights, certificate");
  rfc3797_ = sortition->add_subcommand("rfc3797",
                                       "The RFC 3797 lottery: picks positions of a pool from public random sources");
  rfc3797_->add_option("--pool", pool_, "the pool's size")->required()->check(CLI::Range(1, 65535));
  rfc3797_->add_option("--picks", picks_, "how many to pick")->required()->check(CLI::PositiveNumber);
  rfc3797_->add_option("--source", sources_, "a source of randomness, in order (numbers are sorted): repeat")
      ->required();
}

std::optional<int> SortitionCommands::Run() {
  if (leximin_->parsed()) return RunLeximin();
  if (rfc3797_->parsed()) return RunRfc3797();
  return std::nullopt;
}

int SortitionCommands::RunLeximin() {
  auto features = ReadText(features_);
  auto people = ReadText(people_);
  if (!features.ok()) return Fail(features.error());
  if (!people.ok()) return Fail(people.error());
  auto pool = ReadPool(*features, *people, panel_size_, households_);
  if (!pool.ok()) return Fail(pool.error());
  TypedPool typed = Aggregate(*pool);
  std::cerr << "sortition: " << pool->people.size() << " people in " << typed.types.size() << " types, "
            << typed.quotas.size() << " quotas, a panel of " << pool->panel_size << "; solving...\n";
  auto start = std::chrono::steady_clock::now();
  LeximinOptions options;
  options.on_level = [start](const LeximinProgress& p) {
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::fprintf(stderr, "  level %d at %.6f: %d of %d types fixed, %d panels, %d ILPs, %d LPs, %.1f s\n", p.levels,
                 p.level_value, p.fixed_types, p.types, p.panels, p.pricing_calls, p.lp_solves, s);
  };
  auto d = LeximinContained(typed, std::chrono::seconds(timeout_), options);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!d.ok()) {
    Fail(d.error());
    if (d.error().code() == StatusCode::kFailedPrecondition) PrintRelaxation(typed);
    return 1;
  }
  if (Status s = CheckDistribution(typed, *d); !s.ok())
    return Fail(s.WithContext("the solver's distribution fails its check"));
  if (json_) {
    nlohmann::json report = ReportJson(*pool, typed, *d);
    report["seconds"] = seconds;
    std::cout << report.dump(1) << "\n";
  } else {
    PrintSummary(*pool, typed, *d, seconds);
  }
  return 0;
}

int SortitionCommands::RunRfc3797() {
  auto key = Rfc3797KeyString(sources_);
  if (!key.ok()) return Fail(key.error());
  auto picked = Rfc3797Select(pool_, picks_, *key);
  if (!picked.ok()) return Fail(picked.error());
  std::cerr << "key string: " << *key << "\n";
  for (int position : *picked) std::cout << position << "\n";
  return 0;
}

}  // namespace veche::app
