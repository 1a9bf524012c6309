// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Read routes of the People's Assembly (docs/api.md), public and without login. JSON answers carry
// an ETag (the number of records applied) and answer 304 to a matching If-None-Match.
//   GET /territories/<id>         a territory, its charter (fields as text) and its assembly
//   GET /territories/<id>/charter its charter in force as "name=value" lines (what the CLI edits)
//   GET /territories, /measures, /initiatives, /laws, /citizens
//                                 lists in id order: ?after=<id>&limit=<1..1000>, and filters
//                                 (?territory= for measures, initiatives and laws, ?status= for
//                                 measures, ?residence= for citizens)
//   GET /measures/<id>            a measure: what it proposes, its status, the live tally, the result
//   GET /measures/<id>/votes      the roll call in citizen-id order: ?after=<id>&limit=<1..1000>
//   GET /initiatives/<id>         an initiative: signatures gathered and needed
//   GET /laws/<id>                a law in force with its version history
//   GET /texts/<sha256 hex>       a published text, served from its text record in the log
//   GET /laws/<id>/text           the text of the law's version in force
//   GET /elections, /elections/<id>  secret ballots: options, trustees, the joint key, voters, result
//   GET /elections/<id>/ballots   who cast a ballot and its tracking code, in citizen-id order

#include "veche/http/router.h"
#include "veche/node/node.h"

namespace veche::api {

// Registers the routes; `node` must outlive the router.
void AddAssemblyRoutes(http::Router& router, node::Node& node);

}  // namespace veche::api
