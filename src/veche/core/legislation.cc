// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/core/legislation.h"

#include "veche/core/payload_codec.h"

namespace veche::core {

using namespace codec;

namespace {

Result<TextHash> GetHash(Decoder& d) {
  return GetArray<32>(d);
}

Result<std::int64_t> GetAmount(Decoder& d, std::string_view what) {
  VECHE_ASSIGN_OR_RETURN(std::int64_t v, d.I64());
  if (v < 1 || v > kMaxAmount) return InvalidArgumentError(std::string(what) + " must be 1..10^15 minor units");
  return v;
}

void PutLines(Encoder& e, const std::vector<BudgetLine>& lines) {
  e.PutU32(static_cast<std::uint32_t>(lines.size()));
  for (const BudgetLine& l : lines) e.PutString(l.label).PutI64(l.amount);
}

Result<std::vector<BudgetLine>> GetLines(Decoder& d, std::string_view side) {
  VECHE_ASSIGN_OR_RETURN(std::uint32_t n, d.U32());
  if (n > kMaxBudgetLines) return InvalidArgumentError(std::string(side) + ": at most 256 budget lines");
  std::vector<BudgetLine> lines(n);
  for (BudgetLine& l : lines) {
    VECHE_ASSIGN_OR_RETURN(l.label, GetName(d, "budget line label"));
    VECHE_ASSIGN_OR_RETURN(l.amount, GetAmount(d, "a budget line's amount"));
  }
  return lines;
}

// A budget must balance or state its deficit exactly; the sums cannot overflow (256 lines of at
// most 10^15 each stay below 2^63).
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

}  // namespace

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
  }
  return "unknown";
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
  constexpr std::int64_t kDay = 86'400'000'000;
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

Bytes EncodePayload(const TextPayload& p) {
  return Encoder(kPayloadVersion).PutString(p.text).Finish();
}
template <>
Result<TextPayload> DecodePayload(ByteView bytes) {
  Decoder d(bytes);
  return Finish<TextPayload>(d, [&](TextPayload& p) -> Status {
    VECHE_ASSIGN_OR_RETURN(p.text, d.String(kMaxTextSize));
    if (p.text.empty()) return InvalidArgumentError("a text cannot be empty");
    return OkStatus();
  });
}

Bytes EncodePayload(const MeasurePayload& p) {
  const MeasureSpec& s = p.spec;
  Encoder e(kPayloadVersion);
  e.PutString(p.id).PutU8(static_cast<std::uint8_t>(s.kind)).PutString(s.territory).PutString(s.title);
  switch (s.kind) {
    case MeasureKind::kLaw:
    case MeasureKind::kQuestion: e.PutFixed(s.text); break;
    case MeasureKind::kAmendment: e.PutString(s.law).PutFixed(s.base).PutFixed(s.text); break;
    case MeasureKind::kBudget:
      e.PutU16(s.year);
      PutLines(e, s.income);
      PutLines(e, s.expenditure);
      e.PutI64(s.deficit);
      break;
    case MeasureKind::kCharter: s.charter.EncodeTo(e); break;
  }
  return e.Finish();
}
template <>
Result<MeasurePayload> DecodePayload(ByteView bytes) {
  Decoder d(bytes);
  return Finish<MeasurePayload>(d, [&](MeasurePayload& p) -> Status {
    MeasureSpec& s = p.spec;
    VECHE_ASSIGN_OR_RETURN(p.id, GetId(d, "measure id"));
    VECHE_ASSIGN_OR_RETURN(s.kind, GetEnum<MeasureKind>(d, 1, 5, "measure kind"));
    VECHE_ASSIGN_OR_RETURN(s.territory, GetId(d, "territory"));
    VECHE_ASSIGN_OR_RETURN(s.title, GetName(d, "title"));
    switch (s.kind) {
      case MeasureKind::kLaw:
      case MeasureKind::kQuestion: {
        VECHE_ASSIGN_OR_RETURN(s.text, GetHash(d));
        break;
      }
      case MeasureKind::kAmendment: {
        VECHE_ASSIGN_OR_RETURN(s.law, GetId(d, "amended law"));
        VECHE_ASSIGN_OR_RETURN(s.base, GetHash(d));
        VECHE_ASSIGN_OR_RETURN(s.text, GetHash(d));
        if (s.base == s.text) return InvalidArgumentError("an amendment must change the law's text");
        break;
      }
      case MeasureKind::kBudget: {
        VECHE_ASSIGN_OR_RETURN(s.year, d.U16());
        if (s.year < 1970 || s.year > 9999) return InvalidArgumentError("a budget's year must be 1970..9999");
        VECHE_ASSIGN_OR_RETURN(s.income, GetLines(d, "income"));
        VECHE_ASSIGN_OR_RETURN(s.expenditure, GetLines(d, "expenditure"));
        VECHE_ASSIGN_OR_RETURN(s.deficit, d.I64());
        VECHE_RETURN_IF_ERROR(CheckBudget(s));
        break;
      }
      case MeasureKind::kCharter: {
        VECHE_ASSIGN_OR_RETURN(s.charter, Charter::DecodeFrom(d));
        break;
      }
    }
    return OkStatus();
  });
}

