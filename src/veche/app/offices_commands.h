// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Subcommands of offices, signing records with a key file and submitting them to a node over HTTP,
// or reading what the node holds:
//   certificate accredit|unaccredit (authority: training bodies), certificate issue|revoke
//   (training body), certificate list; office create|abolish|roll|grant|ungrant (authority), office resign
//   (holder), office show|list; nominate (a citizens' nomination, or --sign one); candidacy file
//   (the nominee, with promise files), candidacy list; membership confirm (registrar or secretary),
//   meeting open|vote|show (a collective's members: nominations, and the collective's own posts).

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

#include "veche/base/status.h"
#include "veche/core/offices/payloads.h"

namespace veche::app {

class OfficesCommands {
 public:
  // Registers the subcommands on `app`.
  explicit OfficesCommands(CLI::App& app);
  // The exit code of the chosen subcommand, or nullopt if none of these was chosen.
  std::optional<int> Run();

 private:
  CLI::App* Add(CLI::App& parent, const std::string& name, const std::string& help, bool needs_key = true);
  void AddCertificate(CLI::App& app);
  void AddOffice(CLI::App& app);
  void AddNominations(CLI::App& app);
  void AddMeetings(CLI::App& app);
  std::optional<int> RunMeetings();
  // meeting open's payload from its options.
  Result<core::MeetingOpenPayload> MeetingMotion();
  std::optional<int> RunCertificates();
  std::optional<int> RunOffices();
  std::optional<int> RunNominations();
  int Get(const std::string& path);
  // The contest filling `office_` now, from the node; "" (after printing why) if none.
  std::string RunningContest();

  std::string node_ = "http://127.0.0.1:8080/";
  std::string key_;
  std::string id_, citizen_, class_, from_, until_, reason_, body_pub_, name_, territory_, collective_, title_,
      requires_, office_, nominee_, sign_, nomination_, power_, create_post_, abolish_post_;
  std::vector<std::string> classes_, trustees_, promise_files_;
  std::string choice_;
  int term_years_ = 0, threshold_ = 1, days_ = 1;
  CLI::App *office_grant_ = nullptr, *office_ungrant_ = nullptr, *office_vote_ = nullptr;
  CLI::App *cert_accredit_, *cert_unaccredit_, *cert_issue_, *cert_revoke_, *cert_list_, *office_create_,
      *office_abolish_, *office_roll_, *office_resign_, *office_show_, *office_list_, *nominate_, *candidacy_file_,
      *candidacy_list_, *membership_confirm_, *meeting_open_, *meeting_vote_, *meeting_show_;
};

}  // namespace veche::app
