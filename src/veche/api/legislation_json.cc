// SPDX-License-Identifier: AGPL-3.0-or-later
// The writers of counts, measures, roll calls, initiatives and laws (legislation_json.h).
#include "veche/api/legislation_json.h"

#include <iterator>
#include <nlohmann/json.hpp>
#include <vector>

#include "veche/base/text_codec.h"

namespace veche::api {
namespace {

using nlohmann::json;

json BudgetLinesJson(const std::vector<core::BudgetLine>& side) {
  json out = json::array();
  for (const auto& l : side) out.push_back({{"label", l.label}, {"amount", l.amount}});
  return out;
}

json CharterJson(const core::Charter& c) {
  return {{"majority_age", c.majority_age},
          {"consultative_age", c.consultative_age},
          {"sessions_per_year", c.sessions_per_year},
          {"session_days", c.session_days},
          {"quorum_permille", c.quorum_permille},
          {"law_majority", c.law_majority.ToString()},
          {"budget_majority", c.budget_majority.ToString()},
          {"charter_majority", c.charter_majority.ToString()},
          {"double_majority", c.double_majority}};
}

// The session a measure is voted in, the rule fixed at its opening and the live tally, into `j`.
void AddSessionJson(const core::Measure& m, const core::Session& ses, json& j) {
  j["session"] = {{"number", m.session},
                  {"extraordinary", ses.extraordinary},
                  {"opened_at", ses.opened_at},
                  {"closes_at", ses.closes_at}};
  j["rule"] = {{"quorum_permille", m.rule.quorum_permille},
               {"majority", m.rule.majority.ToString()},
               {"double_majority", m.rule.double_majority}};
  json members = json::array();
  for (size_t i = 0; i < m.members.size(); ++i) {
    json c = CountJson(m.members[i]);
    c["territory"] = ses.members[i];
    members.push_back(std::move(c));
  }
  j["tally"] = {{"electorate", ses.binding_electorate},
                {"binding", CountJson(m.binding)},
                {"consultative_electorate", ses.consultative_electorate},
                {"consultative", CountJson(m.consultative)},
                {"members", members},
                {"voters", m.votes.size()}};
}

}  // namespace

void CountFields(const choice::Count& c, FieldSink& out) {
  out.Number("yes", c.yes);
  out.Number("no", c.no);
  out.Number("abstain", c.abstain);
}

json CountJson(const choice::Count& c) {
  json j = json::object();
  JsonFields out(j);
  CountFields(c, out);
  return j;
}

json MeasureSpecJson(const core::MeasureSpec& s) {
  json j = {{"kind", core::MeasureKindName(s.kind)}, {"territory", s.territory}, {"title", s.title}};
  switch (s.kind) {
    case core::MeasureKind::kLaw:
    case core::MeasureKind::kQuestion: j["text"] = HexEncode(s.text); break;
    case core::MeasureKind::kAmendment:
      j["law"] = s.law;
      j["base"] = HexEncode(s.base);
      j["text"] = HexEncode(s.text);
      break;
    case core::MeasureKind::kBudget:
      j["year"] = s.year;
      j["income"] = BudgetLinesJson(s.income);
      j["expenditure"] = BudgetLinesJson(s.expenditure);
      j["deficit"] = s.deficit;
      break;
    case core::MeasureKind::kCharter: j["charter"] = CharterJson(s.charter); break;
    case core::MeasureKind::kOffice: {
      static constexpr const char* kActions[] = {"", "create", "abolish", "grant", "revoke"};
      const core::OfficeMotion& m = s.office;
      j["office"] = {{"action", kActions[static_cast<int>(m.action)]}, {"office", m.office}};
      if (m.action == core::OfficeAction::kCreate) {
        j["office"]["title"] = m.title;
        j["office"]["term_years"] = m.term_years;
        j["office"]["required_class"] = m.required_class;
      } else if (m.action != core::OfficeAction::kAbolish) {
        j["office"]["power"] = core::PowerName(static_cast<core::Power>(m.power));
      }
      break;
    }
  }
  return j;
}

json MeasureResultJson(const core::MeasureResultPayload& r) {
  return {{"outcome", choice::OutcomeName(r.decision.outcome)},
          {"applied", r.applied},
          {"electorate", r.electorate},
          {"binding", CountJson(r.binding)},
          {"members_total", r.decision.members_total},
          {"members_approving", r.decision.members_approving},
          {"consultative_electorate", r.consultative_electorate},
          {"consultative", CountJson(r.consultative)},
          {"consultative_outcome", choice::OutcomeName(r.consultative_outcome)}};
}

void MeasureFields(const std::string& id, const core::Measure& m, FieldSink& out) {
  out.Text("id", id);
  out.Text("kind", core::MeasureKindName(m.spec.kind));
  out.Text("territory", m.spec.territory);
  out.Text("title", m.spec.title);
  out.Text("status", core::MeasureStatusName(m.status));
  out.Number("session", m.session);
}

json MeasureItemJson(const std::string& id, const core::Measure& m) {
  json j = json::object();
  JsonFields out(j);
  MeasureFields(id, m, out);
  out.Number("voters", m.votes.size());
  if (m.result) out.Text("outcome", choice::OutcomeName(m.result->decision.outcome));
  return j;
}

json MeasureJson(const core::State& s, const std::string& id, const core::Measure& m) {
  json j = MeasureSpecJson(m.spec);
  j["id"] = id;
  j["status"] = core::MeasureStatusName(m.status);
  j["from_initiative"] = m.from_initiative;
  if (m.session != 0) AddSessionJson(m, s.sessions.at({m.spec.territory, m.session}), j);
  if (m.result) j["result"] = MeasureResultJson(*m.result);
  return j;
}

void VoteFields(const std::string& citizen, core::VoteChoice choice, FieldSink& out) {
  out.Text("citizen", citizen);
  out.Text("vote", core::VoteChoiceName(choice));
}

std::string RollCallPageJson(const std::string& measure, const RollCall& roll, RollCall::const_iterator from,
                             RollCall::const_iterator to) {
  std::string out = "{\"measure\":\"" + measure + "\",\"votes\":[";
  for (auto v = from; v != to; ++v) {
    if (v != from) out += ',';
    out.append("{\"citizen\":\"").append(v->first).append("\",\"vote\":\"");
    out.append(core::VoteChoiceName(v->second.choice)).append("\"}");
  }
  out += ']';
  if (to != roll.end()) out.append(",\"next_after\":\"").append(std::prev(to)->first).append("\"");
  return out + "}\n";
}

void InitiativeFields(const std::string& id, const core::Initiative& i, bool with_filer, FieldSink& out) {
  out.Text("id", id);
  out.Text("kind", core::MeasureKindName(i.spec.kind));
  out.Text("territory", i.spec.territory);
  out.Text("title", i.spec.title);
  if (with_filer) out.Text("filer", i.filer);
  out.Number("signatures", i.signatures.size());
  out.Number("threshold", i.threshold);
  out.Flag("qualified", i.qualified);
}

json InitiativeItemJson(const std::string& id, const core::Initiative& i) {
  json j = json::object();
  JsonFields out(j);
  InitiativeFields(id, i, /*with_filer=*/false, out);
  return j;
}

json InitiativeJson(const std::string& id, const core::Initiative& i) {
  json j = MeasureSpecJson(i.spec);
  JsonFields out(j);  // kind, territory and title again, the same as the spec's
  InitiativeFields(id, i, /*with_filer=*/true, out);
  return j;
}

void LawFields(const std::string& id, const core::Law& law, FieldSink& out) {
  out.Text("id", id);
  out.Text("territory", law.territory);
  out.Text("title", law.title);
  out.Number("versions", law.versions.size());
  out.Text("text", law.versions.empty() ? "" : HexEncode(law.versions.back().text));  // never empty in a state
}

void LawVersionFields(const core::LawVersion& v, FieldSink& out) {
  out.Text("measure", v.measure);
  out.Number("adopted_at", v.adopted_at);
  out.Text("text", HexEncode(v.text));
}

json LawItemJson(const std::string& id, const core::Law& law) {
  json j = json::object();
  JsonFields out(j);
  LawFields(id, law, out);
  out.Number("adopted_at", law.versions.back().adopted_at);
  return j;
}

json LawJson(const std::string& id, const core::Law& law) {
  json versions = json::array();
  for (const auto& v : law.versions) {
    json version = json::object();
    JsonFields out(version);
    LawVersionFields(v, out);
    versions.push_back(std::move(version));
  }
  return {{"id", id}, {"territory", law.territory}, {"title", law.title}, {"versions", versions}};
}

}  // namespace veche::api
