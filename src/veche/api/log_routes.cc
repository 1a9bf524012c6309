// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/api/log_routes.h"

#include <algorithm>
#include <atomic>
#include <memory>

#include "veche/ledger/log_reader.h"
#include "veche/ledger/tiles.h"

namespace veche::api {

namespace {

// Entries read from the store per piece of a streamed bundle: a bundle of 256 large entries is
// 15.7 MB, and a client that asks for many and reads none must not make the node hold them all;
// each connection holds one piece (at most 16 x 61,601 bytes) while its write waits.
constexpr std::uint64_t kBundleEntriesPerPiece = 16;
// The bytes of the piece one streamed bundle holds, counted in the total of every stream.
class HeldPiece {
 public:
  explicit HeldPiece(std::shared_ptr<std::atomic<std::int64_t>> total) : total_(std::move(total)) {}
  ~HeldPiece() { total_->fetch_sub(held_); }
  HeldPiece(const HeldPiece&) = delete;
  HeldPiece& operator=(const HeldPiece&) = delete;
  void Hold(std::int64_t bytes) {
    total_->fetch_add(bytes - held_);
    held_ = bytes;
  }

 private:
  std::shared_ptr<std::atomic<std::int64_t>> total_;
  std::int64_t held_ = 0;
};

// An entry bundle (C2SP tlog-tiles) streamed from the store piece by piece; 404 if the log does not
// hold its last entry yet, 503 while the streams in progress hold `max_held` bytes.
http::Response StreamEntryBundle(ledger::LogStore* store, const ledger::TileId& tile,
                                 const std::shared_ptr<std::atomic<std::int64_t>>& held, std::int64_t max_held) {
  if (held->load() >= max_held) {
    http::Response busy = http::Response::Error(503, "unavailable", "too many large downloads at once; retry soon");
    busy.SetHeader("Retry-After", "1");
    return busy;
  }
  const std::uint64_t first = tile.index * ledger::kTileWidth;
  Result<std::vector<Bytes>> last = store->ReadEntries(first + tile.width - 1, 1);
  if (!last.ok()) {
    http::Response r = last.error().code() == StatusCode::kOutOfRange
                           ? http::Response::Error(404, "not_found", "the log has no such entry bundle yet")
                           : http::Response::FromStatus(last.error());
    r.SetHeader("Cache-Control", "no-store");
    return r;
  }
  http::Response r;
  r.SetHeader("Content-Type", "application/octet-stream");
  r.SetHeader("Cache-Control", "public, max-age=31536000, immutable");
  auto next = std::make_shared<std::uint64_t>(first);
  auto piece_held = std::make_shared<HeldPiece>(held);
  const std::uint64_t end = first + tile.width;
  r.stream = [store, next, end, piece_held](std::string& chunk) {
    const std::uint64_t n = std::min(kBundleEntriesPerPiece, end - *next);
    Result<std::vector<Bytes>> entries = store->ReadEntries(*next, n);
    Result<Bytes> piece = entries.ok() ? ledger::EncodeEntryBundle(*entries) : Result<Bytes>(entries.error());
    if (!piece.ok()) return false;  // the store failed mid-body: the client sees a cut bundle
    chunk.assign(piece->begin(), piece->end());
    piece_held->Hold(static_cast<std::int64_t>(chunk.size()));
    *next += n;
    return *next < end;
  };
  return r;
}

}  // namespace

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
  auto bundle_bytes_held = std::make_shared<std::atomic<std::int64_t>>(0);
  router.Get("/log/tile/{path...}", [store = config.store, bundle_bytes_held,
                                     max_held = config.max_bundle_bytes_held](const http::Request& req) {
    std::string path = "tile/" + std::string(req.PathParam("path"));
    Result<ledger::TileId> tile = ledger::ParseTilePath(path);
    if (!tile.ok()) return http::Response::Error(400, "bad_tile_path", path + ": " + tile.error().message());
    if (tile->entries) return StreamEntryBundle(store, *tile, bundle_bytes_held, max_held);
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
