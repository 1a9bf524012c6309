// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/core/payloads.h"

#include "veche/core/legislation.h"
#include "veche/core/payload_codec.h"

#include <cstring>
#include <limits>

namespace veche::core {

using namespace codec;

const char* TerritoryKindName(TerritoryKind kind) {
  switch (kind) {
    case TerritoryKind::kUnion: return "union";
    case TerritoryKind::kRepublic: return "republic";
    case TerritoryKind::kRegion: return "region";
    case TerritoryKind::kCity: return "city";
    case TerritoryKind::kSettlement: return "settlement";
  }
  return "territory";
}

bool IsValidId(std::string_view id) {
  if (id.empty() || id.size() > kMaxIdSize || id[0] == '-') return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

bool IsValidName(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameSize || !IsValidUtf8(name)) return false;
  for (char c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  }
  return true;
}

void Charter::EncodeTo(Encoder& e) const {
  e.PutU8(majority_age).PutU8(consultative_age).PutU8(sessions_per_year).PutU8(term_years);
  e.PutU16(recall_threshold_permille).PutU16(restore_threshold_permille).PutU32(recall_min_raters);
  e.PutU16(recall_period_days).PutU16(grace_period_days);
  e.PutU16(extraordinary_petition_permille).PutU16(initiative_threshold_permille).PutU16(quorum_permille);
  PutMajority(e, law_majority);
  PutMajority(e, budget_majority);
  PutMajority(e, charter_majority);
  e.PutBool(double_majority).PutU16(pay_cap_permille).PutU16(session_days);
}

Result<Charter> Charter::DecodeFrom(Decoder& d) {
  Charter c;
  VECHE_ASSIGN_OR_RETURN(c.majority_age, d.U8());
  VECHE_ASSIGN_OR_RETURN(c.consultative_age, d.U8());
  VECHE_ASSIGN_OR_RETURN(c.sessions_per_year, d.U8());
  VECHE_ASSIGN_OR_RETURN(c.term_years, d.U8());
  VECHE_ASSIGN_OR_RETURN(c.recall_threshold_permille, d.U16());
  VECHE_ASSIGN_OR_RETURN(c.restore_threshold_permille, d.U16());
  VECHE_ASSIGN_OR_RETURN(c.recall_min_raters, d.U32());
  VECHE_ASSIGN_OR_RETURN(c.recall_period_days, d.U16());
  VECHE_ASSIGN_OR_RETURN(c.grace_period_days, d.U16());
  VECHE_ASSIGN_OR_RETURN(c.extraordinary_petition_permille, d.U16());
  VECHE_ASSIGN_OR_RETURN(c.initiative_threshold_permille, d.U16());
  VECHE_ASSIGN_OR_RETURN(c.quorum_permille, d.U16());
  VECHE_ASSIGN_OR_RETURN(c.law_majority, GetMajority(d));
  VECHE_ASSIGN_OR_RETURN(c.budget_majority, GetMajority(d));
  VECHE_ASSIGN_OR_RETURN(c.charter_majority, GetMajority(d));
  VECHE_ASSIGN_OR_RETURN(c.double_majority, d.Bool());
  VECHE_ASSIGN_OR_RETURN(c.pay_cap_permille, d.U16());
  VECHE_ASSIGN_OR_RETURN(c.session_days, d.U16());
  VECHE_RETURN_IF_ERROR(c.Validate());
  return c;
}

Status Charter::Validate() const {
  auto bad = [](std::string what) { return InvalidArgumentError("charter: " + what); };
  if (majority_age < 14 || majority_age > 30) return bad("majority age must be 14..30");
  if (consultative_age < 10 || consultative_age >= majority_age)
    return bad("consultative age must be 10..majority age - 1");
  if (sessions_per_year < 1 || sessions_per_year > 12 || 12 % sessions_per_year != 0)
    return bad("sessions per year must divide the year's 12 months: 1, 2, 3, 4, 6 or 12");
  if (term_years < 1 || term_years > 10) return bad("term must be 1..10 years");
  if (recall_threshold_permille > 1000 || restore_threshold_permille > 1000)
    return bad("thresholds are per mille: 0..1000");
  if (restore_threshold_permille <= recall_threshold_permille)
    return bad("restore threshold must exceed recall threshold");
  if (recall_period_days < 1 || grace_period_days < 1) return bad("recall and grace periods must be at least a day");
  if (extraordinary_petition_permille < 1 || extraordinary_petition_permille > 1000)
    return bad("petition share must be 1..1000 per mille");
  if (initiative_threshold_permille < 1 || initiative_threshold_permille > 1000)
    return bad("initiative threshold must be 1..1000 per mille");
  if (quorum_permille > 1000) return bad("quorum must be 0..1000 per mille");
  for (const MajorityRule* m : {&law_majority, &budget_majority, &charter_majority}) {
    Status valid = m->Validate();
    if (!valid.ok()) return bad(valid.message());
  }
  if (charter_majority.kind != MajorityKind::kQualified) return bad("the charter majority must be qualified");
  if (pay_cap_permille < 100 || pay_cap_permille > 10000) return bad("pay cap must be 100..10000 per mille");
  if (session_days < 1 || session_days > 90) return bad("a session lasts 1..90 days");
  return OkStatus();
}

namespace {

// Every charter field once, in encoding order, with its type: the one table behind
// CharterFields and SetCharterField.
template <typename Visit>
void VisitCharter(Charter& c, Visit&& visit) {
  visit("majority_age", c.majority_age);
  visit("consultative_age", c.consultative_age);
  visit("sessions_per_year", c.sessions_per_year);
  visit("term_years", c.term_years);
  visit("recall_threshold_permille", c.recall_threshold_permille);
  visit("restore_threshold_permille", c.restore_threshold_permille);
  visit("recall_min_raters", c.recall_min_raters);
  visit("recall_period_days", c.recall_period_days);
  visit("grace_period_days", c.grace_period_days);
  visit("extraordinary_petition_permille", c.extraordinary_petition_permille);
  visit("initiative_threshold_permille", c.initiative_threshold_permille);
  visit("quorum_permille", c.quorum_permille);
  visit("law_majority", c.law_majority);
  visit("budget_majority", c.budget_majority);
  visit("charter_majority", c.charter_majority);
  visit("double_majority", c.double_majority);
  visit("pay_cap_permille", c.pay_cap_permille);
  visit("session_days", c.session_days);
}

std::string FieldText(bool v) {
  return v ? "true" : "false";
}
std::string FieldText(const MajorityRule& v) {
  return v.ToString();
}
template <typename Int>
std::string FieldText(Int v) {
  return std::to_string(v);
}

Status ParseField(std::string_view text, bool& out) {
  if (text != "true" && text != "false") return InvalidArgumentError("expected true or false");
  out = text == "true";
  return OkStatus();
}
template <typename Int>
Status ParseField(std::string_view text, Int& out) {
  if (text.empty() || text.size() > 10) return InvalidArgumentError("expected a number");
  std::uint64_t v = 0;
  for (char ch : text) {
    if (ch < '0' || ch > '9') return InvalidArgumentError("expected a number");
    v = v * 10 + static_cast<std::uint64_t>(ch - '0');
  }
  if (v > std::numeric_limits<Int>::max()) return InvalidArgumentError("the number is too large for the field");
  out = static_cast<Int>(v);
  return OkStatus();
}
Status ParseField(std::string_view text, MajorityRule& out) {
  if (text == "simple") return out = {MajorityKind::kSimple, 1, 2}, OkStatus();
  if (text == "absolute") return out = {MajorityKind::kAbsolute, 1, 2}, OkStatus();
  constexpr std::string_view kQualified = "qualified ";
  size_t slash = text.find('/');
  if (text.substr(0, kQualified.size()) != kQualified || slash == std::string_view::npos) {
    return InvalidArgumentError("expected simple, absolute or qualified N/D");
  }
  MajorityRule rule{MajorityKind::kQualified, 0, 0};
  VECHE_RETURN_IF_ERROR(ParseField(text.substr(kQualified.size(), slash - kQualified.size()), rule.num));
  VECHE_RETURN_IF_ERROR(ParseField(text.substr(slash + 1), rule.den));
  out = rule;
  return OkStatus();
}

}  // namespace

std::vector<std::pair<std::string, std::string>> CharterFields(const Charter& charter) {
  std::vector<std::pair<std::string, std::string>> out;
  Charter copy = charter;
  VisitCharter(copy, [&](const char* name, const auto& field) { out.emplace_back(name, FieldText(field)); });
  return out;
}

Status SetCharterField(Charter& charter, std::string_view name, std::string_view value) {
  Status result = InvalidArgumentError("charter: no field named '" + std::string(name) + "'");
  VisitCharter(charter, [&](const char* field_name, auto& field) {
    if (name != field_name) return;
    result = ParseField(value, field);
    if (!result.ok()) result = result.WithContext("charter field " + std::string(name));
  });
  return result;
}

crypto::SigningKey EnrolmentKeyFromCode(std::string_view code) {
  crypto::Sha256 h;
  h.Update(AsBytes("veche/enrolment-code/v1\n")).Update(AsBytes(code));
  return crypto::SigningKey::FromSeed(h.Finish()).value();  // a 32-byte seed always makes a key
}

Commitment PersonalDataCommitment(ByteView salt, std::string_view data) {
  return crypto::Sha256().Update(AsBytes("veche/personal-data/v1\n")).Update(salt).Update(AsBytes(data)).Finish();
}

Bytes BindMessage(std::string_view citizen_id, const PublicKeyBytes& enrolment_key, const PublicKeyBytes& citizen_key) {
  return Encoder(1)
      .PutString("veche/citizen-bind")
      .PutString(citizen_id)
      .PutFixed(enrolment_key)
      .PutFixed(citizen_key)
      .Finish();
}
PublicKeyBytes KeyBytes(const crypto::PublicKey& key) {
  PublicKeyBytes out;
  std::memcpy(out.data(), key.bytes().data(), out.size());
  return out;
}

CitizenBindPayload MakeBindPayload(std::string_view citizen_id, const crypto::SigningKey& enrolment,
                                   const PublicKeyBytes& citizen_key) {
  CitizenBindPayload p;
  p.id = std::string(citizen_id);
  auto proof = enrolment.Sign(BindMessage(citizen_id, KeyBytes(enrolment.public_key()), citizen_key));
  std::memcpy(p.enrolment_signature.data(), proof.data(), proof.size());
  return p;
}

Bytes RotateMessage(std::string_view citizen_id, const PublicKeyBytes& new_key) {
  return Encoder(1).PutString("veche/citizen-rotate").PutString(citizen_id).PutFixed(new_key).Finish();
}

Bytes EncodePayload(const GenesisPayload& p) {
  Encoder e(kPayloadVersion);
  e.PutFixed(p.node_key).PutString(p.root_id).PutString(p.root_name).PutU8(static_cast<std::uint8_t>(p.root_kind));
  p.charter.EncodeTo(e);
  e.PutU32(static_cast<std::uint32_t>(p.authorities.size()));
  for (const auto& k : p.authorities) e.PutFixed(k);
  return e.Finish();
}
template <>
Result<GenesisPayload> DecodePayload(ByteView bytes) {
  Decoder d(bytes);
  return Finish<GenesisPayload>(d, [&](GenesisPayload& p) -> Status {
    VECHE_ASSIGN_OR_RETURN(p.node_key, GetArray<32>(d));
    VECHE_ASSIGN_OR_RETURN(p.root_id, GetId(d, "root territory id"));
    VECHE_ASSIGN_OR_RETURN(p.root_name, GetName(d, "root territory name"));
    VECHE_ASSIGN_OR_RETURN(p.root_kind, GetEnum<TerritoryKind>(d, 1, 5, "territory kind"));
    VECHE_ASSIGN_OR_RETURN(p.charter, Charter::DecodeFrom(d));
    VECHE_ASSIGN_OR_RETURN(std::uint32_t n, d.U32());
    if (n == 0 || n > kMaxAuthorities) return InvalidArgumentError("genesis needs 1..64 authority keys");
    for (std::uint32_t i = 0; i < n; ++i) {
      VECHE_ASSIGN_OR_RETURN(PublicKeyBytes k, GetArray<32>(d));
      p.authorities.push_back(k);
    }
    return OkStatus();
  });
}

Bytes EncodePayload(const ClockPayload& p) {
  return Encoder(kPayloadVersion).PutI64(p.time).Finish();
}
template <>
Result<ClockPayload> DecodePayload(ByteView bytes) {
  Decoder d(bytes);
  return Finish<ClockPayload>(d, [&](ClockPayload& p) -> Status {
    VECHE_ASSIGN_OR_RETURN(p.time, d.I64());
    if (p.time < 0 || p.time > kMaxClockTime) return InvalidArgumentError("clock time must lie in 1970..9999");
    return OkStatus();
  });
}

Bytes EncodePayload(const TerritoryCreatePayload& p) {
  Encoder e(kPayloadVersion);
  e.PutString(p.id).PutString(p.parent).PutU8(static_cast<std::uint8_t>(p.kind)).PutString(p.name);
  e.PutBool(p.charter.has_value());
  if (p.charter) p.charter->EncodeTo(e);
  return e.Finish();
}
template <>
Result<TerritoryCreatePayload> DecodePayload(ByteView bytes) {
  Decoder d(bytes);
  return Finish<TerritoryCreatePayload>(d, [&](TerritoryCreatePayload& p) -> Status {
    VECHE_ASSIGN_OR_RETURN(p.id, GetId(d, "territory id"));
    VECHE_ASSIGN_OR_RETURN(p.parent, GetId(d, "parent territory"));
    VECHE_ASSIGN_OR_RETURN(p.kind, GetEnum<TerritoryKind>(d, 1, 5, "territory kind"));
    VECHE_ASSIGN_OR_RETURN(p.name, GetName(d, "territory name"));
    VECHE_ASSIGN_OR_RETURN(bool has_charter, d.Bool());
    if (has_charter) {
      VECHE_ASSIGN_OR_RETURN(p.charter, Charter::DecodeFrom(d));
    }
    return OkStatus();
  });
}

Bytes EncodePayload(const RenamePayload& p) {
  return Encoder(kPayloadVersion).PutString(p.id).PutString(p.name).Finish();
}
template <>
Result<RenamePayload> DecodePayload(ByteView bytes) {
  Decoder d(bytes);
  return Finish<RenamePayload>(d, [&](RenamePayload& p) -> Status {
    VECHE_ASSIGN_OR_RETURN(p.id, GetId(d, "id"));
    VECHE_ASSIGN_OR_RETURN(p.name, GetName(d, "name"));
    return OkStatus();
  });
}

Bytes EncodePayload(const IdPayload& p) {
  return Encoder(kPayloadVersion).PutString(p.id).Finish();
}
template <>
Result<IdPayload> DecodePayload(ByteView bytes) {
  Decoder d(bytes);
  return Finish<IdPayload>(d, [&](IdPayload& p) -> Status {
    VECHE_ASSIGN_OR_RETURN(p.id, GetId(d, "id"));
    return OkStatus();
  });
}

Bytes EncodePayload(const CollectiveCreatePayload& p) {
  return Encoder(kPayloadVersion)
      .PutString(p.id)
      .PutString(p.parent)
      .PutString(p.territory)
      .PutU8(static_cast<std::uint8_t>(p.kind))
      .PutString(p.name)
      .Finish();
}
template <>
Result<CollectiveCreatePayload> DecodePayload(ByteView bytes) {
  Decoder d(bytes);
  return Finish<CollectiveCreatePayload>(d, [&](CollectiveCreatePayload& p) -> Status {
    VECHE_ASSIGN_OR_RETURN(p.id, GetId(d, "collective id"));
    VECHE_ASSIGN_OR_RETURN(p.parent, GetOptionalId(d, "parent collective"));
    VECHE_ASSIGN_OR_RETURN(p.territory, GetId(d, "collective territory"));
    VECHE_ASSIGN_OR_RETURN(p.kind, GetEnum<CollectiveKind>(d, 1, 4, "collective kind"));
    VECHE_ASSIGN_OR_RETURN(p.name, GetName(d, "collective name"));
    return OkStatus();
  });
}

Bytes EncodePayload(const RegistrarAccreditPayload& p) {
  return Encoder(kPayloadVersion).PutFixed(p.key).PutString(p.territory).Finish();
}
template <>
Result<RegistrarAccreditPayload> DecodePayload(ByteView bytes) {
  Decoder d(bytes);
  return Finish<RegistrarAccreditPayload>(d, [&](RegistrarAccreditPayload& p) -> Status {
    VECHE_ASSIGN_OR_RETURN(p.key, GetArray<32>(d));
    VECHE_ASSIGN_OR_RETURN(p.territory, GetId(d, "registrar territory"));
    return OkStatus();
  });
}

Bytes EncodePayload(const RegistrarRevokePayload& p) {
  return Encoder(kPayloadVersion).PutFixed(p.key).Finish();
}
template <>
Result<RegistrarRevokePayload> DecodePayload(ByteView bytes) {
  Decoder d(bytes);
  return Finish<RegistrarRevokePayload>(d, [&](RegistrarRevokePayload& p) -> Status {
    VECHE_ASSIGN_OR_RETURN(p.key, GetArray<32>(d));
    return OkStatus();
  });
}

Bytes EncodePayload(const CitizenEnrolPayload& p) {
  return Encoder(kPayloadVersion)
      .PutString(p.id)
      .PutString(p.residence)
      .PutI64(p.majority_date)
      .PutI64(p.consultative_date)
      .PutFixed(p.personal_data)
      .PutFixed(p.enrolment_key)
      .Finish();
}
template <>
Result<CitizenEnrolPayload> DecodePayload(ByteView bytes) {
  Decoder d(bytes);
  return Finish<CitizenEnrolPayload>(d, [&](CitizenEnrolPayload& p) -> Status {
    VECHE_ASSIGN_OR_RETURN(p.id, GetId(d, "citizen id"));
    VECHE_ASSIGN_OR_RETURN(p.residence, GetId(d, "residence"));
    VECHE_ASSIGN_OR_RETURN(p.majority_date, d.I64());
    VECHE_ASSIGN_OR_RETURN(p.consultative_date, d.I64());
    if (p.consultative_date > p.majority_date) {
      return InvalidArgumentError("the consultative vote cannot start after majority");
    }
    VECHE_ASSIGN_OR_RETURN(p.personal_data, GetArray<32>(d));
    VECHE_ASSIGN_OR_RETURN(p.enrolment_key, GetArray<32>(d));
    return OkStatus();
  });
}

Bytes EncodePayload(const CitizenBindPayload& p) {
  return Encoder(kPayloadVersion).PutString(p.id).PutFixed(p.enrolment_signature).Finish();
}
template <>
Result<CitizenBindPayload> DecodePayload(ByteView bytes) {
  Decoder d(bytes);
  return Finish<CitizenBindPayload>(d, [&](CitizenBindPayload& p) -> Status {
    VECHE_ASSIGN_OR_RETURN(p.id, GetId(d, "citizen id"));
    VECHE_ASSIGN_OR_RETURN(p.enrolment_signature, GetArray<64>(d));
    return OkStatus();
  });
}

Bytes EncodePayload(const CitizenRotateKeyPayload& p) {
  return Encoder(kPayloadVersion).PutString(p.id).PutFixed(p.new_key).PutFixed(p.new_key_signature).Finish();
}
template <>
Result<CitizenRotateKeyPayload> DecodePayload(ByteView bytes) {
  Decoder d(bytes);
  return Finish<CitizenRotateKeyPayload>(d, [&](CitizenRotateKeyPayload& p) -> Status {
    VECHE_ASSIGN_OR_RETURN(p.id, GetId(d, "citizen id"));
    VECHE_ASSIGN_OR_RETURN(p.new_key, GetArray<32>(d));
    VECHE_ASSIGN_OR_RETURN(p.new_key_signature, GetArray<64>(d));
    return OkStatus();
  });
}

Bytes EncodePayload(const CitizenRecoverPayload& p) {
  return Encoder(kPayloadVersion).PutString(p.id).PutFixed(p.enrolment_key).Finish();
}
template <>
Result<CitizenRecoverPayload> DecodePayload(ByteView bytes) {
  Decoder d(bytes);
  return Finish<CitizenRecoverPayload>(d, [&](CitizenRecoverPayload& p) -> Status {
    VECHE_ASSIGN_OR_RETURN(p.id, GetId(d, "citizen id"));
    VECHE_ASSIGN_OR_RETURN(p.enrolment_key, GetArray<32>(d));
    return OkStatus();
  });
}

Bytes EncodePayload(const CitizenMovePayload& p) {
  return Encoder(kPayloadVersion).PutString(p.id).PutString(p.residence).Finish();
}
template <>
Result<CitizenMovePayload> DecodePayload(ByteView bytes) {
  Decoder d(bytes);
  return Finish<CitizenMovePayload>(d, [&](CitizenMovePayload& p) -> Status {
    VECHE_ASSIGN_OR_RETURN(p.id, GetId(d, "citizen id"));
    VECHE_ASSIGN_OR_RETURN(p.residence, GetId(d, "residence"));
    return OkStatus();
  });
}

Bytes EncodePayload(const CitizenCollectivePayload& p) {
  return Encoder(kPayloadVersion).PutString(p.id).PutString(p.collective).Finish();
}
template <>
Result<CitizenCollectivePayload> DecodePayload(ByteView bytes) {
  Decoder d(bytes);
  return Finish<CitizenCollectivePayload>(d, [&](CitizenCollectivePayload& p) -> Status {
    VECHE_ASSIGN_OR_RETURN(p.id, GetId(d, "citizen id"));
    VECHE_ASSIGN_OR_RETURN(p.collective, GetId(d, "collective"));
    return OkStatus();
  });
}

Bytes EncodePayload(const CitizenRemovePayload& p) {
  return Encoder(kPayloadVersion).PutString(p.id).PutU8(static_cast<std::uint8_t>(p.reason)).Finish();
}
template <>
Result<CitizenRemovePayload> DecodePayload(ByteView bytes) {
  Decoder d(bytes);
  return Finish<CitizenRemovePayload>(d, [&](CitizenRemovePayload& p) -> Status {
    VECHE_ASSIGN_OR_RETURN(p.id, GetId(d, "citizen id"));
    VECHE_ASSIGN_OR_RETURN(p.reason, GetEnum<RemovalReason>(d, 1, 2, "removal reason"));
    return OkStatus();
  });
}

}  // namespace veche::core
