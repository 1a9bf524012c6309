// SPDX-License-Identifier: AGPL-3.0-or-later
// The writers of offices and certificates (offices_json.h).
#include "veche/api/offices_json.h"

#include <nlohmann/json.hpp>

#include "veche/api/accountability_json.h"
#include "veche/base/text_codec.h"

namespace veche::api {

using nlohmann::json;

void OfficeFields(const std::string& id, const core::Office& o, FieldSink& out) {
  out.Text("id", id);
  out.Text("title", o.title);
  out.Text("territory", o.territory);
  out.Text("collective", o.collective);
  out.Number("term_years", o.term_years);
  out.Text("required_class", o.required_class);
  out.Flag("abolished", o.abolished);
  const core::Tenure* holder = o.Holder();
  out.Text("holder", holder ? holder->citizen : "");
  out.Number("term_from", holder ? holder->from : 0);
  out.Number("term_until", holder ? holder->until : 0);
  out.Text("contest", o.contest);
}

void TenureRow(const std::string& office, size_t number, const core::Tenure& t, FieldSink& out) {
  out.Text("office", office);
  out.Number("number", number);
  out.Text("citizen", t.citizen);
  out.Text("contest", t.contest);
  out.Number("from", t.from);
  out.Number("until", t.until);
  out.Text("ended", t.ended);
  out.Number("ended_at", t.ended_at);
}

void ContestFields(const std::string& id, const core::Contest& c, FieldSink& out) {
  out.Text("id", id);
  out.Text("office", c.office);
  out.Text("stage", core::ContestStageName(c.stage));
  out.Number("opened_at", c.opened_at);
  out.Number("nominations_close_at", c.nominations_close_at);
  out.Flag("extended", c.extended);
  out.Flag("confirmation", c.confirmation);
  out.Number("signatures_needed", c.signatures_needed);
  out.Number("candidates", c.candidates.size());
  out.Number("voting_closes_at", c.voting_closes_at);
  out.Text("winner", c.winner);
  out.Text("outcome", c.outcome);
}

void CandidacyRow(const std::string& contest, const core::Candidacy& c, FieldSink& out) {
  out.Text("contest", contest);
  out.Text("citizen", c.citizen);
  out.Text("nomination", c.nomination);
  out.Number("promises", c.promises.size());
  out.Number("filed_at", c.filed_at);
}

void NominationFields(const std::string& id, const core::Nomination& n, FieldSink& out) {
  out.Text("id", id);
  out.Text("contest", n.contest);
  out.Text("nominee", n.nominee);
  out.Number("signatures", n.signers.size());
  out.Text("collective", n.collective);
}

void MeetingFields(const std::string& id, const core::Meeting& m, FieldSink& out) {
  const choice::Count count = m.Count();
  out.Text("id", id);
  out.Text("collective", m.collective);
  out.Text("subject", core::MeetingSubjectName(m.subject));
  out.Text("contest", m.contest);
  out.Text("nominee", m.nominee);
  const bool office_motion = m.subject == core::MeetingSubject::kOffice;
  out.Text("action", office_motion ? (m.office.action == core::OfficeAction::kCreate ? "create" : "abolish") : "");
  out.Text("office", office_motion ? m.office.office : "");
  out.Text("title", office_motion ? m.office.title : "");
  out.Text("opener", m.opener);
  out.Number("opened_at", m.opened_at);
  out.Number("closes_at", m.closes_at);
  out.Number("electorate", m.electorate.size());
  out.Number("yes", count.yes);
  out.Number("no", count.no);
  out.Number("abstain", count.abstain);
  out.Flag("closed", m.closed);
  out.Text("outcome", m.outcome);
  out.Flag("took_effect", m.took_effect);
  out.Flag("nominated", m.took_effect && !office_motion);
}

void CertificateFields(const std::string& id, const core::Certificate& c, FieldSink& out) {
  out.Text("id", id);
  out.Text("citizen", c.citizen);
  out.Text("class", c.certificate_class);
  out.Text("issuer", Base64Encode(c.issuer));
  out.Number("valid_from", c.valid_from);
  out.Number("valid_until", c.valid_until);
  out.Flag("revoked", c.revoked.has_value());
  out.Text("reason", c.revoked.value_or(""));
}

namespace {

template <typename F>
json ObjectOf(const F& fields) {
  json j = json::object();
  JsonFields out(j);
  fields(out);
  return j;
}

json TenureJson(const core::Tenure& t) {
  return ObjectOf([&](FieldSink& out) {
    out.Text("citizen", t.citizen);
    out.Text("contest", t.contest);
    out.Number("from", t.from);
    out.Number("until", t.until);
    out.Text("ended", t.ended);
    out.Number("ended_at", t.ended_at);
  });
}

// The certificates `citizen` holds of `certificate_class`, valid at the clock.
json ValidCertificates(const core::State& s, const std::string& citizen, const std::string& certificate_class) {
  json out = json::array();
  auto held = s.certificates_of.find(citizen);
  if (certificate_class.empty() || held == s.certificates_of.end()) return out;
  for (const std::string& id : held->second) {
    const core::Certificate& c = s.certificates.at(id);
    if (c.certificate_class == certificate_class && c.ValidAt(s.clock)) {
      out.push_back(id);
    }
  }
  return out;
}

json CandidateJson(const core::State& s, const core::Office& o, const core::Candidacy& c) {
  json promises = json::array();
  for (const core::TextHash& h : c.promises) promises.push_back(HexEncode(h));
  return json{{"citizen", c.citizen},
              {"nomination", c.nomination},
              {"promises", std::move(promises)},
              {"filed_at", c.filed_at},
              {"certificates", ValidCertificates(s, c.citizen, o.required_class)}};
}

}  // namespace

json OfficeItemJson(const std::string& id, const core::Office& o) {
  return ObjectOf([&](FieldSink& out) { OfficeFields(id, o, out); });
}

json OfficeDetailJson(const core::State& s, const std::string& id, const core::Office& o) {
  json j = OfficeItemJson(id, o);
  json tenures = json::array();
  for (const core::Tenure& t : o.tenures) tenures.push_back(TenureJson(t));
  j["tenures"] = std::move(tenures);
  auto contests = s.contests_of_office.find(id);
  j["contests"] = contests == s.contests_of_office.end() ? json::array() : json(contests->second);
  j["current_contest"] = o.contest.empty() ? json(nullptr) : ContestDetailJson(s, o.contest, s.contests.at(o.contest));
  j["wielder"] = s.Wielder(id, o);
  auto rated = s.holder_ratings.find(id);
  const core::Tenure* holder = o.Holder();
  const bool current = rated != s.holder_ratings.end() && holder && rated->second.holder == holder->citizen;
  j["approval"] = current ? ApprovalJson(rated->second) : json(nullptr);
  j["promises"] = holder ? PromisesJson(s, id, o, o.tenures.size() - 1) : json::array();
  auto petition = s.recall_petitions.find(id);
  j["recall_petition"] = petition == s.recall_petitions.end() ? json(nullptr) : RecallJson(petition->second);
  j["pay"] = PayJson(s, id, o);
  j["ministry"] = MinistryJson(s, id, o);
  return j;
}

json MeetingItemJson(const std::string& id, const core::Meeting& m) {
  return ObjectOf([&](FieldSink& out) { MeetingFields(id, m, out); });
}

json MeetingDetailJson(const std::string& id, const core::Meeting& m) {
  json j = MeetingItemJson(id, m);
  json votes = json::array();
  for (const auto& [citizen, choice] : m.votes) {
    votes.push_back({{"citizen", citizen}, {"vote", core::VoteChoiceName(choice)}});
  }
  j["votes"] = std::move(votes);
  return j;
}

json ContestItemJson(const std::string& id, const core::Contest& c) {
  return ObjectOf([&](FieldSink& out) { ContestFields(id, c, out); });
}

json ContestDetailJson(const core::State& s, const std::string& id, const core::Contest& c) {
  json j = ContestItemJson(id, c);
  const core::Office& o = s.offices.at(c.office);
  json candidates = json::array();
  for (const core::Candidacy& k : c.candidates) candidates.push_back(CandidateJson(s, o, k));
  j["candidacies"] = std::move(candidates);
  json nominations = json::array();
  if (auto of = s.nominations_of_contest.find(id); of != s.nominations_of_contest.end()) {
    for (const std::string& n : of->second) {
      json item = ObjectOf([&](FieldSink& out) { NominationFields(n, s.nominations.at(n), out); });
      item["qualified"] = s.nominations.at(n).Counts(c);
      nominations.push_back(std::move(item));
    }
  }
  j["nominations"] = std::move(nominations);
  j["elections"] = c.elections;
  j["open"] = c.open;
  json rounds = json::array();
  for (const core::OpenRound& r : c.open_rounds) {
    json votes = json::array();
    for (const auto& [citizen, option] : r.votes)
      votes.push_back({{"citizen", citizen}, {"choice", r.options[option]}});
    rounds.push_back({{"options", r.options}, {"counts", r.Counts()}, {"votes", std::move(votes)}});
  }
  j["open_rounds"] = std::move(rounds);
  return j;
}

json CertificateItemJson(const std::string& id, const core::Certificate& c) {
  return ObjectOf([&](FieldSink& out) { CertificateFields(id, c, out); });
}

}  // namespace veche::api
