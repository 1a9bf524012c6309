// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/core/accountability/rules.h"

#include <algorithm>

#include "veche/core/legislation/rules.h"
#include "veche/core/offices/due.h"
#include "veche/core/offices/rules.h"
#include "veche/core/rules.h"

namespace veche::core {

using namespace rules;

namespace {

std::uint32_t Today(const State& s) {
  return static_cast<std::uint32_t>(s.clock / kMicrosPerDay);
}

// The office with a holder, for a rating or a statement.
Result<const Office*> HeldOffice(const State& s, const std::string& id) {
  auto it = s.offices.find(id);
  if (it == s.offices.end() || it->second.abolished) return Conflict("office '" + id + "' does not exist");
  if (!it->second.Holder()) return Conflict("office '" + id + "' has no holder");
  return &it->second;
}

// The office's ratings, started afresh when its holder is not the one they rate.
HolderRatings& RatingsOf(State& s, const std::string& office, const std::string& holder) {
  HolderRatings& r = s.holder_ratings[office];
  if (r.holder != holder) {
    r = HolderRatings{};
    r.holder = holder;
    r.evaluated_day = Today(s);
  }
  return r;
}

void Count(HolderRatings& r, bool approves, int by) {
  std::uint64_t& count = approves ? r.approvals : r.disapprovals;
  count = by > 0 ? count + 1 : count - 1;
}

// Below the recall threshold: enough raters, and approval under it.
bool Below(const HolderRatings& r, const Charter& charter) {
  return r.Raters() >= charter.recall_min_raters && r.approvals * 1000 < charter.recall_threshold_permille * r.Raters();
}

// Closes days up to `day` for one holder; false if the office was vacated (the entry is then gone).
bool CloseDays(State& s, const std::string& office, HolderRatings& r, std::uint32_t day) {
  const std::uint32_t days = day - r.evaluated_day;
  r.evaluated_day = day;
  const RatingSnapshot now{day, r.approvals, r.disapprovals};
  if (r.history.empty() || r.history.back().approvals != now.approvals ||
      r.history.back().disapprovals != now.disapprovals) {
    r.history.push_back(now);
  }
  Office& o = s.offices.at(office);
  const Charter& charter = CharterOf(s, o.territory);
  if (r.Suspended()) {
    if (day < r.grace_until_day) return true;
    if (r.Raters() > 0 && r.approvals * 1000 >= charter.restore_threshold_permille * r.Raters()) {
      r.suspended_day = r.grace_until_day = r.days_below = 0;  // restored
      r.acting.clear();
      return true;
    }
    EndTenure(s, o, "recalled");
    s.IndexOffice(office);  // the by-election is due at once
    return false;
  }
  r.days_below = Below(r, charter) ? r.days_below + days : 0;
  if (r.days_below >= charter.recall_period_days) {
    r.suspended_day = day;
    r.grace_until_day = day + charter.grace_period_days;
    auto seated_by = s.contests.find(o.Holder()->contest);  // always there for a seated holder
    r.acting = seated_by == s.contests.end() ? "" : RunnerUp(s, seated_by->second, r.holder);
  }
  return true;
}

// The item's reports in the current tenure of office `id`, or null if none.
const std::vector<PromiseReport>* ReportsOf(const State& s, const std::string& id, const Office& o, std::uint8_t item) {
  return ReportsOf(s, id, o.tenures.size() - 1, item);
}

// The item is one of the current holder's promises.
Status CheckItem(const State& s, const Office& o, std::uint8_t item) {
  const size_t n = PromisesOf(s, o, o.tenures.size() - 1).size();
  if (item >= n) {
    return InvalidArgumentError("the holder's checklist has " + std::to_string(n) + " promises; there is no item " +
                                std::to_string(item));
  }
  return OkStatus();
}

}  // namespace

const std::vector<TextHash>& PromisesOf(const State& s, const Office& o, size_t tenure) {
  static const std::vector<TextHash> kNone;
  const Tenure& t = o.tenures.at(tenure);
  auto contest = s.contests.find(t.contest);
  if (contest == s.contests.end()) return kNone;
  for (const Candidacy& c : contest->second.candidates) {
    if (c.citizen == t.citizen) return c.promises;
  }
  return kNone;
}

const std::vector<PromiseReport>* ReportsOf(const State& s, const std::string& id, size_t tenure, std::uint8_t item) {
  auto reported = s.promises.find({id, static_cast<std::uint32_t>(tenure)});
  if (reported == s.promises.end()) return nullptr;
  auto reports = reported->second.reports.find(item);
  return reports == reported->second.reports.end() ? nullptr : &reports->second;
}

PromiseOutcome PromiseOutcomeOf(const State& s, const std::string& id, const Office& o, size_t tenure,
                                std::uint8_t item) {
  const bool ended = tenure + 1 < o.tenures.size() || !o.Holder();
  return OutcomeOf(ReportsOf(s, id, tenure, item), ended, DisputeThreshold(s, o));
}

std::uint64_t DisputeThreshold(const State& s, const Office& o) {
  return std::max<std::uint64_t>(1, CharterOf(s, o.territory).recall_min_raters);
}

Status ApplyPromiseReport(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(PromiseReportPayload p, DecodePayload<PromiseReportPayload>(in.record.payload));
  VECHE_ASSIGN_OR_RETURN(std::string citizen, AuthorCitizen(s, in.author));
  VECHE_ASSIGN_OR_RETURN(const Office* o, HeldOffice(s, p.office));
  if (o->Holder()->citizen != citizen) return Denied("only the office's holder reports on its promises");
  VECHE_RETURN_IF_ERROR(CheckItem(s, *o, p.item));
  VECHE_RETURN_IF_ERROR(TextPublished(s, p.evidence));
  const std::vector<PromiseReport>* earlier = ReportsOf(s, p.office, *o, p.item);
  if (earlier && earlier->size() >= kMaxReportsPerPromise) {
    return ResourceExhaustedError("a promise takes at most 32 reports in one term");
  }
  const auto tenure = static_cast<std::uint32_t>(o->tenures.size() - 1);
  s.promises[{p.office, tenure}].reports[p.item].push_back(PromiseReport{p.status, p.evidence, s.clock, {}});
  return OkStatus();
}

Status ApplyPromiseContest(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(PromiseContestPayload p, DecodePayload<PromiseContestPayload>(in.record.payload));
  VECHE_ASSIGN_OR_RETURN(std::string citizen, AuthorCitizen(s, in.author));
  VECHE_ASSIGN_OR_RETURN(const Office* o, HeldOffice(s, p.office));
  if (o->Holder()->citizen == citizen) return Denied("the holder does not contest their own report");
  VECHE_RETURN_IF_ERROR(InElectorate(s, *o, citizen, "the citizen"));
  VECHE_RETURN_IF_ERROR(CheckItem(s, *o, p.item));
  const std::vector<PromiseReport>* reports = ReportsOf(s, p.office, *o, p.item);
  if (!reports) return Conflict("promise " + std::to_string(p.item) + " has no report to contest");
  if (reports->back().contests.count(citizen)) {
    return Conflict("'" + citizen + "' already contests the latest report on promise " + std::to_string(p.item));
  }
  VECHE_RETURN_IF_ERROR(TextPublished(s, p.reason));
  const auto tenure = static_cast<std::uint32_t>(o->tenures.size() - 1);
  s.promises.at({p.office, tenure}).reports.at(p.item).back().contests.emplace(citizen, p.reason);
  return OkStatus();
}

namespace {

// The office's running petition against its holder, or null: a petition against an earlier
// holder, or one already decided, no longer runs.
const RecallPetition* RunningPetition(const State& s, const std::string& id, const std::string& holder) {
  auto it = s.recall_petitions.find(id);
  if (it == s.recall_petitions.end() || it->second.holder != holder || !it->second.outcome.empty()) return nullptr;
  return &it->second;
}

// A citizen of the office's electorate other than its holder, for a recall.
Result<std::string> RecallVoter(const State& s, const Applying& in, const Office& o) {
  VECHE_ASSIGN_OR_RETURN(std::string citizen, AuthorCitizen(s, in.author));
  if (o.Holder()->citizen == citizen) return Denied("the holder takes no part in their own recall");
  VECHE_RETURN_IF_ERROR(InElectorate(s, o, citizen, "the citizen"));
  return citizen;
}

}  // namespace

Status ApplyRecallSign(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(RecallSignPayload p, DecodePayload<RecallSignPayload>(in.record.payload));
  VECHE_ASSIGN_OR_RETURN(const Office* o, HeldOffice(s, p.office));
  VECHE_ASSIGN_OR_RETURN(std::string citizen, RecallVoter(s, in, *o));
  const std::string holder = o->Holder()->citizen;
  const RecallPetition* running = RunningPetition(s, p.office, holder);
  if (running && running->Voting()) return Conflict("the recall vote on office '" + p.office + "' is running");
  if (running && running->signatures.count(citizen)) {
    return Conflict("'" + citizen + "' already signed the petition to recall the holder of '" + p.office + "'");
  }
  if (!running) {
    RecallPetition fresh;
    fresh.holder = holder;
    fresh.needed = SignaturesNeeded(s, *o, CharterOf(s, o->territory).initiative_threshold_permille);
    s.recall_petitions[p.office] = std::move(fresh);
  }
  RecallPetition& petition = s.recall_petitions.at(p.office);
  petition.signatures.insert(citizen);
  if (petition.signatures.size() >= petition.needed) {  // the vote is called, for the charter's voting days
    petition.vote_closes_at = s.clock + CharterOf(s, o->territory).voting_days * kMicrosPerDay;
  }
  return OkStatus();
}

Status ApplyRecallVote(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(RecallVotePayload p, DecodePayload<RecallVotePayload>(in.record.payload));
  VECHE_ASSIGN_OR_RETURN(const Office* o, HeldOffice(s, p.office));
  VECHE_ASSIGN_OR_RETURN(std::string citizen, RecallVoter(s, in, *o));
  const RecallPetition* running = RunningPetition(s, p.office, o->Holder()->citizen);
  if (!running || !running->Voting() || s.clock >= running->vote_closes_at) {
    return Conflict("no recall vote on office '" + p.office + "' is open");
  }
  s.recall_petitions.at(p.office).votes[citizen] = p.recall;
  return OkStatus();
}

Status ApplyRecallClose(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(RecallClosePayload p, DecodePayload<RecallClosePayload>(in.record.payload));
  if (in.author != s.node_key) return Denied("only the node key may close a recall vote");
  auto it = s.recall_petitions.find(p.office);
  if (it == s.recall_petitions.end() || !it->second.Voting() || s.clock < it->second.vote_closes_at) {
    return Conflict("no recall_close is due for office '" + p.office + "'");
  }
  RecallPetition& petition = it->second;
  Office& o = s.offices.at(p.office);
  const Tenure* holder = o.abolished ? nullptr : o.Holder();
  const std::uint64_t recall = petition.RecallVotes();
  const bool recalled = recall * 2 > petition.votes.size();  // a majority of the votes cast
  if (holder == nullptr || holder->citizen != petition.holder) {
    petition.outcome = "lapsed";  // the holder left office meanwhile
  } else if (recalled) {
    petition.outcome = "recalled";
    EndTenure(s, o, "recalled");
    s.IndexOffice(p.office);  // the by-election is due at once
  } else {
    petition.outcome = "kept";
  }
  return OkStatus();
}

Status ApplyRatingSet(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(RatingSetPayload p, DecodePayload<RatingSetPayload>(in.record.payload));
  VECHE_ASSIGN_OR_RETURN(std::string citizen, AuthorCitizen(s, in.author));
  VECHE_ASSIGN_OR_RETURN(const Office* o, HeldOffice(s, p.office));
  const std::string& holder = o->Holder()->citizen;
  if (citizen == holder) return Denied("the holder does not rate themself");
  VECHE_RETURN_IF_ERROR(InElectorate(s, *o, citizen, "the rater"));
  auto entry = s.holder_ratings.find(p.office);
  const bool current = entry != s.holder_ratings.end() && entry->second.holder == holder;
  auto earlier = current ? entry->second.ratings.find(citizen) : std::map<std::string, bool>::iterator{};
  const bool rated = current && earlier != entry->second.ratings.end();
  if (p.rating == Rating::kWithdrawn && !rated)
    return Conflict("'" + citizen + "' has no rating of this holder to withdraw");
  if (p.rating != Rating::kWithdrawn && rated && earlier->second == (p.rating == Rating::kApprove)) {
    return Conflict("'" + citizen + "' already " + (earlier->second ? "approves" : "disapproves") +
                    " of this holder: one current rating each");
  }
  HolderRatings& r = RatingsOf(s, p.office, holder);
  if (rated) {
    Count(r, earlier->second, -1);
    r.ratings.erase(earlier);
  }
  if (p.rating != Rating::kWithdrawn) {
    r.ratings.emplace(citizen, p.rating == Rating::kApprove);
    Count(r, p.rating == Rating::kApprove, +1);
  }
  return OkStatus();
}

Status ApplyRatingDay(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(RatingDayPayload p, DecodePayload<RatingDayPayload>(in.record.payload));
  if (in.author != s.node_key) return Denied("only the node key may close the ratings' day");
  if (p.day <= s.rating_day || p.day > Today(s)) {
    return Conflict("no rating_day is due for day " + std::to_string(p.day));
  }
  s.rating_day = p.day;
  for (auto it = s.holder_ratings.begin(); it != s.holder_ratings.end();) {
    const Office& o = s.offices.at(it->first);
    const Tenure* holder = o.abolished ? nullptr : o.Holder();
    const bool same = holder && holder->citizen == it->second.holder;
    if (!same || !CloseDays(s, it->first, it->second, p.day)) {
      it = s.holder_ratings.erase(it);  // a new holder, or none: its ratings begin again
    } else {
      ++it;
    }
  }
  return OkStatus();
}

Status ApplyHolderStatement(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(HolderStatementPayload p, DecodePayload<HolderStatementPayload>(in.record.payload));
  VECHE_ASSIGN_OR_RETURN(std::string citizen, AuthorCitizen(s, in.author));
  VECHE_ASSIGN_OR_RETURN(const Office* o, HeldOffice(s, p.office));
  if (o->Holder()->citizen != citizen) return Denied("only the office's holder makes its statements");
  VECHE_RETURN_IF_ERROR(TextPublished(s, p.text));
  HolderRatings& r = RatingsOf(s, p.office, citizen);
  if (r.statements.size() >= kMaxStatements) {
    return ResourceExhaustedError("a holder makes at most 100 statements in one office");
  }
  r.statements.push_back(p.text);
  return OkStatus();
}

}  // namespace veche::core
