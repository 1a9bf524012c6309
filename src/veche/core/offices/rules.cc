// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/core/offices/rules.h"

#include <algorithm>
#include <set>

#include "veche/base/text_codec.h"
#include "veche/choice/majority.h"
#include "veche/core/accountability/rules.h"
#include "veche/core/election/rules.h"
#include "veche/core/legislation/rules.h"
#include "veche/core/offices/due.h"
#include "veche/core/registry/rules.h"

namespace veche::core {

using namespace rules;

namespace {

// The author must be an active training body.
Result<const TrainingBody*> ActiveTrainingBody(const State& s, const PublicKeyBytes& author) {
  auto it = s.training_bodies.find(author);
  if (it == s.training_bodies.end() || !it->second.active) return Denied("the author is not an active training body");
  return &it->second;
}

}  // namespace

void EndTenure(State& s, Office& o, const char* how) {
  Tenure& t = o.tenures.back();
  t.ended = how;
  t.ended_at = s.clock;
  o.vacant_since = s.clock;
}

Status ApplyTrainingBodyAccredit(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(auto p, DecodePayload<TrainingBodyAccreditPayload>(in.record.payload));
  VECHE_RETURN_IF_ERROR(RequirePower(s, in.author, Power::kTrainingBodies, p.territory));
  VECHE_RETURN_IF_ERROR(CheckKey(p.key, "training body key"));
  VECHE_RETURN_IF_ERROR(KeyIsUnused(s, p.key));
  VECHE_RETURN_IF_ERROR(LiveTerritory(s, p.territory, "the training body's"));
  for (const auto& [key, body] : s.training_bodies) {
    if (body.id == p.id) return Conflict("training body '" + p.id + "' already exists");
  }
  std::set<std::string> classes(p.classes.begin(), p.classes.end());
  if (classes.size() != p.classes.size()) return InvalidArgumentError("a certificate class is listed twice");
  s.training_bodies[p.key] = TrainingBody{p.id, p.name, p.territory, std::move(classes), true};
  return OkStatus();
}

Status ApplyTrainingBodyRevoke(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(auto p, DecodePayload<TrainingBodyRevokePayload>(in.record.payload));
  auto it = s.training_bodies.find(p.key);
  VECHE_RETURN_IF_ERROR(RequirePower(s, in.author, Power::kTrainingBodies,
                                     it == s.training_bodies.end() ? s.root : it->second.territory));
  if (it == s.training_bodies.end() || !it->second.active) return Conflict("no active training body has that key");
  it->second.active = false;  // its certificates stay valid until they expire or are revoked
  return OkStatus();
}

Status ApplyCertificateIssue(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(auto p, DecodePayload<CertificateIssuePayload>(in.record.payload));
  VECHE_ASSIGN_OR_RETURN(const TrainingBody* body, ActiveTrainingBody(s, in.author));
  if (!body->classes.count(p.certificate_class)) {
    return Denied("training body '" + body->id + "' may not certify the class '" + p.certificate_class + "'");
  }
  if (p.valid_until <= p.valid_from) return InvalidArgumentError("a certificate must expire after it becomes valid");
  if (p.valid_until > kMaxClockTime) return InvalidArgumentError("a certificate's expiry is past the year 9999");
  auto citizen = s.citizens.find(p.citizen);
  if (citizen == s.citizens.end() || citizen->second.removed) {
    return Conflict("citizen '" + p.citizen + "' is not enrolled");
  }
  if (s.certificates.count(p.id)) return Conflict("certificate '" + p.id + "' already exists");
  s.certificates[p.id] = Certificate{p.citizen, p.certificate_class, in.author, p.valid_from, p.valid_until, {}};
  s.certificates_of[p.citizen].insert(p.id);
  return OkStatus();
}

Status ApplyCertificateRevoke(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(auto p, DecodePayload<CertificateRevokePayload>(in.record.payload));
  VECHE_RETURN_IF_ERROR(ActiveTrainingBody(s, in.author).status());
  auto it = s.certificates.find(p.id);
  if (it == s.certificates.end()) return Conflict("certificate '" + p.id + "' does not exist");
  if (it->second.issuer != in.author) return Denied("only the training body that issued a certificate may revoke it");
  if (it->second.revoked) return Conflict("certificate '" + p.id + "' is already revoked");
  if (p.reason.empty()) return InvalidArgumentError("a revocation publishes its reason");
  it->second.revoked = p.reason;
  return OkStatus();
}

Status ApplyOfficeCreate(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(auto p, DecodePayload<OfficeCreatePayload>(in.record.payload));
  VECHE_RETURN_IF_ERROR(RequirePower(s, in.author, Power::kOffices, p.territory));
  if (s.offices.count(p.id)) return Conflict("office '" + p.id + "' already exists");
  VECHE_RETURN_IF_ERROR(LiveTerritory(s, p.territory, "the office's"));
  if (!p.collective.empty()) {
    VECHE_RETURN_IF_ERROR(LiveCollective(s, p.collective));
    if (s.collectives.at(p.collective).territory != p.territory) {
      return InvalidArgumentError("collective '" + p.collective + "' lies in territory '" +
                                  s.collectives.at(p.collective).territory + "', not '" + p.territory + "'");
    }
  }
  if (p.term_years > kMaxTermYears) {
    return InvalidArgumentError("a term is at most " + std::to_string(kMaxTermYears) + " years");
  }
  CreateOffice(s, p);
  return OkStatus();
}

void CreateOffice(State& s, const OfficeCreatePayload& p) {
  const std::uint8_t term = p.term_years != 0 ? p.term_years : s.territories.at(p.territory).charter.term_years;
  Office& o = s.offices[p.id];
  o = Office{p.title, p.territory, p.collective, term, p.required_class, false, s.clock, {}, {}};
  s.IndexOffice(p.id);  // vacant: its first contest is due at once
}

void AbolishOffice(State& s, const std::string& id) {
  Office& o = s.offices.at(id);
  o.abolished = true;
  if (!o.tenures.empty() && o.tenures.back().ended.empty()) EndTenure(s, o, "abolished");
  if (!o.contest.empty()) {
    Contest& c = s.contests.at(o.contest);
    c.stage = ContestStage::kCancelled;
    c.outcome = "the office was abolished";
    o.contest.clear();
  }
  s.office_powers.erase(id);
  s.IndexOffice(id);
}

Status ApplyOfficeAbolish(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(IdPayload p, DecodePayload<IdPayload>(in.record.payload));
  auto it = s.offices.find(p.id);
  VECHE_RETURN_IF_ERROR(
      RequirePower(s, in.author, Power::kOffices, it == s.offices.end() ? s.root : it->second.territory));
  if (it == s.offices.end()) return Conflict("office '" + p.id + "' does not exist");
  Office& o = it->second;
  if (o.abolished) return Conflict("office '" + p.id + "' is already abolished");
  AbolishOffice(s, p.id);
  return OkStatus();
}

Result<std::string> AuthorCitizen(const State& s, const PublicKeyBytes& author) {
  auto it = s.citizen_by_key.find(author);
  if (it == s.citizen_by_key.end()) return Denied("the author is not a citizen with a bound key");
  return it->second;
}

std::uint64_t SignaturesNeeded(const State& s, const Office& o, std::uint16_t permille) {
  if (o.collective.empty()) return SignatureThreshold(s, o.territory, permille);
  const std::uint64_t adults = AdultMembersOf(s, o.collective).size();
  return std::max<std::uint64_t>((adults * permille + 999) / 1000, 1);
}

Status InElectorate(const State& s, const Office& o, const std::string& citizen, std::string_view who) {
  auto it = s.citizens.find(citizen);
  if (it == s.citizens.end() || it->second.removed)
    return Conflict(std::string(who) + " '" + citizen + "' is not enrolled");
  const Citizen& c = it->second;
  if (c.majority_date > s.clock) return Denied(std::string(who) + " '" + citizen + "' is not of age");
  if (!o.collective.empty()) {
    if (!c.collectives.count(o.collective)) {
      return Denied(std::string(who) + " '" + citizen + "' is not a member of collective '" + o.collective + "'");
    }
  } else if (!s.InScope(o.territory, c.residence)) {
    return Denied(std::string(who) + " '" + citizen + "' does not live in territory '" + o.territory + "'");
  }
  return OkStatus();
}

namespace {

Result<Contest*> FindContest(State& s, const std::string& id) {
  auto it = s.contests.find(id);
  if (it == s.contests.end()) return Conflict("contest '" + id + "' does not exist");
  return &it->second;
}

// The contest, open for nominations at the clock.
Result<Contest*> NominatingContest(State& s, const std::string& id) {
  VECHE_ASSIGN_OR_RETURN(Contest * c, FindContest(s, id));
  if (c->stage != ContestStage::kNominating || s.clock >= c->nominations_close_at) {
    return Conflict("the nomination period of contest '" + id + "' is over");
  }
  return c;
}

}  // namespace

std::set<std::string> AdultMembersOf(const State& s, const std::string& collective) {
  std::set<std::string> out;
  auto members = s.members_of.find(collective);
  if (members == s.members_of.end()) return out;
  for (const std::string& id : members->second) {
    if (s.citizens.at(id).majority_date <= s.clock) out.insert(out.end(), id);
  }
  return out;
}

const std::string& ElectionCollective(const State& s, const std::string& election) {
  static const std::string kNone;
  auto contest = s.contest_of_election.find(election);
  if (contest == s.contest_of_election.end()) return kNone;
  return s.offices.at(s.contests.at(contest->second).office).collective;
}

Status ApplyTrusteeRollSet(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(auto p, DecodePayload<TrusteeRollSetPayload>(in.record.payload));
  VECHE_RETURN_IF_ERROR(RequirePower(s, in.author, Power::kTrustees, p.territory));
  VECHE_RETURN_IF_ERROR(LiveTerritory(s, p.territory, "the roll's"));
  if (!p.collective.empty()) {
    VECHE_RETURN_IF_ERROR(LiveCollective(s, p.collective));
    if (s.collectives.at(p.collective).territory != p.territory) {
      return InvalidArgumentError("collective '" + p.collective + "' does not lie in territory '" + p.territory + "'");
    }
  }
  if (std::set<PublicKeyBytes>(p.trustees.begin(), p.trustees.end()).size() != p.trustees.size()) {
    return InvalidArgumentError("the trustees' keys must be distinct");
  }
  for (const PublicKeyBytes& k : p.trustees) VECHE_RETURN_IF_ERROR(CheckKey(k, "trustee key"));
  if (p.threshold < 1 || p.threshold > p.trustees.size()) {
    return InvalidArgumentError("the threshold must be 1.." + std::to_string(p.trustees.size()));
  }
  s.trustee_rolls[RollKey(p.territory, p.collective)] = TrusteeRoll{p.threshold, std::move(p.trustees)};
  return OkStatus();
}

Status ApplyNominationFile(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(auto p, DecodePayload<NominationFilePayload>(in.record.payload));
  VECHE_ASSIGN_OR_RETURN(std::string filer, AuthorCitizen(s, in.author));
  VECHE_ASSIGN_OR_RETURN(Contest * c, NominatingContest(s, p.contest));
  const Office& o = s.offices.at(c->office);
  VECHE_RETURN_IF_ERROR(InElectorate(s, o, filer, "the signer"));
  if (!o.collective.empty()) VECHE_RETURN_IF_ERROR(InElectorate(s, o, p.nominee, "the nominee"));
  auto nominee = s.citizens.find(p.nominee);
  if (nominee == s.citizens.end() || nominee->second.removed) {
    return Conflict("the nominee '" + p.nominee + "' is not enrolled");
  }
  if (nominee->second.majority_date > s.clock) return Denied("the nominee '" + p.nominee + "' is not of age");
  if (s.nominations.count(p.id) || s.meetings.count(p.id)) {
    return Conflict("a nomination or meeting '" + p.id + "' already exists");
  }
  if (auto of = s.nominations_of_contest.find(p.contest); of != s.nominations_of_contest.end()) {
    for (const std::string& id : of->second) {
      if (s.nominations.at(id).nominee == p.nominee) {
        return Conflict("'" + p.nominee + "' is already nominated in contest '" + p.contest + "' by '" + id + "'");
      }
    }
  }
  s.nominations[p.id] = Nomination{p.contest, p.nominee, {filer}, ""};
  s.nominations_of_contest[p.contest].insert(p.id);
  return OkStatus();
}

Status ApplyNominationSign(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(IdPayload p, DecodePayload<IdPayload>(in.record.payload));
  VECHE_ASSIGN_OR_RETURN(std::string signer, AuthorCitizen(s, in.author));
  auto it = s.nominations.find(p.id);
  if (it == s.nominations.end()) return Conflict("nomination '" + p.id + "' does not exist");
  Nomination& n = it->second;
  VECHE_ASSIGN_OR_RETURN(Contest * c, NominatingContest(s, n.contest));
  VECHE_RETURN_IF_ERROR(InElectorate(s, s.offices.at(c->office), signer, "the signer"));
  if (!n.signers.insert(signer).second) return Conflict("'" + signer + "' has already signed '" + p.id + "'");
  return OkStatus();
}

namespace {

// The terms in a row the citizen has held office `o` up to now (the current one counting).
size_t ConsecutiveTerms(const Office& o, const std::string& citizen) {
  size_t n = 0;
  for (auto t = o.tenures.rbegin(); t != o.tenures.rend() && t->citizen == citizen; ++t) ++n;
  return n;
}

Status MayStand(const State& s, const Office& o, const std::string& citizen) {
  VECHE_RETURN_IF_ERROR(InElectorate(s, o, citizen, "the candidate"));
  if (!o.required_class.empty() && !s.HoldsCertificate(citizen, o.required_class, s.clock)) {
    return Denied("the office requires a valid '" + o.required_class + "' certificate, and '" + citizen +
                  "' holds none");
  }
  const std::uint8_t limit = s.territories.at(o.territory).charter.consecutive_terms_limit;
  if (limit != 0 && ConsecutiveTerms(o, citizen) >= limit) {
    return Denied("'" + citizen + "' has held this office " + std::to_string(limit) +
                  " terms in a row, the charter's limit");
  }
  return OkStatus();
}

Status CheckPromises(const State& s, const std::vector<TextHash>& promises) {
  if (std::set<TextHash>(promises.begin(), promises.end()).size() != promises.size()) {
    return InvalidArgumentError("a promise is listed twice");
  }
  for (const TextHash& h : promises) {
    if (!s.texts.count(h)) return Conflict("promise " + HexEncode(h) + " is not a published text");
  }
  return OkStatus();
}

}  // namespace

Status ApplyCandidacyFile(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(auto p, DecodePayload<CandidacyFilePayload>(in.record.payload));
  VECHE_ASSIGN_OR_RETURN(std::string citizen, AuthorCitizen(s, in.author));
  VECHE_ASSIGN_OR_RETURN(Contest * c, NominatingContest(s, p.contest));
  auto n = s.nominations.find(p.nomination);
  if (n == s.nominations.end() || n->second.contest != p.contest) {
    return Conflict("nomination '" + p.nomination + "' is not one of contest '" + p.contest + "'");
  }
  if (n->second.nominee != citizen) return Denied("only the nominee may accept a nomination");
  if (!n->second.Counts(*c)) {
    return Conflict("nomination '" + p.nomination + "' has " + std::to_string(n->second.signers.size()) +
                    " signatures and needs " + std::to_string(c->signatures_needed));
  }
  for (const Candidacy& other : c->candidates) {
    if (other.citizen == citizen) return Conflict("'" + citizen + "' is already a candidate; a candidacy is frozen");
  }
  VECHE_RETURN_IF_ERROR(MayStand(s, s.offices.at(c->office), citizen));
  VECHE_RETURN_IF_ERROR(CheckPromotionRecord(s, c->office, citizen));
  VECHE_RETURN_IF_ERROR(CheckPromises(s, p.promises));
  c->candidates.push_back(Candidacy{citizen, p.nomination, std::move(p.promises), s.clock});
  return OkStatus();
}

Status ApplyOfficeResign(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(auto p, DecodePayload<OfficeResignPayload>(in.record.payload));
  VECHE_ASSIGN_OR_RETURN(std::string citizen, AuthorCitizen(s, in.author));
  auto it = s.offices.find(p.office);
  if (it == s.offices.end() || it->second.abolished) return Conflict("office '" + p.office + "' does not exist");
  const Tenure* holder = it->second.Holder();
  if (!holder || holder->citizen != citizen) return Denied("only the office's holder may resign it");
  EndTenure(s, it->second, "resigned");
  s.IndexOffice(p.office);  // a by-election is due at once, unless the successor's contest runs
  return OkStatus();
}

namespace {

constexpr UnixMicros kYear = 365 * kMicrosPerDay;

void FailContest(State& s, Contest& c, std::string why) {
  c.stage = ContestStage::kFailed;
  c.outcome = std::move(why);
  s.offices.at(c.office).contest.clear();  // the office's next contest is due at once
}

// Calls the contest's next election among `options` (candidates' citizen ids, or "yes" and "no"
// for a confirmation), keyed by the office's trustee roll.
// An open round instead, when the charter asks for open elections: no key ceremony, votes by roll
// call from now until `voting_days` later.
void HoldOpenRound(State& s, Contest& c, std::vector<std::string> options, bool confirmation) {
  const Charter& charter = CharterOf(s, s.offices.at(c.office).territory);
  c.open = true;
  c.open_rounds.push_back(OpenRound{std::move(options), {}});
  c.stage = ContestStage::kVoting;
  c.voting_closes_at = s.clock + charter.voting_days * kMicrosPerDay;
  c.confirmation = confirmation;
}

Status HoldElection(State& s, const std::string& id, Contest& c, std::vector<std::string> options, bool confirmation) {
  const Office& o = s.offices.at(c.office);
  const Charter& charter = CharterOf(s, o.territory);
  // The first round fixes how the contest votes: a runoff is held as its first round was.
  if (c.Rounds() == 0 ? charter.open_elections : c.open) {
    HoldOpenRound(s, c, std::move(options), confirmation);
    return OkStatus();
  }
  const TrusteeRoll* roll = RollFor(s, o);
  if (!roll) return Conflict("no trustee roll keys the elections of office '" + c.office + "'");
  ElectionDefinePayload spec;
  spec.id = id + "-" + std::to_string(c.elections.size() + 1);
  spec.territory = o.territory;
  spec.title = o.title;
  spec.options = std::move(options);
  spec.opens_at = s.clock + charter.keygen_days * kMicrosPerDay;
  spec.closes_at = spec.opens_at + charter.voting_days * kMicrosPerDay;
  spec.trustees = roll->trustees;
  spec.threshold = roll->threshold;
  const std::string election = spec.id;
  const UnixMicros closes_at = spec.closes_at;
  VECHE_RETURN_IF_ERROR(DefineElection(s, std::move(spec)));
  c.elections.push_back(election);
  s.contest_of_election[election] = id;
  c.stage = ContestStage::kVoting;
  c.voting_closes_at = closes_at;
  c.confirmation = confirmation;
  return OkStatus();
}

Status OpenContest(State& s, const std::string& office) {
  Office& o = s.offices.at(office);
  const std::string id = "contest-" + std::to_string(s.contests.size() + 1);
  Contest c;
  c.office = office;
  c.opened_at = s.clock;
  c.nominations_close_at = s.clock + CharterOf(s, o.territory).nomination_days * kMicrosPerDay;
  c.signatures_needed = SignaturesNeeded(s, o, CharterOf(s, o.territory).nomination_signatures_permille);
  s.contests.emplace(id, std::move(c));
  s.contests_of_office[office].push_back(id);
  o.contest = id;
  return OkStatus();
}

Status CloseNominations(State& s, const std::string& id, Contest& c) {
  std::vector<std::string> candidates;
  for (const Candidacy& k : c.candidates) candidates.push_back(k.citizen);
  if (candidates.size() >= 2) return HoldElection(s, id, c, std::move(candidates), false);
  if (!c.extended) {
    c.extended = true;
    c.nominations_close_at += CharterOf(s, s.offices.at(c.office).territory).nomination_days * kMicrosPerDay;
    return OkStatus();
  }
  if (candidates.size() == 1) return HoldElection(s, id, c, {"yes", "no"}, true);
  FailContest(s, c, "nobody stood, even after the extension");
  return OkStatus();
}

Status Decide(State& s, const std::string& id, Contest& c) {
  VECHE_ASSIGN_OR_RETURN(ContestDecision d, DecideContest(s, c));
  if (!d.runoff.empty()) {
    VECHE_RETURN_IF_ERROR(HoldElection(s, id, c, std::move(d.runoff), false));
    c.outcome = std::move(d.outcome);
    return OkStatus();
  }
  if (d.winner.empty()) {
    FailContest(s, c, std::move(d.outcome));
    return OkStatus();
  }
  c.stage = ContestStage::kDecided;
  c.winner = std::move(d.winner);
  c.outcome = std::move(d.outcome);
  return OkStatus();
}

Status Seat(State& s, Office& o) {
  Contest& c = s.contests.at(o.contest);
  const Citizen& winner = s.citizens.at(c.winner);
  if (winner.removed) {
    FailContest(s, c, "the winner is no longer enrolled");
    return OkStatus();
  }
  Tenure t;
  t.citizen = c.winner;
  t.contest = o.contest;
  t.from = s.clock;
  t.until = s.clock + o.term_years * kYear;
  t.next_contest_at = std::max(s.clock, t.until - CharterOf(s, o.territory).nomination_lead_days * kMicrosPerDay);
  o.tenures.push_back(std::move(t));
  s.offices_of_citizen[c.winner].insert(c.office);
  c.stage = ContestStage::kSeated;
  o.contest.clear();
  return OkStatus();
}

// The office a node record names: its payload's id, or the office of the contest it names.
Result<std::string> OfficeOfNodeRecord(const State& s, RecordKind kind, const std::string& id) {
  if (kind != RecordKind::kNominationsClose && kind != RecordKind::kContestDecide) return id;
  auto it = s.contests.find(id);
  if (it == s.contests.end()) return Conflict("contest '" + id + "' does not exist");
  return it->second.office;
}

Status Perform(State& s, RecordKind kind, const std::string& id, const std::string& office) {
  switch (kind) {
    case RecordKind::kNominationOpen: return OpenContest(s, office);
    case RecordKind::kNominationsClose: return CloseNominations(s, id, s.contests.at(id));
    case RecordKind::kContestDecide: return Decide(s, id, s.contests.at(id));
    case RecordKind::kOfficeSeat: return Seat(s, s.offices.at(office));
    case RecordKind::kTermEnd: EndTenure(s, s.offices.at(office), "term"); return OkStatus();
    default: return InternalError("not an office's node record");
  }
}

}  // namespace

Status ApplyOfficeNodeRecord(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(OfficeStepPayload p, DecodePayload<OfficeStepPayload>(in.record.payload));
  if (in.author != s.node_key) return Denied("only the node key may sign this record");
  const RecordKind kind = in.record.kind;
  VECHE_ASSIGN_OR_RETURN(std::string office, OfficeOfNodeRecord(s, kind, p.id));
  std::optional<DueRecord> due = DueOfficeRecord(s, office);
  if (!due || due->kind != kind || due->payload != in.record.payload) {
    return Conflict("no " + std::string(RecordKindName(kind)) + " " + std::to_string(p.step) + " is due for '" + p.id +
                    "'" + (due ? " (" + std::string(RecordKindName(due->kind)) + " is)" : ""));
  }
  VECHE_RETURN_IF_ERROR(Perform(s, kind, p.id, office));
  s.IndexOffice(office);
  return OkStatus();
}

// ---------- members of collectives and their meetings ----------

namespace {

// The author is a registrar for the collective's territory, or the holder of its secretary's
// office (id "<collective>-secretary", a post of that collective).
Status RequireMembershipOfficer(const State& s, const PublicKeyBytes& author, const std::string& collective) {
  if (RequireRegistrarFor(s, author, s.collectives.at(collective).territory).ok()) return OkStatus();
  auto office = s.offices.find(collective + "-secretary");
  const Tenure* holder =
      office != s.offices.end() && office->second.collective == collective && !office->second.abolished
          ? office->second.Holder()
          : nullptr;
  auto by_key = s.citizen_by_key.find(author);
  if (holder && by_key != s.citizen_by_key.end() && by_key->second == holder->citizen) return OkStatus();
  return Denied("only a registrar for the collective's territory or its secretary confirms members");
}

// A confirmed, adult member of the collective.
Status AdultMember(const State& s, const std::string& collective, const std::string& citizen) {
  const Citizen& c = s.citizens.at(citizen);
  if (!c.collectives.count(collective)) return Denied("'" + citizen + "' is not a member of '" + collective + "'");
  if (c.majority_date > s.clock) return Denied("'" + citizen + "' is not of age");
  return OkStatus();
}

// Whether a collective's meeting may nominate in a contest for office `o`: its own posts, or the
// posts of a territory it lies in.
Status MayNominateFor(const State& s, const std::string& collective, const Office& o) {
  if (!o.collective.empty()) {
    if (o.collective == collective) return OkStatus();
    return Denied("only the members of '" + o.collective + "' nominate for its posts");
  }
  const Collective& c = s.collectives.at(collective);
  if (s.InScope(o.territory, c.territory)) return OkStatus();
  const std::vector<std::string>& named = CharterOf(s, o.territory).nominating_associations;
  if (c.kind == CollectiveKind::kAssociation && std::find(named.begin(), named.end(), collective) != named.end()) {
    return OkStatus();  // an association the charter names nominates wherever it lies
  }
  return Denied("collective '" + collective + "' does not lie in territory '" + o.territory +
                "', and its charter names it as no nominating association");
}

}  // namespace

Status ApplyMembershipConfirm(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(CitizenCollectivePayload p, DecodePayload<CitizenCollectivePayload>(in.record.payload));
  VECHE_RETURN_IF_ERROR(LiveCollective(s, p.collective));
  VECHE_RETURN_IF_ERROR(RequireMembershipOfficer(s, in.author, p.collective));
  Collective& c = s.collectives.at(p.collective);
  if (!c.requests.count(p.id)) return Conflict("'" + p.id + "' has not asked to join '" + p.collective + "'");
  c.requests.erase(p.id);
  s.citizens.at(p.id).collectives.insert(p.collective);
  s.members_of[p.collective].insert(p.id);
  return OkStatus();
}

namespace {

// A nomination meeting's motion: the contest takes nominations, the collective may nominate for
// its office, and the nominee may stand.
Status CheckNominationMotion(State& s, const MeetingOpenPayload& p) {
  VECHE_ASSIGN_OR_RETURN(Contest * c, NominatingContest(s, p.contest));
  const Office& o = s.offices.at(c->office);
  VECHE_RETURN_IF_ERROR(MayNominateFor(s, p.collective, o));
  auto nominee = s.citizens.find(p.nominee);
  if (nominee == s.citizens.end() || nominee->second.removed) {
    return Conflict("the nominee '" + p.nominee + "' is not enrolled");
  }
  if (nominee->second.majority_date > s.clock) return Denied("the nominee '" + p.nominee + "' is not of age");
  if (!o.collective.empty()) VECHE_RETURN_IF_ERROR(InElectorate(s, o, p.nominee, "the nominee"));
  return OkStatus();
}

// What an office motion needs of its office, a territory's or a collective's alike: create names a
// free id and a term of at most 10 years (`office` is left null); any other action names an office
// that is not abolished (`office` points to it).
Status CheckMotionOffice(const State& s, const OfficeMotion& m, const Office*& office) {
  office = nullptr;
  auto it = s.offices.find(m.office);
  if (m.action == OfficeAction::kCreate) {
    if (it != s.offices.end()) return Conflict("office '" + m.office + "' already exists");
    if (m.term_years > kMaxTermYears) return InvalidArgumentError("a term is at most 10 years");
    return OkStatus();
  }
  if (it == s.offices.end() || it->second.abolished) return Conflict("office '" + m.office + "' does not exist");
  office = &it->second;
  return OkStatus();
}

}  // namespace

Status CheckCollectiveOfficeMotion(const State& s, const std::string& collective, const OfficeMotion& m) {
  VECHE_RETURN_IF_ERROR(LiveCollective(s, collective));  // at the close too: a dissolved one decides nothing
  if (m.action != OfficeAction::kCreate && m.action != OfficeAction::kAbolish) {
    return InvalidArgumentError("a collective's meeting creates or abolishes its posts; its posts carry no powers");
  }
  const Office* office = nullptr;
  VECHE_RETURN_IF_ERROR(CheckMotionOffice(s, m, office));
  if (office != nullptr && office->collective != collective) {
    return Conflict("office '" + m.office + "' is not a post of collective '" + collective + "'");
  }
  return OkStatus();
}

Status ApplyMeetingOpen(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(MeetingOpenPayload p, DecodePayload<MeetingOpenPayload>(in.record.payload));
  VECHE_ASSIGN_OR_RETURN(std::string opener, AuthorCitizen(s, in.author));
  VECHE_RETURN_IF_ERROR(LiveCollective(s, p.collective));
  VECHE_RETURN_IF_ERROR(AdultMember(s, p.collective, opener));
  if (s.meetings.count(p.id) || s.nominations.count(p.id)) {
    return Conflict("a nomination or meeting '" + p.id + "' already exists");
  }
  VECHE_RETURN_IF_ERROR(p.subject == MeetingSubject::kNomination
                            ? CheckNominationMotion(s, p)
                            : CheckCollectiveOfficeMotion(s, p.collective, p.office));
  if (p.days < 1 || p.days > kMaxMeetingDays) return InvalidArgumentError("a meeting lasts 1..30 days");
  Meeting m;
  m.collective = p.collective;
  m.subject = p.subject;
  m.contest = p.contest;
  m.nominee = p.nominee;
  m.office = p.office;
  m.opener = opener;
  m.opened_at = s.clock;
  m.closes_at = s.clock + p.days * kMicrosPerDay;
  m.electorate = AdultMembersOf(s, p.collective);
  s.meeting_deadlines.emplace(m.closes_at, p.id);
  s.meetings.emplace(p.id, std::move(m));
  return OkStatus();
}

Status ApplyMeetingVote(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(MeetingVotePayload p, DecodePayload<MeetingVotePayload>(in.record.payload));
  VECHE_ASSIGN_OR_RETURN(std::string voter, AuthorCitizen(s, in.author));
  auto it = s.meetings.find(p.meeting);
  if (it == s.meetings.end()) return Conflict("meeting '" + p.meeting + "' does not exist");
  Meeting& m = it->second;
  if (m.closed || s.clock >= m.closes_at) return Conflict("meeting '" + p.meeting + "' is closed");
  if (!m.electorate.count(voter)) {
    return Denied("'" + voter + "' was not an adult member of '" + m.collective + "' when the meeting opened");
  }
  m.votes[voter] = p.choice;
  return OkStatus();
}

Status ApplyMeetingClose(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(OfficeStepPayload p, DecodePayload<OfficeStepPayload>(in.record.payload));
  if (in.author != s.node_key) return Denied("only the node key may close a meeting");
  auto it = s.meetings.find(p.id);
  if (it == s.meetings.end() || it->second.closed || s.clock < it->second.closes_at || p.step != 1) {
    return Conflict("no meeting_close is due for '" + p.id + "'");
  }
  Meeting& m = it->second;
  const Charter& charter = CharterOf(s, s.collectives.at(m.collective).territory);
  const choice::Rule rule{charter.meeting_quorum_permille, charter.meeting_majority, false};
  const choice::Decision d = choice::Decide(rule, m.electorate.size(), m.Count(), {});
  m.closed = true;
  m.outcome = choice::OutcomeName(d.outcome);
  s.meeting_deadlines.erase({m.closes_at, p.id});
  if (d.outcome != choice::Outcome::kAdopted) return OkStatus();
  if (m.subject == MeetingSubject::kOffice) {
    // It lapses if the post was created or abolished meanwhile.
    if (!CheckCollectiveOfficeMotion(s, m.collective, m.office).ok()) return OkStatus();
    m.took_effect = true;
    if (m.office.action == OfficeAction::kAbolish) {
      AbolishOffice(s, m.office.office);
    } else {
      CreateOffice(s, OfficeCreatePayload{m.office.office, m.office.title, s.collectives.at(m.collective).territory,
                                          m.collective, m.office.term_years, m.office.required_class});
    }
    return OkStatus();
  }
  const Contest& c = s.contests.at(m.contest);
  if (c.stage != ContestStage::kNominating || s.clock >= c.nominations_close_at) return OkStatus();
  m.took_effect = true;
  s.nominations[p.id] = Nomination{m.contest, m.nominee, {}, m.collective};
  s.nominations_of_contest[m.contest].insert(p.id);
  return OkStatus();
}

std::vector<DueRecord> DueMeetingCloses(const State& s) {
  std::vector<DueRecord> out;
  for (const auto& [at, id] : s.meeting_deadlines) {
    if (at > s.clock) break;
    out.push_back(DueRecord{RecordKind::kMeetingClose, EncodePayload(OfficeStepPayload{id, 1})});
  }
  return out;
}

// ---------- powers held by offices ----------

Status rules::RequirePower(const State& s, const PublicKeyBytes& author, Power power, const std::string& territory) {
  if (s.authorities.count(author)) return OkStatus();
  auto citizen = s.citizen_by_key.find(author);
  if (citizen != s.citizen_by_key.end()) {
    for (const auto& [id, powers] : s.office_powers) {
      const Office& o = s.offices.at(id);
      // The holder, or while the holder is suspended the acting holder (accountability.md).
      if (powers.count(power) && s.Wielder(id, o) == citizen->second && s.InScope(o.territory, territory)) {
        return OkStatus();
      }
    }
  }
  return Denied(std::string("only an authority, or the holder of an office with the power '") + PowerName(power) +
                "' over territory '" + territory + "', may sign this record");
}

Status ApplyPowerChange(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(PowerPayload p, DecodePayload<PowerPayload>(in.record.payload));
  VECHE_RETURN_IF_ERROR(RequireAuthority(s, in.author));
  auto it = s.offices.find(p.office);
  if (it == s.offices.end() || it->second.abolished) return Conflict("office '" + p.office + "' does not exist");
  if (!it->second.collective.empty()) {
    return InvalidArgumentError("only a territory's offices carry powers; '" + p.office + "' is a collective's post");
  }
  const std::string name = PowerName(p.power);
  if (in.record.kind == RecordKind::kPowerGrant) {
    if (!s.office_powers[p.office].insert(p.power).second) {
      return Conflict("office '" + p.office + "' already has the power '" + name + "'");
    }
    return OkStatus();
  }
  auto powers = s.office_powers.find(p.office);
  if (powers == s.office_powers.end() || powers->second.erase(p.power) == 0) {
    return Conflict("office '" + p.office + "' does not have the power '" + name + "'");
  }
  if (powers->second.empty()) s.office_powers.erase(powers);
  return OkStatus();
}

// ---------- offices by measure ----------

Status CheckOfficeMotion(const State& s, const std::string& territory, const OfficeMotion& m) {
  const Office* office = nullptr;
  VECHE_RETURN_IF_ERROR(CheckMotionOffice(s, m, office));
  if (office == nullptr) return OkStatus();  // create
  if (office->territory != territory || !office->collective.empty()) {
    return Conflict("office '" + m.office + "' is not an office of territory '" + territory + "'");
  }
  if (m.action == OfficeAction::kAbolish) return OkStatus();
  auto powers = s.office_powers.find(m.office);
  const bool has = powers != s.office_powers.end() && powers->second.count(static_cast<Power>(m.power));
  if (m.action == OfficeAction::kGrant && has) return Conflict("office '" + m.office + "' already has that power");
  if (m.action == OfficeAction::kRevoke && !has) return Conflict("office '" + m.office + "' does not have that power");
  return OkStatus();
}

void ApplyOfficeMotion(State& s, const std::string& territory, const OfficeMotion& m) {
  switch (m.action) {
    case OfficeAction::kCreate:
      CreateOffice(s, OfficeCreatePayload{m.office, m.title, territory, "", m.term_years, m.required_class});
      break;
    case OfficeAction::kAbolish: AbolishOffice(s, m.office); break;
    case OfficeAction::kGrant: s.office_powers[m.office].insert(static_cast<Power>(m.power)); break;
    case OfficeAction::kRevoke:
      s.office_powers[m.office].erase(static_cast<Power>(m.power));
      if (s.office_powers[m.office].empty()) s.office_powers.erase(m.office);
      break;
  }
}

Status CheckCharterPowers(const State& s, const std::string& territory, const Charter& charter) {
  if (territory != s.root) {
    if (charter.authorities_retired) {
      return InvalidArgumentError("only the root territory's charter retires the genesis authorities");
    }
    return OkStatus();
  }
  const bool retired = s.territories.at(s.root).charter.authorities_retired;
  if (retired && !charter.authorities_retired) {
    return Conflict("the genesis authorities are retired for good: the root's charter keeps authorities_retired true");
  }
  if (retired || !charter.authorities_retired) return OkStatus();
  for (std::uint8_t number = 1; number <= kMaxPower; ++number) {
    const auto power = static_cast<Power>(number);
    const bool carried = std::any_of(s.office_powers.begin(), s.office_powers.end(), [&](const auto& entry) {
      const Office& o = s.offices.at(entry.first);
      return entry.second.count(power) && o.territory == s.root && !o.abolished;
    });
    if (!carried) {
      return Conflict(std::string("retiring the genesis authorities needs every power carried by an office of '") +
                      s.root + "' first; '" + PowerName(power) + "' is carried by none");
    }
  }
  return OkStatus();
}

void ApplyCharterPowers(State& s, const std::string& territory, const Charter& charter) {
  if (territory == s.root && charter.authorities_retired) s.authorities.clear();
}

void EndTenuresOf(State& s, const std::string& citizen) {
  for (auto& [id, o] : s.offices) {
    const Tenure* holder = o.Holder();
    if (!holder || holder->citizen != citizen) continue;
    EndTenure(s, o, "removed");
    s.IndexOffice(id);  // a by-election is due at once
  }
}

Status ApplyOfficeVote(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(OfficeVotePayload p, DecodePayload<OfficeVotePayload>(in.record.payload));
  VECHE_ASSIGN_OR_RETURN(std::string voter, AuthorCitizen(s, in.author));
  VECHE_ASSIGN_OR_RETURN(Contest * c, FindContest(s, p.contest));
  if (c->stage != ContestStage::kVoting || !c->open || s.clock >= c->voting_closes_at) {
    return Conflict("contest '" + p.contest + "' has no open vote running");
  }
  VECHE_RETURN_IF_ERROR(InElectorate(s, s.offices.at(c->office), voter, "the voter"));
  OpenRound& round = c->open_rounds.back();
  auto option = std::find(round.options.begin(), round.options.end(), p.choice);
  if (option == round.options.end()) {
    return InvalidArgumentError("'" + p.choice + "' is not an option of this round");
  }
  round.votes[voter] = static_cast<std::uint32_t>(option - round.options.begin());
  return OkStatus();
}

}  // namespace veche::core
