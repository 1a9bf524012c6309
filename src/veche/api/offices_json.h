// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Offices and certificates as the API writes them, one writer per entity, serving both the JSON
// routes (offices_routes.h) and the open-data export (export_routes.h). Certificates name the
// citizen by pseudonymous id only.

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "veche/api/field_sink.h"
#include "veche/core/state.h"

namespace veche::api {

// id, title, territory, collective, term_years, required_class, abolished: the items of
// GET /offices, GET /offices/<id>, the rows of /export/offices.
void OfficeFields(const std::string& id, const core::Office& o, FieldSink& out);
// id, citizen, class, issuer (the training body's key, base64), valid_from, valid_until (µs since
// 1970), revoked, reason: the items of GET /certificates, the rows of /export/certificates.
void CertificateFields(const std::string& id, const core::Certificate& c, FieldSink& out);

nlohmann::json OfficeItemJson(const std::string& id, const core::Office& o);
nlohmann::json CertificateItemJson(const std::string& id, const core::Certificate& c);

}  // namespace veche::api
