// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The accountability subcommands (docs/formats/accountability.md): rate (a citizen of an office's
// electorate approves or disapproves of its holder, or withdraws the rating), statement (the
// holder answers the voters with a published text) and promise report|contest (the holder
// reports on a promise of their checklist; a citizen contests the latest report) and recall
// sign|vote (a citizen signs the petition to recall a holder; votes recall or keep once it is
// called), payroll (a collective's post reports its payroll), pay (an office's pay under the cap)
// and ministry publish|spend (an office's decisions, reports and spending), acting accept (the
// runner-up designated to act for a suspended holder accepts). The approval, the
// recall's state, the pay and the ministry are in `veche office show`.

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
  void AddPayAndMinistry(CLI::App& app);
  int RunPay(const crypto::SigningKey& key);       // payroll, pay
  int RunMinistry(const crypto::SigningKey& key);  // ministry publish|spend

  CLI::App* rate_ = nullptr;
  CLI::App* statement_ = nullptr;
  CLI::App* promise_report_ = nullptr;
  CLI::App* promise_contest_ = nullptr;
  CLI::App* recall_sign_ = nullptr;
  CLI::App* recall_vote_ = nullptr;
  CLI::App* payroll_ = nullptr;
  CLI::App* pay_ = nullptr;
  CLI::App* publish_ = nullptr;
  CLI::App* spend_ = nullptr;
  CLI::App* acting_accept_ = nullptr;
  std::string choice_;
  std::string node_ = "http://127.0.0.1:8080/";
  std::string key_, office_, text_file_, status_, collective_, month_, line_;
  int item_ = 0;
  std::int64_t amount_ = 0, workers_ = 0;
  bool approve_ = false, disapprove_ = false, withdraw_ = false, decision_ = false, report_ = false;
};

}  // namespace veche::app
