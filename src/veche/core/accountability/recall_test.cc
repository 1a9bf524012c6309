// SPDX-License-Identifier: AGPL-3.0-or-later
// Ratings, recall by rating and promise reports through signed records and core::Apply: every
// timeline in tests/data/accountability/recall.txt, run by the offices' scenario runner (offices seated by
// open roll call) with the steps below, each replayed by an observer to the same digest.
#include "veche/core/accountability/due.h"
#include "veche/core/accountability/rules.h"
#include "veche/core/offices/test_contests.h"

#include <set>

namespace veche::core {
namespace {

using testing::Offices;
using testing::Options;

void CheckRatings(Offices& w, const std::string& office, const std::map<std::string, std::string>& o) {
  auto it = w.state.holder_ratings.find(office);
  if (o.count("entry")) CHECK((it == w.state.holder_ratings.end() ? "none" : "some") == o.at("entry"));
  if (it == w.state.holder_ratings.end()) return;
  const HolderRatings& r = it->second;
  if (o.count("approvals")) CHECK(r.approvals == std::stoull(o.at("approvals")));
  if (o.count("disapprovals")) CHECK(r.disapprovals == std::stoull(o.at("disapprovals")));
  if (o.count("below")) CHECK(r.days_below == std::stoul(o.at("below")));
  if (o.count("suspended")) CHECK(r.Suspended() == (o.at("suspended") == "yes"));
  if (o.count("acting")) CHECK((r.acting.empty() ? "none" : r.acting) == o.at("acting"));
  if (o.count("accepted")) CHECK(r.acting_accepted == (o.at("accepted") == "yes"));
  if (o.count("history")) CHECK(r.history.size() == std::stoul(o.at("history")));
  if (o.count("statements")) CHECK(r.statements.size() == std::stoul(o.at("statements")));
  if (o.count("wielder")) {
    const std::string wielder = w.state.Wielder(office, w.state.offices.at(office));
    CHECK((wielder.empty() ? "none" : wielder) == o.at("wielder"));
  }
}

// expect-promise OFFICE ITEM [tenure=N] [outcome=open|kept|broken|abandoned] [reports=N] [contests=N]
void CheckPromise(Offices& w, const std::string& office, std::uint8_t item,
                  const std::map<std::string, std::string>& o) {
  const Office& of = w.state.offices.at(office);
  const std::uint32_t tenure =
      o.count("tenure") ? std::stoul(o.at("tenure")) : static_cast<std::uint32_t>(of.tenures.size() - 1);
  const std::vector<PromiseReport>* reports = ReportsOf(w.state, office, tenure, item);
  const PromiseOutcome outcome = PromiseOutcomeOf(w.state, office, of, tenure, item);
  if (o.count("outcome")) CHECK(std::string(PromiseOutcomeName(outcome)) == o.at("outcome"));
  if (o.count("reports")) CHECK((reports ? reports->size() : 0) == std::stoul(o.at("reports")));
  if (o.count("contests")) CHECK((reports ? reports->back().contests.size() : 0) == std::stoul(o.at("contests")));
}

// A published text for a report (one per status) or a contest, published when first used: a
// refused step that reuses one leaves the state as it was.
TextHash Said(Offices& w, const std::string& text) {
  return w.state.texts.count(TextHashOf(text)) ? TextHashOf(text) : w.Publish(text);
}

// report OFFICE CITIZEN ITEM in-progress|done|abandoned; contest-promise OFFICE CITIZEN ITEM
Status PromiseStep(Offices& w, const std::string& word, const std::string& office, const std::string& citizen,
                   std::istringstream& in) {
  int item = 0;
  std::string status;
  in >> item >> status;
  const auto index = static_cast<std::uint8_t>(item);
  if (word == "report") {
    const PromiseStatus s = status == "done"        ? PromiseStatus::kDone
                            : status == "abandoned" ? PromiseStatus::kAbandoned
                                                    : PromiseStatus::kInProgress;
    return w.Submit(RecordKind::kPromiseReport, PromiseReportPayload{office, index, s, Said(w, "A report: " + status)},
                    w.keys.at(citizen));
  }
  return w.Submit(RecordKind::kPromiseContest, PromiseContestPayload{office, index, Said(w, "Not so, says the voter")},
                  w.keys.at(citizen));
}

// expect-recall OFFICE [stage=none|collecting|voting|closed] [signatures=N] [needed=N] [votes=N]
//   [outcome=recalled|kept|lapsed]
void CheckRecall(Offices& w, const std::string& office, const std::map<std::string, std::string>& o) {
  auto it = w.state.recall_petitions.find(office);
  const RecallPetition* p = it == w.state.recall_petitions.end() ? nullptr : &it->second;
  const std::string stage = !p ? "none" : !p->outcome.empty() ? "closed" : p->Voting() ? "voting" : "collecting";
  if (o.count("stage")) CHECK(stage == o.at("stage"));
  if (!p) return;
  if (o.count("signatures")) CHECK(p->signatures.size() == std::stoul(o.at("signatures")));
  if (o.count("needed")) CHECK(p->needed == std::stoull(o.at("needed")));
  if (o.count("votes")) CHECK(p->votes.size() == std::stoul(o.at("votes")));
  if (o.count("outcome")) CHECK(p->outcome == o.at("outcome"));
}

// A budget of the union with these expenditure lines (balanced by one income line), tabled,
// voted for by every citizen and adopted: the budget in force.
Status AdoptBudget(Offices& w, const std::string& id, std::istringstream& in) {
  MeasureSpec spec;
  spec.kind = MeasureKind::kBudget;
  spec.territory = "union";
  spec.title = "Budget " + id;
  spec.year = 2030;
  std::int64_t total = 0;
  for (const auto& [label, amount] : Options(in)) {
    spec.expenditure.push_back(BudgetLine{label, std::stoll(amount)});
    total += std::stoll(amount);
  }
  spec.income = {BudgetLine{"Taxes", total}};
  VECHE_RETURN_IF_ERROR(w.Table(id, spec));
  VECHE_RETURN_IF_ERROR(w.Open());
  for (const auto& [citizen, key] : w.keys) {
    if (w.state.citizens.count(citizen)) (void)w.Assembly::Vote(citizen, id, VoteChoice::kYes);  // minors are refused
  }
  return w.Close();
}

// expect-pay OFFICE [monthly=N] [average=N|none] [cap=N] [over=yes|no] [paid=N]
void CheckPay(Offices& w, const std::string& office, const std::map<std::string, std::string>& o) {
  const Office& of = w.state.offices.at(office);
  auto pay = w.state.office_pay.find(office);
  const std::int64_t monthly = pay == w.state.office_pay.end() ? 0 : pay->second.monthly;
  const std::optional<PayCap> cap = PayCapOf(w.state, of.territory);
  if (o.count("monthly")) CHECK(monthly == std::stoll(o.at("monthly")));
  if (o.count("average")) CHECK((cap ? std::to_string(cap->average) : "none") == o.at("average"));
  if (o.count("cap")) CHECK((cap ? cap->cap : -1) == std::stoll(o.at("cap")));
  if (o.count("over")) CHECK((cap && monthly > cap->cap ? "yes" : "no") == o.at("over"));
  if (o.count("paid")) CHECK((cap ? std::min(monthly, cap->cap) : monthly) == std::stoll(o.at("paid")));
}

// payroll COLLECTIVE CITIZEN WORKERS TOTAL [ago=MONTHS|ahead=MONTHS]; pay OFFICE AMOUNT [by=CITIZEN]
// (else by the authority); texts; publish OFFICE CITIZEN decision|report; spend OFFICE CITIZEN LINE AMOUNT COLLECTIVE;
// budget ID LINE=AMOUNT...; expect-pay ...; expect-line LINE LEFT (of the budget in force)
Status PayStep(Offices& w, const std::string& word, std::istringstream& in) {
  std::string a, b, c;
  std::int64_t n = 0, m = 0;
  if (word == "payroll") {
    in >> a >> b >> n >> m;
    const auto o = Options(in);
    const std::int64_t month = MonthIndex(w.state.clock) - (o.count("ago") ? std::stoll(o.at("ago")) : 0) +
                               (o.count("ahead") ? std::stoll(o.at("ahead")) : 0);
    return w.Submit(RecordKind::kPayrollReport,
                    PayrollReportPayload{a, static_cast<std::uint16_t>(1970 + month / 12),
                                         static_cast<std::uint8_t>(month % 12 + 1), static_cast<std::uint32_t>(n), m},
                    w.keys.at(b));
  }
  if (word == "pay") {
    in >> a >> n;
    const auto o = Options(in);
    return w.Submit(RecordKind::kOfficePay, OfficePayPayload{a, n},
                    o.count("by") ? w.keys.at(o.at("by")) : w.authority);
  }
  if (word == "texts") {  // what publish and spend cite, published ahead so that a refused step changes nothing
    for (const char* text : {"A decision of the office", "A report of the office", "Spending of the office"}) {
      Said(w, text);
    }
    return OkStatus();
  }
  if (word == "publish") {
    in >> a >> b >> c;
    const MinistryTextKind kind = c == "report" ? MinistryTextKind::kReport : MinistryTextKind::kDecision;
    return w.Submit(RecordKind::kOfficePublish, OfficePublishPayload{a, kind, Said(w, "A " + c + " of the office")},
                    w.keys.at(b));
  }
  if (word == "spend") {
    in >> a >> b >> c >> n;
    std::string receiver;
    in >> receiver;
    return w.Submit(RecordKind::kOfficeSpend, OfficeSpendPayload{a, c, n, receiver, Said(w, "Spending of the office")},
                    w.keys.at(b));
  }
  if (word == "budget") {
    in >> a;
    return AdoptBudget(w, a, in);
  }
  if (word == "expect-line") {
    in >> a >> n;
    const std::string budget = BudgetInForce(w.state, "union");
    REQUIRE(!budget.empty());
    for (const BudgetLine& line : w.state.measures.at(budget).spec.expenditure) {
      if (line.label == a) CHECK(LineRemainder(w.state, budget, line) == n);
    }
    return OkStatus();
  }
  if (word == "expect-promotion") {
    in >> a >> n;
    const auto o = Options(in);
    const RatingSnapshot final_counts = FinalRatingsOf(w.state, a, static_cast<size_t>(n));
    const std::vector<RatingSnapshot>* history = RatingHistoryOf(w.state, a, static_cast<size_t>(n));
    if (o.count("approvals")) CHECK(final_counts.approvals == std::stoull(o.at("approvals")));
    if (o.count("disapprovals")) CHECK(final_counts.disapprovals == std::stoull(o.at("disapprovals")));
    if (o.count("history")) CHECK((history ? history->size() : 0) == std::stoul(o.at("history")));
    return OkStatus();
  }
  REQUIRE_MESSAGE(word == "expect-pay", "unknown scenario step " << word);
  in >> a;
  CheckPay(w, a, Options(in));
  return OkStatus();
}

// rate OFFICE CITIZEN approve|disapprove|withdrawn; statement OFFICE CITIZEN;
// expect-rating OFFICE [entry=some|none] [approvals=N] [disapprovals=N] [below=DAYS]
//   [suspended=yes|no] [acting=X|none] [accepted=yes|no] [wielder=X|none] [history=N] [statements=N];
// accept-acting OFFICE CITIZEN
Status AccountabilityStep(Offices& w, const std::string& word, std::istringstream& in) {
  static const std::set<std::string> kPaySteps = {"payroll",    "pay",   "publish",          "spend",      "budget",
                                                  "expect-pay", "texts", "expect-promotion", "expect-line"};
  if (kPaySteps.count(word)) return PayStep(w, word, in);
  std::string office, citizen, what;
  in >> office >> citizen;
  if (word == "rate") {
    in >> what;
    const Rating rating = what == "approve"      ? Rating::kApprove
                          : what == "disapprove" ? Rating::kDisapprove
                                                 : Rating::kWithdrawn;
    return w.Submit(RecordKind::kRatingSet, RatingSetPayload{office, rating}, w.keys.at(citizen));
  }
  if (word == "report" || word == "contest-promise") return PromiseStep(w, word, office, citizen, in);
  if (word == "recall-sign") return w.Submit(RecordKind::kRecallSign, RecallSignPayload{office}, w.keys.at(citizen));
  if (word == "recall-vote") {
    in >> what;
    return w.Submit(RecordKind::kRecallVote, RecallVotePayload{office, what == "recall"}, w.keys.at(citizen));
  }
  if (word == "expect-recall") {
    std::istringstream rest(citizen + " " + std::string(std::istreambuf_iterator<char>(in), {}));
    CheckRecall(w, office, Options(rest));
    return OkStatus();
  }
  if (word == "expect-promise") {
    CheckPromise(w, office, static_cast<std::uint8_t>(std::stoi(citizen)), Options(in));
    return OkStatus();
  }
  if (word == "accept-acting")
    return w.Submit(RecordKind::kActingAccept, ActingAcceptPayload{office}, w.keys.at(citizen));
  if (word == "statement") {
    const TextHash text = Said(w, "An answer to the voters of " + office + " at " + std::to_string(w.state.clock));
    return w.Submit(RecordKind::kHolderStatement, HolderStatementPayload{office, text}, w.keys.at(citizen));
  }
  REQUIRE_MESSAGE(word == "expect-rating", "unknown scenario step " << word);
  std::istringstream rest(citizen + " " + std::string(std::istreambuf_iterator<char>(in), {}));
  CheckRatings(w, office, Options(rest));
  return OkStatus();
}

TEST_CASE("every timeline in tests/data/accountability/recall.txt rates, suspends, restores or vacates as expected") {
  const std::vector<ScenarioCase> cases =
      ReadScenarioCases(std::string(VECHE_SOURCE_DIR) + "/tests/data/accountability/recall.txt");
  REQUIRE(cases.size() >= 2);
  for (const auto& [name, lines] : cases) testing::RunCase(name, lines, AccountabilityStep);
}

TEST_CASE("every timeline in tests/data/accountability/pay.txt pays, caps, spends and promotes as expected") {
  const std::vector<ScenarioCase> cases =
      ReadScenarioCases(std::string(VECHE_SOURCE_DIR) + "/tests/data/accountability/pay.txt");
  REQUIRE(cases.size() >= 3);
  for (const auto& [name, lines] : cases) testing::RunCase(name, lines, AccountabilityStep);
}

TEST_CASE("a payroll that would take a month's total past 10^18 is refused before anything changes") {
  Offices w;
  for (const char* line : {"charter open=yes", "collective works", "citizen a member=works", "citizen b member=works",
                           "office director collective=works", "days 1", "nominate director n-a a a",
                           "nominate director n-b b b", "stand a n-a", "stand b n-b", "days 22", "ovote director a a",
                           "ovote director b a", "days 8", "payroll works a 10 400000"}) {
    std::istringstream in(line);
    std::string word;
    in >> word;
    REQUIRE_MESSAGE(testing::RunStep(w, word, in, AccountabilityStep).ok(), line);
  }
  const std::int64_t month = MonthIndex(w.state.clock);
  // Other collectives' reports, as a nation's would add up, stand just under the limit.
  w.state.pay_totals[{"union", month}].total_pay = kMaxPayTotal - 500'000;
  const crypto::Sha256Digest before = w.state.Digest();
  const auto report = [&](std::int64_t total) {
    return w.Submit(RecordKind::kPayrollReport,
                    PayrollReportPayload{"works", static_cast<std::uint16_t>(1970 + month / 12),
                                         static_cast<std::uint8_t>(month % 12 + 1), 10, total},
                    w.keys.at("a"));
  };
  const Status refused = report(900'001);  // replaces 400,000: 100,001 more than the limit allows
  CHECK(refused.code() == StatusCode::kResourceExhausted);
  CHECK(w.state.Digest() == before);
  CHECK(w.state.payrolls.at({"works", month}).total_pay == 400'000);
  CHECK(report(900'000).ok());  // exactly at the limit
  CHECK(w.state.pay_totals.at({"union", month}).total_pay == kMaxPayTotal);
}

TEST_CASE("a rating_day is due once a day while some office is rated, and only the node closes it") {
  Offices w;
  w.Begin(Charter{});
  REQUIRE(w.Tick(w.time + 3 * testing::kDay).ok());
  CHECK(DueRatingDays(w.state).empty());  // nobody rates: no records
  w.state.holder_ratings["clerk"].holder = "a";
  const auto today = static_cast<std::uint32_t>(w.state.clock / kMicrosPerDay);
  std::vector<DueRecord> due = DueRatingDays(w.state);
  REQUIRE(due.size() == 1);
  CHECK(DecodePayload<RatingDayPayload>(due[0].payload)->day == today);
  w.state.rating_day = today;
  CHECK(DueRatingDays(w.state).empty());
  CHECK(w.Submit(RecordKind::kRatingDay, RatingDayPayload{today + 1}, w.authority).code() ==
        StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace veche::core
