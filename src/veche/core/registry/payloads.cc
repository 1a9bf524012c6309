// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/core/registry/payloads.h"

#include <cstring>
#include <limits>

namespace veche::core {

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
  for (const MajorityRule* m : {&law_majority, &budget_majority, &charter_majority, &meeting_majority}) {
    Status valid = m->Validate();
    if (!valid.ok()) return bad(valid.message());
  }
  if (charter_majority.kind != MajorityKind::kQualified) return bad("the charter majority must be qualified");
  if (pay_cap_permille < 100 || pay_cap_permille > 10000) return bad("pay cap must be 100..10000 per mille");
  if (session_days < 1 || session_days > 90) return bad("a session lasts 1..90 days");
  if (nomination_days < 1 || nomination_days > 90) return bad("a nomination period lasts 1..90 days");
  if (nomination_lead_days < 1 || nomination_lead_days > 365)
    return bad("an office's election opens 1..365 days before the term ends");
  if (nomination_signatures_permille < 1 || nomination_signatures_permille > 1000)
    return bad("a nomination's signature share must be 1..1000 per mille");
  if (consecutive_terms_limit > 10) return bad("the consecutive terms limit is 0 (none)..10");
  if (keygen_days < 1 || keygen_days > 30) return bad("the trustees' key ceremony lasts 1..30 days");
  if (voting_days < 1 || voting_days > 30) return bad("an office's vote lasts 1..30 days");
  if (meeting_quorum_permille > 1000) return bad("a meeting's quorum must be 0..1000 per mille");
  if (nominating_associations.size() > kMaxNominatingAssociations) return bad("it names at most 8 associations");
  for (size_t i = 0; i < nominating_associations.size(); ++i) {
    if (!IsValidId(nominating_associations[i])) return bad("a nominating association must be a collective id");
    for (size_t j = 0; j < i; ++j) {
      if (nominating_associations[j] == nominating_associations[i]) return bad("it names an association twice");
    }
  }
  if (promotion_record_permille > 1000) return bad("the promotion record must be 0 (none)..1000 per mille");
  return OkStatus();
}

namespace {

std::string FieldText(bool v) {
  return v ? "true" : "false";
}
std::string FieldText(const MajorityRule& v) {
  return v.ToString();
}
std::string FieldText(const std::vector<std::string>& ids) {  // "a,b,c"; empty for none
  std::string out;
  for (const std::string& id : ids) out += (out.empty() ? "" : ",") + id;
  return out;
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
Status ParseField(std::string_view text, std::vector<std::string>& out) {
  std::vector<std::string> ids;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    ids.emplace_back(text.substr(0, comma));
    if (!IsValidId(ids.back())) return InvalidArgumentError("expected collective ids separated by commas");
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  out = std::move(ids);
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
  Charter::Visit(charter, [&](const char* name, const auto& field) { out.emplace_back(name, FieldText(field)); });
  return out;
}

Status SetCharterField(Charter& charter, std::string_view name, std::string_view value) {
  Status result = InvalidArgumentError("charter: no field named '" + std::string(name) + "'");
  Charter::Visit(charter, [&](const char* field_name, auto& field) {
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

}  // namespace veche::core
