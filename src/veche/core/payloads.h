// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The payload of each record kind, its canonical encoding (docs/formats/record.md), and the
// charter: a territory's parameters from docs/MISSION.md with their defaults.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "veche/base/canonical.h"
#include "veche/base/clock.h"
#include "veche/base/result.h"
#include "veche/choice/majority.h"
#include "veche/crypto/ed25519.h"
#include "veche/crypto/sha256.h"

namespace veche::core {

using PublicKeyBytes = std::array<std::uint8_t, crypto::kEd25519PublicKeySize>;
using SignatureBytes = std::array<std::uint8_t, crypto::kEd25519SignatureSize>;
using Commitment = crypto::Sha256Digest;

constexpr size_t kMaxIdSize = 64;
constexpr size_t kMaxNameSize = 200;
constexpr size_t kMaxAuthorities = 64;

// Ids of territories, collectives and citizens: 1..64 of [a-z0-9-], not starting with '-'.
bool IsValidId(std::string_view id);
// Names: 1..200 bytes of UTF-8 without control characters.
bool IsValidName(std::string_view name);

enum class TerritoryKind : std::uint8_t { kUnion = 1, kRepublic = 2, kRegion = 3, kCity = 4, kSettlement = 5 };
const char* TerritoryKindName(TerritoryKind kind);

enum class CollectiveKind : std::uint8_t { kWorkplace = 1, kCooperative = 2, kFarm = 3, kAssociation = 4 };
enum class RemovalReason : std::uint8_t { kDeath = 1, kLossOfCitizenship = 2 };
using choice::MajorityKind;
using choice::MajorityRule;

struct Charter {
  std::uint8_t majority_age = 18;
  std::uint8_t consultative_age = 14;
  std::uint8_t sessions_per_year = 2;
  std::uint8_t term_years = 3;
  std::uint16_t recall_threshold_permille = 200;
  std::uint16_t restore_threshold_permille = 500;
  std::uint32_t recall_min_raters = 100;
  std::uint16_t recall_period_days = 30;
  std::uint16_t grace_period_days = 30;
  std::uint16_t extraordinary_petition_permille = 333;
  std::uint16_t initiative_threshold_permille = 10;
  std::uint16_t quorum_permille = 0;
  MajorityRule law_majority{MajorityKind::kSimple, 1, 2};
  MajorityRule budget_majority{MajorityKind::kSimple, 1, 2};
  MajorityRule charter_majority{MajorityKind::kQualified, 2, 3};
  bool double_majority = false;
  std::uint16_t pay_cap_permille = 1000;  // officials' pay cap, per mille of the average worker's pay
  std::uint16_t session_days = 14;        // how long a session of the People's Assembly stays open

