// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Subcommands of direct legislation, signing records with a key file and submitting them to a
// node over HTTP, or reading what the node holds:
//   text publish, measure table|show, initiative file|sign|withdraw|show, session petition,
//   vote, law show; and `clock advance`, which appends the node's clock record offline.

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

#include "veche/base/result.h"
#include "veche/core/legislation/payloads.h"

namespace veche::app {

class LegislationCommands {
 public:
  // Registers the subcommands on `app`.
  explicit LegislationCommands(CLI::App& app);
  // The exit code of the chosen subcommand, or nullopt if none of these was chosen.
  std::optional<int> Run();

 private:
  CLI::App* Add(CLI::App& parent, const std::string& name, const std::string& help, bool needs_key = true);
  void AddSpecOptions(CLI::App* cmd);
  int SubmitSpec(bool initiative);
  int Show(const std::string& path);
  Result<core::OfficeMotion> OfficeMotionOf() const;

  std::string node_ = "http://127.0.0.1:8080/";
  std::string key_;
  std::string id_, kind_, territory_, title_, text_file_, law_, base_, budget_file_, choice_, file_;
  std::vector<std::string> charter_sets_;  // "name=value"
  std::string office_action_, office_, office_title_, requires_, power_;
  int term_years_ = 0;
  std::string data_, to_;
  int days_ = 0;
  CLI::App *text_publish_, *measure_table_, *measure_show_, *initiative_file_, *initiative_sign_, *initiative_withdraw_,
      *initiative_show_, *session_petition_, *vote_, *law_show_, *clock_advance_;
};

}  // namespace veche::app
