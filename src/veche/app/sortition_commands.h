// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The offline sortition subcommands (docs/formats/sortition.md): `sortition leximin` reads a pool in
// the Sortition Foundation's CSV layout and prints every person's LEXIMIN probability, the panels
// with their weights and the certificate; `sortition rfc3797` runs the RFC 3797 lottery and prints
// the picked positions, one per line, 1-based; `sortition verify` re-checks a published report
// (every panel, every probability, and each level's bound re-proved by the ILP) against its pool;
// `sortition draw` draws the panel from a report with a public seed and prints its members' ids.

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace veche::app {

class SortitionCommands {
 public:
  explicit SortitionCommands(CLI::App& app);
  std::optional<int> Run();

 private:
  int RunLeximin();
  int RunRfc3797();
  int RunVerify();
  int RunDraw();
  // The pool options shared by leximin, verify and draw.
  void AddPoolOptions(CLI::App* command);

  CLI::App* leximin_ = nullptr;
  CLI::App* rfc3797_ = nullptr;
  CLI::App* verify_ = nullptr;
  CLI::App* draw_ = nullptr;
  std::string people_, features_, report_, seed_;
  std::vector<std::string> households_, sources_;
  int panel_size_ = 0, pool_ = 0, picks_ = 0, timeout_ = 600;
  bool json_ = false;
};

}  // namespace veche::app
