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

// Keeps the history of ratings whose tenure has ended (its last snapshot the counts as they
// close), under the latest ended tenure of the holder they rate.
void ArchiveRatings(State& s, const std::string& office, const HolderRatings& r) {
  const std::vector<Tenure>& tenures = s.offices.at(office).tenures;
  for (size_t i = tenures.size(); i-- > 0;) {
    if (tenures[i].citizen != r.holder || tenures[i].ended.empty()) continue;
    std::vector<RatingSnapshot> history = r.history;
    if (history.empty() || history.back().approvals != r.approvals || history.back().disapprovals != r.disapprovals) {
      history.push_back(RatingSnapshot{Today(s), r.approvals, r.disapprovals});
    }
    s.rating_histories[{office, static_cast<std::uint32_t>(i)}] = std::move(history);
    return;
  }
}

// The office's ratings, started afresh when its holder is not the one they rate.
HolderRatings& RatingsOf(State& s, const std::string& office, const std::string& holder) {
  HolderRatings& r = s.holder_ratings[office];
  if (r.holder != holder) {
    if (!r.holder.empty()) ArchiveRatings(s, office, r);
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

// Closes days up to `day` for the holder of office `o` (id `office`); false if the office was
// vacated (the entry is then gone).
bool CloseDays(State& s, const std::string& office, Office& o, HolderRatings& r, std::uint32_t day) {
  const std::uint32_t days = day - r.evaluated_day;
  r.evaluated_day = day;
  const RatingSnapshot now{day, r.approvals, r.disapprovals};
  if (r.history.empty() || r.history.back().approvals != now.approvals ||
      r.history.back().disapprovals != now.disapprovals) {
    r.history.push_back(now);
  }
  const Charter& charter = CharterOf(s, o.territory);
  if (r.Suspended()) {
    if (day < r.grace_until_day) return true;
    if (r.Raters() > 0 && r.approvals * 1000 >= charter.restore_threshold_permille * r.Raters()) {
      r.suspended_day = r.grace_until_day = r.days_below = 0;  // restored
      r.acting.clear();
      r.acting_accepted = false;
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
    r.acting_accepted = false;  // the runner-up acts once they accept (acting_accept)
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

const std::vector<RatingSnapshot>* RatingHistoryOf(const State& s, const std::string& id, size_t tenure) {
  auto archived = s.rating_histories.find({id, static_cast<std::uint32_t>(tenure)});
  if (archived != s.rating_histories.end()) return &archived->second;
  auto live = s.holder_ratings.find(id);
  const std::vector<Tenure>& tenures = s.offices.at(id).tenures;
  if (live == s.holder_ratings.end() || tenure >= tenures.size() || live->second.holder != tenures[tenure].citizen) {
    return nullptr;
  }
  for (size_t later = tenure + 1; later < tenures.size(); ++later) {
    if (tenures[later].citizen != tenures[tenure].citizen) return nullptr;  // someone else held it since
  }
  return &live->second.history;
}

RatingSnapshot FinalRatingsOf(const State& s, const std::string& id, size_t tenure) {
  auto archived = s.rating_histories.find({id, static_cast<std::uint32_t>(tenure)});
  if (archived != s.rating_histories.end()) return archived->second.back();
  const std::vector<RatingSnapshot>* live = RatingHistoryOf(s, id, tenure);
  if (live == nullptr) return RatingSnapshot{};
  const HolderRatings& r = s.holder_ratings.at(id);  // a live history is the running entry's
  return RatingSnapshot{Today(s), r.approvals, r.disapprovals};
}

Status CheckPromotionRecord(const State& s, const std::string& office, const std::string& citizen) {
  const Office& target = s.offices.at(office);
  const std::uint16_t needed = CharterOf(s, target.territory).promotion_record_permille;
  if (needed == 0) return OkStatus();
  auto held = s.offices_of_citizen.find(citizen);
  if (held != s.offices_of_citizen.end()) {
    for (const std::string& id : held->second) {
      if (id == office) continue;
      const std::vector<Tenure>& tenures = s.offices.at(id).tenures;
      for (size_t t = 0; t < tenures.size(); ++t) {
        if (tenures[t].citizen != citizen || tenures[t].ended != "term") continue;
        const RatingSnapshot final_counts = FinalRatingsOf(s, id, t);
        const std::uint64_t raters = final_counts.approvals + final_counts.disapprovals;
        if (raters > 0 && final_counts.approvals * 1000 >= needed * raters) return OkStatus();
      }
    }
  }
  return Denied("the charter asks a candidate for office '" + office + "' for a completed term in another office " +
                "with final approval of at least " + std::to_string(needed) + " per mille, and '" + citizen +
                "' has none");
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
    Office& o = s.offices.at(it->first);
    const Tenure* holder = o.abolished ? nullptr : o.Holder();
    const bool same = holder && holder->citizen == it->second.holder;
    if (!same || !CloseDays(s, it->first, o, it->second, p.day)) {
      ArchiveRatings(s, it->first, it->second);
      it = s.holder_ratings.erase(it);  // a new holder, or none: its ratings begin again
    } else {
      ++it;
    }
  }
  return OkStatus();
}

Status ApplyActingAccept(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(ActingAcceptPayload p, DecodePayload<ActingAcceptPayload>(in.record.payload));
  VECHE_ASSIGN_OR_RETURN(std::string citizen, AuthorCitizen(s, in.author));
  VECHE_ASSIGN_OR_RETURN(const Office* o, HeldOffice(s, p.office));
  auto it = s.holder_ratings.find(p.office);
  if (it == s.holder_ratings.end() || it->second.holder != o->Holder()->citizen || !it->second.Suspended()) {
    return Conflict("the holder of office '" + p.office + "' is not suspended");
  }
  HolderRatings& r = it->second;
  if (r.acting.empty()) return Conflict("nobody is designated to act for office '" + p.office + "'");
  if (r.acting != citizen) {
    return Denied("'" + r.acting + "' is designated to act for office '" + p.office + "', not '" + citizen + "'");
  }
  if (r.acting_accepted) return Conflict("'" + citizen + "' already acts for office '" + p.office + "'");
  r.acting_accepted = true;
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

// Public pay and the open ministry (accountability.md, "Public pay", "Open ministries").
namespace veche::core {

using namespace rules;

namespace {

// The territory and those above it, nearest first.
std::vector<std::string> TerritoryAndAbove(const State& s, std::string territory) {
  std::vector<std::string> chain;
  while (!territory.empty() && chain.size() <= s.territories.size()) {
    chain.push_back(territory);
    auto it = s.territories.find(territory);
    territory = it == s.territories.end() ? "" : it->second.parent;
  }
  return chain;
}

// The author wields a post of the collective (the one who speaks for it): holds it and is not
// suspended, or acts for its suspended holder. (Acting is rare and not indexed: the rated offices
// are walked only for an author who holds no such post.)
Status SpeaksFor(const State& s, const std::string& citizen, const std::string& collective) {
  auto wields = [&](const std::string& id) {
    const Office& o = s.offices.at(id);
    return o.collective == collective && !o.abolished && s.Wielder(id, o) == citizen;
  };
  auto held = s.offices_of_citizen.find(citizen);
  if (held != s.offices_of_citizen.end() && std::any_of(held->second.begin(), held->second.end(), wields)) {
    return OkStatus();
  }
  for (const auto& [id, r] : s.holder_ratings) {
    if (r.acting == citizen && r.acting_accepted && wields(id)) return OkStatus();
  }
  return Denied("only the holder of a post of collective '" + collective + "' reports its payroll");
}

// Adds (by +1) or takes away (by -1) a month's payroll from the totals of the territory and above.
void AddToTotals(State& s, const std::vector<std::string>& chain, std::int64_t period, const Payroll& p, int by) {
  for (const std::string& t : chain) {
    PayTotals& totals = s.pay_totals[{t, period}];
    totals.workers = by > 0 ? totals.workers + p.workers : totals.workers - p.workers;
    totals.total_pay = by > 0 ? totals.total_pay + p.total_pay : totals.total_pay - p.total_pay;
  }
}

// The office that exists, for pay or a ministry.
Result<Office*> LiveOffice(State& s, const std::string& id) {
  auto it = s.offices.find(id);
  if (it == s.offices.end() || it->second.abolished) return Conflict("office '" + id + "' does not exist");
  return &it->second;
}

// The author wields the office's powers (its holder, or the acting holder while it is suspended).
Status RequireWielder(const State& s, const Applying& in, const std::string& id, const Office& o) {
  VECHE_ASSIGN_OR_RETURN(std::string citizen, AuthorCitizen(s, in.author));
  if (s.Wielder(id, o) != citizen) return Denied("only the one who wields office '" + id + "' publishes for it");
  auto ministry = s.ministries.find(id);
  if (ministry != s.ministries.end() && ministry->second.Entries() >= kMaxMinistryEntries) {
    return ResourceExhaustedError("an office publishes at most 100000 decisions, reports and spending lines");
  }
  return OkStatus();
}

}  // namespace

std::string MonthName(std::int64_t period) {
  const std::int64_t year = 1970 + period / 12, month = period % 12 + 1;
  return std::to_string(year) + (month < 10 ? "-0" : "-") + std::to_string(month);
}

std::optional<PayCap> PayCapOf(const State& s, const std::string& territory) {
  auto it = s.pay_totals.lower_bound({territory, INT64_MAX});
  while (it != s.pay_totals.begin()) {
    --it;
    if (it->first.first != territory) return std::nullopt;
    if (it->second.workers == 0) continue;  // every report of that month was withdrawn by a correction
    const std::int64_t average = it->second.AveragePay();
    const std::int64_t permille = CharterOf(s, territory).pay_cap_permille;
    return PayCap{it->first.second, average, average / 1000 * permille + average % 1000 * permille / 1000};
  }
  return std::nullopt;
}

Status ApplyPayrollReport(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(PayrollReportPayload p, DecodePayload<PayrollReportPayload>(in.record.payload));
  VECHE_ASSIGN_OR_RETURN(std::string citizen, AuthorCitizen(s, in.author));
  auto collective = s.collectives.find(p.collective);
  if (collective == s.collectives.end() || collective->second.dissolved) {
    return Conflict("collective '" + p.collective + "' does not exist");
  }
  VECHE_RETURN_IF_ERROR(SpeaksFor(s, citizen, p.collective));
  const std::int64_t period = p.Period();
  if (period > MonthIndex(s.clock)) return Conflict("month " + MonthName(period) + " has not begun");
  const std::vector<std::string> chain = TerritoryAndAbove(s, collective->second.territory);
  if (chain.empty()) return Conflict("collective '" + p.collective + "' lies in no territory");
  // Checked before anything changes: the month's total at the root, with this report replacing
  // any earlier one of the collective's month, stays within kMaxPayTotal.
  auto earlier = s.payrolls.find({p.collective, period});
  const std::int64_t replaced = earlier == s.payrolls.end() ? 0 : earlier->second.total_pay;
  auto root = s.pay_totals.find({chain.back(), period});
  const std::int64_t root_total = root == s.pay_totals.end() ? 0 : root->second.total_pay;
  if (root_total - replaced > kMaxPayTotal - p.total_pay) {
    return ResourceExhaustedError("the payrolls of " + MonthName(period) + " would exceed 10^18 minor units");
  }
  if (earlier != s.payrolls.end()) AddToTotals(s, chain, period, earlier->second, -1);
  const Payroll now{p.workers, p.total_pay, s.clock};
  AddToTotals(s, chain, period, now, +1);
  s.payrolls[{p.collective, period}] = now;
  return OkStatus();
}

Status ApplyOfficePay(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(OfficePayPayload p, DecodePayload<OfficePayPayload>(in.record.payload));
  VECHE_ASSIGN_OR_RETURN(Office * o, LiveOffice(s, p.office));
  VECHE_RETURN_IF_ERROR(RequirePower(s, in.author, Power::kOffices, o->territory));
  if (p.monthly > 0) {
    const std::optional<PayCap> cap = PayCapOf(s, o->territory);
    if (!cap) {
      return Conflict("no payroll is reported in territory '" + o->territory +
                      "' or below: there is no average worker's pay to cap an office's pay by");
    }
    if (p.monthly > cap->cap) {
      return Conflict("pay " + std::to_string(p.monthly) + " is above the cap " + std::to_string(cap->cap) + " (" +
                      std::to_string(CharterOf(s, o->territory).pay_cap_permille) +
                      " per mille of the average worker's pay " + std::to_string(cap->average) + " in " +
                      MonthName(cap->period) + ")");
    }
  }
  s.office_pay[p.office] = OfficePay{p.monthly, s.clock};
  return OkStatus();
}

Status ApplyOfficePublish(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(OfficePublishPayload p, DecodePayload<OfficePublishPayload>(in.record.payload));
  VECHE_ASSIGN_OR_RETURN(Office * o, LiveOffice(s, p.office));
  VECHE_RETURN_IF_ERROR(RequireWielder(s, in, p.office, *o));
  VECHE_RETURN_IF_ERROR(TextPublished(s, p.text));
  s.ministries[p.office].texts.push_back(MinistryText{p.kind, p.text, s.clock});
  return OkStatus();
}

std::string BudgetInForce(const State& s, const std::string& territory) {
  for (const std::string& t : TerritoryAndAbove(s, territory)) {
    auto assembly = s.assemblies.find(t);
    if (assembly != s.assemblies.end() && !assembly->second.budget.empty()) return assembly->second.budget;
  }
  return "";
}

std::int64_t LineRemainder(const State& s, const std::string& budget, const BudgetLine& line) {
  auto spent = s.line_spent.find({budget, line.label});
  return line.amount - (spent == s.line_spent.end() ? 0 : spent->second);
}

Status ApplyOfficeSpend(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(OfficeSpendPayload p, DecodePayload<OfficeSpendPayload>(in.record.payload));
  VECHE_ASSIGN_OR_RETURN(Office * o, LiveOffice(s, p.office));
  VECHE_RETURN_IF_ERROR(RequireWielder(s, in, p.office, *o));
  const std::string budget = BudgetInForce(s, o->territory);
  if (budget.empty()) {
    return Conflict("no budget is in force in territory '" + o->territory + "' or above to charge spending to");
  }
  const std::vector<BudgetLine>& lines = s.measures.at(budget).spec.expenditure;
  auto line = std::find_if(lines.begin(), lines.end(), [&](const BudgetLine& l) { return l.label == p.line; });
  if (line == lines.end()) {
    return InvalidArgumentError("the budget in force ('" + budget + "') has no expenditure line '" + p.line + "'");
  }
  auto receiver = s.collectives.find(p.collective);
  if (receiver == s.collectives.end() || receiver->second.dissolved) {
    return Conflict("receiving collective '" + p.collective + "' does not exist");
  }
  VECHE_RETURN_IF_ERROR(TextPublished(s, p.description));
  const std::int64_t left = LineRemainder(s, budget, *line);
  if (p.amount > left) {
    return Conflict("spending " + std::to_string(p.amount) + " is more than line '" + p.line +
                    "' has left: " + std::to_string(left) + " of " + std::to_string(line->amount));
  }
  s.line_spent[{budget, p.line}] += p.amount;
  s.ministries[p.office].spending.push_back(Spending{budget, p.line, p.amount, p.collective, p.description, s.clock});
  return OkStatus();
}

}  // namespace veche::core
