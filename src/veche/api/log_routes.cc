// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/api/log_routes.h"

#include "veche/ledger/log_reader.h"
#include "veche/ledger/tiles.h"

namespace veche::api {

void AddLogRoutes(http::Router& router, LogRoutesConfig config) {
  router.Get("/log/checkpoint", [checkpoint = config.checkpoint](const http::Request&) {
    http::Response r = http::Response::Text(200, checkpoint());
    // The checkpoint changes with every commit: let caches keep it only briefly.
    r.SetHeader("Cache-Control", "public, max-age=1");
    return r;
  });
  router.Get("/log/key", [key = config.verifier_key](const http::Request&) {
    http::Response r = http::Response::Text(200, key + "\n");
    r.SetHeader("Cache-Control", "public, max-age=3600");
    return r;
  });
  router.Get("/log/id", [id = config.log_id](const http::Request&) {
    if (id.empty()) return http::Response::Error(404, "not_found", "this log has no genesis record yet");
    http::Response r = http::Response::Text(200, id + "\n");
    r.SetHeader("Cache-Control", "public, max-age=3600");
    return r;
  });
  router.Get("/log/tile/{path...}", [store = config.store](const http::Request& req) {
    std::string path = "tile/" + std::string(req.PathParam("path"));
    Result<ledger::TileId> tile = ledger::ParseTilePath(path);
    if (!tile.ok()) return http::Response::Error(400, "bad_tile_path", path + ": " + tile.error().message());
    Result<Bytes> data = ledger::ReadTile(*store, *tile);
    if (!data.ok()) {
      http::Response r = http::Response::FromStatus(data.error());
      if (data.error().code() == StatusCode::kNotFound) r.SetHeader("Cache-Control", "no-store");
      return r;
    }
    http::Response r = http::Response::Text(200, ToString(*data), "application/octet-stream");
    // A tile of a given width never changes once it exists, partial or full.
    r.SetHeader("Cache-Control", "public, max-age=31536000, immutable");
    return r;
  });
}

}  // namespace veche::api
