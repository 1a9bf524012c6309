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
  for (CLI::App* cmd : {rate_, statement_, promise_report_, promise_contest_, recall_sign_, recall_vote_}) {
    cmd->add_option("--node", node_, "The node's URL")->capture_default_str();
    cmd->add_option("--key", key_, "Private key file of the signer")->required();
    cmd->add_option("--office", office_, "The office's id")->required();
  }
  auto* approve = rate_->add_flag("--approve", approve_, "Approve of the holder");
  auto* disapprove = rate_->add_flag("--disapprove", disapprove_, "Disapprove of the holder");
  auto* withdraw = rate_->add_flag("--withdraw", withdraw_, "Withdraw your rating");
  approve->excludes(disapprove)->excludes(withdraw);
  disapprove->excludes(withdraw);
  statement_->add_option("--text-file", text_file_, "The statement, a UTF-8 text file")->required();
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
  if (!*rate_ && !*statement_ && !*promise_report_ && !*promise_contest_ && !*recall_sign_ && !*recall_vote_) {
    return std::nullopt;
  }
  if (*rate_ && !approve_ && !disapprove_ && !withdraw_) return Fail("give --approve, --disapprove or --withdraw");
  if (!core::IsValidId(office_)) return Fail("--office must be an office id");
  Result<crypto::SigningKey> key = crypto::ReadPrivateKeyFile(key_);
  if (!key.ok()) return Fail("--key: " + key.error().message());
  if (*rate_) {
    const core::Rating rating = approve_      ? core::Rating::kApprove
                                : disapprove_ ? core::Rating::kDisapprove
                                              : core::Rating::kWithdrawn;
    return SubmitRecord(node_, *key, core::RecordKind::kRatingSet,
                        core::EncodePayload(core::RatingSetPayload{office_, rating}));
  }
  if (*promise_report_ || *promise_contest_) return RunPromise(*key);
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
