// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/api/accountability_json.h"

#include <map>

#include "veche/api/offices_json.h"
#include "veche/base/text_codec.h"
#include "veche/core/accountability/rules.h"

namespace veche::api {

using nlohmann::json;

json ApprovalJson(const core::HolderRatings& r) {
  json history = json::array();
  for (const core::RatingSnapshot& snapshot : r.history) {
    history.push_back(
        {{"day", snapshot.day}, {"approvals", snapshot.approvals}, {"disapprovals", snapshot.disapprovals}});
  }
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
          {"history", std::move(history)},
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
                     {"approval", current ? ApprovalJson(rated->second) : json(nullptr)}});
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
