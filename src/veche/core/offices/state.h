// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The offices' part of the state: training bodies, the qualification certificates they issued,
// and the offices of territories and collectives. Its digest sections and snapshot items are
// listed once in state.cc (core/state_fields.h).

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "veche/core/offices/payloads.h"

namespace veche::core {

struct TrainingBody {
  std::string id, name, territory;
  std::set<std::string> classes;
  bool active = true;
};

struct Certificate {
  std::string citizen, certificate_class;
  PublicKeyBytes issuer{};  // the training body's key
  UnixMicros valid_from = 0, valid_until = 0;
  std::optional<std::string> revoked;  // the published reason, once revoked
  bool ValidAt(UnixMicros t) const { return !revoked && valid_from <= t && t < valid_until; }
};

// One holder's time in an office. The last tenure of an office is its holder's while `ended` is
// empty.
struct Tenure {
  std::string citizen, contest;  // contest: the one that seated them
  UnixMicros from = 0, until = 0;
  UnixMicros next_contest_at = 0;  // when the election of the successor opens (until - lead days)
  std::string ended;               // "", "term", "resigned", "abolished", "removed"
  UnixMicros ended_at = 0;
};

struct Office {
  std::string title, territory, collective;  // collective empty: a post of the territory
  std::uint8_t term_years = 0;               // the term in force (the charter's when created with 0)
  std::string required_class;                // empty: none
  bool abolished = false;
  UnixMicros vacant_since = 0;  // when it last became vacant (its creation at first)
  std::vector<Tenure> tenures;  // oldest first
  std::string contest;          // the contest filling it now, if any

  // The current holder's tenure, or nullptr while vacant.
  const Tenure* Holder() const;
};

enum class ContestStage : std::uint8_t {
  kNominating = 1,  // nominations and candidacies until nominations_close_at
  kVoting = 2,      // its last election (round 1, a runoff or a confirmation) runs
  kDecided = 3,     // a winner waits to be seated
  kSeated = 4,
  kFailed = 5,     // nobody was elected; the office opens a new contest
  kCancelled = 6,  // the office was abolished
};
const char* ContestStageName(ContestStage stage);

// A candidacy filed by a nominee: its promise checklist is frozen from filing.
struct Candidacy {
  std::string citizen, nomination;
  std::vector<TextHash> promises;
  UnixMicros filed_at = 0;
};

// A round voted in the open, by roll call (the charter's open_elections), instead of a secret
// election.
struct OpenRound {
  std::vector<std::string> options;            // candidates' citizen ids, or "yes" and "no"
  std::map<std::string, std::uint32_t> votes;  // citizen -> option index; a later vote replaces
  std::vector<std::uint64_t> Counts() const;
};

// One filling of an office: nominations, candidacies, the elections held and the outcome.
struct Contest {
  std::string office;
  ContestStage stage = ContestStage::kNominating;
  UnixMicros opened_at = 0, nominations_close_at = 0;
  bool extended = false;                // the nomination period was extended once
  bool confirmation = false;            // its last election is a single candidate's yes/no vote
  std::uint64_t signatures_needed = 1;  // for a citizens' nomination, fixed at the opening
  std::vector<Candidacy> candidates;    // in filing order (the tie rule's order)
  std::vector<std::string> elections;   // in the order held (secret rounds)
  bool open = false;                    // its rounds are open roll calls (open_rounds), not elections
  std::vector<OpenRound> open_rounds;   // in the order held
  size_t Rounds() const { return open ? open_rounds.size() : elections.size(); }
  UnixMicros voting_closes_at = 0;  // of the last election
  std::string winner;               // once decided
  std::string outcome;              // how it was decided or why it failed
};

// A nomination: a citizens' one counts once its signers reach the contest's signatures_needed; a
// collective's (made by its meeting, `collective` set, no signers) counts as it is.
struct Nomination {
  std::string contest, nominee;
  std::set<std::string> signers;  // the filer first among them
  std::string collective;         // the collective whose meeting nominated, or empty
  bool Counts(const Contest& c) const { return !collective.empty() || signers.size() >= c.signatures_needed; }
};

// A collective's open meeting on one motion: to nominate `nominee` in `contest`.
struct Meeting {
  std::string collective;
  MeetingSubject subject = MeetingSubject::kNomination;
  std::string contest, nominee;  // a nomination's
  OfficeMotion office;           // an office motion's
  std::string opener;
  UnixMicros opened_at = 0, closes_at = 0;
  std::set<std::string> electorate;         // its adult confirmed members at the opening
  std::map<std::string, VoteChoice> votes;  // each member's last vote, public
  bool closed = false;
  std::string outcome;  // once closed: "adopted", "no-quorum" or "no-majority"
  // Adopted, and it took effect: the nomination was made while the contest took nominations, or
  // the post was created or abolished (it lapses if the motion no longer could be put).
  bool took_effect = false;
  choice::Count Count() const;  // its votes so far
};

// A standing list of trustees for the elections of a territory's or a collective's offices.
struct TrusteeRoll {
  std::uint8_t threshold = 1;
  std::vector<PublicKeyBytes> trustees;
};

struct OfficesState {
  std::map<PublicKeyBytes, TrainingBody> training_bodies;
  std::map<std::string, Certificate> certificates;
  std::map<std::string, Office> offices;
  std::map<std::string, Contest> contests;  // "contest-<n>", n from 1 in opening order
  std::map<std::string, Nomination> nominations;
  // Keyed by the collective's id for a collective's roll, else by "/" + the territory's id.
  std::map<std::string, TrusteeRoll> trustee_rolls;
  std::map<std::string, Meeting> meetings;
  // The powers granted to offices: their holders, while holding them, may sign what they cover.
  std::map<std::string, std::set<Power>> office_powers;

  // Derived (not part of the digest): the contest of each election one held, by election id;
  // each office's contests in opening order; each contest's nominations.
  std::map<std::string, std::string> contest_of_election;
  std::map<std::string, std::vector<std::string>> contests_of_office;
  std::map<std::string, std::set<std::string>> nominations_of_contest;
  // Derived (not part of the digest): the deadline index. Each office with something that may
  // become due, at the earliest time it may; the node's tick reads only its due front.
  std::set<std::pair<UnixMicros, std::string>> office_deadlines;
  std::map<std::string, UnixMicros> deadline_of_office;
  // Derived (not part of the digest): the open meetings by closing time.
  std::set<std::pair<UnixMicros, std::string>> meeting_deadlines;
  // Put `office` in the index at its next deadline (or take it out); call after any change to it.
  void IndexOffice(const std::string& office);

  // Derived from `offices` (not part of the digest): the offices each citizen has held or holds.
  std::map<std::string, std::set<std::string>> offices_of_citizen;

  // Derived from `certificates` (not part of the digest): a citizen's certificates by id.
  std::map<std::string, std::set<std::string>> certificates_of;

  // True if `citizen` holds a certificate of `certificate_class`, not revoked, valid at `at`.
  bool HoldsCertificate(const std::string& citizen, const std::string& certificate_class, UnixMicros at) const;
};

// N of a contest id "contest-N" (0 for anything else).
size_t ContestNumber(const std::string& id);

// The roll key of a territory's or a collective's trustees (see trustee_rolls).
std::string RollKey(const std::string& territory, const std::string& collective);

// The sections training_bodies, certificates, offices, contests, nominations, trustee_rolls,
// meetings and office_powers, for the visitors of
// core/state_fields.h (instantiated for DigestWriter, StreamWriter and StreamReader). The reader also rebuilds the
// derived indexes.
template <typename V, typename S>
void VisitOfficesSections(V& v, S& state);

}  // namespace veche::core
