// SPDX-License-Identifier: AGPL-3.0-or-later
// The demo's accountability: once the mayors and the minister hold office, citizens rate them. In
// Pskov and in Valdai nearly nine raters in ten disapprove of the mayor at first. In Pskov approval
// stays below the recall threshold for the charter's period: the mayor is suspended (the runner-up
// accepted to act), is in the grace period now and has answered the voters once. In Valdai most critics
// change their minds two days later, and the mayor recovers before the period is out. Elsewhere
// most raters approve. The minister and Pskov's mayor report on their promises, and a petition to
// recall Gdov's mayor is collecting signatures. The director of the Novgorod works publishes its
// payroll for last month and this; the authority pays the minister and Novgorod's mayor under the
// cap the first month's average put, and this month's lower average leaves the mayor's pay over
// it. The minister publishes a decision and a report and spends from the union's budget. The demo's charter shortens
// the recall period to 7 days and the grace period to 14, and asks for 20 raters (a demo of a few hundred citizens has
// too few to recall).
#include "veche/demo/builder.h"

#include <string>
#include <vector>

#include "veche/core/accountability/payloads.h"
#include "veche/core/accountability/state.h"
#include "veche/core/legislation/payloads.h"
#include "veche/core/legislation/rules.h"
#include "veche/core/offices/rules.h"

