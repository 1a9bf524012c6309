// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/core/assembly.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "veche/base/text_codec.h"
#include "veche/core/apply_rules.h"

namespace veche::core {

using namespace rules;

namespace {

constexpr UnixMicros kDay = 86'400'000'000;

std::string ShortHex(const TextHash& h) {
  return HexEncode(ByteView(h.data(), 8));
}

// Every territory at or below `scope`, mapped to the index in `members` of the member (a child of
// `scope`) it lies in, or kNoMember for `scope` itself and for territories under a non-member.
std::unordered_map<std::string, std::uint32_t> Subtree(const State& s, const std::string& scope,
                                                       const std::vector<std::string>& members) {
  std::unordered_map<std::string, std::uint32_t> out;
  for (const auto& [id, t] : s.territories) {
    std::string at = id, below;
    for (size_t depth = 0; depth <= s.territories.size(); ++depth) {  // bounded: the tree has no cycles
      if (at == scope) {
        auto m = std::lower_bound(members.begin(), members.end(), below);
        out.emplace(id, !below.empty() && m != members.end() && *m == below
                            ? static_cast<std::uint32_t>(m - members.begin())
                            : kNoMember);
        break;
      }
      auto it = s.territories.find(at);
      if (it == s.territories.end() || it->second.parent.empty()) break;
      below = at;
      at = it->second.parent;
    }
  }
  return out;
}

bool IsAdult(const State& s, const Citizen& c) {
  return !c.removed && c.majority_date <= s.clock;
}

// The author as a citizen who is an adult resident of `territory` or below.
Result<const std::string*> AdultResident(const State& s, const PublicKeyBytes& author, const std::string& territory) {
  auto by_key = s.citizen_by_key.find(author);
  if (by_key == s.citizen_by_key.end()) return Denied("the author is not a citizen with a bound key");
  const Citizen& c = s.citizens.at(by_key->second);
  if (!IsAdult(s, c)) return Denied("citizen '" + by_key->second + "' has not reached the age of majority");
  if (!s.InScope(territory, c.residence)) {
    return Denied("citizen '" + by_key->second + "' does not live in territory '" + territory + "'");
  }
  return &by_key->second;
}

Status IdIsFree(const State& s, const std::string& id) {
  if (s.measures.count(id) || s.initiatives.count(id))
    return Conflict("measure or initiative '" + id + "' already exists");
  return OkStatus();
}

Status TextPublished(const State& s, const TextHash& h) {
  if (!s.texts.count(h))
    return Conflict("text " + ShortHex(h) + "... is not published: publish it with a text record first");
  return OkStatus();
}

// Whether a measure may be put to `spec.territory`'s assembly as the state stands.
Status CheckSpec(const State& s, const MeasureSpec& spec) {
  VECHE_RETURN_IF_ERROR(LiveTerritory(s, spec.territory, "the measure's"));
  switch (spec.kind) {
    case MeasureKind::kLaw:
    case MeasureKind::kQuestion: return TextPublished(s, spec.text);
    case MeasureKind::kAmendment: {
      auto law = s.laws.find(spec.law);
      if (law == s.laws.end()) return Conflict("law '" + spec.law + "' is not in force");
      if (law->second.territory != spec.territory) {
        return Conflict("law '" + spec.law + "' is a law of territory '" + law->second.territory + "'");
      }
      if (law->second.versions.back().text != spec.base) {
        return Conflict("the amendment's base is not the version of law '" + spec.law + "' in force");
      }
      return TextPublished(s, spec.text);
    }
    case MeasureKind::kBudget:
    case MeasureKind::kCharter: return OkStatus();
  }
  return InvalidArgumentError("unknown measure kind");
}

const Charter& CharterOf(const State& s, const std::string& territory) {
  return s.territories.at(territory).charter;
}

void AddMeasure(State& s, const std::string& id, const MeasureSpec& spec, bool from_initiative) {
  Measure m;
  m.spec = spec;
  m.from_initiative = from_initiative;
  s.measures.emplace(id, std::move(m));
  s.assemblies[spec.territory].pending.insert(id);
}

const MajorityRule& MajorityFor(const Charter& c, MeasureKind kind) {
  switch (kind) {
    case MeasureKind::kBudget: return c.budget_majority;
    case MeasureKind::kCharter: return c.charter_majority;
    default: return c.law_majority;
  }
}

void AddVote(choice::Count& c, VoteChoice v, std::int64_t delta) {
  std::uint64_t& slot = v == VoteChoice::kYes ? c.yes : v == VoteChoice::kNo ? c.no : c.abstain;
  slot += static_cast<std::uint64_t>(delta);
}

Status ApplyText(State& s, const Record& r, const PublicKeyBytes& author) {
  VECHE_ASSIGN_OR_RETURN(TextPayload p, DecodePayload<TextPayload>(r.payload));
  if (!s.authorities.count(author) && !s.citizen_by_key.count(author)) {
    return Denied("only an authority or a citizen with a bound key may publish a text");
  }
  TextHash h = TextHashOf(p.text);
  if (s.texts.count(h)) return Conflict("text " + ShortHex(h) + "... is already published");
  s.texts.emplace(h, s.records);
  return OkStatus();
}

Status ApplyMeasureTable(State& s, const Record& r, const PublicKeyBytes& author) {
  VECHE_ASSIGN_OR_RETURN(MeasurePayload p, DecodePayload<MeasurePayload>(r.payload));
  VECHE_RETURN_IF_ERROR(RequireAuthority(s, author));
  VECHE_RETURN_IF_ERROR(IdIsFree(s, p.id));
  VECHE_RETURN_IF_ERROR(CheckSpec(s, p.spec));
  AddMeasure(s, p.id, p.spec, false);
  return OkStatus();
}

Status ApplyInitiativeFile(State& s, const Record& r, const PublicKeyBytes& author) {
  VECHE_ASSIGN_OR_RETURN(MeasurePayload p, DecodePayload<MeasurePayload>(r.payload));
  VECHE_RETURN_IF_ERROR(LiveTerritory(s, p.spec.territory, "the initiative's"));
  VECHE_ASSIGN_OR_RETURN(const std::string* filer, AdultResident(s, author, p.spec.territory));
  VECHE_RETURN_IF_ERROR(IdIsFree(s, p.id));
  VECHE_RETURN_IF_ERROR(CheckSpec(s, p.spec));
  Initiative i;
  i.spec = p.spec;
  i.filer = *filer;
  i.threshold = SignatureThreshold(s, p.spec.territory, CharterOf(s, p.spec.territory).initiative_threshold_permille);
  i.signatures.insert(*filer);
  i.qualified = i.signatures.size() >= i.threshold;
  if (i.qualified) AddMeasure(s, p.id, p.spec, true);
  s.initiatives.emplace(p.id, std::move(i));
  return OkStatus();
}

Status ApplyInitiativeSignature(State& s, const Record& r, const PublicKeyBytes& author) {
  VECHE_ASSIGN_OR_RETURN(IdPayload p, DecodePayload<IdPayload>(r.payload));
  auto it = s.initiatives.find(p.id);
  if (it == s.initiatives.end()) return Conflict("initiative '" + p.id + "' does not exist");
  Initiative& i = it->second;
  VECHE_ASSIGN_OR_RETURN(const std::string* citizen, AdultResident(s, author, i.spec.territory));
  if (i.qualified) return Conflict("initiative '" + p.id + "' has already reached its threshold");
  if (r.kind == RecordKind::kInitiativeWithdraw) {
    if (i.signatures.erase(*citizen) == 0) return Conflict("citizen '" + *citizen + "' has not signed '" + p.id + "'");
    return OkStatus();
  }
  if (!i.signatures.insert(*citizen).second)
    return Conflict("citizen '" + *citizen + "' has already signed '" + p.id + "'");
  if (i.signatures.size() >= i.threshold) {
    i.qualified = true;
    AddMeasure(s, p.id, i.spec, true);
  }
  return OkStatus();
}

Status ApplyPetition(State& s, const Record& r, const PublicKeyBytes& author) {
  VECHE_ASSIGN_OR_RETURN(IdPayload p, DecodePayload<IdPayload>(r.payload));
  VECHE_RETURN_IF_ERROR(LiveTerritory(s, p.id, "the petition's"));
  VECHE_ASSIGN_OR_RETURN(const std::string* citizen, AdultResident(s, author, p.id));
  Assembly& a = s.assemblies[p.id];
  if (a.petitions.count(*citizen)) return Conflict("citizen '" + *citizen + "' has already petitioned");
  a.petitions.insert(*citizen);
  return OkStatus();
}

Status ApplySessionOpen(State& s, const Record& r, const PublicKeyBytes& author) {
  VECHE_ASSIGN_OR_RETURN(SessionOpenPayload p, DecodePayload<SessionOpenPayload>(r.payload));
  if (author != s.node_key) return Denied("only the node key may open a session");
  VECHE_ASSIGN_OR_RETURN(SessionOpenPayload due, DueSessionOpen(s, p.territory));
  if (p.number != due.number || p.extraordinary != due.extraordinary || p.closes_at != due.closes_at) {
    return Conflict("the session due is " + std::string(due.extraordinary ? "extraordinary" : "regular") + " session " +
                    std::to_string(due.number) + " closing at " + std::to_string(due.closes_at));
  }
  const Charter& charter = CharterOf(s, p.territory);
  Session ses;
  ses.extraordinary = p.extraordinary;
  ses.opened_at = s.clock;
  ses.closes_at = p.closes_at;
  for (const auto& [id, t] : s.territories) {
    if (t.parent == p.territory && !t.dissolved) ses.members.push_back(id);  // sorted: map order
  }
  std::unordered_map<std::string, std::uint32_t> subtree = Subtree(s, p.territory, ses.members);
  for (const auto& [id, c] : s.citizens) {
    if (c.removed || c.consultative_date > s.clock) continue;
    auto where = subtree.find(c.residence);
    if (where == subtree.end()) continue;
    bool binding = c.majority_date <= s.clock;
    ses.electorate.emplace(id, Voter{binding, where->second});
    ++(binding ? ses.binding_electorate : ses.consultative_electorate);
  }
  Assembly& a = s.assemblies[p.territory];
  choice::Rule rule{charter.quorum_permille, {}, charter.double_majority};
  for (const std::string& id : a.pending) {
    Measure& m = s.measures.at(id);
    m.status = MeasureStatus::kVoting;
    m.session = p.number;
    rule.majority = MajorityFor(charter, m.spec.kind);
    m.rule = rule;
    m.members.assign(ses.members.size(), choice::Count{});
    ses.measures.push_back(id);
  }
  a.pending.clear();
  a.petitions.clear();  // any session answers the petition
  a.sessions = p.number;
  a.open_session = p.number;
  if (!p.extraordinary) a.last_regular_month = MonthIndex(s.clock);
  s.sessions.emplace(SessionKey{p.territory, p.number}, std::move(ses));
  return OkStatus();
}

Status ApplySessionClose(State& s, const Record& r, const PublicKeyBytes& author) {
  VECHE_ASSIGN_OR_RETURN(SessionClosePayload p, DecodePayload<SessionClosePayload>(r.payload));
  if (author != s.node_key) return Denied("only the node key may close a session");
  auto it = s.sessions.find({p.territory, p.number});
  if (it == s.sessions.end())
    return Conflict("territory '" + p.territory + "' has no session " + std::to_string(p.number));
  Session& ses = it->second;
  if (ses.closed)
    return Conflict("session " + std::to_string(p.number) + " of '" + p.territory + "' is closed already");
  if (s.clock < ses.closes_at) {
    return Conflict("session " + std::to_string(p.number) + " of '" + p.territory + "' closes at " +
                    std::to_string(ses.closes_at) + "; the clock is at " + std::to_string(s.clock));
  }
  ses.closed = true;
  s.assemblies[p.territory].open_session = 0;
  for (const std::string& id : ses.measures) s.measures.at(id).status = MeasureStatus::kCounting;
  return OkStatus();
}

Status ApplyVote(State& s, const Record& r, const PublicKeyBytes& author) {
  VECHE_ASSIGN_OR_RETURN(VotePayload p, DecodePayload<VotePayload>(r.payload));
  auto mit = s.measures.find(p.measure);
  if (mit == s.measures.end()) return Conflict("measure '" + p.measure + "' does not exist");
  Measure& m = mit->second;
  if (m.status != MeasureStatus::kVoting) {
    return Conflict("measure '" + p.measure + "' is not open for voting (it is " + MeasureStatusName(m.status) + ")");
  }
  const Session& ses = s.sessions.at({m.spec.territory, m.session});
  if (s.clock >= ses.closes_at) return Conflict("voting on measure '" + p.measure + "' has ended");
  auto by_key = s.citizen_by_key.find(author);
  if (by_key == s.citizen_by_key.end()) return Denied("the author is not a citizen with a bound key");
  const std::string& citizen = by_key->second;
  auto voter = ses.electorate.find(citizen);
  if (voter == ses.electorate.end()) {
    return Denied("citizen '" + citizen + "' is not in the electorate of session " + std::to_string(m.session) +
                  " of '" + m.spec.territory + "'");
  }
  auto [vote, first] = m.votes.try_emplace(citizen, p.choice);
  if (!first) {
    if (vote->second == p.choice)
      return Conflict("citizen '" + citizen + "' already votes " + VoteChoiceName(p.choice));
  }
  // Validated; from here on the vote counts (the previous one, if any, no longer does).
  auto count = [&](VoteChoice v, std::int64_t delta) {
    AddVote(voter->second.binding ? m.binding : m.consultative, v, delta);
    if (voter->second.binding && voter->second.member != kNoMember) AddVote(m.members[voter->second.member], v, delta);
  };
  if (!first) count(vote->second, -1);
  vote->second = p.choice;
  count(p.choice, +1);
  return OkStatus();
}

Status ApplyResult(State& s, const Record& r, const PublicKeyBytes& author) {
  VECHE_ASSIGN_OR_RETURN(MeasureResultPayload p, DecodePayload<MeasureResultPayload>(r.payload));
  if (author != s.node_key) return Denied("only the node key may record a result");
  VECHE_ASSIGN_OR_RETURN(MeasureResultPayload expected, ComputeResult(s, p.measure));
  // Results are recorded in measure-id order, so which of two rival adopted measures (amendments of
  // one version, budgets, charters) takes effect is fixed by the rules, not by the node.
  for (const auto& [id, m] : s.measures) {
    if (id >= p.measure) break;
    if (m.status == MeasureStatus::kCounting) {
      return Conflict("the result of measure '" + id + "' must be recorded before that of '" + p.measure + "'");
    }
  }
  if (!(p == expected)) {
    return Conflict(std::string("the result does not match the count of measure '") + p.measure + "': it is " +
                    choice::OutcomeName(expected.decision.outcome) + " with " + std::to_string(expected.binding.yes) +
                    " yes, " + std::to_string(expected.binding.no) + " no, " +
                    std::to_string(expected.binding.abstain) + " abstaining");
  }
  Measure& m = s.measures.at(p.measure);
  m.status = MeasureStatus::kDecided;
  m.result = p;
  if (!p.applied) return OkStatus();
  const MeasureSpec& spec = m.spec;
  switch (spec.kind) {
    case MeasureKind::kLaw:
      s.laws[p.measure] = Law{spec.territory, spec.title, {LawVersion{spec.text, p.measure, s.clock}}};
      break;
    case MeasureKind::kAmendment:
      s.laws.at(spec.law).versions.push_back(LawVersion{spec.text, p.measure, s.clock});
      break;
    case MeasureKind::kBudget: s.assemblies[spec.territory].budget = p.measure; break;
    case MeasureKind::kCharter: s.territories.at(spec.territory).charter = spec.charter; break;
    case MeasureKind::kQuestion: break;
  }
  return OkStatus();
}

}  // namespace

std::uint64_t CountAdults(const State& s, const std::string& territory) {
  std::uint64_t n = 0;
  for (const auto& [id, member] : Subtree(s, territory, {})) n += s.AdultResidentsOf(id);
  return n;
}

std::uint64_t SignatureThreshold(const State& s, const std::string& territory, std::uint16_t permille) {
  std::uint64_t needed = (CountAdults(s, territory) * permille + 999) / 1000;
  return std::max<std::uint64_t>(needed, 1);
}

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

// ComputeResult, as if the laws named in `amended` had the text given there in force: DueRecords
// uses it to see the effect of the results it lists before them.
Result<MeasureResultPayload> ComputeResultAfter(const State& s, const std::string& id,
                                                const std::map<std::string, TextHash>& amended) {
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
    auto later = amended.find(m.spec.law);
    p.applied = (later != amended.end() ? later->second : s.laws.at(m.spec.law).versions.back().text) == m.spec.base;
  }
  return p;
}

}  // namespace

