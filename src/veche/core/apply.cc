// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/core/apply.h"

#include "veche/base/text_codec.h"

#include "veche/core/accountability/due.h"
#include "veche/core/election/due.h"
#include "veche/core/kinds.h"
#include "veche/core/legislation/due.h"
#include "veche/core/offices/due.h"
#include "veche/core/offices/rules.h"
#include "veche/core/registry/rules.h"

namespace veche::core {
namespace {

std::string ShortHex(const LogId& id) {
  return HexEncode(ByteView(id.data(), 8));
}

// A record names the log it was signed for; only the genesis record names none.
Status CheckLogBinding(const State& s, const Record& r) {
  if (!s.has_genesis) {
    if (r.log != kNoLog) return InvalidArgumentError("a genesis record names no log (its log field must be all zero)");
    return OkStatus();
  }
  if (r.log == s.log_id) return OkStatus();
  if (r.log == kNoLog) return InvalidArgumentError("the record names no log; this log is " + HexEncode(s.log_id));
  return InvalidArgumentError("the record was signed for another log (" + ShortHex(r.log) + "...), not this one (" +
                              ShortHex(s.log_id) + "...)");
}

Status ApplyBody(State& s, const Record& r, const RecordId& id, const Prechecked& pre) {
  VECHE_RETURN_IF_ERROR(CheckLogBinding(s, r));
  Applying in{r, KeyBytes(r.author), pre};
  if (!s.has_genesis) {
    if (r.kind != RecordKind::kGenesis) return rules::Conflict("the log must begin with a genesis record");
    VECHE_ASSIGN_OR_RETURN(GenesisPayload p, DecodePayload<GenesisPayload>(r.payload));
    VECHE_RETURN_IF_ERROR(ApplyGenesis(s, in.author, p));
    s.log_id = id;
    return OkStatus();
  }
  const KindInfo* kind = FindKind(static_cast<std::uint16_t>(r.kind));
  if (kind == nullptr) return InvalidArgumentError("unknown record kind");
  return kind->apply(s, in);
}

}  // namespace

Status Apply(State& state, const Record& record) {
  return Apply(state, record, Prechecked{});
}

Status Apply(State& state, const Record& record, const Prechecked& prechecked) {
  RecordId id = record.Id();
  if (state.applied.count(id)) return AlreadyExistsError("this record was already applied");
  // Every rule validates completely before its first change, so a failure leaves state as it was.
  Status s = ApplyBody(state, record, id, prechecked);
  if (!s.ok()) return s.WithContext(std::string(RecordKindName(record.kind)));
  state.applied.emplace(id, state.records);
  ++state.records;
  return OkStatus();
}

AheadSnapshot ChecksAheadSnapshot(const State& state) {
  return AheadSnapshot{OpenElectionFacts(state)};
}

Prechecked CheckAhead(const AheadSnapshot& snapshot, const Record& record) {
  return Prechecked{CheckBallotAhead(snapshot.open_elections, record)};
}

Result<Record> DecodeEntry(ByteView entry) {
  VECHE_ASSIGN_OR_RETURN(LogEntry e, DecodeLogEntry(entry));
  VECHE_ASSIGN_OR_RETURN(Record r, DecodeRecord(e.record));
  VECHE_RETURN_IF_ERROR(CheckAuthorTime(r.author_time, e.node_time));
  return r;
}

Status ApplyEntry(State& state, ByteView entry) {
  VECHE_ASSIGN_OR_RETURN(Record r, DecodeEntry(entry));
  return Apply(state, r);
}

Result<State> Replay(const std::vector<Bytes>& entries) {
  State state;
  for (size_t i = 0; i < entries.size(); ++i) {
    Status s = ApplyEntry(state, entries[i]);
    if (!s.ok()) return s.WithContext("log entry " + std::to_string(i));
  }
  return state;
}

std::vector<DueRecord> DueRecords(const State& state) {
  std::vector<DueRecord> due = DueElectionRecords(state);
  for (DueRecord& d : DueSessionClosesAndResults(state)) due.push_back(std::move(d));
  for (DueRecord& d : DueMeetingCloses(state)) due.push_back(std::move(d));
  for (DueRecord& d : DueOfficeRecords(state)) due.push_back(std::move(d));
  for (DueRecord& d : DueRecallCloses(state)) due.push_back(std::move(d));
  for (DueRecord& d : DueRatingDays(state)) due.push_back(std::move(d));
  if (!due.empty()) return due;
  return DueSessionOpenings(state);
}

}  // namespace veche::core
