// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/core/legislation/payloads.h"

namespace veche::core {

Status CheckAmount(std::int64_t amount, std::string_view what) {
  if (amount < 1 || amount > kMaxAmount)
    return InvalidArgumentError(std::string(what) + " must be 1..10^15 minor units");
  return OkStatus();
}

// The sums cannot overflow: 256 lines of at most 10^15 each stay below 2^63.
Status CheckBudget(const MeasureSpec& s) {
  std::int64_t income = 0, expenditure = 0;
  for (const BudgetLine& l : s.income) income += l.amount;
  for (const BudgetLine& l : s.expenditure) expenditure += l.amount;
  if (s.income.empty() && s.expenditure.empty()) return InvalidArgumentError("a budget needs at least one line");
  if (expenditure - income != s.deficit) {
    return InvalidArgumentError("the budget states a deficit of " + std::to_string(s.deficit) +
                                " but expenditure - income is " + std::to_string(expenditure - income));
  }
  return OkStatus();
}

TextHash TextHashOf(std::string_view text) {
  return crypto::Sha256Of(AsBytes(text));
}

const char* MeasureKindName(MeasureKind kind) {
  switch (kind) {
    case MeasureKind::kLaw: return "law";
    case MeasureKind::kAmendment: return "amendment";
    case MeasureKind::kBudget: return "budget";
    case MeasureKind::kCharter: return "charter";
    case MeasureKind::kQuestion: return "question";
    case MeasureKind::kOffice: return "office";
  }
  return "unknown";
}

std::optional<VoteChoice> VoteChoiceNamed(std::string_view name) {
  for (VoteChoice c : {VoteChoice::kYes, VoteChoice::kNo, VoteChoice::kAbstain}) {
    if (name == VoteChoiceName(c)) return c;
  }
  return std::nullopt;
}

const char* VoteChoiceName(VoteChoice choice) {
  switch (choice) {
    case VoteChoice::kYes: return "yes";
    case VoteChoice::kNo: return "no";
    case VoteChoice::kAbstain: return "abstain";
  }
  return "unknown";
}

std::int64_t MonthIndex(UnixMicros time) {
  constexpr std::int64_t kDay = kMicrosPerDay;
  std::int64_t days = time / kDay - (time % kDay < 0 ? 1 : 0);
  // Civil date from days since 1970-01-01 (H. Hinnant's algorithm); only year and month matter.
  days += 719468;
  std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  std::int64_t doe = days - era * 146097;
  std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  std::int64_t mp = (5 * doy + 2) / 153;
  std::int64_t month = mp < 10 ? mp + 3 : mp - 9;  // 1..12
  std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return (year - 1970) * 12 + (month - 1);
}

std::int64_t SessionPeriod(std::int64_t month_index, std::uint8_t sessions_per_year) {
  std::int64_t length = 12 / sessions_per_year;
  return month_index / length - (month_index % length < 0 ? 1 : 0);
}

}  // namespace veche::core
