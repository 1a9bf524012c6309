// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/app/sortition_commands.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "veche/app/record_commands.h"
#include "veche/base/text_codec.h"
#include "veche/choice/sortition/lottery.h"
#include "veche/choice/sortition/solver.h"
#include "veche/choice/sortition/sortition_json.h"
#include "veche/crypto/sha256.h"

namespace veche::app {
namespace {

using namespace choice::sortition;

constexpr std::size_t kMaxFileBytes = std::size_t{64} << 20;  // as the CSV reader's limit

Result<Pool> LoadPool(const std::string& features_path, const std::string& people_path, int panel_size,
                      const std::vector<std::string>& households) {
  VECHE_ASSIGN_OR_RETURN(std::string features, ReadTextFile(features_path, kMaxFileBytes));
  VECHE_ASSIGN_OR_RETURN(std::string people, ReadTextFile(people_path, kMaxFileBytes));
  return ReadPool(features, people, panel_size, households);
}

// The report, checked against the pool it claims to be about.
Result<PublishedReport> LoadReport(const std::string& path, const Pool& pool, const TypedPool& typed) {
  VECHE_ASSIGN_OR_RETURN(std::string text, ReadTextFile(path, kMaxFileBytes));
  VECHE_ASSIGN_OR_RETURN(PublishedReport report, ReadReport(text));
  VECHE_RETURN_IF_ERROR(CheckReportAgainstPool(pool, typed, report));
  VECHE_RETURN_IF_ERROR(CheckDistribution(typed, report.d));
  return report;
}

Result<Bytes> DrawSeed(const std::string& hex, const std::vector<std::string>& sources) {
  if (sources.empty()) {
    VECHE_ASSIGN_OR_RETURN(Bytes seed, HexDecode(hex));
    if (seed.size() != 32) return InvalidArgumentError("--seed must be 32 bytes (64 hex digits)");
    return seed;
  }
  VECHE_ASSIGN_OR_RETURN(std::string key, Rfc3797KeyString(sources));
  std::cerr << "key string: " << key << "\n";
  crypto::Sha256Digest d = crypto::Sha256Of(AsBytes(key));
  return Bytes(d.begin(), d.end());
}

int Fail(const Status& status) {
  std::cerr << "veche sortition: " << status.message() << "\n";
  return 1;
}

void PrintRelaxation(const TypedPool& typed, int timeout_seconds) {
  auto relax = SmallestRelaxationContained(typed, std::chrono::seconds(timeout_seconds));
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
  std::vector<double> p = PersonProbabilities(typed, d);
  std::printf("LEXIMIN: a panel of %d from %zu people (%zu types), %zu levels, %zu panels in %.2f s\n", pool.panel_size,
              pool.people.size(), typed.types.size(), d.levels.size(), d.panels.size(), seconds);
  std::printf("smallest probability %.6f; the certificate's largest gap %.2e\n",
              p.empty() ? 0.0 : *std::min_element(p.begin(), p.end()), MaxGap(d));
  std::printf("%-24s %s\n", "id", "probability");
  for (std::size_t i = 0; i < pool.people.size(); ++i) std::printf("%-24s %.6f\n", pool.people[i].id.c_str(), p[i]);
}

}  // namespace

void SortitionCommands::AddPoolOptions(CLI::App* command) {
  command->add_option("--people", people_, "people.csv: id and one column per feature")
      ->required()
      ->check(CLI::ExistingFile);
  command->add_option("--features", features_, "features.csv: feature,value,min,max[,min_flex,max_flex]")
      ->required()
      ->check(CLI::ExistingFile);
  command->add_option("--panel-size", panel_size_, "seats on the panel")->required()->check(CLI::PositiveNumber);
  command
      ->add_option("--households", households_, "columns of people.csv forming an address: at most one per household")
      ->delimiter(',');
  command->add_option("--timeout", timeout_, "seconds before the solver is stopped")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
}

SortitionCommands::SortitionCommands(CLI::App& app) {
  CLI::App* sortition =
      app.add_subcommand("sortition", "Citizens' panels by lot: LEXIMIN probabilities and public lotteries");
  sortition->require_subcommand(1);
  leximin_ = sortition->add_subcommand(
      "leximin", "Every person's LEXIMIN selection probability for a pool in the Sortition Foundation's CSV layout");
  AddPoolOptions(leximin_);
  leximin_->add_flag("--json", json_, "the full report as JSON: probabilities, panels with weights, certificate");
  verify_ = sortition->add_subcommand("verify",
                                      "Re-check a LEXIMIN report (--json output) against its pool, bounds re-proved");
  AddPoolOptions(verify_);
  verify_->add_option("--report", report_, "the report to check")->required()->check(CLI::ExistingFile);
  draw_ =
      sortition->add_subcommand("draw", "Draw the panel from a LEXIMIN report with public randomness; prints the ids");
  AddPoolOptions(draw_);
  draw_->add_option("--report", report_, "the report whose integer weights are drawn from")
      ->required()
      ->check(CLI::ExistingFile);
  auto* seed = draw_->add_option("--seed", seed_, "the 32-byte seed in hex (a public beacon's value)");
  draw_->add_option("--source", sources_, "instead of --seed: RFC 3797 sources; the seed is SHA-256 of the key string")
      ->excludes(seed);
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
  if (verify_->parsed()) return RunVerify();
  if (draw_->parsed()) return RunDraw();
  return std::nullopt;
}

int SortitionCommands::RunLeximin() {
  auto pool = LoadPool(features_, people_, panel_size_, households_);
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
    if (d.error().code() == StatusCode::kFailedPrecondition) PrintRelaxation(typed, timeout_);
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

namespace veche::app {

int SortitionCommands::RunVerify() {
  auto pool = LoadPool(features_, people_, panel_size_, households_);
  if (!pool.ok()) return Fail(pool.error());
  TypedPool typed = Aggregate(*pool);
  auto report = LoadReport(report_, *pool, typed);
  if (!report.ok()) return Fail(report.error().WithContext("the report fails its check"));
  std::cerr << "sortition: re-proving the bounds of " << report->d.levels.size() << " levels...\n";
  if (Status s = VerifyBoundsContained(typed, report->d, std::chrono::seconds(timeout_)); !s.ok()) {
    return Fail(s.WithContext("the certificate does not hold"));
  }
  std::printf("the report holds: %zu panels, %zu levels, each within %.2e of its proven bound\n",
              report->d.panels.size(), report->d.levels.size(), MaxGap(report->d));
  return 0;
}

int SortitionCommands::RunDraw() {
  if (seed_.empty() && sources_.empty()) return Fail(InvalidArgumentError("give --seed or --source"));
  auto pool = LoadPool(features_, people_, panel_size_, households_);
  if (!pool.ok()) return Fail(pool.error());
  TypedPool typed = Aggregate(*pool);
  auto report = LoadReport(report_, *pool, typed);
  if (!report.ok()) return Fail(report.error().WithContext("the report fails its check"));
  auto seed = DrawSeed(seed_, sources_);
  if (!seed.ok()) return Fail(seed.error());
  auto drawn = DrawPanel(*seed, typed, report->d.panels, report->integer_weights);
  if (!drawn.ok()) return Fail(drawn.error());
  std::cerr << "seed " << HexEncode(*seed) << ": ticket " << drawn->ticket << " of " << kWeightTotal << " picks panel "
            << drawn->panel << "\n";
  for (int person : drawn->people) std::cout << pool->people[static_cast<std::size_t>(person)].id << "\n";
  return 0;
}

}  // namespace veche::app
