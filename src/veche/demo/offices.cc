// SPDX-License-Identifier: AGPL-3.0-or-later
// The demo's offices: a school of cadres and a law academy, certificates for a few citizens of
// each city (one of them revoked), a mayor's office for every city, a director's office for every
// city's works, and a minister's office of the union. In the weeks between the two sessions every
// mayor is elected between two certified citizens (where one of them lost the certificate, the
// other faces a confidence vote), the Minister of Justice among three after a
// runoff, and the director of the Novgorod works by its members; the other works find no
// candidate. Gus-Khrustalny, a settlement whose charter holds elections in the open, is still
// electing its mayor by roll call. Now, an ombudsman's contest is in nomination with candidates
// from two collectives.
// The trustees' keys and the generator of their secrets and the ballots' nonces derive from the
// demo's secret: demo ballots are not secret.
#include <algorithm>
#include <map>
#include <set>

#include "veche/core/election/trustee.h"
#include "veche/core/election/voter.h"
#include "veche/core/offices/payloads.h"
#include "veche/core/offices/state.h"
#include "veche/demo/builder.h"

namespace veche::demo {

namespace {

constexpr UnixMicros kYear = 365 * kDay;
constexpr UnixMicros kMinute = 60 * kSecond;
constexpr int kCertifiedPerCity = 3;
constexpr int kTrustees = 3;

// The offices' part of the demo: its own generators (so the other parts' draws stay as they were),
// the trustees and their secrets per election.
struct OfficesDemo {
  Builder& b;
  FakeRng votes{20261203};  // who votes and for whom: deterministic, and no secret
  FakeRng secret_rng;       // trustees' secrets and ballot nonces, from the demo's secret
  std::vector<crypto::SigningKey> trustees;
  std::map<std::string, std::vector<core::TrusteeSecrets>> secrets;  // election id -> per trustee
  std::map<int, std::vector<std::string>> certified;                 // city -> management-certified adults
  std::vector<std::string> lawyers;                                  // legal-certified adults
  std::set<core::TextHash> published;                                // promise texts waiting to be flushed

