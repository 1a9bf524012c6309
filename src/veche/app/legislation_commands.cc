// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/app/legislation_commands.h"
#include "veche/store/sqlite/sqlite_stores.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "veche/app/record_commands.h"
#include "veche/base/canonical.h"
#include "veche/base/clock.h"
#include "veche/base/text_codec.h"
#include "veche/core/legislation/payloads.h"
#include "veche/core/offices/payloads.h"
#include "veche/crypto/key_file.h"
#include "veche/node/http_client.h"
#include "veche/node/node.h"

namespace veche::app {
namespace {

// A budget file: "year YYYY", then lines "income AMOUNT LABEL" and "expense AMOUNT LABEL" (amounts
// in minor units); '#' starts a comment. The deficit is computed.
Result<core::MeasureSpec> ReadBudget(const std::string& path, core::MeasureSpec spec) {
  VECHE_ASSIGN_OR_RETURN(std::string text, ReadTextFile(path, 1 << 20));
  std::istringstream lines(text);
  std::string line;
  std::int64_t income = 0, expenditure = 0;
  for (int n = 1; std::getline(lines, line); ++n) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream in(line);
    std::string word, label;
    long long amount = 0;
    in >> word;
    auto bad = [&](const std::string& why) {
      return InvalidArgumentError(path + ":" + std::to_string(n) + ": " + why);
    };
    if (word == "year") {
      int year = 0;
      if (!(in >> year) || year < 1970 || year > 9999) return bad("year needs a number 1970..9999");
      spec.year = static_cast<std::uint16_t>(year);
      continue;
    }
    if (word != "income" && word != "expense") return bad("a line begins with year, income or expense");
    if (!(in >> amount) || amount < 1 || amount > core::kMaxAmount) return bad("the amount must be 1..10^15");
    std::getline(in >> std::ws, label);
    if (!core::IsValidName(label)) return bad("the label must be 1..200 bytes of text");
    (word == "income" ? spec.income : spec.expenditure).push_back({label, amount});
    (word == "income" ? income : expenditure) += amount;
    if (spec.income.size() > core::kMaxBudgetLines || spec.expenditure.size() > core::kMaxBudgetLines) {
      return bad("at most 256 lines on each side");
    }
  }
  if (spec.year == 0) return InvalidArgumentError(path + ": the budget needs a 'year' line");
  spec.deficit = expenditure - income;
  return spec;
}

}  // namespace

CLI::App* LegislationCommands::Add(CLI::App& parent, const std::string& name, const std::string& help, bool needs_key) {
  CLI::App* cmd = parent.add_subcommand(name, help);
  cmd->add_option("--node", node_, "The node's URL")->capture_default_str();
  if (needs_key) cmd->add_option("--key", key_, "Private key file of the signer")->required();
  return cmd;
}

void LegislationCommands::AddSpecOptions(CLI::App* cmd) {
  cmd->add_option("--id", id_, "Id of the measure ([a-z0-9-])")->required();
  cmd->add_option("--territory", territory_, "Territory whose People's Assembly votes on it")->required();
  cmd->add_option("--kind", kind_, "law, amendment, budget, charter, question or office")->required();
  cmd->add_option("--title", title_, "Its title")->required();
  cmd->add_option("--text-file", text_file_,
                  "law, question: its text; amendment: the law's full amended text (UTF-8, at most 60 KiB; "
                  "published first if the node does not have it)");
  cmd->add_option("--law", law_, "amendment: id of the law in force it amends");
  cmd->add_option("--base", base_, "amendment: SHA-256 of the version it amends (default: the version in force)");
  cmd->add_option("--budget-file", budget_file_,
                  "budget: 'year YYYY' and lines 'income AMOUNT LABEL' / 'expense AMOUNT LABEL' (minor units); "
                  "the deficit is computed");
  cmd->add_option("--office-action", office_action_, "office: create, abolish, grant or revoke");
  cmd->add_option("--office", office_, "office: the office's id");
  cmd->add_option("--office-title", office_title_, "office, create: its title");
  cmd->add_option("--term-years", term_years_, "office, create: its term (default: the charter's)")
      ->check(CLI::Range(0, 10));
  cmd->add_option("--requires", requires_, "office, create: the certificate class a candidate must hold");
  cmd->add_option("--power", power_,
                  "office, grant or revoke: territories, collectives, registrars, "
                  "training-bodies, measures, elections, offices or trustees");
  cmd->add_option("--set", charter_sets_,
                  "charter: a field of the territory's charter in force to change, as NAME=VALUE (repeatable; "
                  "names and values as GET /territories/<id>/charter shows them)");
}

