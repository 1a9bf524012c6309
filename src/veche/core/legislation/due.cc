// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/core/legislation/due.h"

#include <map>
#include <set>

#include "veche/core/legislation/rules.h"
#include "veche/core/offices/rules.h"
#include "veche/core/registry/rules.h"

namespace veche::core {

using namespace rules;

namespace {

constexpr UnixMicros kDay = kMicrosPerDay;

}  // namespace

Result<SessionOpenPayload> DueSessionOpen(const State& s, const std::string& territory) {
  VECHE_RETURN_IF_ERROR(LiveTerritory(s, territory, "the session's"));
  static const Assembly kNone;
  auto it = s.assemblies.find(territory);
  const Assembly& a = it == s.assemblies.end() ? kNone : it->second;
  if (a.open_session)
    return Conflict("territory '" + territory + "' has session " + std::to_string(a.open_session) + " open");
  // The previous session's results first: an adopted charter changes the rules a session opens under.
  if (auto previous = s.sessions.find({territory, a.sessions}); previous != s.sessions.end()) {
    for (const std::string& id : previous->second.measures) {
      if (s.measures.at(id).status != MeasureStatus::kDecided) {
        return Conflict("the results of session " + std::to_string(a.sessions) + " of '" + territory +
                        "' are not all recorded");
      }
    }
  }
  const Charter& charter = CharterOf(s, territory);
  SessionOpenPayload p{territory, a.sessions + 1, false, s.clock + charter.session_days * kDay};
  const std::int64_t period = SessionPeriod(MonthIndex(s.clock), charter.sessions_per_year);
  if (!a.pending.empty() &&
      (a.last_regular_month == kNoMonth || SessionPeriod(a.last_regular_month, charter.sessions_per_year) != period)) {
    return p;
  }
  // Petitioners count while they are still adults living in the territory.
  std::uint64_t petitioners = 0;
  for (const std::string& id : a.petitions) {
    const Citizen& c = s.citizens.at(id);
    petitioners += IsAdult(s, c) && s.InScope(territory, c.residence) ? 1 : 0;
  }
  if (petitioners > 0 && petitioners >= SignatureThreshold(s, territory, charter.extraordinary_petition_permille)) {
    p.extraordinary = true;
    return p;
  }
  if (a.pending.empty())
    return Conflict("no measure is pending for territory '" + territory + "' and no petition has succeeded");
  return Conflict("territory '" + territory +
                  "' has held its regular session of this period; no petition has succeeded");
}

namespace {

// What the results DueRecords lists before a measure's have changed, not yet in the state.
struct EarlierResults {
  std::map<std::string, TextHash> amended;  // law -> the text an earlier amendment put in force
  std::set<std::string> offices;            // offices an earlier office measure acted on
};

// ComputeResult, as if the earlier results of the round had applied.
Result<MeasureResultPayload> ComputeResultAfter(const State& s, const std::string& id, const EarlierResults& earlier) {
  auto it = s.measures.find(id);
  if (it == s.measures.end()) return Conflict("measure '" + id + "' does not exist");
  const Measure& m = it->second;
  if (m.status != MeasureStatus::kCounting) {
    return Conflict("measure '" + id + "' is " + MeasureStatusName(m.status) + ", not awaiting its result");
  }
  const Session& ses = s.sessions.at({m.spec.territory, m.session});
  MeasureResultPayload p;
  p.measure = id;
  p.electorate = ses.binding_electorate;
  p.binding = m.binding;
  p.consultative_electorate = ses.consultative_electorate;
  p.consultative = m.consultative;
  p.decision = choice::Decide(m.rule, p.electorate, m.binding, m.members);
  choice::Rule consultative_rule = m.rule;
  consultative_rule.double_majority = false;
  p.consultative_outcome = choice::Decide(consultative_rule, p.consultative_electorate, m.consultative, {}).outcome;
  p.applied = p.decision.outcome == choice::Outcome::kAdopted;
  if (p.applied && m.spec.kind == MeasureKind::kAmendment) {
    // Another amendment adopted first changed the law: this one lapses rather than overwrite it.
    auto later = earlier.amended.find(m.spec.law);
    p.applied =
        (later != earlier.amended.end() ? later->second : s.laws.at(m.spec.law).versions.back().text) == m.spec.base;
  }
  if (p.applied && m.spec.kind == MeasureKind::kOffice) {
    // It lapses if it could no longer be tabled, or an earlier result of the round acts on the
    // same office.
    p.applied =
        CheckOfficeMotion(s, m.spec.territory, m.spec.office).ok() && !earlier.offices.count(m.spec.office.office);
  }
  return p;
}

}  // namespace

Result<MeasureResultPayload> ComputeResult(const State& s, const std::string& id) {
  return ComputeResultAfter(s, id, {});
}

std::vector<DueRecord> DueSessionClosesAndResults(const State& s) {
  std::vector<DueRecord> due;
  for (const auto& [key, ses] : s.sessions) {
    if (!ses.closed && s.clock >= ses.closes_at) {
      due.push_back({RecordKind::kSessionClose, EncodePayload(SessionClosePayload{key.first, key.second})});
    }
  }
  EarlierResults earlier;  // what the results listed so far change
  for (const auto& [id, m] : s.measures) {
    if (m.status != MeasureStatus::kCounting) continue;
    Result<MeasureResultPayload> result = ComputeResultAfter(s, id, earlier);
    if (!result.ok()) continue;
    if (result->applied && m.spec.kind == MeasureKind::kAmendment) earlier.amended[m.spec.law] = m.spec.text;
    if (result->applied && m.spec.kind == MeasureKind::kOffice) earlier.offices.insert(m.spec.office.office);
    due.push_back({RecordKind::kMeasureResult, EncodePayload(*result)});
  }
  return due;
}

std::vector<DueRecord> DueSessionOpenings(const State& s) {
  std::vector<DueRecord> due;
  for (const auto& [territory, a] : s.assemblies) {
    if (a.open_session || (a.pending.empty() && a.petitions.empty())) continue;
    Result<SessionOpenPayload> open = DueSessionOpen(s, territory);
    if (open.ok()) due.push_back({RecordKind::kSessionOpen, EncodePayload(*open)});
  }
  return due;
}

}  // namespace veche::core