  explicit OfficesDemo(Builder& builder)
      : b(builder), secret_rng(SeedOf(builder.secrets.Derive("offices-rng", "demo"))) {
    for (int t = 1; t <= kTrustees; ++t) trustees.push_back(b.secrets.Key("office-trustee", std::to_string(t)));
  }
  static std::uint64_t SeedOf(const crypto::Sha256Digest& d) {
    std::uint64_t seed = 0;
    for (int i = 0; i < 8; ++i) seed = seed << 8 | d[i];
    return seed;
  }
  crypto::SigningKey Key(const std::string& citizen) const { return b.secrets.CitizenKey(citizen); }
  Status Tick(UnixMicros at) {
    b.clock.Set(std::max(at, b.clock.Now() + kSecond));
    return b.node.Tick().status();
  }
};

Status Certify(OfficesDemo& d, const crypto::SigningKey& school, const crypto::SigningKey& academy) {
  Builder& b = d.b;
  std::vector<int> count(kCities, 0);
  int issued = 0;
  for (const Citizen& c : b.citizens) {  // the first adults of each city, in the population's order
    if (!c.adult || count[c.city] >= kCertifiedPerCity) continue;
    const bool legal = count[c.city]++ == 2;
    const std::string id = "cert-" + std::to_string(++issued);
    b.feed.Add(core::RecordKind::kCertificateIssue,
               core::CertificateIssuePayload{id, c.id, legal ? "legal" : "management", b.start, b.start + 5 * kYear},
               legal ? academy : school);
    if (legal) {
      d.lawyers.push_back(c.id);
    } else if (issued != 2) {  // cert-2 is revoked below
      d.certified[c.city].push_back(c.id);
    }
  }
  b.feed.Add(core::RecordKind::kCertificateRevoke,
             core::CertificateRevokePayload{"cert-2", "the final examination was found to have been copied"}, school);
  b.Say("demo: training bodies and " + std::to_string(issued) + " certificates");
  return OkStatus();
}

// Two of the Novgorod works' members, certified for management (joining it first if too few are).
std::vector<std::string> NovgorodWorkers(OfficesDemo& d, const crypto::SigningKey& school) {
  Builder& b = d.b;
  std::vector<std::string> workers;
  for (const Citizen& c : b.citizens) {
    const std::vector<std::string>& mayors = d.certified[0];
    if (c.city != 0 || !c.adult || workers.size() == 2 || std::count(mayors.begin(), mayors.end(), c.id) ||
        std::count(d.lawyers.begin(), d.lawyers.end(), c.id)) {
      continue;
    }
    const bool member = b.node.ReadState(
        [&](const core::State& s) { return s.citizens.at(c.id).collectives.count("novgorod-works") > 0; });
    if (!member) {
      b.feed.Add(core::RecordKind::kCitizenJoinCollective, core::CitizenCollectivePayload{c.id, "novgorod-works"},
                 d.Key(c.id));
      b.feed.Add(core::RecordKind::kMembershipConfirm, core::CitizenCollectivePayload{c.id, "novgorod-works"},
                 b.registrar);
    }
    b.feed.Add(core::RecordKind::kCertificateIssue,
               core::CertificateIssuePayload{"cert-works-" + c.id, c.id, "management", b.start, b.start + 5 * kYear},
               school);
    workers.push_back(c.id);
  }
  return workers;
}

void CreateOffices(Builder& b) {
  for (int c = 0; c < kCities; ++c) {
    const Place& city = kPlaces[kFirstCity + c];
    b.feed.Add(core::RecordKind::kOfficeCreate,
               core::OfficeCreatePayload{std::string("mayor-") + city.id, std::string("Mayor of ") + city.name, city.id,
                                         "", 0, "management"},
               b.authority);
    b.feed.Add(core::RecordKind::kOfficeCreate,
               core::OfficeCreatePayload{std::string("director-") + city.id + "-works",
                                         std::string("Director of ") + city.name + " Works", city.id,
                                         std::string(city.id) + "-works", 5, "management"},
               b.authority);
  }
  b.feed.Add(core::RecordKind::kOfficeCreate,
             core::OfficeCreatePayload{"minister-of-justice", "Minister of Justice", "union", "", 0, "legal"},
             b.authority);
}

// Enough of the office's electorate sign the nomination, the nominee's own signature counting.
void Gather(OfficesDemo& d, const std::string& office, const std::string& contest, const std::string& nomination,
            const std::string& nominee) {
  d.b.node.ReadState([&](const core::State& s) {
    const core::Office& o = s.offices.at(office);
    std::uint64_t needed = s.contests.at(contest).signatures_needed;
    for (const Citizen& c : d.b.citizens) {
      if (needed <= 1) break;
      const core::Citizen& who = s.citizens.at(c.id);
      const bool in =
          o.collective.empty() ? s.InScope(o.territory, who.residence) : who.collectives.count(o.collective) > 0;
      if (c.id == nominee || !c.adult || !in) continue;
      d.b.feed.Add(core::RecordKind::kNominationSign, core::IdPayload{nomination}, d.Key(c.id));
      --needed;
    }
  });
}

// The nominee files their own nomination, gathers its signatures and stands with two promises,
// which they publish first.
void Stand(OfficesDemo& d, const std::string& office, const std::string& contest, const std::string& citizen,
           const std::string& what) {
  const std::string nomination = office + "-" + citizen;
  const crypto::SigningKey key = d.Key(citizen);
  d.b.feed.Add(core::RecordKind::kNominationFile, core::NominationFilePayload{nomination, contest, citizen}, key);
  Gather(d, office, contest, nomination, citizen);
  std::vector<core::TextHash> promises;
  for (const std::string& text : {"I will " + what + ".", std::string("I will publish a monthly report of my work.")}) {
    const core::TextHash hash = core::TextHashOf(text);
    const bool on_log = d.b.node.ReadState([&](const core::State& s) { return s.texts.count(hash) > 0; });
    if (!on_log && d.published.insert(hash).second) d.b.feed.Add(core::RecordKind::kText, core::TextPayload{text}, key);
    promises.push_back(core::TextHashOf(text));
  }
  d.b.feed.Add(core::RecordKind::kCandidacyFile, core::CandidacyFilePayload{contest, nomination, promises}, key);
}

std::string ContestOf(Builder& b, const std::string& office) {
  return b.node.ReadState([&](const core::State& s) { return s.offices.at(office).contest; });
}

// The trustees' part in every office election: commit and reveal in keygen (all three), a
// decryption share once counting (the first two).
Status TrusteeDuties(OfficesDemo& d) {
  return d.b.node.ReadState([&](const core::State& s) -> Status {
    for (const auto& [id, el] : s.elections) {
      if (!s.contest_of_election.count(id)) continue;
      if (el.status == core::ElectionStatus::kKeygen && !el.trustees[0].commit) {
        std::vector<core::TrusteeSecrets>& sec = d.secrets[id];
        for (int t = 0; t < kTrustees; ++t)
          sec.push_back(core::GenerateTrusteeSecrets(el.spec.threshold, d.secret_rng));
        for (std::uint32_t t = 1; t <= kTrustees; ++t) {
          VECHE_ASSIGN_OR_RETURN(auto p, core::MakeTrusteeCommit(s, id, t, sec[t - 1], d.secret_rng));
          d.b.feed.Add(core::RecordKind::kTrusteeCommit, p, d.trustees[t - 1]);
        }
      } else if (el.status == core::ElectionStatus::kCounting && !el.trustees[0].decryption) {
        for (std::uint32_t t = 1; t <= 2; ++t) {
          VECHE_ASSIGN_OR_RETURN(auto p, core::MakeDecryptionShare(s, id, t, d.secrets.at(id)[t - 1], d.secret_rng));
          d.b.feed.Add(core::RecordKind::kDecryptionShare, p, d.trustees[t - 1]);
        }
      }
    }
    return OkStatus();
  });
}

// Reveals follow every commit of an election: a second pass once the commits are in.
Status TrusteeReveals(OfficesDemo& d) {
  return d.b.node.ReadState([&](const core::State& s) -> Status {
    for (const auto& [id, el] : s.elections) {
      if (!s.contest_of_election.count(id) || el.status != core::ElectionStatus::kKeygen || el.trustees[0].reveal)
        continue;
      for (std::uint32_t t = 1; t <= kTrustees; ++t) {
        VECHE_ASSIGN_OR_RETURN(auto p, core::MakeTrusteeReveal(s, id, t, d.secrets.at(id)[t - 1], d.secret_rng));
        d.b.feed.Add(core::RecordKind::kTrusteeReveal, p, d.trustees[t - 1]);
      }
    }
    return OkStatus();
  });
}

Status KeyCeremony(OfficesDemo& d) {
  VECHE_RETURN_IF_ERROR(TrusteeDuties(d));
  VECHE_RETURN_IF_ERROR(d.b.feed.Flush());
  VECHE_RETURN_IF_ERROR(TrusteeReveals(d));
  return d.b.feed.Flush();
}

// Some of the electorate of each voting office election cast a ballot, each for a candidate drawn
// with the weights given for that office (equal weights when none is given).
Status CastBallots(OfficesDemo& d, const std::map<std::string, std::vector<int>>& weights) {
  Builder& b = d.b;
  return b.node.ReadState([&](const core::State& s) -> Status {
    for (const auto& [id, el] : s.elections) {
      if (!s.contest_of_election.count(id) || el.status != core::ElectionStatus::kVoting) continue;
      const std::string& office = s.contests.at(s.contest_of_election.at(id)).office;
      auto w = weights.find(office);
      // Turnout: 12% of a territory, 70% of a workers' collective, and never fewer than five.
      const std::uint64_t turnout = s.offices.at(office).collective.empty() ? 12 : 70;
      size_t asked = 0;
      for (const std::string& voter : el.electorate) {
        if ((asked++ >= 5 && d.votes.Uniform(100) >= turnout) || !s.citizens.at(voter).key) continue;
        std::vector<std::uint8_t> marks(el.spec.options.size(), 0);
        int total = 0;
        for (size_t i = 0; i < marks.size(); ++i) total += w == weights.end() ? 1 : w->second.at(i);
        int draw = static_cast<int>(d.votes.Uniform(total));
        for (size_t i = 0; i < marks.size(); ++i) {
          draw -= w == weights.end() ? 1 : w->second.at(i);
          if (draw < 0) {
            marks[i] = 1;
            break;
          }
        }
        const crypto::SigningKey key = d.Key(voter);
        VECHE_ASSIGN_OR_RETURN(auto ballot,
                               core::MakeBallot(s, id, core::KeyBytes(key.public_key()), marks, d.secret_rng));
        b.feed.Add(core::RecordKind::kBallot, ballot, key);
      }
    }
    return OkStatus();
  });
}

// One round of every office election called: the key made, the vote opened a day later, ballots,
// the close three days after, the shares, the results; then what the results make due.
Status VotingRound(OfficesDemo& d, const std::map<std::string, std::vector<int>>& weights) {
  VECHE_RETURN_IF_ERROR(KeyCeremony(d));
  VECHE_RETURN_IF_ERROR(d.Tick(d.b.clock.Now() + kDay + kMinute));
  VECHE_RETURN_IF_ERROR(CastBallots(d, weights));
  VECHE_RETURN_IF_ERROR(d.b.feed.Flush());
  VECHE_RETURN_IF_ERROR(d.Tick(d.b.clock.Now() + 3 * kDay + kMinute));
  VECHE_RETURN_IF_ERROR(TrusteeDuties(d));
  VECHE_RETURN_IF_ERROR(d.b.feed.Flush());
  return d.Tick(d.b.clock.Now() + kMinute);
}

// A meeting, open for two days, of the first collective with two adult members besides the
// nominees, on nominating one of them; every other member has voted.
Status OpenMeeting(OfficesDemo& d, const std::string& contest, const std::vector<std::string>& nominees) {
  Builder& b = d.b;
  const auto [collective, members] = b.node.ReadState([&](const core::State& s) {
    for (const auto& [id, all] : s.members_of) {
      std::vector<std::string> adults;
      for (const std::string& m : all) {
        const core::Citizen& c = s.citizens.at(m);
        if (c.majority_date <= s.clock && c.key && std::count(nominees.begin(), nominees.end(), m) == 0)
          adults.push_back(m);
      }
      if (adults.size() >= 2) return std::pair{id, adults};
    }
    return std::pair{std::string(), std::vector<std::string>{}};
  });
  if (collective.empty()) return OkStatus();
  const std::string id = "ombudsman-" + collective;
  b.feed.Add(core::RecordKind::kMeetingOpen,
             core::MeetingOpenPayload::Nominating(id, collective, contest, members[1], 2), d.Key(members[0]));
  for (size_t i = 0; i < members.size(); i += 2) {
    const core::VoteChoice choice = i % 4 == 0 ? core::VoteChoice::kYes : core::VoteChoice::kNo;
    b.feed.Add(core::RecordKind::kMeetingVote, core::MeetingVotePayload{id, choice}, d.Key(members[i]));
  }
  return b.feed.Flush();
}

// Some of the electorate of every open roll-call round vote, each for an option drawn at random.
void CastOpenVotes(OfficesDemo& d) {
  d.b.node.ReadState([&](const core::State& s) {
    for (const auto& [id, c] : s.contests) {
      if (!c.open || c.stage != core::ContestStage::kVoting || c.open_rounds.empty()) continue;
      const core::Office& o = s.offices.at(c.office);
      const std::vector<std::string>& options = c.open_rounds.back().options;
      for (const Citizen& voter : d.b.citizens) {
        const core::Citizen& who = s.citizens.at(voter.id);
        const bool in =
            !who.removed && who.key && who.majority_date <= s.clock && s.InScope(o.territory, who.residence);
        if (!in || d.votes.Uniform(100) >= 40) continue;
        d.b.feed.Add(core::RecordKind::kOfficeVote,
                     core::OfficeVotePayload{id, options[d.votes.Uniform(options.size())]}, d.Key(voter.id));
      }
    }
  });
}

}  // namespace

Status AddOffices(Builder& b) {
  OfficesDemo d(b);
  const crypto::SigningKey school = b.secrets.Key("training-body", "cadres");
  const crypto::SigningKey academy = b.secrets.Key("training-body", "law");
  b.feed.Add(core::RecordKind::kTrainingBodyAccredit,
             core::TrainingBodyAccreditPayload{core::KeyBytes(school.public_key()),
                                               "cadres",
                                               "Union School of Cadres",
                                               "union",
                                               {"management", "political"}},
             b.authority);
  b.feed.Add(core::RecordKind::kTrainingBodyAccredit,
             core::TrainingBodyAccreditPayload{
                 core::KeyBytes(academy.public_key()), "law", "Novgorod Law Academy", "novgorod-republic", {"legal"}},
             b.authority);
  VECHE_RETURN_IF_ERROR(Certify(d, school, academy));
  const std::vector<std::string> workers = NovgorodWorkers(d, school);
  core::TrusteeRollSetPayload roll{"union", "", 2, {}};
  for (const crypto::SigningKey& t : d.trustees) roll.trustees.push_back(core::KeyBytes(t.public_key()));
  b.feed.Add(core::RecordKind::kTrusteeRollSet, roll, b.authority);
  CreateOffices(b);
  VECHE_RETURN_IF_ERROR(b.feed.Flush());
  VECHE_RETURN_IF_ERROR(d.Tick(b.clock.Now() + kMinute));  // every office is vacant: contests open

  for (int c = 0; c < kCities; ++c) {
    const std::string office = std::string("mayor-") + kPlaces[kFirstCity + c].id;
    const std::string contest = ContestOf(b, office);
    const std::vector<std::string>& people = d.certified[c];
    for (size_t i = 0; i < people.size() && i < 2; ++i) {
      Stand(d, office, contest, people[i],
            i == 0 ? "repair every road of the city" : "open a library in every district");
    }
  }
  const char* minister_plans[] = {"publish every court's decisions", "halve the time a case waits",
                                  "open legal aid offices in every region"};
  for (size_t i = 0; i < d.lawyers.size() && i < 3; ++i) {
    Stand(d, "minister-of-justice", ContestOf(b, "minister-of-justice"), d.lawyers[i], minister_plans[i]);
  }
  const std::string works = ContestOf(b, "director-novgorod-works");
  for (size_t i = 0; i < workers.size(); ++i) {
    Stand(d, "director-novgorod-works", works, workers[i], i == 0 ? "modernise the foundry" : "open the books monthly");
  }
  VECHE_RETURN_IF_ERROR(b.feed.Flush());
  b.Say("demo: mayors, a minister and a director nominated");

  VECHE_RETURN_IF_ERROR(d.Tick(b.clock.Now() + 3 * kDay + kMinute));  // nominations close: elections are called
  // Round one; the minister's vote splits three ways, so a runoff follows.
  VECHE_RETURN_IF_ERROR(VotingRound(d, {{"minister-of-justice", {40, 35, 25}}}));
  VECHE_RETURN_IF_ERROR(VotingRound(d, {{"minister-of-justice", {45, 55}}}));
  b.Say("demo: mayors, the Minister of Justice and the director of the Novgorod works elected");
  return OkStatus();
}

Status AddOfficeInNomination(Builder& b) {
  // Now: the union's ombudsman, two candidates from two collectives, signatures still coming in.
  OfficesDemo d(b);
  b.feed.Add(core::RecordKind::kOfficeCreate,
             core::OfficeCreatePayload{"ombudsman", "Ombudsman of the Union", "union", "", 0, ""}, b.authority);
  VECHE_RETURN_IF_ERROR(b.feed.Flush());
  VECHE_RETURN_IF_ERROR(d.Tick(b.clock.Now() + kMinute));
  const std::string contest = ContestOf(b, "ombudsman");
  // The first adult, bound member of each of the first two collectives that have one.
  const std::vector<std::string> nominees = b.node.ReadState([&](const core::State& s) {
    std::vector<std::string> out;
    for (const auto& [collective, members] : s.members_of) {
      for (const std::string& id : members) {
        const core::Citizen& c = s.citizens.at(id);
        if (out.size() < 2 && c.majority_date <= s.clock && c.key && std::count(out.begin(), out.end(), id) == 0) {
          out.push_back(id);
          break;
        }
      }
    }
    return out;
  });
  for (size_t i = 0; i < nominees.size(); ++i) {
    Stand(d, "ombudsman", contest, nominees[i], i == 0 ? "answer every complaint within a week" : "visit every city");
  }
  VECHE_RETURN_IF_ERROR(b.feed.Flush());
  VECHE_RETURN_IF_ERROR(OpenMeeting(d, contest, nominees));
  CastOpenVotes(d);
  VECHE_RETURN_IF_ERROR(b.feed.Flush());
  b.Say("demo: the ombudsman's contest is in nomination, and a collective's meeting votes on a third candidate");
  return OkStatus();
}

}  // namespace veche::demo
