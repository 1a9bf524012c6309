// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Subcommands of secret ballots (docs/formats/election.md):
//   election define|show, trustee commit|reveal|check|decrypt, ballot cast (or --audit), and
//   verify-election, which checks an election from the log alone and prints numbered checks.
// The trustee and ballot tools mirror and replay the node's log themselves (against its verifier
// key), so what they sign depends only on signed records, not on what the node's JSON says.

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace veche::app {

class ElectionCommands {
 public:
  explicit ElectionCommands(CLI::App& app);
  std::optional<int> Run();

 private:
  int Define();
  int Trustee();
  int Cast();
  int VerifyElection();

  std::string node_ = "http://127.0.0.1:8080/";
  std::string key_, log_key_, id_, territory_, title_, opens_, closes_, secrets_;
  std::vector<std::string> options_, trustees_, choices_;
  int limit_ = 1, threshold_ = 1;
  bool audit_ = false;
  CLI::App *define_, *show_, *commit_, *reveal_, *check_, *decrypt_, *cast_, *verify_;
};

}  // namespace veche::app