namespace veche::demo {
namespace {

// A share (per cent) of the office's bound adult electorate rates its holder, disapproving with
// `disapprove_percent`. Returns who disapproved.
std::vector<std::string> Rate(Builder& b, FakeRng& draws, const std::string& office, int rate_percent,
                              int disapprove_percent) {
  std::vector<std::string> disapproving;
  b.node.ReadState([&](const core::State& s) {
    const core::Office& o = s.offices.at(office);
    const core::Tenure* holder = o.Holder();
    if (holder == nullptr) return;
    for (const Citizen& c : b.citizens) {
      const core::Citizen& who = s.citizens.at(c.id);
      const bool in = !who.removed && who.key && who.majority_date <= s.clock && s.InScope(o.territory, who.residence);
      if (!in || c.id == holder->citizen || static_cast<int>(draws.Uniform(100)) >= rate_percent) continue;
      const bool disapproves = static_cast<int>(draws.Uniform(100)) < disapprove_percent;
      if (disapproves) disapproving.push_back(c.id);
      b.feed.Add(core::RecordKind::kRatingSet,
                 core::RatingSetPayload{office, disapproves ? core::Rating::kDisapprove : core::Rating::kApprove},
                 b.secrets.CitizenKey(c.id));
    }
  });
  return disapproving;
}

// The holder of `office` reports on each promise of their checklist with `statuses` in order
// (fewer statuses than promises: the rest unreported), each with a published report of its own.
void Report(Builder& b, const std::string& office, const std::vector<core::PromiseStatus>& statuses) {
  const std::string holder = b.node.ReadState([&](const core::State& s) {
    const core::Tenure* t = s.offices.at(office).Holder();
    return t ? t->citizen : std::string();
  });
  if (holder.empty()) return;
  const crypto::SigningKey key = b.secrets.CitizenKey(holder);
  for (size_t item = 0; item < statuses.size(); ++item) {
    const std::string report = "Report of the " + office + " on promise " + std::to_string(item + 1) + ": " +
                               core::PromiseStatusName(statuses[item]) + ", with the documents attached.\n";
    b.feed.Add(core::RecordKind::kText, core::TextPayload{report}, key);
    b.feed.Add(
        core::RecordKind::kPromiseReport,
        core::PromiseReportPayload{office, static_cast<std::uint8_t>(item), statuses[item], core::TextHashOf(report)},
        key);
  }
}

}  // namespace

Status AddRatings(Builder& b) {
  FakeRng draws{20261204};  // who rates and how: deterministic, and no secret
  for (int c = 0; c < kCities; ++c) {
    const std::string city = kPlaces[kFirstCity + c].id;
    const int disapprove = city == "pskov" || city == "valdai" ? 88 : 30;
    Rate(b, draws, "mayor-" + city, 40, disapprove);
  }
  Rate(b, draws, "minister-of-justice", 5, 35);
  // The minister's first promise is under way and the monthly report done; Pskov's mayor gave up
  // the roads.
  Report(b, "minister-of-justice", {core::PromiseStatus::kInProgress, core::PromiseStatus::kDone});
  Report(b, "mayor-pskov", {core::PromiseStatus::kAbandoned});
  VECHE_RETURN_IF_ERROR(b.feed.Flush());
  // Two days below the threshold in Valdai, a week before the second session opens now
  // (legislation.cc), whose tick then closes the days in between.
  if (b.clock.Now() + 2 * kDay >= b.now - kDay) return InternalError("the demo's offices ran too long");
  b.clock.Advance(2 * kDay);
  VECHE_RETURN_IF_ERROR(b.node.Tick().status());
  std::vector<std::string> valdai;
  b.node.ReadState([&](const core::State& s) {
    for (const auto& [citizen, approves] : s.holder_ratings.at("mayor-valdai").ratings) {
      if (!approves && draws.Uniform(100) < 70) valdai.push_back(citizen);
    }
  });
  for (const std::string& citizen : valdai) {  // most of Valdai's critics change their minds
    b.feed.Add(core::RecordKind::kRatingSet, core::RatingSetPayload{"mayor-valdai", core::Rating::kApprove},
               b.secrets.CitizenKey(citizen));
  }
  VECHE_RETURN_IF_ERROR(b.feed.Flush());
  b.Say("demo: citizens rate their mayors and the minister");
  return OkStatus();
}

// Some of the citizens of Gdov sign a petition to recall its mayor: fewer than half the signatures
// it needs.
void PetitionGdov(Builder& b) {
  b.node.ReadState([&](const core::State& s) {
    const core::Office& o = s.offices.at("mayor-gdov");
    const core::Tenure* holder = o.Holder();
    if (holder == nullptr) return;
    const std::uint64_t needed =
        core::SignaturesNeeded(s, o, core::CharterOf(s, o.territory).initiative_threshold_permille);
    std::uint64_t signed_up = 0;
    for (const Citizen& c : b.citizens) {
      const core::Citizen& who = s.citizens.at(c.id);
      if (signed_up * 5 >= needed * 2) break;  // two fifths of the way
      if (c.id == holder->citizen || !who.key || who.majority_date > s.clock ||
          !s.InScope(o.territory, who.residence)) {
        continue;
      }
      b.feed.Add(core::RecordKind::kRecallSign, core::RecallSignPayload{"mayor-gdov"}, b.secrets.CitizenKey(c.id));
      ++signed_up;
    }
  });
}

namespace {

// The holder of `office` now, or empty.
std::string HolderOf(Builder& b, const std::string& office) {
  return b.node.ReadState([&](const core::State& s) {
    const core::Tenure* t = s.offices.at(office).Holder();
    return t ? t->citizen : std::string();
  });
}

// Publishes `text` by `key` and returns its hash.
core::TextHash Published(Builder& b, const std::string& text, const crypto::SigningKey& key) {
  b.feed.Add(core::RecordKind::kText, core::TextPayload{text}, key);
  return core::TextHashOf(text);
}

// The works' payroll of last month and of this one (lower), the pay of the minister and of
// Novgorod's mayor set in between, and the minister's open ministry.
Status OpenTheBooks(Builder& b) {
  const std::string director = HolderOf(b, "director-novgorod-works"), minister = HolderOf(b, "minister-of-justice");
  if (director.empty() || minister.empty()) return OkStatus();
  const std::int64_t month = core::MonthIndex(b.clock.Now());
  auto payroll = [&](std::int64_t m, std::int64_t total) {
    b.feed.Add(core::RecordKind::kPayrollReport,
               core::PayrollReportPayload{"novgorod-works", static_cast<std::uint16_t>(1970 + m / 12),
                                          static_cast<std::uint8_t>(m % 12 + 1), 40, total},
               b.secrets.CitizenKey(director));
  };
  payroll(month - 1, 40 * 5'200'000);  // an average of 52,000.00 a month, in kopecks
  b.feed.Add(core::RecordKind::kOfficePay, core::OfficePayPayload{"minister-of-justice", 5'000'000}, b.authority);
  b.feed.Add(core::RecordKind::kOfficePay, core::OfficePayPayload{"mayor-novgorod", 5'150'000}, b.authority);
  payroll(month, 40 * 5'100'000);  // this month's average is lower: the mayor's pay is over the cap
  const crypto::SigningKey key = b.secrets.CitizenKey(minister);
  const core::TextHash decision = Published(
      b, "Decision 1: every court of the union publishes its schedule and its judgements as open data.\n", key);
  const core::TextHash report = Published(b, "Report for the month: 412 judgements published, 3 courts late.\n", key);
  b.feed.Add(core::RecordKind::kOfficePublish,
             core::OfficePublishPayload{"minister-of-justice", core::MinistryTextKind::kDecision, decision}, key);
  b.feed.Add(core::RecordKind::kOfficePublish,
             core::OfficePublishPayload{"minister-of-justice", core::MinistryTextKind::kReport, report}, key);
  const std::pair<const char*, std::int64_t> spending[] = {
      {"Court libraries: law reports for 40 district courts.\n", 18'500'000},
      {"Shelving for the archive of judgements.\n", 6'200'000},
  };
  for (const auto& [what, amount] : spending) {
    b.feed.Add(
        core::RecordKind::kOfficeSpend,
        core::OfficeSpendPayload{"minister-of-justice", "Libraries", amount, "novgorod-works", Published(b, what, key)},
        key);
  }
  return b.feed.Flush();
}

}  // namespace

Status AddRecalls(Builder& b) {
  VECHE_RETURN_IF_ERROR(OpenTheBooks(b));
  PetitionGdov(b);
  // Now: Pskov's suspended mayor answers the voters.
  const std::string holder = b.node.ReadState([](const core::State& s) {
    const core::Tenure* t = s.offices.at("mayor-pskov").Holder();
    return t ? t->citizen : std::string();
  });
  if (holder.empty()) return OkStatus();
  const std::string answer =
      "I hear the city. The road works that closed the centre end this month, and from now on every "
      "contract of the city hall is published the day it is signed.\n";
  const crypto::SigningKey key = b.secrets.CitizenKey(holder);
  b.feed.Add(core::RecordKind::kText, core::TextPayload{answer}, key);
  b.feed.Add(core::RecordKind::kHolderStatement, core::HolderStatementPayload{"mayor-pskov", core::TextHashOf(answer)},
             key);
  // The runner-up designated to act accepts, and wields the mayor's powers.
  const std::string acting = b.node.ReadState([](const core::State& s) {
    auto r = s.holder_ratings.find("mayor-pskov");
    return r != s.holder_ratings.end() && r->second.Suspended() ? r->second.acting : std::string();
  });
  if (!acting.empty()) {
    b.feed.Add(core::RecordKind::kActingAccept, core::ActingAcceptPayload{"mayor-pskov"}, b.secrets.CitizenKey(acting));
  }
  VECHE_RETURN_IF_ERROR(b.feed.Flush());
  b.Say(
      "demo: Pskov's mayor, suspended, answers the voters; a petition to recall Gdov's collects signatures; "
      "the works publish their payroll, and the minister the ministry's decisions and spending");
  return OkStatus();
}

}  // namespace veche::demo
