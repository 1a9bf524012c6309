// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Read-only HTTP routes of the transparency log, at C2SP tlog-tiles paths under /log/:
//   GET /log/checkpoint                     the latest signed checkpoint (text/plain)
//   GET /log/tile/<L>/<N>[.p/<W>]           hash tiles (application/octet-stream, immutable)
//   GET /log/tile/entries/<N>[.p/<W>]       entry bundles (application/octet-stream, immutable)
//   GET /log/key                            the log's note verifier key, one line
// See docs/api.md.

#include <cstdint>
#include <functional>
#include <string>

#include "veche/http/router.h"
#include "veche/ledger/log_store.h"

namespace veche::api {

struct LogRoutesConfig {
  ledger::LogStore* store = nullptr;        // outlives the router
  std::function<std::string()> checkpoint;  // the current signed checkpoint note
  std::string verifier_key;
  std::string log_id;  // hex: the genesis record's id, which every record signed for this log names
  // Bytes of entry bundle pieces that all connections may hold at once while their clients read
  // slowly (or not at all); beyond it a new bundle download gets 503 with Retry-After.
  std::int64_t max_bundle_bytes_held = std::int64_t{64} << 20;
};

void AddLogRoutes(http::Router& router, LogRoutesConfig config);

}  // namespace veche::api
