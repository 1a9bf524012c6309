// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/app/accountability_commands.h"

#include "veche/app/record_commands.h"
#include "veche/core/accountability/payloads.h"
#include "veche/core/legislation/payloads.h"
#include "veche/crypto/key_file.h"

namespace veche::app {

AccountabilityCommands::AccountabilityCommands(CLI::App& app) {
  rate_ =
      app.add_subcommand("rate",
                         "Citizen: approve or disapprove of an office's holder, or withdraw your rating; one "
                         "current rating each, changed at any time. A holder whose approval stays below the "
                         "charter's recall threshold is suspended (veche office show --id ... shows the approval).");
  statement_ = app.add_subcommand("statement", "Holder: answer the voters with a statement, published as a text.");
  CLI::App* promise = app.add_subcommand("promise", "The promises of an office holder's checklist.");
  promise->require_subcommand(1);
  promise_report_ = promise->add_subcommand(
      "report", "Holder: report on a promise of your checklist (in-progress, done or abandoned), with evidence.");
  promise_contest_ = promise->add_subcommand("contest", "Citizen: contest the latest report on a holder's promise.");
  for (CLI::App* cmd : {promise_report_, promise_contest_}) {
    cmd->add_option("--item", item_, "The promise's number in the checklist, from 0")
        ->required()
        ->check(CLI::Range(0, 31));
    cmd->add_option("--text-file", text_file_, "The evidence, or the reason, as a UTF-8 text file")->required();
  }
  promise_report_->add_option("--status", status_, "in-progress, done or abandoned")
      ->required()
      ->check(CLI::IsMember({"in-progress", "done", "abandoned"}));
  CLI::App* recall = app.add_subcommand("recall", "Recall by petition: signatures, then a vote of the electorate.");
  recall->require_subcommand(1);
  recall_sign_ = recall->add_subcommand(
      "sign", "Citizen: sign the petition to recall an office's holder; at the charter's share the vote is called.");
  recall_vote_ = recall->add_subcommand("vote", "Citizen: vote in a recall, in the open; a later vote replaces it.");
  recall_vote_->add_option("--choice", choice_, "recall or keep")->required()->check(CLI::IsMember({"recall", "keep"}));
  CLI::App* acting = app.add_subcommand("acting", "Acting for a suspended holder.");
  acting->require_subcommand(1);
  acting_accept_ = acting->add_subcommand(
      "accept", "Runner-up designated to act for a suspended holder: accept, and wield the office's powers.");
  AddPayAndMinistry(app);
  for (CLI::App* cmd : {rate_, statement_, promise_report_, promise_contest_, recall_sign_, recall_vote_, pay_,
                        publish_, spend_, acting_accept_}) {
    cmd->add_option("--office", office_, "The office's id")->required();
  }
  for (CLI::App* cmd : {rate_, statement_, promise_report_, promise_contest_, recall_sign_, recall_vote_, payroll_,
                        pay_, publish_, spend_, acting_accept_}) {
    cmd->add_option("--node", node_, "The node's URL")->capture_default_str();
    cmd->add_option("--key", key_, "Private key file of the signer")->required();
  }
  auto* approve = rate_->add_flag("--approve", approve_, "Approve of the holder");
  auto* disapprove = rate_->add_flag("--disapprove", disapprove_, "Disapprove of the holder");
  auto* withdraw = rate_->add_flag("--withdraw", withdraw_, "Withdraw your rating");
  approve->excludes(disapprove)->excludes(withdraw);
  disapprove->excludes(withdraw);
  statement_->add_option("--text-file", text_file_, "The statement, a UTF-8 text file")->required();
}

void AccountabilityCommands::AddPayAndMinistry(CLI::App& app) {
  payroll_ = app.add_subcommand("payroll",
                                "Holder of a collective's post: report the collective's workers and their total pay "
                                "for a month (open production data; a later report of the month replaces it). The "
                                "territory's average worker's pay caps every office's pay.");
  payroll_->add_option("--collective", collective_, "The collective's id")->required();
  payroll_->add_option("--month", month_, "The month, YYYY-MM")->required();
  payroll_->add_option("--workers", workers_, "How many worked")->required()->check(CLI::Range(1, 100'000'000));
  payroll_->add_option("--total-pay", amount_, "Their total pay, in minor units")->required();
  pay_ = app.add_subcommand("pay",
                            "Holder of the 'offices' power: set an office's monthly pay, in minor units (0: unpaid); "
                            "refused above the charter's cap on the average worker's pay.");
  pay_->add_option("--monthly", amount_, "The monthly pay, in minor units")->required();
  CLI::App* ministry = app.add_subcommand("ministry", "An office's open ministry: decisions, reports and spending.");
  ministry->require_subcommand(1);
  publish_ = ministry->add_subcommand("publish", "The office's wielder: publish a decision or a report, as a text.");
  auto* decision = publish_->add_flag("--decision", decision_, "It is a decision");
  publish_->add_flag("--report", report_, "It is a report")->excludes(decision);
  spend_ = ministry->add_subcommand("spend",
                                    "The office's wielder: charge spending to a line of the budget in force; refused "
                                    "beyond what the line has left.");
  spend_->add_option("--line", line_, "The budget line's label")->required();
  spend_->add_option("--amount", amount_, "The amount, in minor units")->required();
  spend_->add_option("--to", collective_, "The receiving collective's id")->required();
  for (CLI::App* cmd : {publish_, spend_}) {
    cmd->add_option("--text-file", text_file_, "The text (or the spending's description), a UTF-8 text file")
        ->required();
  }
}

namespace {

// "YYYY-MM" as year and month; false if it is not one.
bool ParseMonth(const std::string& text, std::uint16_t& year, std::uint8_t& month) {
  if (text.size() != 7 || text[4] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  year = static_cast<std::uint16_t>(std::stoi(text.substr(0, 4)));
  month = static_cast<std::uint8_t>(std::stoi(text.substr(5, 2)));
  return month >= 1 && month <= 12;
}

}  // namespace

int AccountabilityCommands::RunPay(const crypto::SigningKey& key) {
  if (*pay_) {
    return SubmitRecord(node_, key, core::RecordKind::kOfficePay,
                        core::EncodePayload(core::OfficePayPayload{office_, amount_}));
  }
  core::PayrollReportPayload p{collective_, 0, 0, static_cast<std::uint32_t>(workers_), amount_};
  if (!ParseMonth(month_, p.year, p.month)) return Fail("--month must be YYYY-MM, a month 01..12");
  if (Status valid = p.Validate(); !valid.ok()) return Fail(valid.message());
  return SubmitRecord(node_, key, core::RecordKind::kPayrollReport, core::EncodePayload(p));
}

int AccountabilityCommands::RunMinistry(const crypto::SigningKey& key) {
  if (*publish_ && !decision_ && !report_) return Fail("give --decision or --report");
  Result<std::string> text = ReadTextFile(text_file_, core::kMaxTextSize);
  if (!text.ok()) return Fail("--text-file: " + text.error().message());
  Result<core::TextHash> hash = EnsurePublished(node_, key, *text);
  if (!hash.ok()) return Fail(hash.error().message());
  if (*publish_) {
    const core::MinistryTextKind kind = report_ ? core::MinistryTextKind::kReport : core::MinistryTextKind::kDecision;
    return SubmitRecord(node_, key, core::RecordKind::kOfficePublish,
                        core::EncodePayload(core::OfficePublishPayload{office_, kind, *hash}));
  }
  return SubmitRecord(node_, key, core::RecordKind::kOfficeSpend,
                      core::EncodePayload(core::OfficeSpendPayload{office_, line_, amount_, collective_, *hash}));
}

int AccountabilityCommands::RunPromise(const crypto::SigningKey& key) {
  Result<std::string> text = ReadTextFile(text_file_, core::kMaxTextSize);
  if (!text.ok()) return Fail("--text-file: " + text.error().message());
  Result<core::TextHash> hash = EnsurePublished(node_, key, *text);
  if (!hash.ok()) return Fail(hash.error().message());
  const auto item = static_cast<std::uint8_t>(item_);
  if (*promise_contest_) {
    return SubmitRecord(node_, key, core::RecordKind::kPromiseContest,
                        core::EncodePayload(core::PromiseContestPayload{office_, item, *hash}));
  }
  const core::PromiseStatus status = status_ == "done"        ? core::PromiseStatus::kDone
                                     : status_ == "abandoned" ? core::PromiseStatus::kAbandoned
                                                              : core::PromiseStatus::kInProgress;
  return SubmitRecord(node_, key, core::RecordKind::kPromiseReport,
                      core::EncodePayload(core::PromiseReportPayload{office_, item, status, *hash}));
}

std::optional<int> AccountabilityCommands::Run() {
  if (!*rate_ && !*statement_ && !*promise_report_ && !*promise_contest_ && !*recall_sign_ && !*recall_vote_ &&
      !*payroll_ && !*pay_ && !*publish_ && !*spend_ && !*acting_accept_) {
    return std::nullopt;
  }
  if (*rate_ && !approve_ && !disapprove_ && !withdraw_) return Fail("give --approve, --disapprove or --withdraw");
  if (!*payroll_ && !core::IsValidId(office_)) return Fail("--office must be an office id");
  if ((*payroll_ || *spend_) && !core::IsValidId(collective_)) return Fail("the collective must be a collective id");
  Result<crypto::SigningKey> key = crypto::ReadPrivateKeyFile(key_);
  if (!key.ok()) return Fail("--key: " + key.error().message());
  if (*payroll_ || *pay_) return RunPay(*key);
  if (*publish_ || *spend_) return RunMinistry(*key);
  if (*rate_) {
    const core::Rating rating = approve_      ? core::Rating::kApprove
                                : disapprove_ ? core::Rating::kDisapprove
                                              : core::Rating::kWithdrawn;
    return SubmitRecord(node_, *key, core::RecordKind::kRatingSet,
                        core::EncodePayload(core::RatingSetPayload{office_, rating}));
  }
  if (*promise_report_ || *promise_contest_) return RunPromise(*key);
  if (*acting_accept_) {
    return SubmitRecord(node_, *key, core::RecordKind::kActingAccept,
                        core::EncodePayload(core::ActingAcceptPayload{office_}));
  }
  if (*recall_sign_) {
    return SubmitRecord(node_, *key, core::RecordKind::kRecallSign,
                        core::EncodePayload(core::RecallSignPayload{office_}));
  }
  if (*recall_vote_) {
    return SubmitRecord(node_, *key, core::RecordKind::kRecallVote,
                        core::EncodePayload(core::RecallVotePayload{office_, choice_ == "recall"}));
  }
  Result<std::string> text = ReadTextFile(text_file_, core::kMaxTextSize);
  if (!text.ok()) return Fail("--text-file: " + text.error().message());
  Result<core::TextHash> hash = EnsurePublished(node_, *key, *text);
  if (!hash.ok()) return Fail(hash.error().message());
  return SubmitRecord(node_, *key, core::RecordKind::kHolderStatement,
                      core::EncodePayload(core::HolderStatementPayload{office_, *hash}));
}

}  // namespace veche::app
