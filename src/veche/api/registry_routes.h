// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Read routes of the registry (docs/api.md), public and without login: territories with their
// charters and assemblies, and citizens by pseudonymous id (collectives and registrars are in the
// open-data export only, export_routes.h). JSON answers carry an ETag (the number of records
// applied) and answer 304 to a matching If-None-Match.
//   GET /territories, /citizens   lists in id order: ?after=<id>&limit=<1..1000>, and
//                                 ?residence= for citizens
//   GET /territories/<id>         a territory, its charter (fields as text) and its assembly
//   GET /territories/<id>/charter its charter in force as "name=value" lines (what the CLI edits)

#include "veche/http/router.h"
#include "veche/node/node.h"

namespace veche::api {

// Registers the routes; `node` must outlive the router.
void AddRegistryRoutes(http::Router& router, node::Node& node);

}  // namespace veche::api
