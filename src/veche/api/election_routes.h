// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Read routes of the secret ballots (docs/api.md), public and without login; ballots and trustee
// records arrive through POST /records like any record (record_routes.h). JSON answers carry an
// ETag (the number of records applied) and answer 304 to a matching If-None-Match.
//   GET /elections                lists in id order: ?after=<id>&limit=<1..1000>, ?status=
//   GET /elections/<id>           options, trustees, the joint key, voters, result
//   GET /elections/<id>/ballots   who cast a ballot and its tracking code, in citizen-id order:
//                                 ?after=<id>&limit=<1..1000>

#include "veche/http/router.h"
#include "veche/node/node.h"

namespace veche::api {

// Registers the routes; `node` must outlive the router.
void AddElectionRoutes(http::Router& router, node::Node& node);

}  // namespace veche::api
