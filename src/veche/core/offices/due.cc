// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/core/offices/due.h"

#include <algorithm>

#include "veche/core/election/due.h"
#include "veche/core/legislation/rules.h"
#include "veche/core/rules.h"

namespace veche::core {

using namespace rules;

namespace {

DueRecord Due(RecordKind kind, const std::string& id, std::uint32_t step) {
  return DueRecord{kind, EncodePayload(OfficeStepPayload{id, step})};
}

std::optional<DueRecord> DueContestRecord(const State& s, const Office& o, const std::string& id) {
  const Contest& c = s.contests.at(id);
  switch (c.stage) {
    case ContestStage::kNominating:
      if (s.clock < c.nominations_close_at) return std::nullopt;
      if (c.candidates.empty() && c.extended)
        return Due(RecordKind::kNominationsClose, id, 2);  // fails: no roll needed
      if (!CharterOf(s, o.territory).open_elections && !RollFor(s, o) && (c.extended || c.candidates.size() >= 2)) {
        return std::nullopt;  // an election is due, and nobody keeps its trustees yet
      }
      return Due(RecordKind::kNominationsClose, id, c.extended ? 2 : 1);
    case ContestStage::kVoting: {
      if (c.open) {
        if (s.clock < c.voting_closes_at) return std::nullopt;
      } else if (const Election& el = s.elections.at(c.elections.back()); !el.result && !ElectionFailure(s, el)) {
        return std::nullopt;
      }
      return Due(RecordKind::kContestDecide, id, static_cast<std::uint32_t>(c.Rounds()));
    }
    default: return std::nullopt;
  }
}

}  // namespace

const TrusteeRoll* RollFor(const State& s, const Office& o) {
  if (!o.collective.empty()) {
    if (auto it = s.trustee_rolls.find(RollKey(o.territory, o.collective)); it != s.trustee_rolls.end())
      return &it->second;
  }
  // Territories form a tree, each created under a live parent: the walk ends at the root.
  for (std::string t = o.territory; !t.empty(); t = s.territories.at(t).parent) {
    if (auto it = s.trustee_rolls.find(RollKey(t, "")); it != s.trustee_rolls.end()) return &it->second;
  }
  return nullptr;
}

std::optional<DueRecord> DueOfficeRecord(const State& s, const std::string& id) {
  auto it = s.offices.find(id);
  if (it == s.offices.end() || it->second.abolished) return std::nullopt;
  const Office& o = it->second;
  const Tenure* holder = o.Holder();
  const auto tenures = static_cast<std::uint32_t>(o.tenures.size());
  if (holder && s.clock >= holder->until) return Due(RecordKind::kTermEnd, id, tenures);
  if (o.contest.empty()) {
    if (!holder || s.clock >= holder->next_contest_at) {
      auto contests = s.contests_of_office.find(id);
      const size_t held = contests == s.contests_of_office.end() ? 0 : contests->second.size();
      return Due(RecordKind::kNominationOpen, id, static_cast<std::uint32_t>(held + 1));
    }
    return std::nullopt;
  }
  const Contest& c = s.contests.at(o.contest);
  if (c.stage == ContestStage::kDecided) {
    if (holder) return std::nullopt;
    return Due(RecordKind::kOfficeSeat, id, tenures + 1);
  }
  return DueContestRecord(s, o, o.contest);
}

std::vector<DueRecord> DueOfficeRecords(const State& s) {
  std::vector<DueRecord> out;
  for (const auto& [at, id] : s.office_deadlines) {
    if (at > s.clock) break;
    if (std::optional<DueRecord> due = DueOfficeRecord(s, id)) out.push_back(std::move(*due));
  }
  return out;
}

namespace {

struct Standing {
  std::string citizen;
  std::uint64_t votes = 0;
  size_t filed = 0;  // filing order: the tie rule's
};

// Candidates by votes, most first; equal votes in filing order.
std::vector<Standing> Standings(const Contest& c, const std::vector<std::string>& options,
                                const std::vector<std::uint64_t>& counts) {
  std::vector<Standing> out;
  for (size_t i = 0; i < options.size(); ++i) {
    size_t filed = 0;
    while (filed < c.candidates.size() && c.candidates[filed].citizen != options[i]) ++filed;
    out.push_back(Standing{options[i], counts[i], filed});
  }
  std::stable_sort(out.begin(), out.end(), [](const Standing& a, const Standing& b) {
    return a.votes != b.votes ? a.votes > b.votes : a.filed < b.filed;
  });
  return out;
}

// The last round's options, counts and number of ballots (or open votes) cast.
ContestDecision DecideRound(const State& s, const Contest& c, const std::vector<std::string>& options,
                            const std::vector<std::uint64_t>& counts, std::uint64_t ballots) {
  if (c.confirmation) {
    if (counts[0] > counts[1]) return ContestDecision{c.candidates.front().citizen, {}, "confirmed by a yes/no vote"};
    return ContestDecision{{},
                           {},
                           "the only candidate was not confirmed (" + std::to_string(counts[0]) + " yes, " +
                               std::to_string(counts[1]) + " no)"};
  }
  if (ballots == 0) return ContestDecision{{}, {}, "no ballots were cast"};
  const std::vector<Standing> standing = Standings(c, options, counts);
  const bool runoff_round = c.Rounds() >= 2;
  const bool majority = standing[0].votes * 2 > ballots;
  const bool two_round = s.territories.at(s.offices.at(c.office).territory).charter.runoff;
  if (majority) return ContestDecision{standing[0].citizen, {}, "a majority of the ballots"};
  if (runoff_round) return ContestDecision{standing[0].citizen, {}, "the most votes in the runoff"};
  if (!two_round) return ContestDecision{standing[0].citizen, {}, "the most votes"};
  return ContestDecision{{}, {standing[0].citizen, standing[1].citizen}, "no majority: a runoff between the first two"};
}

}  // namespace

std::string RunnerUp(const State& s, const Contest& c, const std::string& winner) {
  if (c.confirmation || c.Rounds() == 0) return "";
  std::vector<std::string> options;
  std::vector<std::uint64_t> counts;
  if (c.open) {
    options = c.open_rounds.back().options;
    counts = c.open_rounds.back().Counts();
  } else {
    const Election& el = s.elections.at(c.elections.back());
    if (!el.result) return "";
    options = el.spec.options;
    counts = el.result->counts;
  }
  for (const Standing& st : Standings(c, options, counts)) {
    if (st.citizen == winner || st.votes == 0) continue;
    auto citizen = s.citizens.find(st.citizen);
    if (citizen != s.citizens.end() && !citizen->second.removed) return st.citizen;
  }
  return "";
}

Result<ContestDecision> DecideContest(const State& s, const Contest& c) {
  if (c.stage != ContestStage::kVoting) return Conflict("the contest is not voting");
  if (c.open) {
    const OpenRound& round = c.open_rounds.back();
    return DecideRound(s, c, round.options, round.Counts(), round.votes.size());
  }
  const Election& el = s.elections.at(c.elections.back());
  if (std::optional<std::string> failure = ElectionFailure(s, el)) return ContestDecision{{}, {}, *failure};
  if (!el.result) return Conflict("election '" + el.spec.id + "' has no result yet");
  return DecideRound(s, c, el.spec.options, el.result->counts, el.ballots.size());
}

}  // namespace veche::core
