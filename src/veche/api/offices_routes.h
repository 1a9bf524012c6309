// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Read routes of offices and qualification certificates (docs/api.md), public and without login.
// JSON answers carry an ETag (the number of records applied) and answer 304 to a matching
// If-None-Match.
//   GET /offices          offices in id order: ?after=<id>&limit=<1..1000>, ?territory=, ?collective=
//   GET /offices/<id>     one office
//   GET /certificates     certificates in id order (paged as above), or ?citizen=<id>: all of
//                         one citizen's

#include "veche/http/router.h"
#include "veche/node/node.h"

namespace veche::api {

// Registers the routes; `node` must outlive the router.
void AddOfficesRoutes(http::Router& router, node::Node& node);

}  // namespace veche::api
