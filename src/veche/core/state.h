// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The projection: what the records say, folded in log order by Apply (apply.h). Pure data; a node
// keeps it in memory and rebuilds it by replay at start. Digest() is what observers compare.

#include <cstdint>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "veche/core/election.h"
#include "veche/core/legislation.h"
#include "veche/core/payloads.h"
#include "veche/core/record.h"

namespace veche::core {

struct Territory {
  std::string parent;  // empty for the root
  TerritoryKind kind = TerritoryKind::kCity;
  std::string name;
  Charter charter;
  bool dissolved = false;
};

struct Collective {
  std::string parent;  // empty for a top-level collective
  std::string territory;
  CollectiveKind kind = CollectiveKind::kWorkplace;
  std::string name;
  bool dissolved = false;
};

struct Registrar {
  std::string territory;
  bool active = true;
};

struct Citizen {
  std::string residence;
  UnixMicros majority_date = 0;
  UnixMicros consultative_date = 0;
  Commitment personal_data{};
  std::optional<PublicKeyBytes> key;  // bound by the citizen; absent until bound or after recovery
  PublicKeyBytes enrolment_key{};
  bool enrolment_pending = true;  // the enrolment key may still bind a citizen key
  std::set<std::string> collectives;
  std::optional<RemovalReason> removed;
};

// --- Direct legislation (legislation.h; rules in docs/formats/record.md) ---

struct LawVersion {
  TextHash text{};
  std::string measure;  // the measure that adopted this version
  UnixMicros adopted_at = 0;
};
struct Law {  // a law in force; its id is the id of the measure that first adopted it
  std::string territory, title;
  std::vector<LawVersion> versions;  // oldest first; the last is in force
};

enum class MeasureStatus : std::uint8_t { kPending = 1, kVoting = 2, kCounting = 3, kDecided = 4 };
const char* MeasureStatusName(MeasureStatus status);

struct Measure {
  MeasureSpec spec;
  bool from_initiative = false;
  MeasureStatus status = MeasureStatus::kPending;
  std::uint32_t session = 0;  // the number of spec.territory's session that votes on it (0: pending)
  choice::Rule rule;          // fixed from the charter in force when the session opened
  // Kept as votes arrive, so closing never recounts.
  choice::Count binding, consultative;
  std::vector<choice::Count> members;  // binding votes per member territory of the session
  // The roll call: citizen id -> last vote, in id order, so a page of it is a range (a hash map
  // made every roll-call page a scan of all votes: 1,000,000 votes, 1,000,000 steps per page).
  std::map<std::string, VoteChoice> votes;
  std::optional<MeasureResultPayload> result;
};

constexpr std::uint32_t kNoMember = 0xffffffff;
struct Voter {
  bool binding = true;               // false: a consultative vote
  std::uint32_t member = kNoMember;  // index into Session::members of the voter's member territory
};

struct Session {
  bool extraordinary = false;
  bool closed = false;
  UnixMicros opened_at = 0, closes_at = 0;
  std::vector<std::string> members;   // live child territories when the session opened
  std::vector<std::string> measures;  // the agenda
  // Fixed at opening: residents of the territory and below with a binding or consultative vote.
  std::unordered_map<std::string, Voter> electorate;
  std::uint64_t binding_electorate = 0, consultative_electorate = 0;
};
using SessionKey = std::pair<std::string, std::uint32_t>;  // territory, number

struct Initiative {
  MeasureSpec spec;
  std::string filer;                 // citizen id
  std::uint64_t threshold = 1;       // signatures needed, fixed when filed
  std::set<std::string> signatures;  // citizen ids, the filer's included
  bool qualified = false;            // reached the threshold: the measure of the same id exists
};

constexpr std::int64_t kNoMonth = INT64_MIN;  // Assembly::last_regular_month: no regular session yet

struct Assembly {                  // a territory's People's Assembly
  std::uint32_t sessions = 0;      // sessions held so far (the last one's number)
  std::uint32_t open_session = 0;  // its number while one is open, else 0
  // MonthIndex of the last regular session's opening, or kNoMonth. Kept as a month, not a
  // period, so a charter that changes sessions_per_year compares it in the new period's units.
  std::int64_t last_regular_month = kNoMonth;
  std::set<std::string> pending;    // measures waiting for the next session
  std::set<std::string> petitions;  // citizens petitioning for an extraordinary session
  std::string budget;               // the budget in force (a measure id), if any
};

// --- Secret ballots (election.h; rules in docs/formats/ballot.md) ---

enum class ElectionStatus : std::uint8_t { kKeygen = 1, kVoting = 2, kCounting = 3, kDecided = 4 };
const char* ElectionStatusName(ElectionStatus status);

struct Trustee {
  PublicKeyBytes key{};
  std::optional<TrusteeCommitPayload> commit;
  std::optional<TrusteeRevealPayload> reveal;
  bool disqualified = false;                           // a complaint proved one of its shares wrong
  std::set<std::uint8_t> complained;                   // dealers this trustee has complained about
  crypto::Point verification_key = crypto::kIdentity;  // VK_l, fixed at the opening (QUAL only)
  std::optional<DecryptionSharePayload> decryption;
};

struct CastBallot {  // a voter's last ballot
  std::array<std::uint8_t, 32> tracker{};
  std::vector<crypto::Ciphertext> options;
};

struct Election {
  ElectionDefinePayload spec;
  crypto::ElectionHash hash{};
  ElectionStatus status = ElectionStatus::kKeygen;
  std::vector<Trustee> trustees;  // index l - 1 for trustee l
  crypto::Point key = crypto::kIdentity;
  std::uint16_t qual = 0;
  std::set<std::string> electorate;           // fixed at the opening
  std::map<std::string, CastBallot> ballots;  // citizen id -> the ballot that counts
  // Kept as ballots arrive, decoded: the sum of `ballots`, per option. Tally() encodes it.
  std::vector<crypto::CiphertextSum> running_tally;
  std::vector<std::uint32_t> decryption_order;  // trustees in the order their shares arrived
  std::optional<ElectionResultPayload> result;

