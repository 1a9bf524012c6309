// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/api/accountability_json.h"

#include <map>

#include "veche/api/offices_json.h"
#include "veche/base/text_codec.h"
#include "veche/core/accountability/rules.h"
#include "veche/core/legislation/rules.h"

namespace veche::api {

using nlohmann::json;

namespace {

json HistoryJson(const std::vector<core::RatingSnapshot>& snapshots) {
  json history = json::array();
  for (const core::RatingSnapshot& snapshot : snapshots) {
    history.push_back(
        {{"day", snapshot.day}, {"approvals", snapshot.approvals}, {"disapprovals", snapshot.disapprovals}});
  }
  return history;
}

// The same snapshots as three columns, {"day":[...],"approvals":[...],"disapprovals":[...]}: a
// portrait carries every tenure's history, and arrays of numbers cost a tenth of the objects to
// build and to send.
json HistoryColumns(const std::vector<core::RatingSnapshot>& snapshots) {
  json::array_t days, approvals, disapprovals;
  days.reserve(snapshots.size());
  approvals.reserve(snapshots.size());
  disapprovals.reserve(snapshots.size());
  for (const core::RatingSnapshot& snapshot : snapshots) {
    days.emplace_back(snapshot.day);
    approvals.emplace_back(snapshot.approvals);
    disapprovals.emplace_back(snapshot.disapprovals);
  }
  return {{"day", std::move(days)}, {"approvals", std::move(approvals)}, {"disapprovals", std::move(disapprovals)}};
}

// The last `kMinistryItems` of a list, newest first, each by `item`.
template <typename T, typename Item>
json Latest(const std::vector<T>& list, Item item) {
  json out = json::array();
  for (size_t i = list.size(); i-- > 0 && out.size() < kMinistryItems;) out.push_back(item(list[i]));
  return out;
}

}  // namespace

json PayJson(const core::State& s, const std::string& id, const core::Office& o) {
  auto set = s.office_pay.find(id);
  const std::int64_t monthly = set == s.office_pay.end() ? 0 : set->second.monthly;
  const std::optional<core::PayCap> cap = core::PayCapOf(s, o.territory);
  return {{"monthly", monthly},
          {"set_at", set == s.office_pay.end() ? 0 : set->second.set_at},
          {"cap_permille", core::CharterOf(s, o.territory).pay_cap_permille},
          {"average", cap ? json(cap->average) : json(nullptr)},
          {"average_month", cap ? json(core::MonthName(cap->period)) : json(nullptr)},
          {"cap", cap ? json(cap->cap) : json(nullptr)},
          {"over_cap", cap && monthly > cap->cap},
          {"paid", cap ? std::min(monthly, cap->cap) : monthly}};
}

json MinistryJson(const core::State& s, const std::string& id, const core::Office& o) {
  const std::string budget = core::BudgetInForce(s, o.territory);
  json lines = json::array();
  if (!budget.empty()) {
    for (const core::BudgetLine& line : s.measures.at(budget).spec.expenditure) {
      lines.push_back({{"label", line.label}, {"amount", line.amount}, {"left", core::LineRemainder(s, budget, line)}});
    }
  }
  auto it = s.ministries.find(id);
  const core::Ministry none;
  const core::Ministry& m = it == s.ministries.end() ? none : it->second;
  return {{"budget", budget},
          {"lines", std::move(lines)},
          {"texts_total", m.texts.size()},
          {"texts",
           Latest(m.texts,
                  [](const core::MinistryText& t) -> json {
                    return {{"kind", core::MinistryTextKindName(t.kind)}, {"text", HexEncode(t.text)}, {"at", t.at}};
                  })},
          {"spending_total", m.spending.size()},
          {"spending", Latest(m.spending, [](const core::Spending& e) -> json {
             return {{"budget", e.budget},
                     {"line", e.line},
                     {"amount", e.amount},
                     {"collective", e.collective},
                     {"description", HexEncode(e.description)},
                     {"at", e.at}};
           })}};
}

json ApprovalJson(const core::HolderRatings& r, bool with_history) {
  json statements = json::array();
  for (const core::TextHash& text : r.statements) statements.push_back(HexEncode(text));
  return {{"holder", r.holder},
          {"approvals", r.approvals},
          {"disapprovals", r.disapprovals},
          {"raters", r.Raters()},
          {"approval_permille", r.ApprovalPermille()},
          {"days_below", r.days_below},
          {"suspended", r.Suspended()},
          {"suspended_day", r.suspended_day},
          {"grace_until_day", r.grace_until_day},
          {"acting", r.acting},
          {"acting_accepted", r.acting_accepted},
          {"history", with_history ? HistoryJson(r.history) : json(nullptr)},
          {"statements", std::move(statements)}};
}

json RecallJson(const core::RecallPetition& p) {
  const std::string stage = !p.outcome.empty() ? "closed" : p.Voting() ? "voting" : "collecting";
  return {{"holder", p.holder},
          {"stage", stage},
          {"signatures", p.signatures.size()},
          {"needed", p.needed},
          {"vote_closes_at", p.vote_closes_at},
          {"recall", p.RecallVotes()},
          {"keep", p.votes.size() - p.RecallVotes()},
          {"outcome", p.outcome}};
}

json PromisesJson(const core::State& s, const std::string& id, const core::Office& o, size_t tenure) {
  const std::vector<core::TextHash>& checklist = core::PromisesOf(s, o, tenure);
  json out = json::array();
  for (size_t item = 0; item < checklist.size(); ++item) {
    const auto index = static_cast<std::uint8_t>(item);
    const std::vector<core::PromiseReport>* reports = core::ReportsOf(s, id, tenure, index);
    json list = json::array();
    for (const core::PromiseReport& r : reports ? *reports : std::vector<core::PromiseReport>{}) {
      list.push_back({{"status", core::PromiseStatusName(r.status)},
                      {"evidence", HexEncode(r.evidence)},
                      {"at", r.at},
                      {"contests", r.contests.size()}});
    }
    out.push_back({{"item", item},
                   {"text", HexEncode(checklist[item])},
                   {"outcome", core::PromiseOutcomeName(core::PromiseOutcomeOf(s, id, o, tenure, index))},
                   {"reports", std::move(list)}});
  }
  return out;
}

namespace {

// How many of the tenure's promises came to each outcome.
json PromiseCounts(const core::State& s, const std::string& id, const core::Office& o, size_t tenure) {
  std::map<std::string, std::uint64_t> counts{{"open", 0}, {"kept", 0}, {"broken", 0}, {"abandoned", 0}};
  const size_t n = core::PromisesOf(s, o, tenure).size();
  for (size_t item = 0; item < n; ++item) {
    ++counts[core::PromiseOutcomeName(core::PromiseOutcomeOf(s, id, o, tenure, static_cast<std::uint8_t>(item)))];
  }
  return counts;
}

json TenuresOf(const core::State& s, const std::string& citizen) {
  json out = json::array();
  auto held = s.offices_of_citizen.find(citizen);
  if (held == s.offices_of_citizen.end()) return out;
  for (const std::string& id : held->second) {
    const core::Office& o = s.offices.at(id);
    for (size_t i = 0; i < o.tenures.size(); ++i) {
      const core::Tenure& t = o.tenures[i];
      if (t.citizen != citizen) continue;
      auto rated = s.holder_ratings.find(id);
      const bool current = t.ended.empty() && rated != s.holder_ratings.end() && rated->second.holder == citizen;
      const std::vector<core::RatingSnapshot>* history = core::RatingHistoryOf(s, id, i);
      const core::RatingSnapshot final_counts = core::FinalRatingsOf(s, id, i);
      out.push_back({{"office", id},
                     {"title", o.title},
                     {"territory", o.territory},
                     {"collective", o.collective},
                     {"contest", t.contest},
                     {"from", t.from},
                     {"until", t.until},
                     {"ended", t.ended},
                     {"ended_at", t.ended_at},
                     {"promises", PromiseCounts(s, id, o, i)},
                     {"approval", current ? ApprovalJson(rated->second, /*with_history=*/false) : json(nullptr)},
                     {"history", HistoryColumns(history ? *history : std::vector<core::RatingSnapshot>{})},
                     {"final", {{"approvals", final_counts.approvals}, {"disapprovals", final_counts.disapprovals}}},
                     {"pay", t.ended.empty() ? PayJson(s, id, o) : json(nullptr)}});
    }
  }
  return out;
}

// Every contest the citizen stood in, with how it went. (A walk of the contests: the portrait is
// read rarely, and a contest index by candidate would cost every node memory.)
json CandidaciesOf(const core::State& s, const std::string& citizen) {
  json out = json::array();
  for (const auto& [id, c] : s.contests) {
    for (const core::Candidacy& k : c.candidates) {
      if (k.citizen != citizen) continue;
      out.push_back({{"contest", id},
                     {"office", c.office},
                     {"stage", core::ContestStageName(c.stage)},
                     {"winner", c.winner},
                     {"elected", c.winner == citizen},
                     {"outcome", c.outcome},
                     {"promises", k.promises.size()}});
    }
  }
  return out;
}

}  // namespace

json PortraitJson(const core::State& s, const std::string& citizen) {
  json certificates = json::array();
  if (auto held = s.certificates_of.find(citizen); held != s.certificates_of.end()) {
    for (const std::string& id : held->second) certificates.push_back(CertificateItemJson(id, s.certificates.at(id)));
  }
  return {{"citizen", citizen},
          {"tenures", TenuresOf(s, citizen)},
          {"candidacies", CandidaciesOf(s, citizen)},
          {"certificates", std::move(certificates)}};
}

}  // namespace veche::api
