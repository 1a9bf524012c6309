// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/core/accountability/state.h"

#include <algorithm>

#include "veche/core/state_fields.h"

namespace veche::core {

const char* RatingName(Rating rating) {
  switch (rating) {
    case Rating::kWithdrawn: return "withdrawn";
    case Rating::kApprove: return "approve";
    case Rating::kDisapprove: return "disapprove";
  }
  return "unknown";
}

const char* PromiseStatusName(PromiseStatus status) {
  switch (status) {
    case PromiseStatus::kInProgress: return "in-progress";
    case PromiseStatus::kDone: return "done";
    case PromiseStatus::kAbandoned: return "abandoned";
  }
  return "unknown";
}

const char* PromiseOutcomeName(PromiseOutcome outcome) {
  switch (outcome) {
    case PromiseOutcome::kOpen: return "open";
    case PromiseOutcome::kKept: return "kept";
    case PromiseOutcome::kBroken: return "broken";
    case PromiseOutcome::kAbandoned: return "abandoned";
  }
  return "unknown";
}

const char* MinistryTextKindName(MinistryTextKind kind) {
  switch (kind) {
    case MinistryTextKind::kDecision: return "decision";
    case MinistryTextKind::kReport: return "report";
  }
  return "unknown";
}

Status PayrollReportPayload::Validate() const {
  if (year < 1970 || year > 9999) return InvalidArgumentError("a payroll's year must be 1970..9999");
  if (month < 1 || month > 12) return InvalidArgumentError("a payroll's month must be 1..12");
  if (workers < 1 || workers > kMaxWorkers) return InvalidArgumentError("a payroll's workers must be 1..10^8");
  return CheckAmount(total_pay, "a payroll's total pay");
}

std::int64_t PayrollReportPayload::Period() const {
  return (static_cast<std::int64_t>(year) - 1970) * 12 + month - 1;
}

std::int64_t PayTotals::AveragePay() const {
  return workers == 0 ? 0 : total_pay / static_cast<std::int64_t>(workers);
}

PromiseOutcome OutcomeOf(const std::vector<PromiseReport>* reports, bool tenure_ended,
                         std::uint64_t dispute_threshold) {
  if (reports == nullptr || reports->empty() || reports->back().status == PromiseStatus::kInProgress) {
    return tenure_ended ? PromiseOutcome::kBroken : PromiseOutcome::kOpen;
  }
  if (reports->back().status == PromiseStatus::kAbandoned) return PromiseOutcome::kAbandoned;
  return reports->back().contests.size() >= dispute_threshold ? PromiseOutcome::kBroken : PromiseOutcome::kKept;
}

std::uint64_t RecallPetition::RecallVotes() const {
  return static_cast<std::uint64_t>(std::count_if(votes.begin(), votes.end(), [](const auto& v) { return v.second; }));
}

std::uint32_t HolderRatings::ApprovalPermille() const {
  return Raters() == 0 ? 0 : static_cast<std::uint32_t>(approvals * 1000 / Raters());
}

std::string AccountabilityState::Wielder(const std::string& id, const Office& office) const {
  const Tenure* holder = office.Holder();
  if (holder == nullptr || office.abolished) return "";
  auto it = holder_ratings.find(id);
  if (it != holder_ratings.end() && it->second.holder == holder->citizen && it->second.Suspended()) {
    return it->second.acting_accepted ? it->second.acting : "";
  }
  return holder->citizen;
}

namespace {

constexpr size_t kMaxKey = 1 << 16;  // ids in the state were checked when their records applied

// A flag per citizen (a rating's approval, a recall vote) by citizen id: u32 count, then each
// `string citizen`, `bool flag`, cut after each: an office's electorate may be millions.
template <typename V, typename Map>
void CitizenFlags(V& v, Map& ratings) {
  size_t n = ratings.size();
  v.template Length<std::uint32_t>(n, 5);
  if constexpr (V::kReading) {
    for (size_t i = 0; i < n && v.ok(); ++i) {
      std::string citizen;
      bool approves = false;
      v.String(citizen, kMaxKey, "citizen");
      v.Int(approves);
      v.Cut();
      if (v.ok()) ratings.emplace_hint(ratings.end(), std::move(citizen), approves);
    }
  } else {
    for (const auto& [citizen, approves] : ratings) {
      v.String(citizen, kMaxKey, "citizen");
      v.Int(approves);
      v.Cut();
    }
  }
}

// One report: `u8 status`, `fixed[32] evidence`, `i64 at`, `u32 count` + its contests by citizen
// id (`string citizen`, `fixed[32] reason`).
template <typename V, typename R>
void ReportFields(V& v, R& report) {
  v.Enum(report.status, 1, 3, "promise status");
  v.Fixed(report.evidence);
  v.Int(report.at);
  size_t n = report.contests.size();
  v.template Length<std::uint32_t>(n, 36);
  if constexpr (V::kReading) {
    for (size_t i = 0; i < n && v.ok(); ++i) {
      std::string citizen;
      TextHash reason{};
      v.String(citizen, kMaxKey, "citizen");
      v.Fixed(reason);
      if (v.ok()) report.contests.emplace_hint(report.contests.end(), std::move(citizen), reason);
    }
  } else {
    for (const auto& [citizen, reason] : report.contests) {
      v.String(citizen, kMaxKey, "citizen");
      v.Fixed(reason);
    }
  }
}

// The sections pay and ministries.
template <typename V, typename S>
void VisitPaySections(V& v, S& s) {
  v.Section("pay", [&] {
    fields::MapItems(v, s.payrolls, 24, [&](auto& key, auto& p) {
      v.String(key.first, kMaxKey, "collective id");
      v.Int(key.second);
      v.Int(p.workers);
      v.Int(p.total_pay);
      v.Int(p.at);
    });
    fields::MapItems(v, s.pay_totals, 24, [&](auto& key, auto& t) {
      v.String(key.first, kMaxKey, "territory id");
      v.Int(key.second);
      v.Int(t.workers);
      v.Int(t.total_pay);
    });
    fields::MapItems(v, s.office_pay, 17, [&](auto& id, auto& p) {
      v.String(id, kMaxKey, "office id");
      v.Int(p.monthly);
      v.Int(p.set_at);
    });
  });
  v.Section("ministries", [&] {
    fields::MapItems(v, s.ministries, 9, [&](auto& id, auto& m) {
      v.String(id, kMaxKey, "office id");
      fields::ListItems(v, m.texts, 41, [&](auto& t) {
        v.Enum(t.kind, 1, 2, "ministry text kind");
        v.Fixed(t.text);
        v.Int(t.at);
      });
      fields::ListItems(v, m.spending, 60, [&](auto& e) {
        v.String(e.budget, kMaxKey, "budget");
        v.String(e.line, kMaxKey, "budget line");
        v.Int(e.amount);
        v.String(e.collective, kMaxKey, "collective id");
        v.Fixed(e.description);
        v.Int(e.at);
      });
    });
    fields::MapItems(v, s.line_spent, 16, [&](auto& key, auto& spent) {
      v.String(key.first, kMaxKey, "budget");
      v.String(key.second, kMaxKey, "budget line");
      v.Int(spent);
    });
  });
}

}  // namespace

template <typename V, typename S>
void VisitAccountabilitySections(V& v, S& s) {
  v.Section("holder_ratings", [&] {
    v.Int(s.rating_day);
    fields::MapItems(v, s.holder_ratings, 8, [&](auto& id, auto& r) {
      v.String(id, kMaxKey, "office id");
      v.String(r.holder, kMaxKey, "holder");
      CitizenFlags(v, r.ratings);
      v.Int(r.approvals);
      v.Int(r.disapprovals);
      v.Int(r.evaluated_day);
      v.Int(r.days_below);
      v.Int(r.suspended_day);
      v.Int(r.grace_until_day);
      v.String(r.acting, kMaxKey, "acting holder");
      v.Int(r.acting_accepted);
      fields::ListItems(v, r.history, 20, [&](auto& snapshot) {
        v.Int(snapshot.day);
        v.Int(snapshot.approvals);
        v.Int(snapshot.disapprovals);
      });
      fields::ListItems(v, r.statements, 32, [&](auto& text) { v.Fixed(text); });
    });
  });
  v.Section("promises", [&] {
    fields::MapItems(v, s.promises, 8, [&](auto& key, auto& tenure) {
      v.String(key.first, kMaxKey, "office id");
      v.Int(key.second);
      fields::MapItems(v, tenure.reports, 5, [&](auto& item, auto& reports) {
        v.Int(item);
        fields::ListItems(v, reports, 45, [&](auto& report) { ReportFields(v, report); });
      });
    });
  });
  v.Section("rating_histories", [&] {
    fields::MapItems(v, s.rating_histories, 9, [&](auto& key, auto& history) {
      v.String(key.first, kMaxKey, "office id");
      v.Int(key.second);
      fields::ListItems(v, history, 20, [&](auto& snapshot) {
        v.Int(snapshot.day);
        v.Int(snapshot.approvals);
        v.Int(snapshot.disapprovals);
      });
    });
  });
  v.Section("recall_petitions", [&] {
    fields::MapItems(v, s.recall_petitions, 8, [&](auto& id, auto& p) {
      v.String(id, kMaxKey, "office id");
      v.String(p.holder, kMaxKey, "holder");
      fields::StringSet<std::uint32_t>(v, p.signatures, true);
      v.Int(p.needed);
      v.Int(p.vote_closes_at);
      CitizenFlags(v, p.votes);
      v.String(p.outcome, kMaxKey, "outcome");
    });
  });
  VisitPaySections(v, s);
}

template void VisitAccountabilitySections(fields::DigestWriter&, const AccountabilityState&);
template void VisitAccountabilitySections(fields::StreamWriter&, const AccountabilityState&);
template void VisitAccountabilitySections(fields::StreamReader&, AccountabilityState&);

}  // namespace veche::core
