// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The offices' scenario runner for tests: a union whose offices are filled by the steps of a
// scenario file (tests/data/offices/contests.txt documents the steps), each case replayed by an
// observer to the same digest. Other domains' scenarios (accountability) add steps of their own
// through ExtraStep.
#include <doctest/doctest.h>

#include <fstream>
#include <functional>
#include <iomanip>
#include <sstream>

#include "veche/core/election/trustee.h"
#include "veche/core/election/voter.h"
#include "veche/core/legislation/test_assembly.h"
#include "veche/core/offices/due.h"
#include "veche/core/offices/rules.h"
#include "veche/core/state_codec.h"

namespace veche::core::testing {

struct Offices;
// A step the offices' runner does not know: its status, as RunStep's.
using ExtraStep = std::function<Status(Offices& w, const std::string& word, std::istringstream& in)>;

// A union whose offices are filled by the scenario's steps. One trustee keeps every roll and does
// its part of each election as soon as it can.
struct Offices : testing::Assembly {
  crypto::SigningKey school = crypto::SigningKey::Generate(rng);
  crypto::SigningKey trustee = crypto::SigningKey::Generate(rng);
  std::map<std::string, TrusteeSecrets> secrets;  // election id -> the trustee's secrets
  bool school_accredited = false;

  void Certify(const std::string& citizen, const std::string& certificate_class) {
    if (!school_accredited) {
      REQUIRE(Submit(RecordKind::kTrainingBodyAccredit,
                     TrainingBodyAccreditPayload{
                         Pk(school), "school", "School of cadres", "union", {"management", "legal", "political"}},
                     authority)
                  .ok());
      school_accredited = true;
    }
    REQUIRE(Submit(RecordKind::kCertificateIssue,
                   CertificateIssuePayload{"cert-" + citizen + "-" + certificate_class, citizen, certificate_class, 0,
                                           testing::kFarFuture},
                   school)
                .ok());
  }
  // The trustee's part in every election it keys: commit and reveal in keygen, its share once
  // counting. True if it did anything.
  bool TrusteeDuties() {
    bool acted = false;
    for (const auto& [id, el] : state.elections) {
      if (el.status == ElectionStatus::kKeygen && !el.trustees[0].commit && state.clock < el.spec.opens_at) {
        TrusteeSecrets& sec = secrets.emplace(id, GenerateTrusteeSecrets(1, rng)).first->second;
        REQUIRE(Submit(RecordKind::kTrusteeCommit, MakeTrusteeCommit(state, id, 1, sec, rng).value(), trustee).ok());
        REQUIRE(Submit(RecordKind::kTrusteeReveal, MakeTrusteeReveal(state, id, 1, sec, rng).value(), trustee).ok());
        acted = true;
      } else if (el.status == ElectionStatus::kCounting && !el.trustees[0].decryption) {
        REQUIRE(Submit(RecordKind::kDecryptionShare, MakeDecryptionShare(state, id, 1, secrets.at(id), rng).value(),
                       trustee)
                    .ok());
        acted = true;
      }
    }
    return acted;
  }
  Status Days(UnixMicros days) {
    VECHE_RETURN_IF_ERROR(Tick(time + days * kDay));
    while (TrusteeDuties()) VECHE_RETURN_IF_ERROR(Tick(time + 1));
    return OkStatus();
  }
  const Office& OfficeOf(const std::string& id) {
    REQUIRE(state.offices.count(id));
    return state.offices.at(id);
  }
  // The office's running contest, or its latest.
  std::string ContestOf(const std::string& office) {
    const Office& o = OfficeOf(office);
    if (!o.contest.empty()) return o.contest;
    std::string latest;
    size_t latest_number = 0;
    for (const auto& [id, c] : state.contests) {
      const size_t number = std::stoul(id.substr(std::string("contest-").size()));
      if (c.office == office && number > latest_number) latest = id, latest_number = number;
    }
    return latest;
  }
  Status Vote(const std::string& office, const std::string& citizen, const std::string& option) {
    const Contest& c = state.contests.at(ContestOf(office));
    const Election& el = state.elections.at(c.elections.back());
    std::vector<std::uint8_t> marks(el.spec.options.size(), 0);
    for (size_t i = 0; i < marks.size(); ++i) marks[i] = el.spec.options[i] == option;
    Result<BallotPayload> b = MakeBallot(state, el.spec.id, Pk(keys.at(citizen)), marks, rng);
    if (!b.ok()) return b.error();
    return Submit(RecordKind::kBallot, *b, keys.at(citizen));
  }
};

// "key=value" words after the first ones of a step.
inline std::map<std::string, std::string> Options(std::istringstream& in) {
  std::map<std::string, std::string> out;
  std::string word;
  while (in >> word) {
    const size_t eq = word.find('=');
    if (eq == std::string::npos) {
      out[word] = "";
    } else {
      out[word.substr(0, eq)] = word.substr(eq + 1);
    }
  }
  return out;
}

inline Charter ParseCharter(const std::map<std::string, std::string>& o) {
  Charter c;
  if (o.count("limit")) c.consecutive_terms_limit = static_cast<std::uint8_t>(std::stoi(o.at("limit")));
  if (o.count("runoff")) c.runoff = o.at("runoff") == "yes";
  if (o.count("signatures"))
    c.nomination_signatures_permille = static_cast<std::uint16_t>(std::stoi(o.at("signatures")));
  if (o.count("open")) c.open_elections = o.at("open") == "yes";
  if (o.count("recall")) c.recall_threshold_permille = static_cast<std::uint16_t>(std::stoi(o.at("recall")));
  if (o.count("restore")) c.restore_threshold_permille = static_cast<std::uint16_t>(std::stoi(o.at("restore")));
  if (o.count("raters")) c.recall_min_raters = static_cast<std::uint32_t>(std::stoul(o.at("raters")));
  if (o.count("period")) c.recall_period_days = static_cast<std::uint16_t>(std::stoi(o.at("period")));
  if (o.count("initiative"))
    c.initiative_threshold_permille = static_cast<std::uint16_t>(std::stoi(o.at("initiative")));
  if (o.count("grace")) c.grace_period_days = static_cast<std::uint16_t>(std::stoi(o.at("grace")));
  if (o.count("promotion")) c.promotion_record_permille = static_cast<std::uint16_t>(std::stoi(o.at("promotion")));
  if (o.count("paycap")) c.pay_cap_permille = static_cast<std::uint16_t>(std::stoi(o.at("paycap")));
  if (o.count("associations")) {
    std::istringstream list(o.at("associations"));
    for (std::string id; std::getline(list, id, ',');) c.nominating_associations.push_back(id);
  }
  return c;
}

inline void EnrolCitizen(Offices& w, const std::string& id, const std::map<std::string, std::string>& o) {
  w.Citizen(id, o.count("in") ? o.at("in") : "union", o.count("minor") ? "minor" : "adult");
  if (o.count("cert")) w.Certify(id, o.at("cert"));
  if (o.count("member")) {  // asks to join, and the registrar confirms
    REQUIRE(
        w.Submit(RecordKind::kCitizenJoinCollective, CitizenCollectivePayload{id, o.at("member")}, w.keys.at(id)).ok());
    REQUIRE(w.Submit(RecordKind::kMembershipConfirm, CitizenCollectivePayload{id, o.at("member")}, w.registrar).ok());
  }
}

inline Status CreateOffice(Offices& w, const std::string& id, const std::map<std::string, std::string>& o) {
  OfficeCreatePayload p{id,
                        "Office " + id,
                        o.count("territory") ? o.at("territory") : "union",
                        o.count("collective") ? o.at("collective") : "",
                        static_cast<std::uint8_t>(o.count("term") ? std::stoi(o.at("term")) : 0),
                        o.count("class") ? o.at("class") : ""};
  return w.Submit(RecordKind::kOfficeCreate, p, w.authority);
}

inline Status SetRoll(Offices& w, const std::string& collective) {
  return w.Submit(RecordKind::kTrusteeRollSet, TrusteeRollSetPayload{"union", collective, 1, {Pk(w.trustee)}},
                  w.authority);
}

inline Status Stand(Offices& w, const std::string& citizen, const std::string& nomination, size_t promises) {
  const std::string contest = w.state.nominations.count(nomination) ? w.state.nominations.at(nomination).contest : "";
  CandidacyFilePayload p{contest, nomination, {}};
  for (size_t i = 0; i < promises; ++i)
    p.promises.push_back(w.Publish(citizen + " promises item " + std::to_string(i)));
  return w.Submit(RecordKind::kCandidacyFile, p, w.keys.at(citizen));
}

inline void CheckExpectation(Offices& w, const std::string& office, const std::map<std::string, std::string>& o) {
  const Office& of = w.OfficeOf(office);
  const std::string contest = w.ContestOf(office);
  const Contest* c = w.state.contests.count(contest) ? &w.state.contests.at(contest) : nullptr;
  if (o.count("contest")) CHECK(contest == o.at("contest"));
  if (o.count("stage")) CHECK(std::string(c ? ContestStageName(c->stage) : "none") == o.at("stage"));
  if (o.count("winner")) CHECK((c ? c->winner : "") == o.at("winner"));
  if (o.count("elections")) CHECK((c ? c->elections.size() : 0) == std::stoul(o.at("elections")));
  if (o.count("rounds")) CHECK((c ? c->Rounds() : 0) == std::stoul(o.at("rounds")));
  if (o.count("candidates")) CHECK((c ? c->candidates.size() : 0) == std::stoul(o.at("candidates")));
  if (o.count("signatures")) CHECK((c ? c->signatures_needed : 0) == std::stoull(o.at("signatures")));
  if (o.count("outcome")) {
    const std::string outcome = c ? c->outcome : "";
    CHECK_MESSAGE(outcome.find(o.at("outcome")) != std::string::npos, outcome);
  }
  if (o.count("holder")) CHECK((of.Holder() ? of.Holder()->citizen : "none") == o.at("holder"));
  if (o.count("tenures")) CHECK(of.tenures.size() == std::stoul(o.at("tenures")));
  if (o.count("ended")) CHECK((of.tenures.empty() ? "" : of.tenures.back().ended) == o.at("ended"));
}

// post-meeting ID COLLECTIVE OPENER create|abolish|grant OFFICE [days=N] [term=YEARS]
inline Status OpenPostMeeting(Offices& w, std::istringstream& in) {
  std::string id, collective, opener, action, office;
  in >> id >> collective >> opener >> action >> office;
  auto o = Options(in);
  MeetingOpenPayload p;
  p.id = id;
  p.collective = collective;
  p.subject = MeetingSubject::kOffice;
  p.office.action = action == "create"    ? OfficeAction::kCreate
                    : action == "abolish" ? OfficeAction::kAbolish
                                          : OfficeAction::kGrant;
  p.office.office = office;
  if (p.office.action == OfficeAction::kCreate) p.office.title = "Post " + office;
  if (p.office.action == OfficeAction::kGrant) p.office.power = static_cast<std::uint8_t>(Power::kCollectives);
  if (o.count("term")) p.office.term_years = static_cast<std::uint8_t>(std::stoi(o.at("term")));
  p.days = static_cast<std::uint16_t>(o.count("days") ? std::stoi(o.at("days")) : 1);
  return w.Submit(RecordKind::kMeetingOpen, p, w.keys.at(opener));
}

// The steps of territories, powers, membership and meetings (RunStep has the rest).
inline Status RunPowersAndMeetingsStep(Offices& w, const std::string& word, std::istringstream& in,
                                       const ExtraStep& extra) {
  std::string a, b, c;
  if (word == "territory") {  // territory ID [CHARTER OPTIONS]: inherits the union's charter without options
    in >> a;
    const auto o = Options(in);
    std::optional<Charter> charter;
    if (!o.empty()) charter = ParseCharter(o);
    return w.Submit(RecordKind::kTerritoryCreate,
                    TerritoryCreatePayload{a, "union", TerritoryKind::kRepublic, a, charter}, w.authority);
  } else if (word == "grant" || word == "revoke-power") {
    in >> a >> b;
    const std::optional<Power> power = PowerNamed(b);
    REQUIRE(power);
    return w.Submit(word == "grant" ? RecordKind::kPowerGrant : RecordKind::kPowerRevoke, PowerPayload{a, *power},
                    w.authority);
  } else if (word == "association") {
    in >> a >> b;
    return w.Submit(RecordKind::kCollectiveCreate,
                    CollectiveCreatePayload{a, "", b, CollectiveKind::kAssociation, "Association " + a}, w.authority);
  } else if (word == "collective-by") {
    in >> a >> b >> c;
    return w.Submit(RecordKind::kCollectiveCreate, CollectiveCreatePayload{b, "", c, CollectiveKind::kWorkplace, b},
                    a == "authority" ? w.authority : w.keys.at(a));
  } else if (word == "ovote") {
    in >> a >> b >> c;
    return w.Submit(RecordKind::kOfficeVote, OfficeVotePayload{w.ContestOf(a), c}, w.keys.at(b));
  } else if (word == "remove") {
    in >> a;
    return w.Submit(RecordKind::kCitizenRemove, CitizenRemovePayload{a, RemovalReason::kDeath}, w.registrar);
  } else if (word == "join") {
    in >> a >> b;
    return w.Submit(RecordKind::kCitizenJoinCollective, CitizenCollectivePayload{a, b}, w.keys.at(a));
  } else if (word == "confirm") {
    in >> a >> b;
    auto o = Options(in);
    return w.Submit(RecordKind::kMembershipConfirm, CitizenCollectivePayload{b, a},
                    o.count("by") ? w.keys.at(o.at("by")) : w.registrar);
  } else if (word == "meeting") {
    std::string office, id, collective, opener, nominee;
    in >> office >> id >> collective >> opener >> nominee;
    auto o = Options(in);
    const auto days = static_cast<std::uint16_t>(o.count("days") ? std::stoi(o.at("days")) : 1);
    return w.Submit(RecordKind::kMeetingOpen,
                    MeetingOpenPayload::Nominating(id, collective, w.ContestOf(office), nominee, days),
                    w.keys.at(opener));
  } else if (word == "post-meeting") {
    return OpenPostMeeting(w, in);
  } else if (word == "mvote") {
    in >> a >> b >> c;
    const std::optional<VoteChoice> choice = VoteChoiceNamed(c);
    REQUIRE(choice);
    return w.Submit(RecordKind::kMeetingVote, MeetingVotePayload{a, *choice}, w.keys.at(b));
  } else if (word == "expect-meeting") {
    in >> a;
    auto o = Options(in);
    REQUIRE(w.state.meetings.count(a));
    const Meeting& m = w.state.meetings.at(a);
    if (o.count("outcome")) CHECK(m.outcome == o.at("outcome"));
    if (o.count("effect")) CHECK(m.took_effect == (o.at("effect") == "yes"));
    if (o.count("electorate")) CHECK(m.electorate.size() == std::stoul(o.at("electorate")));
  } else if (word == "expect") {
    in >> a;
    CheckExpectation(w, a, Options(in));
  } else if (extra) {
    return extra(w, word, in);
  } else {
    FAIL("unknown scenario step " << word);
  }
  return OkStatus();
}

inline Status RunStep(Offices& w, const std::string& word, std::istringstream& in, const ExtraStep& extra) {
  std::string a, b, c;
  if (word == "charter") {
    w.Begin(ParseCharter(Options(in)));
  } else if (word == "collective") {
    in >> a;
    return w.Submit(RecordKind::kCollectiveCreate,
                    CollectiveCreatePayload{a, "", "union", CollectiveKind::kWorkplace, "Collective " + a},
                    w.authority);
  } else if (word == "citizen") {
    in >> a;
    EnrolCitizen(w, a, Options(in));
  } else if (word == "office") {
    in >> a;
    return CreateOffice(w, a, Options(in));
  } else if (word == "roll") {
    in >> a;
    return SetRoll(w, a);
  } else if (word == "days") {
    in >> a;
    return w.Days(std::stoll(a));
  } else if (word == "nominate") {
    std::string office;
    in >> office >> a >> b >> c;
    return w.Submit(RecordKind::kNominationFile, NominationFilePayload{a, w.ContestOf(office), c}, w.keys.at(b));
  } else if (word == "sign") {
    in >> a >> b;
    return w.Submit(RecordKind::kNominationSign, IdPayload{a}, w.keys.at(b));
  } else if (word == "stand") {
    in >> a >> b;
    auto o = Options(in);
    return Stand(w, a, b, o.count("promises") ? std::stoul(o.at("promises")) : 0);
  } else if (word == "vote") {
    in >> a >> b >> c;
    return w.Vote(a, b, c);
  } else if (word == "resign") {
    in >> a >> b;
    return w.Submit(RecordKind::kOfficeResign, OfficeResignPayload{a, "personal reasons"}, w.keys.at(b));
  } else if (word == "abolish") {
    in >> a;
    return w.Submit(RecordKind::kOfficeAbolish, IdPayload{a}, w.authority);
  } else {
    return RunPowersAndMeetingsStep(w, word, in, extra);
  }
  return OkStatus();
}

inline void RunCase(const std::string& name, const std::vector<std::pair<int, std::string>>& lines,
                    const ExtraStep& extra = {}) {
  Offices w;
  for (const auto& line : lines) {
    const int line_no = line.first;
    const std::string& text = line.second;
    INFO("case '" << name << "', line " << line_no << ": " << text);
    std::istringstream in(text);
    std::string word, code, says;
    in >> word;
    const bool refuse = word == "refuse";
    if (refuse) in >> code >> std::quoted(says) >> word;
    const crypto::Sha256Digest before = w.state.Digest();
    const Status applied = RunStep(w, word, in, extra);
    if (refuse) {
      CHECK(StatusCodeName(applied.code()) == code);
      CHECK_MESSAGE(applied.message().find(says) != std::string::npos, applied.message());
      CHECK(w.state.Digest() == before);
    } else {
      CHECK_MESSAGE(applied.ok(), applied.ToString());
    }
  }
  CheckStateStream(w.state);
  Result<State> replayed = Replay(w.log);
  REQUIRE(replayed.ok());
  CHECK(replayed->Digest() == w.state.Digest());
  CHECK(replayed->office_deadlines == w.state.office_deadlines);
  CHECK(replayed->offices_of_citizen == w.state.offices_of_citizen);
  const State loaded = DecodeState([&] {
                         Bytes all;
                         for (const Bytes& chunk : EncodeState(w.state))
                           all.insert(all.end(), chunk.begin(), chunk.end());
                         return all;
                       }())
                           .value();
  CHECK(loaded.office_deadlines == w.state.office_deadlines);
  CHECK(loaded.contests_of_office == w.state.contests_of_office);
  CHECK(loaded.offices_of_citizen == w.state.offices_of_citizen);
  CHECK(loaded.nominations_of_contest == w.state.nominations_of_contest);
}

}  // namespace veche::core::testing
