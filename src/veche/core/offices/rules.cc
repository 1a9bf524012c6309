// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/core/offices/rules.h"

#include <set>

#include "veche/core/registry/rules.h"

namespace veche::core {

using namespace rules;

namespace {

// The author must be an active training body.
Result<const TrainingBody*> ActiveTrainingBody(const State& s, const PublicKeyBytes& author) {
  auto it = s.training_bodies.find(author);
  if (it == s.training_bodies.end() || !it->second.active) return Denied("the author is not an active training body");
  return &it->second;
}

}  // namespace

Status ApplyTrainingBodyAccredit(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(auto p, DecodePayload<TrainingBodyAccreditPayload>(in.record.payload));
  VECHE_RETURN_IF_ERROR(RequireAuthority(s, in.author));
  VECHE_RETURN_IF_ERROR(CheckKey(p.key, "training body key"));
  VECHE_RETURN_IF_ERROR(KeyIsUnused(s, p.key));
  VECHE_RETURN_IF_ERROR(LiveTerritory(s, p.territory, "the training body's"));
  for (const auto& [key, body] : s.training_bodies) {
    if (body.id == p.id) return Conflict("training body '" + p.id + "' already exists");
  }
  std::set<std::string> classes(p.classes.begin(), p.classes.end());
  if (classes.size() != p.classes.size()) return InvalidArgumentError("a certificate class is listed twice");
  s.training_bodies[p.key] = TrainingBody{p.id, p.name, p.territory, std::move(classes), true};
  return OkStatus();
}

Status ApplyTrainingBodyRevoke(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(auto p, DecodePayload<TrainingBodyRevokePayload>(in.record.payload));
  VECHE_RETURN_IF_ERROR(RequireAuthority(s, in.author));
  auto it = s.training_bodies.find(p.key);
  if (it == s.training_bodies.end() || !it->second.active) return Conflict("no active training body has that key");
  it->second.active = false;  // its certificates stay valid until they expire or are revoked
  return OkStatus();
}

Status ApplyCertificateIssue(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(auto p, DecodePayload<CertificateIssuePayload>(in.record.payload));
  VECHE_ASSIGN_OR_RETURN(const TrainingBody* body, ActiveTrainingBody(s, in.author));
  if (!body->classes.count(p.certificate_class)) {
    return Denied("training body '" + body->id + "' may not certify the class '" + p.certificate_class + "'");
  }
  if (p.valid_until <= p.valid_from) return InvalidArgumentError("a certificate must expire after it becomes valid");
  if (p.valid_until > kMaxClockTime) return InvalidArgumentError("a certificate's expiry is past the year 9999");
  auto citizen = s.citizens.find(p.citizen);
  if (citizen == s.citizens.end() || citizen->second.removed) {
    return Conflict("citizen '" + p.citizen + "' is not enrolled");
  }
  if (s.certificates.count(p.id)) return Conflict("certificate '" + p.id + "' already exists");
  s.certificates[p.id] = Certificate{p.citizen, p.certificate_class, in.author, p.valid_from, p.valid_until, {}};
  s.certificates_of[p.citizen].insert(p.id);
  return OkStatus();
}

Status ApplyCertificateRevoke(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(auto p, DecodePayload<CertificateRevokePayload>(in.record.payload));
  VECHE_RETURN_IF_ERROR(ActiveTrainingBody(s, in.author).status());
  auto it = s.certificates.find(p.id);
  if (it == s.certificates.end()) return Conflict("certificate '" + p.id + "' does not exist");
  if (it->second.issuer != in.author) return Denied("only the training body that issued a certificate may revoke it");
  if (it->second.revoked) return Conflict("certificate '" + p.id + "' is already revoked");
  if (p.reason.empty()) return InvalidArgumentError("a revocation publishes its reason");
  it->second.revoked = p.reason;
  return OkStatus();
}

Status ApplyOfficeCreate(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(auto p, DecodePayload<OfficeCreatePayload>(in.record.payload));
  VECHE_RETURN_IF_ERROR(RequireAuthority(s, in.author));
  if (s.offices.count(p.id)) return Conflict("office '" + p.id + "' already exists");
  VECHE_RETURN_IF_ERROR(LiveTerritory(s, p.territory, "the office's"));
  if (!p.collective.empty()) {
    VECHE_RETURN_IF_ERROR(LiveCollective(s, p.collective));
    if (s.collectives.at(p.collective).territory != p.territory) {
      return InvalidArgumentError("collective '" + p.collective + "' lies in territory '" +
                                  s.collectives.at(p.collective).territory + "', not '" + p.territory + "'");
    }
  }
  if (p.term_years > kMaxTermYears) {
    return InvalidArgumentError("a term is at most " + std::to_string(kMaxTermYears) + " years");
  }
  const std::uint8_t term = p.term_years != 0 ? p.term_years : s.territories.at(p.territory).charter.term_years;
  s.offices[p.id] = Office{p.title, p.territory, p.collective, term, p.required_class, false};
  return OkStatus();
}

Status ApplyOfficeAbolish(State& s, const Applying& in) {
  VECHE_ASSIGN_OR_RETURN(IdPayload p, DecodePayload<IdPayload>(in.record.payload));
  VECHE_RETURN_IF_ERROR(RequireAuthority(s, in.author));
  auto it = s.offices.find(p.id);
  if (it == s.offices.end()) return Conflict("office '" + p.id + "' does not exist");
  if (it->second.abolished) return Conflict("office '" + p.id + "' is already abolished");
  it->second.abolished = true;
  return OkStatus();
}

}  // namespace veche::core
