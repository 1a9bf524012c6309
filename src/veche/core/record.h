// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Signed records: every change of state is one. Byte layout in docs/formats/record.md.
//
//   record    := body signature
//   body      := u8 version(=2) fixed[32] log u16 kind fixed[32] author i64 author_time bytes payload
//   signature := fixed[64] Ed25519 by `author` over "veche/record/v2\n" || body
//   log entry := u8 version(=1) i64 node_time bytes record     (what the node sequences)
//
// `log` binds the record to one log: it is the id of that log's genesis record (all zero in the
// genesis record itself), so a record signed for one log is refused by every other.
// The record id, which identifies a statement for duplicate detection and receipts, is
// SHA-256("veche/record-id/v2\n" || body): the same statement re-signed is the same record.

#include <cstdint>
#include <string_view>

#include "veche/base/bytes.h"
#include "veche/base/clock.h"
#include "veche/base/result.h"
#include "veche/crypto/ed25519.h"
#include "veche/crypto/sha256.h"

namespace veche::core {

using RecordId = crypto::Sha256Digest;
// A log's id: the record id of its genesis record.
using LogId = crypto::Sha256Digest;
// What a genesis record names as its log: nothing yet (its own id becomes the log's id).
constexpr LogId kNoLog{};

enum class RecordKind : std::uint16_t {
  kGenesis = 1,
  kClock = 2,
  kTerritoryCreate = 10,
  kTerritoryRename = 11,
  kTerritoryDissolve = 12,
  kCollectiveCreate = 20,
  kCollectiveRename = 21,
  kCollectiveDissolve = 22,
  kRegistrarAccredit = 30,
  kRegistrarRevoke = 31,
  kCitizenEnrol = 40,
  kCitizenBind = 41,
  kCitizenRotateKey = 42,
  kCitizenRecover = 43,
  kCitizenMove = 44,
  kCitizenJoinCollective = 45,
  kCitizenLeaveCollective = 46,
  kCitizenRemove = 47,
  kText = 50,
  kMeasureTable = 51,
  kInitiativeFile = 52,
  kInitiativeSign = 53,
  kInitiativeWithdraw = 54,
  kSessionPetition = 55,
  kSessionOpen = 56,
  kSessionClose = 57,
  kVote = 58,
  kMeasureResult = 59,
  kElectionDefine = 60,
  kTrusteeCommit = 61,
  kTrusteeReveal = 62,
  kTrusteeComplaint = 63,
  kElectionOpen = 64,
  kBallot = 65,
  kElectionClose = 66,
  kDecryptionShare = 67,
  kElectionResult = 68,
  kTrainingBodyAccredit = 70,
  kTrainingBodyRevoke = 71,
  kCertificateIssue = 72,
  kCertificateRevoke = 73,
  kOfficeCreate = 74,
  kOfficeAbolish = 75,
  kTrusteeRollSet = 76,
  kNominationOpen = 77,
  kNominationFile = 78,
  kNominationSign = 79,
  kCandidacyFile = 80,
  kNominationsClose = 81,
  kContestDecide = 82,
  kOfficeSeat = 83,
  kTermEnd = 84,
  kOfficeResign = 85,
  kMembershipConfirm = 86,
  kMeetingOpen = 87,
  kMeetingVote = 88,
  kMeetingClose = 89,
  kPowerGrant = 90,
  kPowerRevoke = 91,
  kOfficeVote = 92,
  kRatingSet = 150,
  kRatingDay = 151,
  kHolderStatement = 152,
  kPromiseReport = 153,
  kPromiseContest = 154,
  kRecallSign = 155,
  kRecallVote = 156,
  kRecallClose = 157,
  kPayrollReport = 158,
  kOfficePay = 159,
  kOfficePublish = 160,
  kOfficeSpend = 161,
  kActingAccept = 162,
};

// "territory_create" etc.; "unknown" for a value that is no kind. (The kinds table, kinds.h.)
std::string_view RecordKindName(RecordKind kind);
bool IsKnownRecordKind(std::uint16_t kind);

constexpr std::uint8_t kRecordVersion = 2;
constexpr size_t kMaxPayloadSize = 16 * 1024;
// A text record carries a whole published text (a law), so its payload may be larger; the entry
// wrapping it still fits the 65,535 bytes a tile bundle allows.
constexpr size_t kMaxTextPayloadSize = 60 * 1024 + 5;
constexpr size_t kMaxRecordSize = 1 + 32 + 2 + 32 + 8 + 4 + kMaxTextPayloadSize + 64;
// The payload limit of a record kind, as the kinds table gives it (kMaxPayloadSize for a value
// that is no kind).
size_t MaxPayloadSize(RecordKind kind);

struct Record {
  LogId log{};
  RecordKind kind = RecordKind::kGenesis;
  crypto::PublicKey author;
  UnixMicros author_time = 0;
  Bytes payload;
  crypto::Ed25519Signature signature{};

  // The signed body's canonical bytes.
  Bytes Body() const;
  // What the signature covers: "veche/record/v2\n" || Body().
  Bytes SignedMessage() const;
  // Body then signature.
  Bytes Encode() const;
  RecordId Id() const;
};

// A log id from its 64 lowercase hex digits (as GET /log/id serves it; one final newline is
// allowed); kInvalidArgument otherwise.
Result<LogId> LogIdFromHex(std::string_view hex);

// Builds and signs a record for `log` (kNoLog for a genesis record). Contract: payload.size() <=
// MaxPayloadSize(kind) (checked: kInvalidArgument).
Result<Record> SignRecord(const LogId& log, RecordKind kind, Bytes payload, UnixMicros author_time,
                          const crypto::SigningKey& key);

// The author field of an encoded record of this version, without decoding or verifying anything
// else (for charging its author before the costly checks); empty if `record` is too short or of
// another version. Never trust it before DecodeRecord.
ByteView RecordAuthorField(ByteView record);

// Strictly decodes a record: version (a version 1 record, bound to no log, is refused with a
// message that says so), known kind, canonical author key, sizes, no trailing bytes;
// then verifies the signature (kUnauthenticated if it does not verify). Never crashes on any input.
Result<Record> DecodeRecord(ByteView bytes);

// How far a record's author_time may lie from the node time that sequences it, either way: a
// record cannot be held back and released later, nor dated ahead. The node refuses a record
// outside it, and replay (every observer) refuses a log entry outside it.
constexpr UnixMicros kAuthorTimeWindow = 10 * 60 * 1'000'000LL;
// kInvalidArgument naming the distance when |author_time - node_time| > kAuthorTimeWindow.
Status CheckAuthorTime(UnixMicros author_time, UnixMicros node_time);

// What the log holds: the record as submitted plus the node's sequencing time.
struct LogEntry {
  UnixMicros node_time = 0;
  Bytes record;  // Record::Encode()

  Bytes Encode() const;
};
Result<LogEntry> DecodeLogEntry(ByteView bytes);

}  // namespace veche::core
