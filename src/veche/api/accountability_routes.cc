// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/api/accountability_routes.h"

#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "veche/api/accountability_json.h"
#include "veche/api/route_helpers.h"

namespace veche::api {
namespace {

// Portraits as served, for the state they were read from: a portrait is read far more often than
// the records it shows change, and building one is the route's whole cost. Bounded: at most
// kCachedPortraits bodies, all dropped when the state moves on (its count of records changes).
class PortraitCache {
 public:
  static constexpr size_t kCachedPortraits = 1024;
  std::string Get(const core::State& s, const std::string& id) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (records_ == s.records) {
        auto it = bodies_.find(id);
        if (it != bodies_.end()) return it->second;
      }
    }
    std::string body = PortraitJson(s, id).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    std::lock_guard<std::mutex> lock(mu_);
    if (records_ != s.records || bodies_.size() >= kCachedPortraits) {
      bodies_.clear();
      records_ = s.records;
    }
    bodies_.emplace(id, body);
    return body;
  }

 private:
  std::mutex mu_;
  std::uint64_t records_ = 0;
  std::unordered_map<std::string, std::string> bodies_;
};

http::Response ShowOfficial(const node::Node& node, PortraitCache& cache, const http::Request& req) {
  std::string id(req.PathParam("id"));
  return node.ReadState([&](const core::State& s) {
    if (!s.citizens.count(id)) return NotFound("citizen", id);
    return JsonOkWith(req, s, [&] { return cache.Get(s, id); });
  });
}

}  // namespace

void AddAccountabilityRoutes(http::Router& router, node::Node& node) {
  auto cache = std::make_shared<PortraitCache>();
  router.Get("/officials/{id}", [&node, cache](const http::Request& req) { return ShowOfficial(node, *cache, req); });
}

}  // namespace veche::api