LegislationCommands::LegislationCommands(CLI::App& app) {
  CLI::App* text = app.add_subcommand("text", "Publish texts (laws, questions) to the log, addressed by SHA-256.");
  text->require_subcommand(1);
  text_publish_ = Add(*text, "publish", "Publish a UTF-8 text file (authority or citizen key); prints its SHA-256.");
  text_publish_->add_option("--file", file_, "The text file (at most 60 KiB)")->required();

  CLI::App* measure = app.add_subcommand("measure", "Table measures for a People's Assembly and show them.");
  measure->require_subcommand(1);
  measure_table_ = Add(*measure, "table",
                       "Authority: put a measure on the agenda of the territory's next session (law, amendment, "
                       "budget or referendum question).");
  AddSpecOptions(measure_table_);
  measure_show_ = Add(*measure, "show", "Print a measure with its live tally or result (JSON).", false);
  measure_show_->add_option("--id", id_, "Measure id")->required();

  CLI::App* initiative = app.add_subcommand("initiative", "Citizens' initiatives: file, sign, withdraw, show.");
  initiative->require_subcommand(1);
  initiative_file_ = Add(*initiative, "file",
                         "Citizen: file an initiative (the filer's signature counts). At the charter's threshold "
                         "of signatures it goes on the agenda of the next session.");
  AddSpecOptions(initiative_file_);
  initiative_sign_ = Add(*initiative, "sign", "Citizen: sign an initiative.");
  initiative_sign_->add_option("--id", id_, "Initiative id")->required();
  initiative_withdraw_ =
      Add(*initiative, "withdraw", "Citizen: withdraw one's signature (only until the threshold is met).");
  initiative_withdraw_->add_option("--id", id_, "Initiative id")->required();
  initiative_show_ = Add(*initiative, "show", "Print an initiative with its signatures and threshold (JSON).", false);
  initiative_show_->add_option("--id", id_, "Initiative id")->required();

  CLI::App* session = app.add_subcommand("session", "Sessions of a People's Assembly.");
  session->require_subcommand(1);
  session_petition_ = Add(*session, "petition",
                          "Citizen: petition for an extraordinary session; it opens when the charter's share of "
                          "adults has petitioned.");
  session_petition_->add_option("--territory", territory_, "Territory id")->required();

  vote_ = Add(app, "vote", "Citizen: vote on a measure in an open session; a later vote replaces the earlier one.");
  vote_->add_option("--measure", id_, "Measure id")->required();
  vote_->add_option("--choice", choice_, "yes, no or abstain")->required();

  CLI::App* law = app.add_subcommand("law", "Laws in force.");
  law->require_subcommand(1);
  law_show_ = Add(*law, "show", "Print a law in force with its version history (JSON).", false);
  law_show_->add_option("--id", id_, "Law id")->required();

  CLI::App* clock = app.add_subcommand("clock", "The node's signed clock, which drives sessions and deadlines.");
  clock->require_subcommand(1);
  clock_advance_ = clock->add_subcommand(
      "advance",
      "Offline, with the node stopped: append a clock record at a later time and every record it makes due "
      "(sessions opening and closing, results). For tests, demos and catching up; a running node does this by "
      "itself every --clock-interval.");
  clock_advance_->add_option("--data", data_, "The node's data directory")->required();
  auto* to = clock_advance_->add_option("--to", to_, "The new time: a date, YYYY-MM-DD (00:00 UTC)");
  auto* days = clock_advance_->add_option("--days", days_, "Or: this many days after the node's clock")
                   ->check(CLI::Range(1, 36500));
  to->excludes(days);
  days->excludes(to);
}

