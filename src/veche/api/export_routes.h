// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Open data (docs/api.md): every public table of the state as CSV (RFC 4180, header row) or JSON
// (an array of objects), streamed in pages so that no export is built in memory whole.
//   GET /export                       the tables, their columns and links
//   GET /export/<table>.csv|.json     territories, collectives, citizens (pseudonymous ids only),
//                                     measures, votes (every roll call), initiatives, signatures,
//                                     laws, law_versions
// Each page of rows is read under one shared lock of the state; records applied while an export
// streams may show in its later pages. The header X-Veche-Records names the records applied when
// the export began. A table's columns and rows are the field lists of its entities
// (registry_json.h, legislation_json.h), the ones the JSON routes write.

#include "veche/http/router.h"
#include "veche/node/node.h"

namespace veche::api {

void AddExportRoutes(http::Router& router, node::Node& node);

}  // namespace veche::api
