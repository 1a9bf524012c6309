// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The accountability subcommands (docs/formats/accountability.md): rate (a citizen of an office's
// electorate approves or disapproves of its holder, or withdraws the rating), statement (the
// holder answers the voters with a published text) and promise report|contest (the holder
// reports on a promise of their checklist; a citizen contests the latest report) and recall
// sign|vote (a citizen signs the petition to recall a holder; votes recall or keep once it is
// called). The approval and the recall's state
// are in `veche office show`.

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

#include "veche/crypto/ed25519.h"

namespace veche::app {

class AccountabilityCommands {
 public:
  // Registers the subcommands on `app`.
  explicit AccountabilityCommands(CLI::App& app);
  // The exit code of the chosen subcommand, or nullopt if none of these was chosen.
  std::optional<int> Run();

 private:
  // promise report|contest: the item, the status and the text file are checked here.
  int RunPromise(const crypto::SigningKey& key);

  CLI::App* rate_ = nullptr;
  CLI::App* statement_ = nullptr;
  CLI::App* promise_report_ = nullptr;
  CLI::App* promise_contest_ = nullptr;
  CLI::App* recall_sign_ = nullptr;
  CLI::App* recall_vote_ = nullptr;
  std::string choice_;
  std::string node_ = "http://127.0.0.1:8080/";
  std::string key_, office_, text_file_, status_;
  int item_ = 0;
  bool approve_ = false, disapprove_ = false, withdraw_ = false;
};

}  // namespace veche::app
