// SPDX-License-Identifier: AGPL-3.0-or-later
// The writers of offices and certificates (offices_json.h).
#include "veche/api/offices_json.h"

#include <nlohmann/json.hpp>

#include "veche/base/text_codec.h"

namespace veche::api {

using nlohmann::json;

void OfficeFields(const std::string& id, const core::Office& o, FieldSink& out) {
  out.Text("id", id);
  out.Text("title", o.title);
  out.Text("territory", o.territory);
  out.Text("collective", o.collective);
  out.Number("term_years", o.term_years);
  out.Text("required_class", o.required_class);
  out.Flag("abolished", o.abolished);
}

void CertificateFields(const std::string& id, const core::Certificate& c, FieldSink& out) {
  out.Text("id", id);
  out.Text("citizen", c.citizen);
  out.Text("class", c.certificate_class);
  out.Text("issuer", Base64Encode(c.issuer));
  out.Number("valid_from", c.valid_from);
  out.Number("valid_until", c.valid_until);
  out.Flag("revoked", c.revoked.has_value());
  out.Text("reason", c.revoked.value_or(""));
}

json OfficeItemJson(const std::string& id, const core::Office& o) {
  json j = json::object();
  JsonFields out(j);
  OfficeFields(id, o, out);
  return j;
}

json CertificateItemJson(const std::string& id, const core::Certificate& c) {
  json j = json::object();
  JsonFields out(j);
  CertificateFields(id, c, out);
  return j;
}

}  // namespace veche::api
