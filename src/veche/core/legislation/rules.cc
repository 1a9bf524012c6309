// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/core/legislation/rules.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "veche/base/text_codec.h"
#include "veche/core/legislation/due.h"
#include "veche/core/offices/rules.h"
#include "veche/core/registry/rules.h"

namespace veche::core {

using namespace rules;

namespace {

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
    case MeasureKind::kBudget: return OkStatus();
    case MeasureKind::kCharter: return CheckCharterPowers(s, spec.territory, spec.charter);
    case MeasureKind::kOffice: return CheckOfficeMotion(s, spec.territory, spec.office);
  }
  return InvalidArgumentError("unknown measure kind");
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

}  // namespace

Status TextPublished(const State& s, const TextHash& h) {
  if (!s.texts.count(h))
    return Conflict("text " + ShortHex(h) + "... is not published: publish it with a text record first");
  return OkStatus();
}

bool IsAdult(const State& s, const Citizen& c) {
  return !c.removed && c.majority_date <= s.clock;
}

const Charter& CharterOf(const State& s, const std::string& territory) {
  return s.territories.at(territory).charter;
}

std::uint64_t CountAdults(const State& s, const std::string& territory) {
  std::uint64_t n = 0;
  for (const auto& [id, member] : Subtree(s, territory, {})) n += s.AdultResidentsOf(id);
  return n;
}

std::uint64_t SignatureThreshold(const State& s, const std::string& territory, std::uint16_t permille) {
  std::uint64_t needed = (CountAdults(s, territory) * permille + 999) / 1000;
  return std::max<std::uint64_t>(needed, 1);
}

Status ApplyText(State& s, const Applying& in) {
  const Record& r = in.record;
  const PublicKeyBytes& author = in.author;
  VECHE_ASSIGN_OR_RETURN(TextPayload p, DecodePayload<TextPayload>(r.payload));
  if (!s.authorities.count(author) && !s.citizen_by_key.count(author)) {
    return Denied("only an authority or a citizen with a bound key may publish a text");
  }
  TextHash h = TextHashOf(p.text);
  if (s.texts.count(h)) return Conflict("text " + ShortHex(h) + "... is already published");
  s.texts.emplace(h, s.records);
  return OkStatus();
}

Status ApplyMeasureTable(State& s, const Applying& in) {
  const Record& r = in.record;
  const PublicKeyBytes& author = in.author;
  VECHE_ASSIGN_OR_RETURN(MeasurePayload p, DecodePayload<MeasurePayload>(r.payload));
  VECHE_RETURN_IF_ERROR(RequirePower(s, author, Power::kMeasures, p.spec.territory));
  VECHE_RETURN_IF_ERROR(IdIsFree(s, p.id));
  VECHE_RETURN_IF_ERROR(CheckSpec(s, p.spec));
  AddMeasure(s, p.id, p.spec, false);
  return OkStatus();
}

Status ApplyInitiativeFile(State& s, const Applying& in) {
  const Record& r = in.record;
  const PublicKeyBytes& author = in.author;
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

Status ApplyInitiativeSignature(State& s, const Applying& in) {
  const Record& r = in.record;
  const PublicKeyBytes& author = in.author;
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

Status ApplyPetition(State& s, const Applying& in) {
  const Record& r = in.record;
  const PublicKeyBytes& author = in.author;
  VECHE_ASSIGN_OR_RETURN(IdPayload p, DecodePayload<IdPayload>(r.payload));
  VECHE_RETURN_IF_ERROR(LiveTerritory(s, p.id, "the petition's"));
  VECHE_ASSIGN_OR_RETURN(const std::string* citizen, AdultResident(s, author, p.id));
  Assembly& a = s.assemblies[p.id];
  if (a.petitions.count(*citizen)) return Conflict("citizen '" + *citizen + "' has already petitioned");
  a.petitions.insert(*citizen);
  return OkStatus();
}

Status ApplySessionOpen(State& s, const Applying& in) {
  const Record& r = in.record;
  const PublicKeyBytes& author = in.author;
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

Status ApplySessionClose(State& s, const Applying& in) {
  const Record& r = in.record;
  const PublicKeyBytes& author = in.author;
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

Status ApplyVote(State& s, const Applying& in) {
  const Record& r = in.record;
  const PublicKeyBytes& author = in.author;
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
  auto [vote, first] = m.votes.try_emplace(citizen, CastVote{p.choice, r.author_time});
  if (!first) {
    if (r.author_time <= vote->second.signed_at) {
      return Conflict("citizen '" + citizen + "' has a vote on '" + p.measure + "' signed at " +
                      std::to_string(vote->second.signed_at) +
                      "; a later vote must be signed later (author times increase per voter and measure)");
    }
    if (vote->second.choice == p.choice)
      return Conflict("citizen '" + citizen + "' already votes " + VoteChoiceName(p.choice));
  }
  // Validated; from here on the vote counts (the previous one, if any, no longer does).
  auto count = [&](VoteChoice v, std::int64_t delta) {
    AddVote(voter->second.binding ? m.binding : m.consultative, v, delta);
    if (voter->second.binding && voter->second.member != kNoMember) AddVote(m.members[voter->second.member], v, delta);
  };
  if (!first) count(vote->second.choice, -1);
  vote->second = CastVote{p.choice, r.author_time};
  count(p.choice, +1);
  return OkStatus();
}

Status ApplyResult(State& s, const Applying& in) {
  const Record& r = in.record;
  const PublicKeyBytes& author = in.author;
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
    case MeasureKind::kCharter:
      s.territories.at(spec.territory).charter = spec.charter;
      ApplyCharterPowers(s, spec.territory, spec.charter);
      break;
    case MeasureKind::kQuestion: break;
    case MeasureKind::kOffice: ApplyOfficeMotion(s, spec.territory, spec.office); break;
  }
  return OkStatus();
}

}  // namespace veche::core