Result<MeasureResultPayload> ComputeResult(const State& s, const std::string& id) {
  return ComputeResultAfter(s, id, {});
}

std::vector<DueRecord> DueRecords(const State& s) {
  std::vector<DueRecord> due = DueElectionRecords(s);  // elections touch nothing sessions read
  for (const auto& [key, ses] : s.sessions) {
    if (!ses.closed && s.clock >= ses.closes_at) {
      due.push_back({RecordKind::kSessionClose, EncodePayload(SessionClosePayload{key.first, key.second})});
    }
  }
  std::map<std::string, TextHash> amended;  // laws the results listed so far change
  for (const auto& [id, m] : s.measures) {
    if (m.status != MeasureStatus::kCounting) continue;
    Result<MeasureResultPayload> result = ComputeResultAfter(s, id, amended);
    if (!result.ok()) continue;
    if (result->applied && m.spec.kind == MeasureKind::kAmendment) amended[m.spec.law] = m.spec.text;
    due.push_back({RecordKind::kMeasureResult, EncodePayload(*result)});
  }
  // Openings wait for a round without closes or results: an adopted charter changes the rules a
  // session opens under (its length, the petition share).
  if (!due.empty()) return due;
  for (const auto& [territory, a] : s.assemblies) {
    if (a.open_session || (a.pending.empty() && a.petitions.empty())) continue;
    Result<SessionOpenPayload> open = DueSessionOpen(s, territory);
    if (open.ok()) due.push_back({RecordKind::kSessionOpen, EncodePayload(*open)});
  }
  return due;
}

Status ApplyLegislation(State& s, const Record& r, const PublicKeyBytes& author) {
  switch (r.kind) {
    case RecordKind::kText: return ApplyText(s, r, author);
    case RecordKind::kMeasureTable: return ApplyMeasureTable(s, r, author);
    case RecordKind::kInitiativeFile: return ApplyInitiativeFile(s, r, author);
    case RecordKind::kInitiativeSign:
    case RecordKind::kInitiativeWithdraw: return ApplyInitiativeSignature(s, r, author);
    case RecordKind::kSessionPetition: return ApplyPetition(s, r, author);
    case RecordKind::kSessionOpen: return ApplySessionOpen(s, r, author);
    case RecordKind::kSessionClose: return ApplySessionClose(s, r, author);
    case RecordKind::kVote: return ApplyVote(s, r, author);
    case RecordKind::kMeasureResult: return ApplyResult(s, r, author);
    default: return InvalidArgumentError("not a legislative record kind");
  }
}

}  // namespace veche::core