int LegislationCommands::SubmitSpec(bool initiative) {
  Result<crypto::SigningKey> key = crypto::ReadPrivateKeyFile(key_);
  if (!key.ok()) return Fail("--key: " + key.error().message());
  core::MeasureSpec spec;
  spec.territory = territory_;
  spec.title = title_;
  if (!core::IsValidId(id_)) return Fail("--id must be 1..64 of [a-z0-9-]");
  if (!core::IsValidId(territory_)) return Fail("--territory must be a territory id");
  if (!core::IsValidName(title_)) return Fail("--title must be 1..200 bytes of text");
  if (kind_ == "law" || kind_ == "question" || kind_ == "amendment") {
    spec.kind = kind_ == "law"        ? core::MeasureKind::kLaw
                : kind_ == "question" ? core::MeasureKind::kQuestion
                                      : core::MeasureKind::kAmendment;
    if (text_file_.empty()) return Fail("--kind " + kind_ + " needs --text-file");
    Result<std::string> text = ReadTextFile(text_file_, core::kMaxTextSize);
    if (!text.ok()) return Fail("--text-file: " + text.error().message());
    if (spec.kind == core::MeasureKind::kAmendment) {
      if (law_.empty()) return Fail("--kind amendment needs --law");
      spec.law = law_;
      if (base_.empty()) {
        // The version in force, as the node serves it; hashing it here also checks what it served.
        if (!core::IsValidId(law_)) return Fail("--law must be a law id");
        node::HttpClient client;
        Result<Bytes> in_force = client.Get(WithSlash(node_) + "laws/" + law_ + "/text", core::kMaxTextSize + 1);
        if (!in_force.ok()) return Fail("cannot read law '" + law_ + "' from the node: " + in_force.error().message());
        spec.base = core::TextHashOf(ToString(*in_force));
      } else {
        Result<Bytes> base = HexDecode(base_);
        if (!base.ok() || base->size() != 32) return Fail("--base must be 64 hex digits");
        std::copy(base->begin(), base->end(), spec.base.begin());
      }
    }
    Result<core::TextHash> hash = EnsurePublished(node_, *key, *text);
    if (!hash.ok()) return Fail(hash.error().message());
    spec.text = *hash;
  } else if (kind_ == "budget") {
    spec.kind = core::MeasureKind::kBudget;
    if (budget_file_.empty()) return Fail("--kind budget needs --budget-file");
    Result<core::MeasureSpec> budget = ReadBudget(budget_file_, spec);
    if (!budget.ok()) return Fail(budget.error().message());
    spec = *budget;
  } else if (kind_ == "charter") {
    spec.kind = core::MeasureKind::kCharter;
    if (charter_sets_.empty()) return Fail("--kind charter needs at least one --set NAME=VALUE");
    // Start from the charter in force, as the node serves it, so unnamed fields stay as they are.
    node::HttpClient client;
    Result<Bytes> in_force = client.Get(WithSlash(node_) + "territories/" + territory_ + "/charter", 1 << 16);
    if (!in_force.ok()) return Fail("cannot read the charter of '" + territory_ + "': " + in_force.error().message());
    std::istringstream lines(ToString(*in_force));
    for (std::string line; std::getline(lines, line);) {
      size_t eq = line.find('=');
      Status set = eq == std::string::npos
                       ? InvalidArgumentError("malformed line '" + line + "'")
                       : core::SetCharterField(spec.charter, line.substr(0, eq), line.substr(eq + 1));
      if (!set.ok()) return Fail("the node's charter of '" + territory_ + "': " + set.message());
    }
    core::Charter before = spec.charter;
    for (const std::string& assignment : charter_sets_) {
      size_t eq = assignment.find('=');
      if (eq == std::string::npos) return Fail("--set takes NAME=VALUE, not '" + assignment + "'");
      Status set = core::SetCharterField(spec.charter, assignment.substr(0, eq), assignment.substr(eq + 1));
      if (!set.ok()) return Fail("--set " + assignment + ": " + set.message());
    }
    if (Status valid = spec.charter.Validate(); !valid.ok()) return Fail(valid.message());
    if (spec.charter == before) return Fail("the --set values leave the charter as it is");
  } else if (kind_ == "office") {
    spec.kind = core::MeasureKind::kOffice;
    Result<core::OfficeMotion> motion = OfficeMotionOf();
    if (!motion.ok()) return Fail(motion.error().message());
    spec.office = *motion;
  } else {
    return Fail("--kind must be law, amendment, budget, charter, question or office");
  }
  return SubmitRecord(node_, *key, initiative ? core::RecordKind::kInitiativeFile : core::RecordKind::kMeasureTable,
                      core::EncodePayload(core::MeasurePayload{id_, spec}));
}

Result<core::OfficeMotion> LegislationCommands::OfficeMotionOf() const {
  core::OfficeMotion m;
  if (office_action_ == "create") {
    m.action = core::OfficeAction::kCreate;
  } else if (office_action_ == "abolish") {
    m.action = core::OfficeAction::kAbolish;
  } else if (office_action_ == "grant" || office_action_ == "revoke") {
    m.action = office_action_ == "grant" ? core::OfficeAction::kGrant : core::OfficeAction::kRevoke;
    const std::optional<core::Power> power = core::PowerNamed(power_);
    if (!power) return InvalidArgumentError("--power must be a power's name (see --help)");
    m.power = static_cast<std::uint8_t>(*power);
  } else {
    return InvalidArgumentError("--kind office needs --office-action create, abolish, grant or revoke");
  }
  if (!core::IsValidId(office_)) return InvalidArgumentError("--office must be an office id ([a-z0-9-])");
  m.office = office_;
  if (m.action == core::OfficeAction::kCreate) {
    if (!core::IsValidName(office_title_)) return InvalidArgumentError("--office-title must be 1..200 bytes of text");
    m.title = office_title_;
    m.term_years = static_cast<std::uint8_t>(term_years_);
    m.required_class = requires_;
  }
  return m;
}

