#pragma once
// Record routes (docs/api.md):
//   POST /records          body: one encoded record (application/octet-stream; a record over
//                          core::kMaxRecordSize is refused by the decoder with 400) -> 201
//                          receipt, or 200 with the original receipt for a duplicate; 4xx JSON
//                          error naming the problem
//   GET  /records/<id>     the receipt of a record in the log (id: 64 hex digits)
//   GET  /state/digest     {"records": N, "digest": hex}: what observers compare after replay

#include "veche/http/router.h"
#include "veche/node/node.h"

namespace veche::api {

void AddRecordRoutes(http::Router& router, node::Node& node);

}  // namespace veche::api
