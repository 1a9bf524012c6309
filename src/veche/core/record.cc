// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/core/record.h"

#include "veche/base/canonical.h"
#include "veche/base/text_codec.h"

namespace veche::core {
namespace {

constexpr std::string_view kSignatureDomain = "veche/record/v2\n";
constexpr std::string_view kIdDomain = "veche/record-id/v2\n";
constexpr std::uint8_t kLogEntryVersion = 1;
constexpr std::uint8_t kUnboundRecordVersion = 1;
constexpr size_t kLogIdSize = 32;

Bytes SignedMessage(const Bytes& body) {
  Bytes message = ToBytes(kSignatureDomain);
  Append(message, body);
  return message;
}

}  // namespace

Bytes Record::Body() const {
  return Encoder(kRecordVersion)
      .PutFixed(log)
      .PutU16(static_cast<std::uint16_t>(kind))
      .PutFixed(author.bytes())
      .PutI64(author_time)
      .PutBytes(payload)
      .Finish();
}

Bytes Record::SignedMessage() const {
  return core::SignedMessage(Body());
}

Bytes Record::Encode() const {
  Bytes out = Body();
  Append(out, signature);
  return out;
}

RecordId Record::Id() const {
  return crypto::Sha256().Update(AsBytes(kIdDomain)).Update(Body()).Finish();
}

Result<LogId> LogIdFromHex(std::string_view hex) {
  if (!hex.empty() && hex.back() == '\n') hex.remove_suffix(1);
  Result<Bytes> bytes = HexDecode(hex);
  if (!bytes.ok() || bytes->size() != kLogIdSize) return InvalidArgumentError("a log id is 64 lowercase hex digits");
  LogId log;
  std::copy(bytes->begin(), bytes->end(), log.begin());
  return log;
}

Result<Record> SignRecord(const LogId& log, RecordKind kind, Bytes payload, UnixMicros author_time,
                          const crypto::SigningKey& key) {
  if (payload.size() > MaxPayloadSize(kind)) {
    return InvalidArgumentError("record payload is " + std::to_string(payload.size()) + " bytes, over the limit of " +
                                std::to_string(MaxPayloadSize(kind)));
  }
  Record r{log, kind, key.public_key(), author_time, std::move(payload), {}};
  r.signature = key.Sign(SignedMessage(r.Body()));
  return r;
}

ByteView RecordAuthorField(ByteView record) {
  constexpr size_t kAuthorAt = 1 + kLogIdSize + 2;
  if (record.size() < kAuthorAt + crypto::kEd25519PublicKeySize || record[0] != kRecordVersion) return {};
  return record.subspan(kAuthorAt, crypto::kEd25519PublicKeySize);
}

Result<Record> DecodeRecord(ByteView bytes) {
  if (bytes.size() > kMaxRecordSize) {
    return InvalidArgumentError("record is " + std::to_string(bytes.size()) + " bytes, over the limit of " +
                                std::to_string(kMaxRecordSize));
  }
  if (!bytes.empty() && bytes[0] == kUnboundRecordVersion) {
    return InvalidArgumentError(
        "record version 1 names no log and is no longer accepted: sign it again as version 2, which binds it to "
        "this log (docs/formats/record.md)");
  }
  Decoder d(bytes);
  VECHE_RETURN_IF_ERROR(d.Version(kRecordVersion, kRecordVersion).status().WithContext("record version"));
  VECHE_ASSIGN_OR_RETURN(Bytes log, d.Fixed(kLogIdSize));
  VECHE_ASSIGN_OR_RETURN(std::uint16_t kind, d.U16());
  if (!IsKnownRecordKind(kind)) return InvalidArgumentError("unknown record kind " + std::to_string(kind));
  VECHE_ASSIGN_OR_RETURN(Bytes author, d.Fixed(crypto::kEd25519PublicKeySize));
  Result<crypto::PublicKey> key = crypto::PublicKey::FromBytes(author);
  if (!key.ok()) return key.error().WithContext("record author");
  VECHE_ASSIGN_OR_RETURN(std::int64_t time, d.I64());
  Result<Bytes> payload = d.BytesField(MaxPayloadSize(static_cast<RecordKind>(kind)));
  if (!payload.ok()) return payload.error().WithContext("record payload");
  size_t body_size = d.position();
  VECHE_ASSIGN_OR_RETURN(Bytes signature, d.Fixed(crypto::kEd25519SignatureSize));
  VECHE_RETURN_IF_ERROR(d.Finish());
  Record r{{}, static_cast<RecordKind>(kind), *key, time, std::move(*payload), {}};
  std::copy(log.begin(), log.end(), r.log.begin());
  std::copy(signature.begin(), signature.end(), r.signature.begin());
  Bytes body(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(body_size));
  Status verified = r.author.Verify(SignedMessage(body), r.signature);
  if (!verified.ok()) return UnauthenticatedError("record signature does not verify for its author");
  return r;
}

Status CheckAuthorTime(UnixMicros author_time, UnixMicros node_time) {
  // Both are any i64 a client chose: the distance is taken in u64, where it always fits.
  const bool ahead = author_time > node_time;
  const std::uint64_t distance = ahead
                                     ? static_cast<std::uint64_t>(author_time) - static_cast<std::uint64_t>(node_time)
                                     : static_cast<std::uint64_t>(node_time) - static_cast<std::uint64_t>(author_time);
  if (distance <= static_cast<std::uint64_t>(kAuthorTimeWindow)) return OkStatus();
  return InvalidArgumentError("the record's author_time is " + std::to_string(distance / 1'000'000) + " s " +
                              (ahead ? "ahead of" : "behind") + " the node's clock; a record must be signed within " +
                              std::to_string(kAuthorTimeWindow / 1'000'000) +
                              " s of when the node takes it (check the signing device's clock)");
}

Bytes LogEntry::Encode() const {
  return Encoder(kLogEntryVersion).PutI64(node_time).PutBytes(record).Finish();
}

Result<LogEntry> DecodeLogEntry(ByteView bytes) {
  Decoder d(bytes);
  VECHE_RETURN_IF_ERROR(d.Version(kLogEntryVersion, kLogEntryVersion).status().WithContext("log entry version"));
  LogEntry e;
  VECHE_ASSIGN_OR_RETURN(e.node_time, d.I64());
  VECHE_ASSIGN_OR_RETURN(e.record, d.BytesField(kMaxRecordSize));
  VECHE_RETURN_IF_ERROR(d.Finish());
  return e;
}

}  // namespace veche::core
