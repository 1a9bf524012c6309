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

// The limits of these routes (docs/api.md, "Limits"); each may be null (no limit) and must
// outlive the router.
struct RecordLimits {
  // Per client address, in records, each full 16 KiB of a body counting as one more: beyond it,
  // 429 `rate_limited` with Retry-After; a batch that could never pass, 413 `batch_too_large`.
  RateLimiter* per_address = nullptr;
  // Per author key, in bytes of records: 429 `author_over_budget` with Retry-After.
  RateLimiter* author_bytes = nullptr;
  // GET /state/digest per client address: 429 `rate_limited` with Retry-After.
  RateLimiter* digest = nullptr;
  // Peers whose Forwarded / X-Forwarded-For name the client (ClientKey).
  std::vector<std::string> trusted_proxies;
};

// Registers the routes; `node` must outlive the router. GET /state/digest is answered through a
// node::SummaryPublisher: at most one hashing of the state per 250 ms, whoever asks.
void AddRecordRoutes(http::Router& router, node::Node& node, RecordLimits limits = {});

}  // namespace veche::api
