// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Direct legislation's part of the state: published texts, measures with their running counts and
// roll calls, initiatives, sessions with the electorate fixed at their opening, each territory's
// People's Assembly, and the laws in force. Its digest sections and snapshot items are listed once
// in state.cc (core/state_fields.h).

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "veche/core/legislation/payloads.h"

namespace veche::core {

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

// A citizen's counted vote on a measure, and when they signed it: a later vote must be signed
// later (author times increase per voter and measure), so the node cannot pick which counts.
struct CastVote {
  VoteChoice choice = VoteChoice::kYes;
  UnixMicros signed_at = 0;
};

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
  std::map<std::string, CastVote> votes;
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

struct LegislationState {
  std::map<TextHash, std::uint64_t> texts;  // published text -> the log index of its text record
  std::map<std::string, Measure> measures;
  std::map<std::string, Initiative> initiatives;
  std::map<SessionKey, Session> sessions;
  std::map<std::string, Assembly> assemblies;
  std::map<std::string, Law> laws;
};

// The sections texts, measures, initiatives, sessions, assemblies and laws, for the visitors of
// core/state_fields.h (instantiated for DigestWriter, StreamWriter and StreamReader).
template <typename V, typename S>
void VisitLegislationSections(V& v, S& state);

}  // namespace veche::core