  std::vector<crypto::Ciphertext> Tally() const;
};

struct RecordIdHash {
  size_t operator()(const RecordId& id) const {
    size_t h;
    std::memcpy(&h, id.data(), sizeof h);
    return h;
  }
};

struct State {
  bool has_genesis = false;
  PublicKeyBytes node_key{};
  std::set<PublicKeyBytes> authorities;
  std::string root;
  std::map<std::string, Territory> territories;
  std::map<std::string, Collective> collectives;
  std::map<PublicKeyBytes, Registrar> registrars;
  std::map<std::string, Citizen> citizens;
  UnixMicros clock = 0;       // advanced only by clock records
  std::uint64_t records = 0;  // records applied

  std::map<TextHash, std::uint64_t> texts;  // published text -> the log index of its text record
  std::map<std::string, Measure> measures;
  std::map<std::string, Initiative> initiatives;
  std::map<SessionKey, Session> sessions;
  std::map<std::string, Assembly> assemblies;
  std::map<std::string, Law> laws;
  std::map<std::string, Election> elections;

  // Record id -> its index in the log (the "applied" section of the digest).
  std::unordered_map<RecordId, std::uint64_t, RecordIdHash> applied;
  // Derived from `citizens` (not part of the digest).
  std::map<PublicKeyBytes, std::string> citizen_by_key;
  // Derived from `citizens` (not part of the digest): per territory, its live residents (not
  // those of territories below it) counted by majority date, so counting adults costs the
  // number of distinct future majority dates, not the number of citizens.
  struct Residents {
    std::uint64_t total = 0;
    std::map<UnixMicros, std::uint64_t> by_majority_date;
  };
  std::unordered_map<std::string, Residents> residents;
  // Keep `residents` in step when a live citizen appears, leaves a territory or is removed.
  void AddResident(const Citizen& c);
  void RemoveResident(const Citizen& c);
  // Live residents of `territory` itself whose majority date has come by the state's clock.
  std::uint64_t AdultResidentsOf(const std::string& territory) const;

  // One digest per section (meta, territories, collectives, registrars, citizens, texts, measures,
  // initiatives, sessions, assemblies, laws, elections, applied), each
  // over the canonical encoding of that part in sorted order: observers use them to say where two
  // states differ. Layout in docs/formats/record.md.
  std::vector<std::pair<std::string, crypto::Sha256Digest>> SectionDigests() const;
  // SHA-256 over the section names and digests: the one value nodes and observers compare.
  crypto::Sha256Digest Digest() const { return CombineSections(SectionDigests()); }
  static crypto::Sha256Digest CombineSections(
      const std::vector<std::pair<std::string, crypto::Sha256Digest>>& sections);

  // True if `territory` is `scope` or lies below it.
  bool InScope(const std::string& scope, const std::string& territory) const;
};

}  // namespace veche::core