Bytes EncodePayload(const SessionOpenPayload& p) {
  return Encoder(kPayloadVersion)
      .PutString(p.territory)
      .PutU32(p.number)
      .PutBool(p.extraordinary)
      .PutI64(p.closes_at)
      .Finish();
}
template <>
Result<SessionOpenPayload> DecodePayload(ByteView bytes) {
  Decoder d(bytes);
  return Finish<SessionOpenPayload>(d, [&](SessionOpenPayload& p) -> Status {
    VECHE_ASSIGN_OR_RETURN(p.territory, GetId(d, "territory"));
    VECHE_ASSIGN_OR_RETURN(p.number, d.U32());
    VECHE_ASSIGN_OR_RETURN(p.extraordinary, d.Bool());
    VECHE_ASSIGN_OR_RETURN(p.closes_at, d.I64());
    return OkStatus();
  });
}

Bytes EncodePayload(const SessionClosePayload& p) {
  return Encoder(kPayloadVersion).PutString(p.territory).PutU32(p.number).Finish();
}
template <>
Result<SessionClosePayload> DecodePayload(ByteView bytes) {
  Decoder d(bytes);
  return Finish<SessionClosePayload>(d, [&](SessionClosePayload& p) -> Status {
    VECHE_ASSIGN_OR_RETURN(p.territory, GetId(d, "territory"));
    VECHE_ASSIGN_OR_RETURN(p.number, d.U32());
    return OkStatus();
  });
}

Bytes EncodePayload(const VotePayload& p) {
  return Encoder(kPayloadVersion).PutString(p.measure).PutU8(static_cast<std::uint8_t>(p.choice)).Finish();
}
template <>
Result<VotePayload> DecodePayload(ByteView bytes) {
  Decoder d(bytes);
  return Finish<VotePayload>(d, [&](VotePayload& p) -> Status {
    VECHE_ASSIGN_OR_RETURN(p.measure, GetId(d, "measure"));
    VECHE_ASSIGN_OR_RETURN(p.choice, GetEnum<VoteChoice>(d, 1, 3, "vote choice"));
    return OkStatus();
  });
}

Bytes EncodePayload(const MeasureResultPayload& p) {
  Encoder e(kPayloadVersion);
  e.PutString(p.measure).PutU64(p.electorate);
  PutCount(e, p.binding);
  e.PutU64(p.consultative_electorate);
  PutCount(e, p.consultative);
  e.PutU8(static_cast<std::uint8_t>(p.decision.outcome))
      .PutU32(p.decision.members_total)
      .PutU32(p.decision.members_approving)
      .PutU8(static_cast<std::uint8_t>(p.consultative_outcome))
      .PutBool(p.applied);
  return e.Finish();
}
template <>
Result<MeasureResultPayload> DecodePayload(ByteView bytes) {
  Decoder d(bytes);
  return Finish<MeasureResultPayload>(d, [&](MeasureResultPayload& p) -> Status {
    VECHE_ASSIGN_OR_RETURN(p.measure, GetId(d, "measure"));
    VECHE_ASSIGN_OR_RETURN(p.electorate, d.U64());
    VECHE_ASSIGN_OR_RETURN(p.binding, GetCount(d));
    VECHE_ASSIGN_OR_RETURN(p.consultative_electorate, d.U64());
    VECHE_ASSIGN_OR_RETURN(p.consultative, GetCount(d));
    VECHE_ASSIGN_OR_RETURN(p.decision.outcome, GetEnum<choice::Outcome>(d, 1, 4, "outcome"));
    VECHE_ASSIGN_OR_RETURN(p.decision.members_total, d.U32());
    VECHE_ASSIGN_OR_RETURN(p.decision.members_approving, d.U32());
    VECHE_ASSIGN_OR_RETURN(p.consultative_outcome, GetEnum<choice::Outcome>(d, 1, 4, "consultative outcome"));
    VECHE_ASSIGN_OR_RETURN(p.applied, d.Bool());
    return OkStatus();
  });
}

}  // namespace veche::core
