// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Read routes of accountability (docs/api.md), public and without login; JSON with an ETag as the
// other state routes.
//   GET /officials/<citizen id>   the official's portrait: every tenure with how it ended, its
//                                 promises' outcomes and (while held) its approval; every
//                                 candidacy and how it went; certificates

#include "veche/http/router.h"
#include "veche/node/node.h"

namespace veche::api {

// Registers the routes; `node` must outlive the router.
void AddAccountabilityRoutes(http::Router& router, node::Node& node);

}  // namespace veche::api
