// SPDX-License-Identifier: AGPL-3.0-or-later
// Writes the golden log: a scripted scenario that applies at least one record of every kind
// through the pure core, so that a later build can prove it replays a log written by an earlier
// one to the same state digest (tests/golden/golden_replay_test.cc).
//
//   veche_golden_log DIR    writes DIR/log.hex (one log entry per line, hex), DIR/digest.txt
//                           (the state digest, then "section digest" per line), DIR/root.txt
//                           (the log's RFC 9162 root) and DIR/state.db (the state tables the
//                           store of this build writes for that state)
//
// Everything is deterministic (keys and nonces from a seeded FakeRng, times fixed), so the same
// build writes the same bytes. The committed copy in tests/data/golden/ was written when records
// began to name their log (record version 2, issue 16); the one before, of version 1 records
// (written at commit ca47ee9, before the domain layout), is kept in tests/data/golden/record-v1/.
// The tests never regenerate the committed copy.

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "veche/base/rng.h"
#include "veche/base/text_codec.h"
#include "veche/core/apply.h"
#include "veche/core/election/due.h"
#include "veche/core/election/payloads.h"
#include "veche/core/election/rules.h"
#include "veche/core/election/trustee.h"
#include "veche/core/election/voter.h"
#include "veche/core/legislation/due.h"
#include "veche/core/legislation/rules.h"
#include "veche/core/state.h"
#include "veche/ledger/merkle.h"
#include "veche/store/sqlite/sqlite_state_store.h"

namespace veche::core {
namespace {

constexpr UnixMicros kDay = 86'400'000'000;
constexpr UnixMicros kYear = 365 * kDay;
constexpr UnixMicros kFarFuture = 4'000'000'000'000'000;  // year 2096

void Require(const Status& s, const std::string& what) {
  if (s.ok()) return;
  std::cerr << "golden: " << what << ": " << s.ToString() << "\n";
  std::exit(1);
}

PublicKeyBytes Pk(const crypto::SigningKey& k) {
  return KeyBytes(k.public_key());
}

struct Scenario {
  FakeRng rng{150};
  crypto::SigningKey node = crypto::SigningKey::Generate(rng);
  crypto::SigningKey authority = crypto::SigningKey::Generate(rng);
  crypto::SigningKey registrar = crypto::SigningKey::Generate(rng);
  crypto::SigningKey north_registrar = crypto::SigningKey::Generate(rng);
  State state;
  std::vector<Bytes> log;
  UnixMicros time = 1'704'067'200'000'000;  // 2024-01-01
  std::map<std::string, crypto::SigningKey> citizens;

  Status SubmitBytes(RecordKind kind, Bytes payload, const crypto::SigningKey& author) {
    Record r = SignRecord(state.log_id, kind, std::move(payload), ++time, author).value();
    Status s = Apply(state, r);
    if (s.ok()) log.push_back(LogEntry{time, r.Encode()}.Encode());
    return s;
  }
  template <typename P>
  void Do(RecordKind kind, const P& payload, const crypto::SigningKey& author) {
    Require(SubmitBytes(kind, EncodePayload(payload), author), std::string(RecordKindName(kind)));
  }
  // The clock moves to `to`, then every record due is appended, as Node::Tick does.
  void Tick(UnixMicros to) {
    time = std::max(time, to);
    Do(RecordKind::kClock, ClockPayload{to}, node);
    for (int round = 0; round < 8; ++round) {
      std::vector<DueRecord> due = DueRecords(state);
      if (due.empty()) return;
      for (DueRecord& d : due) Require(SubmitBytes(d.kind, std::move(d.payload), node), "due record");
    }
    Require(InternalError("due records did not settle"), "tick");
  }
  void Citizen(const std::string& id, const std::string& where, bool adult) {
    CitizenEnrolPayload e;
    e.id = id;
    e.residence = where;
    e.majority_date = adult ? 0 : kFarFuture;
    e.consultative_date = 0;
    e.personal_data = PersonalDataCommitment(AsBytes("salt-" + id), "person " + id);
    e.enrolment_key = Pk(EnrolmentKeyFromCode("code-" + id));
    Do(RecordKind::kCitizenEnrol, e, registrar);
    citizens.emplace(id, crypto::SigningKey::Generate(rng));
    Do(RecordKind::kCitizenBind, MakeBindPayload(id, EnrolmentKeyFromCode("code-" + id), Pk(citizens.at(id))),
       citizens.at(id));
  }
  TextHash Publish(const std::string& text) {
    Do(RecordKind::kText, TextPayload{text}, authority);
    return TextHashOf(text);
  }
  void Vote(const std::string& citizen, const std::string& measure, VoteChoice choice) {
    Do(RecordKind::kVote, VotePayload{measure, choice}, citizens.at(citizen));
  }
  void CloseSessions() {
    UnixMicros end = time;
    for (const auto& [key, s] : state.sessions) end = std::max(end, s.closes_at);
    Tick(end + 1);
  }

