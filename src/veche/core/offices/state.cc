// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/core/offices/state.h"

#include "veche/core/state_fields.h"

namespace veche::core {

bool OfficesState::HoldsCertificate(const std::string& citizen, const std::string& certificate_class,
                                    UnixMicros at) const {
  auto held = certificates_of.find(citizen);
  if (held == certificates_of.end()) return false;
  for (const std::string& id : held->second) {
    const Certificate& c = certificates.at(id);
    if (c.certificate_class == certificate_class && !c.revoked && c.valid_from <= at && at < c.valid_until) return true;
  }
  return false;
}

namespace {

constexpr size_t kMaxKey = 1 << 16;  // ids in the state were checked when their records applied

template <typename V, typename C>
void CertificateFields(V& v, C& c) {
  v.String(c.citizen, kMaxKey, "citizen");
  v.String(c.certificate_class, kMaxKey, "certificate class");
  v.Fixed(c.issuer);
  v.Int(c.valid_from);
  v.Int(c.valid_until);
  v.Optional(c.revoked, [&](auto& reason) { v.String(reason, kMaxKey, "reason"); });
}

template <typename V, typename O>
void OfficeFields(V& v, O& o) {
  v.String(o.title, kMaxKey, "title");
  v.String(o.territory, kMaxKey, "territory");
  v.String(o.collective, kMaxKey, "collective");
  v.Int(o.term_years);
  v.String(o.required_class, kMaxKey, "required class");
  v.Int(o.abolished);
}

}  // namespace

template <typename V, typename S>
void VisitOfficesSections(V& v, S& s) {
  v.Section("training_bodies", [&] {
    fields::MapItems(v, s.training_bodies, 8, [&](auto& key, auto& b) {
      v.Fixed(key);
      v.String(b.id, kMaxKey, "training body id");
      v.String(b.name, kMaxKey, "name");
      v.String(b.territory, kMaxKey, "territory");
      fields::StringSet<std::uint8_t>(v, b.classes, false);
      v.Int(b.active);
    });
  });
  v.Section("certificates", [&] {
    fields::MapItems(v, s.certificates, 8, [&](auto& id, auto& c) {
      v.String(id, kMaxKey, "certificate id");
      CertificateFields(v, c);
    });
    if constexpr (V::kReading) {
      for (const auto& [id, c] : s.certificates) s.certificates_of[c.citizen].insert(id);
    }
  });
  v.Section("offices", [&] {
    fields::MapItems(v, s.offices, 8, [&](auto& id, auto& o) {
      v.String(id, kMaxKey, "office id");
      OfficeFields(v, o);
    });
  });
}

template void VisitOfficesSections(fields::DigestWriter&, const OfficesState&);
template void VisitOfficesSections(fields::StreamWriter&, const OfficesState&);
template void VisitOfficesSections(fields::StreamReader&, OfficesState&);

}  // namespace veche::core