  void EncodeTo(Encoder& e) const;
  static Result<Charter> DecodeFrom(Decoder& d);
  // kInvalidArgument naming the first out-of-range parameter.
  Status Validate() const;
  friend bool operator==(const Charter&, const Charter&) = default;
};

// The charter as named text fields, in encoding order: "majority_age" -> "18", "law_majority" ->
// "simple" / "absolute" / "qualified 2/3", "double_majority" -> "true" / "false". What the API
// serves and what SetCharterField reads.
std::vector<std::pair<std::string, std::string>> CharterFields(const Charter& charter);
// Sets one field by name from its text form. kInvalidArgument for an unknown name or a value that
// does not parse or fit the field's type (ranges are Charter::Validate's business).
Status SetCharterField(Charter& charter, std::string_view name, std::string_view value);

struct GenesisPayload {
  PublicKeyBytes node_key{};
  std::string root_id, root_name;
  TerritoryKind root_kind = TerritoryKind::kUnion;
  Charter charter;
  std::vector<PublicKeyBytes> authorities;
};
struct ClockPayload {
  UnixMicros time = 0;
};
struct TerritoryCreatePayload {
  std::string id, parent;
  TerritoryKind kind = TerritoryKind::kCity;
  std::string name;
  std::optional<Charter> charter;  // absent: inherit the parent's
};
struct RenamePayload {  // territory_rename, collective_rename
  std::string id, name;
};
struct IdPayload {  // territory_dissolve, collective_dissolve
  std::string id;
};
struct CollectiveCreatePayload {
  std::string id, parent;  // parent empty: a top-level collective
  std::string territory;
  CollectiveKind kind = CollectiveKind::kWorkplace;
  std::string name;
};
struct RegistrarAccreditPayload {
  PublicKeyBytes key{};
  std::string territory;  // the registrar acts for this territory and everything below it
};
struct RegistrarRevokePayload {
  PublicKeyBytes key{};
};
struct CitizenEnrolPayload {
  std::string id;
  std::string residence;
  UnixMicros majority_date = 0;
  UnixMicros consultative_date = 0;
  Commitment personal_data{};      // salted hash of the registrar's private record of the person
  PublicKeyBytes enrolment_key{};  // derived from the one-time enrolment code
};
struct CitizenBindPayload {
  std::string id;
  SignatureBytes enrolment_signature{};  // by the enrolment key over BindMessage(id, enrolment key, author)
};
struct CitizenRotateKeyPayload {
  std::string id;
  PublicKeyBytes new_key{};
  SignatureBytes new_key_signature{};  // by the new key over RotateMessage(id, new_key)
};
struct CitizenRecoverPayload {
  std::string id;
  PublicKeyBytes enrolment_key{};  // a fresh one-time code's key; the old citizen key stops working
};
struct CitizenMovePayload {
  std::string id, residence;
};
struct CitizenCollectivePayload {  // join and leave
  std::string id, collective;
};
struct CitizenRemovePayload {
  std::string id;
  RemovalReason reason = RemovalReason::kDeath;
};

// A public key's 32 bytes, as payloads and the state carry keys.
PublicKeyBytes KeyBytes(const crypto::PublicKey& key);

// The citizen_bind payload for `citizen_key`: the enrolment key (from the one-time code) signs
// BindMessage(id, its own public key, citizen_key). Submitted signed by the citizen key itself.
CitizenBindPayload MakeBindPayload(std::string_view citizen_id, const crypto::SigningKey& enrolment,
                                   const PublicKeyBytes& citizen_key);

// Proof-of-possession messages. The bind message names the enrolment key, so a proof made for one
// enrolment code cannot be replayed after a registrar issues another.
Bytes BindMessage(std::string_view citizen_id, const PublicKeyBytes& enrolment_key, const PublicKeyBytes& citizen_key);
Bytes RotateMessage(std::string_view citizen_id, const PublicKeyBytes& new_key);

// The enrolment key of a one-time enrolment code: the Ed25519 key whose RFC 8032 seed is
// SHA-256("veche/enrolment-code/v1\n" || code). The registrar publishes its public half in
// citizen_enrol; the citizen's device derives it from the code to sign the bind proof. The code
// must be as hard to guess as a key (the public half is in the log for anyone to test guesses).
crypto::SigningKey EnrolmentKeyFromCode(std::string_view code);

// The commitment to a person's data that citizen_enrol carries: SHA-256("veche/personal-data/v1\n"
// || salt || data). The salt and the data stay in the registrar's private store; erasing them there
// leaves a commitment nobody can link to the person.
Commitment PersonalDataCommitment(ByteView salt, std::string_view data);

// Canonical encoding of each payload (a version byte, then its fields in declaration order).
Bytes EncodePayload(const GenesisPayload& p);
Bytes EncodePayload(const ClockPayload& p);
Bytes EncodePayload(const TerritoryCreatePayload& p);
Bytes EncodePayload(const RenamePayload& p);
Bytes EncodePayload(const IdPayload& p);
Bytes EncodePayload(const CollectiveCreatePayload& p);
Bytes EncodePayload(const RegistrarAccreditPayload& p);
Bytes EncodePayload(const RegistrarRevokePayload& p);
Bytes EncodePayload(const CitizenEnrolPayload& p);
Bytes EncodePayload(const CitizenBindPayload& p);
Bytes EncodePayload(const CitizenRotateKeyPayload& p);
Bytes EncodePayload(const CitizenRecoverPayload& p);
Bytes EncodePayload(const CitizenMovePayload& p);
Bytes EncodePayload(const CitizenCollectivePayload& p);
Bytes EncodePayload(const CitizenRemovePayload& p);

// Strict decoding: version, field syntax (ids, names, enums), no trailing bytes.
template <typename T>
Result<T> DecodePayload(ByteView bytes);

}  // namespace veche::core
