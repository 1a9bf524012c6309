// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/api/accountability_routes.h"

#include "veche/api/accountability_json.h"
#include "veche/api/route_helpers.h"

namespace veche::api {
namespace {

http::Response ShowOfficial(const node::Node& node, const http::Request& req) {
  std::string id(req.PathParam("id"));
  return node.ReadState([&](const core::State& s) {
    if (!s.citizens.count(id)) return NotFound("citizen", id);
    return JsonOk(req, s, PortraitJson(s, id));
  });
}

}  // namespace

void AddAccountabilityRoutes(http::Router& router, node::Node& node) {
  router.Get("/officials/{id}", [&node](const http::Request& req) { return ShowOfficial(node, req); });
}

}  // namespace veche::api
