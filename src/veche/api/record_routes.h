// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Record routes (docs/api.md):
//   POST /records          body: one encoded record (application/octet-stream; a record over
//                          core::kMaxRecordSize is refused by the decoder with 400) -> 201
//                          receipt, or 200 with the original receipt for a duplicate; 4xx JSON
//                          error naming the problem
//   POST /records/batch    body: up to 1000 records, each u32 big-endian length + bytes -> 200
//                          {"results": [receipt | {"error": {code, message}}, ...]} in order
//   GET  /records/<id>     the receipt of a record in the log (id: 64 hex digits)
//   GET  /state/digest     {"records": N, "digest": hex}: what observers compare after replay

#include "veche/api/rate_limit.h"
#include "veche/http/router.h"
#include "veche/node/node.h"

namespace veche::api {

// Registers the routes; `node` (and `submit_limit`, if not null) must outlive the router. With a
// limiter, POST /records beyond a client's rate is answered 429 (`rate_limited`) with Retry-After.
void AddRecordRoutes(http::Router& router, node::Node& node, RateLimiter* submit_limit = nullptr);

}  // namespace veche::api