int LegislationCommands::Show(const std::string& path) {
  if (!core::IsValidId(id_)) return Fail("--id must be 1..64 of [a-z0-9-]");
  node::HttpClient client;
  Result<Bytes> body = client.Get(WithSlash(node_) + path + id_, 1 << 20);
  if (!body.ok()) return Fail(body.error().message());
  std::fwrite(body->data(), 1, body->size(), stdout);
  return 0;
}

std::optional<int> LegislationCommands::Run() {
  for (const std::string* text : {&id_, &territory_, &title_, &law_, &choice_}) {
    if (!IsValidUtf8(*text)) return Fail("command-line text must be valid UTF-8");
  }
  auto with_key = [&](auto&& build) -> int {
    Result<crypto::SigningKey> key = crypto::ReadPrivateKeyFile(key_);
    if (!key.ok()) return Fail("--key: " + key.error().message());
    return build(*key);
  };
  if (*text_publish_) {
    return with_key([&](const crypto::SigningKey& key) {
      Result<std::string> text = ReadTextFile(file_, core::kMaxTextSize);
      if (!text.ok()) return Fail("--file: " + text.error().message());
      Result<core::TextHash> hash = EnsurePublished(node_, key, *text);
      return hash.ok() ? 0 : Fail(hash.error().message());
    });
  }
  if (*measure_table_) return SubmitSpec(false);
  if (*initiative_file_) return SubmitSpec(true);
  if (*measure_show_) return Show("measures/");
  if (*initiative_show_) return Show("initiatives/");
  if (*law_show_) return Show("laws/");
  if (*initiative_sign_ || *initiative_withdraw_) {
    return with_key([&](const crypto::SigningKey& key) {
      return SubmitRecord(node_, key,
                          *initiative_sign_ ? core::RecordKind::kInitiativeSign : core::RecordKind::kInitiativeWithdraw,
                          core::EncodePayload(core::IdPayload{id_}));
    });
  }
  if (*session_petition_) {
    return with_key([&](const crypto::SigningKey& key) {
      return SubmitRecord(node_, key, core::RecordKind::kSessionPetition,
                          core::EncodePayload(core::IdPayload{territory_}));
    });
  }
  if (*vote_) {
    return with_key([&](const crypto::SigningKey& key) {
      const std::optional<core::VoteChoice> choice = core::VoteChoiceNamed(choice_);
      if (!choice) return Fail("--choice must be yes, no or abstain");
      return SubmitRecord(node_, key, core::RecordKind::kVote, core::EncodePayload(core::VotePayload{id_, *choice}));
    });
  }
  if (*clock_advance_) {
    if (to_.empty() && days_ == 0) return Fail("say when: --to YYYY-MM-DD or --days N");
    // Open the node once to learn its clock, then again with a clock fixed at the target.
    SystemClock system;
    UnixMicros target = 0;
    if (!to_.empty()) {
      std::optional<long long> date = ParseDate(to_);
      if (!date) return Fail("--to must be a date, YYYY-MM-DD");
      target = *date;
    } else {
      Result<std::unique_ptr<node::Node>> probe = node::Node::Open(data_, system, store::OpenSqliteStores);
      if (!probe.ok()) return Fail(probe.error().message());
      UnixMicros now = (*probe)->ReadState([](const core::State& s) { return s.clock; });
      target = now + static_cast<UnixMicros>(days_) * 86'400'000'000LL;
    }
    FakeClock fixed(target);
    Result<std::unique_ptr<node::Node>> node = node::Node::Open(data_, fixed, store::OpenSqliteStores);
    if (!node.ok()) return Fail(node.error().message());
    std::uint64_t before = (*node)->sequencer().size();
    Result<node::Receipt> tick = (*node)->Tick();
    if (!tick.ok()) return Fail("clock record not appended: " + tick.error().message());
    std::printf("clock at %lld; %llu records appended (the clock record and %llu due)\n",
                static_cast<long long>(target), static_cast<unsigned long long>((*node)->sequencer().size() - before),
                static_cast<unsigned long long>((*node)->sequencer().size() - before - 1));
    return 0;
  }
  return std::nullopt;
}

}  // namespace veche::app
