// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The accountability subcommands (docs/formats/accountability.md): rate (a citizen of an office's
// electorate approves or disapproves of its holder, or withdraws the rating) and statement (the
// holder answers the voters with a published text). The approval and the recall's state are in
// `veche office show`.

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace veche::app {

class AccountabilityCommands {
 public:
  // Registers the subcommands on `app`.
  explicit AccountabilityCommands(CLI::App& app);
  // The exit code of the chosen subcommand, or nullopt if none of these was chosen.
  std::optional<int> Run();

 private:
  CLI::App* rate_ = nullptr;
  CLI::App* statement_ = nullptr;
  std::string node_ = "http://127.0.0.1:8080/";
  std::string key_, office_, text_file_;
  bool approve_ = false, disapprove_ = false, withdraw_ = false;
};

}  // namespace veche::app
