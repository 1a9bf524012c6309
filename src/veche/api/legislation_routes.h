// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Read routes of direct legislation (docs/api.md), public and without login: measures with their
// sessions, live tallies and results, roll calls, initiatives, laws in force and published texts.
// JSON answers carry an ETag (the number of records applied) and answer 304 to a matching
// If-None-Match.
//   GET /measures, /initiatives, /laws
//                                 lists in id order: ?after=<id>&limit=<1..1000>, and filters
//                                 (?territory= for all three, ?status= for measures)
//   GET /measures/<id>            a measure: what it proposes, its status, the live tally, the result
//   GET /measures/<id>/votes      the roll call in citizen-id order: ?after=<id>&limit=<1..1000>
//   GET /initiatives/<id>         an initiative: signatures gathered and needed
//   GET /laws/<id>                a law in force with its version history
//   GET /texts/<sha256 hex>       a published text, served from its text record in the log
//   GET /laws/<id>/text           the text of the law's version in force

#include "veche/http/router.h"
#include "veche/node/node.h"

namespace veche::api {

// Registers the routes; `node` must outlive the router.
void AddLegislationRoutes(http::Router& router, node::Node& node);

}  // namespace veche::api