  void Registry();
  void Legislation();
  void Election();
  void Offices();
  void FillOffices(const crypto::SigningKey& school);
  void HoldToAccount(const TextHash& bridge);
  void OpenTheFarm();
};

void Scenario::Registry() {
  GenesisPayload g;
  g.node_key = Pk(node);
  g.root_id = "union";
  g.root_name = "The Golden Union";
  g.charter.initiative_threshold_permille = 400;
  g.authorities = {Pk(authority)};
  Do(RecordKind::kGenesis, g, node);
  Tick(time + kDay);
  Do(RecordKind::kTerritoryCreate, TerritoryCreatePayload{"north", "union", TerritoryKind::kRepublic, "North", {}},
     authority);
  Charter south_charter;
  south_charter.majority_age = 16;
  south_charter.consultative_age = 12;
  Do(RecordKind::kTerritoryCreate,
     TerritoryCreatePayload{"south", "union", TerritoryKind::kRepublic, "South", south_charter}, authority);
  Do(RecordKind::kTerritoryCreate, TerritoryCreatePayload{"novgorod", "north", TerritoryKind::kCity, "Novgorod", {}},
     authority);
  Do(RecordKind::kTerritoryCreate, TerritoryCreatePayload{"pskov", "north", TerritoryKind::kCity, "Pskov", {}},
     authority);
  Do(RecordKind::kTerritoryCreate, TerritoryCreatePayload{"hamlet", "south", TerritoryKind::kCity, "Hamlet", {}},
     authority);
  Do(RecordKind::kTerritoryRename, RenamePayload{"hamlet", "Little Hamlet"}, authority);
  Do(RecordKind::kTerritoryDissolve, IdPayload{"hamlet"}, authority);
  Do(RecordKind::kCollectiveCreate,
     CollectiveCreatePayload{"mill", "", "novgorod", CollectiveKind::kWorkplace, "Novgorod Mill"}, authority);
  Do(RecordKind::kCollectiveCreate,
     CollectiveCreatePayload{"mill-union", "mill", "novgorod", CollectiveKind::kAssociation, "Mill Union"}, authority);
  Do(RecordKind::kCollectiveRename, RenamePayload{"mill-union", "Millers' Union"}, authority);
  Do(RecordKind::kCollectiveCreate, CollectiveCreatePayload{"farm", "", "pskov", CollectiveKind::kFarm, "Pskov Farm"},
     authority);
  Do(RecordKind::kRegistrarAccredit, RegistrarAccreditPayload{Pk(registrar), "union"}, authority);
  Do(RecordKind::kRegistrarAccredit, RegistrarAccreditPayload{Pk(north_registrar), "north"}, authority);
  Do(RecordKind::kRegistrarRevoke, RegistrarRevokePayload{Pk(north_registrar)}, authority);

  const char* where[] = {"novgorod", "novgorod", "novgorod", "pskov", "pskov", "south", "south", "union"};
  for (int i = 0; i < 8; ++i) Citizen("c-" + std::to_string(i + 1), where[i], true);
  Citizen("young", "novgorod", false);
  Citizen("gone", "pskov", true);

  Do(RecordKind::kCitizenJoinCollective, CitizenCollectivePayload{"c-1", "mill"}, citizens.at("c-1"));
  Do(RecordKind::kCitizenJoinCollective, CitizenCollectivePayload{"c-2", "mill"}, citizens.at("c-2"));
  Do(RecordKind::kCitizenJoinCollective, CitizenCollectivePayload{"c-2", "mill-union"}, citizens.at("c-2"));
  Do(RecordKind::kCitizenJoinCollective, CitizenCollectivePayload{"c-4", "farm"}, citizens.at("c-4"));
  Do(RecordKind::kCitizenLeaveCollective, CitizenCollectivePayload{"c-2", "mill"}, citizens.at("c-2"));
  Do(RecordKind::kCollectiveDissolve, IdPayload{"mill-union"}, authority);

  crypto::SigningKey rotated = crypto::SigningKey::Generate(rng);
  Bytes rotate_message = RotateMessage("c-3", Pk(rotated));
  CitizenRotateKeyPayload rotate{"c-3", Pk(rotated), {}};
  auto proof = rotated.Sign(rotate_message);
  std::copy(proof.begin(), proof.end(), rotate.new_key_signature.begin());
  Do(RecordKind::kCitizenRotateKey, rotate, citizens.at("c-3"));
  citizens.insert_or_assign("c-3", std::move(rotated));

  Do(RecordKind::kCitizenRecover, CitizenRecoverPayload{"c-4", Pk(EnrolmentKeyFromCode("code-c-4-again"))}, registrar);
  crypto::SigningKey recovered = crypto::SigningKey::Generate(rng);
  Do(RecordKind::kCitizenBind, MakeBindPayload("c-4", EnrolmentKeyFromCode("code-c-4-again"), Pk(recovered)),
     recovered);
  citizens.insert_or_assign("c-4", std::move(recovered));

  Do(RecordKind::kCitizenMove, CitizenMovePayload{"c-5", "novgorod"}, registrar);
  Do(RecordKind::kCitizenRemove, CitizenRemovePayload{"gone", RemovalReason::kLossOfCitizenship}, registrar);
  // A citizen enrolled but never bound: the enrolment stays pending.
  CitizenEnrolPayload pending;
  pending.id = "unbound";
  pending.residence = "pskov";
  pending.personal_data = PersonalDataCommitment(AsBytes("salt-unbound"), "person unbound");
  pending.enrolment_key = Pk(EnrolmentKeyFromCode("code-unbound"));
  Do(RecordKind::kCitizenEnrol, pending, registrar);
}

void Scenario::Legislation() {
  MeasureSpec roads;
  roads.kind = MeasureKind::kLaw;
  roads.territory = "union";
  roads.title = "Roads Act";
  roads.text = Publish("Article 1. Every road is kept open.\nArticle 2. Tolls are abolished.\n");
  Do(RecordKind::kMeasureTable, MeasurePayload{"roads-act", roads}, authority);

  MeasureSpec budget;
  budget.kind = MeasureKind::kBudget;
  budget.territory = "union";
  budget.title = "Budget 2024";
  budget.year = 2024;
  budget.income = {{"Taxes", 900'000}, {"Fees", 100'000}};
  budget.expenditure = {{"Schools", 600'000}, {"Roads", 450'000}};
  budget.deficit = 50'000;
  Do(RecordKind::kMeasureTable, MeasurePayload{"budget-2024", budget}, authority);

  MeasureSpec question;
  question.kind = MeasureKind::kQuestion;
  question.territory = "north";
  question.title = "Should the North build a ferry?";
  question.text = Publish("Should the North build a ferry across the lake?");
  Do(RecordKind::kMeasureTable, MeasurePayload{"ferry", question}, authority);

  MeasureSpec charter;
  charter.kind = MeasureKind::kCharter;
  charter.territory = "union";
  charter.title = "Longer sessions";
  charter.charter = state.territories.at("union").charter;
  charter.charter.session_days = 21;
  Do(RecordKind::kMeasureTable, MeasurePayload{"longer-sessions", charter}, authority);

  MeasureSpec parks;
  parks.kind = MeasureKind::kLaw;
  parks.territory = "union";
  parks.title = "Parks Act";
  parks.text = Publish("Article 1. Every city keeps a park.\n");
  Do(RecordKind::kInitiativeFile, MeasurePayload{"parks-act", parks}, citizens.at("c-1"));
  Do(RecordKind::kInitiativeSign, IdPayload{"parks-act"}, citizens.at("c-2"));
  Do(RecordKind::kInitiativeWithdraw, IdPayload{"parks-act"}, citizens.at("c-2"));
  for (const char* id : {"c-2", "c-3", "c-6"}) {
    if (state.initiatives.at("parks-act").qualified) break;
    Do(RecordKind::kInitiativeSign, IdPayload{"parks-act"}, citizens.at(id));
  }
  // An initiative that never qualifies.
  MeasureSpec bells = parks;
  bells.title = "Bells Act";
  bells.text = Publish("Article 1. Church bells ring at noon.\n");
  Do(RecordKind::kInitiativeFile, MeasurePayload{"bells-act", bells}, citizens.at("c-7"));

  Tick(time + kDay);  // the regular session opens
  for (const char* id : {"c-1", "c-2", "c-3", "c-4", "c-5"}) Vote(id, "roads-act", VoteChoice::kYes);
  Vote("c-6", "roads-act", VoteChoice::kNo);
  Vote("c-6", "roads-act", VoteChoice::kAbstain);  // a changed vote: the last counts
  Vote("young", "roads-act", VoteChoice::kYes);    // consultative
  for (const char* id : {"c-1", "c-2", "c-6", "c-7"}) Vote(id, "budget-2024", VoteChoice::kYes);
  Vote("c-3", "budget-2024", VoteChoice::kNo);
  for (const char* id : {"c-1", "c-2"}) Vote(id, "ferry", VoteChoice::kNo);
  Vote("c-4", "ferry", VoteChoice::kYes);
  for (const char* id : {"c-1", "c-2", "c-3", "c-4", "c-5", "c-6", "c-8"})
    Vote(id, "longer-sessions", VoteChoice::kYes);
  for (const char* id : {"c-1", "c-2", "c-3"}) Vote(id, "parks-act", VoteChoice::kYes);
  Vote("c-4", "parks-act", VoteChoice::kNo);
  CloseSessions();  // results recorded

  // An amendment of the law now in force, put to an extraordinary session by petition.
  MeasureSpec amendment;
  amendment.kind = MeasureKind::kAmendment;
  amendment.territory = "union";
  amendment.title = "Roads Act, tolls restored on bridges";
  amendment.law = "roads-act";
  amendment.base = state.laws.at("roads-act").versions.back().text;
  amendment.text = Publish("Article 1. Every road is kept open.\nArticle 2. Tolls are abolished, except on bridges.\n");
  Do(RecordKind::kMeasureTable, MeasurePayload{"roads-amendment", amendment}, authority);
  for (const char* id : {"c-1", "c-2", "c-3"}) Do(RecordKind::kSessionPetition, IdPayload{"union"}, citizens.at(id));
  Tick(time + kDay);
  for (const char* id : {"c-1", "c-2"}) Vote(id, "roads-amendment", VoteChoice::kNo);
  Vote("c-3", "roads-amendment", VoteChoice::kYes);
  CloseSessions();
}

void Scenario::Election() {
  std::vector<crypto::SigningKey> trustees;
  std::vector<TrusteeSecrets> secrets;
  for (int i = 0; i < 4; ++i) {
    trustees.push_back(crypto::SigningKey::Generate(rng));
    secrets.push_back(GenerateTrusteeSecrets(2, rng));
  }
  ElectionDefinePayload d;
  d.id = "north-mayor";
  d.territory = "north";
  d.title = "Mayor of the North";
  d.options = {"Ivanova", "Petrov", "Sidorova"};
  d.limit = 1;
  d.opens_at = state.clock + 2 * kDay;
  d.closes_at = d.opens_at + 7 * kDay;
  for (const auto& k : trustees) d.trustees.push_back(Pk(k));
  d.threshold = 2;
  Do(RecordKind::kElectionDefine, d, authority);
  for (std::uint32_t i = 1; i <= 4; ++i) {
    Do(RecordKind::kTrusteeCommit, MakeTrusteeCommit(state, d.id, i, secrets[i - 1], rng).value(), trustees[i - 1]);
  }
  for (std::uint32_t i = 1; i <= 4; ++i) {
    TrusteeRevealPayload reveal = MakeTrusteeReveal(state, d.id, i, secrets[i - 1], rng).value();
    if (i == 3) reveal.shares[3].c = crypto::ScalarAdd(reveal.shares[3].c, crypto::ScalarFromU64(1));  // cheats 4
    Do(RecordKind::kTrusteeReveal, reveal, trustees[i - 1]);
  }
  Result<std::vector<TrusteeComplaintPayload>> complaints = CheckSharesAndComplain(state, d.id, 4, secrets[3], rng);
  Require(complaints.status(), "complaints");
  if (complaints->size() != 1) Require(InternalError("trustee 4 should complain once"), "complaints");
  for (const TrusteeComplaintPayload& c : *complaints) Do(RecordKind::kTrusteeComplaint, c, trustees[3]);
  Tick(d.opens_at);
  auto cast = [&](const std::string& voter, std::vector<std::uint8_t> marks) {
    Do(RecordKind::kBallot, MakeBallot(state, d.id, Pk(citizens.at(voter)), marks, rng).value(), citizens.at(voter));
  };
  cast("c-1", {1, 0, 0});
  cast("c-2", {0, 1, 0});
  cast("c-3", {0, 1, 0});
  cast("c-5", {0, 0, 0});
  cast("c-1", {0, 0, 1});  // cast again: the last ballot counts
  Tick(d.closes_at);
  for (std::uint32_t i : {2u, 1u}) {
    Do(RecordKind::kDecryptionShare, MakeDecryptionShare(state, d.id, i, secrets[i - 1], rng).value(), trustees[i - 1]);
  }
  Tick(d.closes_at + kDay);  // the result
  Tick(d.closes_at + 40 * kDay);
}

std::string Hex(const crypto::Sha256Digest& d) {
  return HexEncode(ByteView(d.data(), d.size()));
}

// Last, so that the records before keep their bytes: the keys here come from the generator after
// every earlier one.
void Scenario::Offices() {
  crypto::SigningKey school = crypto::SigningKey::Generate(rng);
  crypto::SigningKey academy = crypto::SigningKey::Generate(rng);
  Do(RecordKind::kTrainingBodyAccredit,
     TrainingBodyAccreditPayload{Pk(school), "cadres", "School of Cadres", "north", {"management", "political"}},
     authority);
  Do(RecordKind::kTrainingBodyAccredit,
     TrainingBodyAccreditPayload{Pk(academy), "law", "Law Academy", "union", {"legal"}}, authority);
  Do(RecordKind::kCertificateIssue, CertificateIssuePayload{"cert-1", "c-1", "management", time, time + 5 * kYear},
     school);
  Do(RecordKind::kCertificateIssue, CertificateIssuePayload{"cert-2", "c-2", "political", time, time + 5 * kYear},
     school);
  Do(RecordKind::kCertificateIssue, CertificateIssuePayload{"cert-3", "c-1", "legal", time, time + 2 * kYear}, academy);
  Do(RecordKind::kCertificateRevoke, CertificateRevokePayload{"cert-2", "the examination was not held"}, school);
  Do(RecordKind::kTrainingBodyRevoke, TrainingBodyRevokePayload{Pk(academy)}, authority);
  Do(RecordKind::kOfficeCreate,
     OfficeCreatePayload{"mayor-novgorod", "Mayor of Novgorod", "novgorod", "", 0, "management"}, authority);
  Do(RecordKind::kOfficeCreate, OfficeCreatePayload{"farm-chair", "Chair of the Pskov Farm", "pskov", "farm", 2, ""},
     authority);
  Do(RecordKind::kOfficeCreate, OfficeCreatePayload{"ombudsman", "Ombudsman", "union", "", 5, "legal"}, authority);
  Do(RecordKind::kOfficeAbolish, IdPayload{"ombudsman"}, authority);
  FillOffices(school);
}

// The mayor's office filled by a vote between two citizens' nominees; the farm's chair by a single
// candidate's confirmation after the extended period, who then resigns; the mayor's term ends.
// Citizens rate the mayor (one changes their mind and withdraws), the mayor answers them and
// reports a promise done, a citizen contests the report, two petition for a recall and vote; the
// next ticks close the ratings' day and the recall vote.
void Scenario::HoldToAccount(const TextHash& bridge) {
  Do(RecordKind::kRatingSet, RatingSetPayload{"mayor-novgorod", Rating::kApprove}, citizens.at("c-1"));
  Do(RecordKind::kRatingSet, RatingSetPayload{"mayor-novgorod", Rating::kDisapprove}, citizens.at("c-2"));
  Do(RecordKind::kRatingSet, RatingSetPayload{"mayor-novgorod", Rating::kWithdrawn}, citizens.at("c-2"));
  const std::string answer = "The bridge over the Volkhov opens in May.\n";
  Do(RecordKind::kText, TextPayload{answer}, citizens.at("c-3"));
  Do(RecordKind::kHolderStatement, HolderStatementPayload{"mayor-novgorod", TextHashOf(answer)}, citizens.at("c-3"));
  // The mayor reports the school meals done (the answer as evidence); c-1 contests the report.
  Do(RecordKind::kPromiseReport, PromiseReportPayload{"mayor-novgorod", 0, PromiseStatus::kDone, TextHashOf(answer)},
     citizens.at("c-3"));
  Do(RecordKind::kPromiseContest, PromiseContestPayload{"mayor-novgorod", 0, bridge}, citizens.at("c-1"));
  // c-1 and c-2 petition to recall the mayor, which calls the vote; it keeps the mayor (one vote
  // each way is no majority), and a later tick closes it.
  Do(RecordKind::kRecallSign, RecallSignPayload{"mayor-novgorod"}, citizens.at("c-1"));
  Do(RecordKind::kRecallSign, RecallSignPayload{"mayor-novgorod"}, citizens.at("c-2"));
  Do(RecordKind::kRecallVote, RecallVotePayload{"mayor-novgorod", true}, citizens.at("c-1"));
  Do(RecordKind::kRecallVote, RecallVotePayload{"mayor-novgorod", false}, citizens.at("c-2"));
}

// The farm's chair speaks for the farm: its payroll of this month, the chair's pay under the cap
// the average puts on it, a decision, and spending charged to the budget in force above Pskov.
void Scenario::OpenTheFarm() {
  const std::int64_t month = MonthIndex(state.clock);
  Do(RecordKind::kPayrollReport,
     PayrollReportPayload{"farm", static_cast<std::uint16_t>(1970 + month / 12),
                          static_cast<std::uint8_t>(month % 12 + 1), 12, 480'000},
     citizens.at("c-4"));
  Do(RecordKind::kOfficePay, OfficePayPayload{"farm-chair", 38'000}, authority);
  const TextHash tractor = Publish("The farm buys a second tractor for the spring sowing.");
  Do(RecordKind::kOfficePublish, OfficePublishPayload{"farm-chair", MinistryTextKind::kDecision, tractor},
     citizens.at("c-4"));
  Do(RecordKind::kOfficeSpend, OfficeSpendPayload{"farm-chair", "Schools", 25'000, "library", tractor},
     citizens.at("c-4"));
}

void Scenario::FillOffices(const crypto::SigningKey& school) {
  crypto::SigningKey trustee = crypto::SigningKey::Generate(rng);
  std::map<std::string, TrusteeSecrets> secrets;
  Do(RecordKind::kCertificateIssue, CertificateIssuePayload{"cert-4", "c-3", "management", time, time + 5 * kYear},
     school);
  Do(RecordKind::kMembershipConfirm, CitizenCollectivePayload{"c-1", "mill"}, registrar);
  Do(RecordKind::kMembershipConfirm, CitizenCollectivePayload{"c-4", "farm"}, registrar);
  Do(RecordKind::kTrusteeRollSet, TrusteeRollSetPayload{"novgorod", "", 1, {Pk(trustee)}}, authority);
  Do(RecordKind::kTrusteeRollSet, TrusteeRollSetPayload{"pskov", "farm", 1, {Pk(trustee)}}, authority);
  Tick(time + kDay);  // contest-1 for the farm's chair, contest-2 for the mayor (created at one clock: id order)
  Do(RecordKind::kNominationFile, NominationFilePayload{"mayor-c-1", "contest-2", "c-1"}, citizens.at("c-2"));
  Do(RecordKind::kNominationSign, IdPayload{"mayor-c-1"}, citizens.at("c-3"));
  Do(RecordKind::kNominationFile, NominationFilePayload{"mayor-c-3", "contest-2", "c-3"}, citizens.at("c-3"));
  const TextHash bridge = Publish("Repair the Volkhov bridge before the spring floods.");
  const TextHash school_meals = Publish("Free hot meals in every school of the city.");
  Do(RecordKind::kCandidacyFile, CandidacyFilePayload{"contest-2", "mayor-c-1", {bridge}}, citizens.at("c-1"));
  Do(RecordKind::kCandidacyFile, CandidacyFilePayload{"contest-2", "mayor-c-3", {school_meals, bridge}},
     citizens.at("c-3"));
  Do(RecordKind::kNominationFile, NominationFilePayload{"farm-c-4", "contest-1", "c-4"}, citizens.at("c-4"));
  Do(RecordKind::kCandidacyFile, CandidacyFilePayload{"contest-1", "farm-c-4", {}}, citizens.at("c-4"));
  // The mill's workers' meeting nominates c-1 for mayor too.
  Do(RecordKind::kMeetingOpen, MeetingOpenPayload::Nominating("mill-meeting", "mill", "contest-2", "c-1", 1),
     citizens.at("c-1"));
  Do(RecordKind::kMeetingVote, MeetingVotePayload{"mill-meeting", VoteChoice::kYes}, citizens.at("c-1"));
  Tick(time + 2 * kDay);  // the meeting closes: adopted
  auto trustee_duties = [&] {
    for (const auto& [id, el] : state.elections) {
      if (!id.starts_with("contest-")) continue;
      if (el.status == ElectionStatus::kKeygen && !el.trustees[0].commit) {
        TrusteeSecrets& sec = secrets.emplace(id, GenerateTrusteeSecrets(1, rng)).first->second;
        Do(RecordKind::kTrusteeCommit, MakeTrusteeCommit(state, id, 1, sec, rng).value(), trustee);
        Do(RecordKind::kTrusteeReveal, MakeTrusteeReveal(state, id, 1, sec, rng).value(), trustee);
      } else if (el.status == ElectionStatus::kCounting && !el.trustees[0].decryption) {
        Do(RecordKind::kDecryptionShare, MakeDecryptionShare(state, id, 1, secrets.at(id), rng).value(), trustee);
      }
    }
  };
  auto cast = [&](const std::string& election, const std::string& voter, std::vector<std::uint8_t> marks) {
    Do(RecordKind::kBallot, MakeBallot(state, election, Pk(citizens.at(voter)), marks, rng).value(),
       citizens.at(voter));
  };
  Tick(time + 20 * kDay);  // the mayor's vote is called; the farm's period is extended
  trustee_duties();
  Tick(time + 8 * kDay);
  cast("contest-2-1", "c-1", {1, 0});
  cast("contest-2-1", "c-2", {0, 1});
  cast("contest-2-1", "c-3", {0, 1});
  Tick(time + 8 * kDay);
  trustee_duties();
  Tick(time + kDay);  // the result; c-3 is decided and seated
  // The mayor's office carries the power over collectives: its holder creates one in the city.
  Do(RecordKind::kPowerGrant, PowerPayload{"mayor-novgorod", Power::kCollectives}, authority);
  Do(RecordKind::kCollectiveCreate,
     CollectiveCreatePayload{"library", "", "novgorod", CollectiveKind::kCooperative, "City Library"},
     citizens.at("c-3"));
  Do(RecordKind::kPowerRevoke, PowerPayload{"mayor-novgorod", Power::kCollectives}, authority);
  HoldToAccount(bridge);
  Tick(time + 14 * kDay);  // the farm's confirmation vote is called
  trustee_duties();
  Tick(time + 8 * kDay);
  cast("contest-1-1", "c-4", {1, 0});
  Tick(time + 8 * kDay);
  trustee_duties();
  Tick(time + kDay);  // c-4 is confirmed and seated
  OpenTheFarm();
  Do(RecordKind::kOfficeResign, OfficeResignPayload{"farm-chair", "elected to the regional council"},
     citizens.at("c-4"));
  // The farm's members' meeting creates a post of its own.
  MeetingOpenPayload post{"farm-post", "farm", MeetingSubject::kOffice, "", "", {}, 1};
  post.office = OfficeMotion{OfficeAction::kCreate, "farm-secretary", "Secretary of the Pskov Farm", 0, "", 0};
  Do(RecordKind::kMeetingOpen, post, citizens.at("c-4"));
  Do(RecordKind::kMeetingVote, MeetingVotePayload{"farm-post", VoteChoice::kYes}, citizens.at("c-4"));
  Tick(time + kDay);       // the farm's by-election opens; the meeting closes, and the post is created
  Tick(time + 3 * kYear);  // the mayor's term ends
}

int Run(const std::string& dir) {
  Scenario s;
  s.Registry();
  s.Legislation();
  s.Election();
  s.Offices();
  std::ofstream log(dir + "/log.hex");
  for (const Bytes& entry : s.log) log << HexEncode(entry) << "\n";
  std::ofstream digest(dir + "/digest.txt");
  digest << Hex(s.state.Digest()) << "\n";
  for (const auto& [name, section] : s.state.SectionDigests()) digest << name << " " << Hex(section) << "\n";
  std::remove((dir + "/state.db").c_str());
  auto store = store::SqliteStateStore::Open(dir + "/state.db");
  Require(store.status(), "state store");
  ledger::CompactRange tree;
  for (const Bytes& entry : s.log) tree.Append(ledger::LeafHash(entry));
  Require((*store)->Save(s.state, s.log.size(), tree.Root()), "state save");
  std::ofstream(dir + "/root.txt") << HexEncode(ByteView(tree.Root().data(), 32)) << "\n";
  std::cout << "golden: " << s.log.size() << " entries, digest " << Hex(s.state.Digest()) << "\n";
  return 0;
}

}  // namespace
}  // namespace veche::core

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: veche_golden_log DIR\n";
    return 2;
  }
  return veche::core::Run(argv[1]);
}
