// SPDX-License-Identifier: AGPL-3.0-or-later
// The read routes of territories, collectives and citizens (registry_routes.h).
#include "veche/api/registry_routes.h"

#include <nlohmann/json.hpp>

#include "veche/api/registry_json.h"
#include "veche/api/route_helpers.h"

namespace veche::api {
namespace {

http::Response ListTerritories(const node::Node& node, const http::Request& req) {
  Result<PageRequest> page = ParsePage(req);
  if (!page.ok()) return BadQuery(page.error());
  return node.ReadState([&](const core::State& s) {
    return JsonOk(req, s, ListPage(s.territories, *page, "territories", KeepAll{}, TerritoryItemJson));
  });
}

http::Response ListCitizens(const node::Node& node, const http::Request& req) {
  Result<PageRequest> page = ParsePage(req);
  if (!page.ok()) return BadQuery(page.error());
  std::optional<std::string> residence = req.QueryParam("residence");
  return node.ReadState([&](const core::State& s) {
    // Pseudonymous ids only: the log and the state hold no personal data.
    auto keep = [&](const core::Citizen& c) { return Matches(residence, c.residence); };
    return JsonOk(req, s, ListPage(s.citizens, *page, "citizens", keep, CitizenItemJson));
  });
}

http::Response ShowTerritory(const node::Node& node, const http::Request& req) {
  std::string id(req.PathParam("id"));
  return node.ReadState([&](const core::State& s) {
    auto it = s.territories.find(id);
    if (it == s.territories.end()) return NotFound("territory", id);
    return JsonOk(req, s, TerritoryJson(s, id, it->second));
  });
}

http::Response ListCollectives(const node::Node& node, const http::Request& req) {
  Result<PageRequest> page = ParsePage(req);
  if (!page.ok()) return BadQuery(page.error());
  std::optional<std::string> territory = req.QueryParam("territory");
  return node.ReadState([&](const core::State& s) {
    auto keep = [&](const core::Collective& c) { return Matches(territory, c.territory); };
    return JsonOk(req, s, ListPage(s.collectives, *page, "collectives", keep, CollectiveItemJson));
  });
}

http::Response ShowCollective(const node::Node& node, const http::Request& req) {
  std::string id(req.PathParam("id"));
  return node.ReadState([&](const core::State& s) {
    auto it = s.collectives.find(id);
    if (it == s.collectives.end()) return NotFound("collective", id);
    return JsonOk(req, s, CollectiveJson(s, id, it->second));
  });
}

http::Response ShowCharter(const node::Node& node, const http::Request& req) {
  std::string id(req.PathParam("id"));
  return node.ReadState([&](const core::State& s) {
    auto it = s.territories.find(id);
    if (it == s.territories.end()) return NotFound("territory", id);
    std::string text;
    for (const auto& [name, value] : core::CharterFields(it->second.charter)) text += name + "=" + value + "\n";
    http::Response r = http::Response::Text(200, std::move(text));
    r.SetHeader("Cache-Control", "no-cache");
    return r;
  });
}

}  // namespace

void AddRegistryRoutes(http::Router& router, node::Node& node) {
  // Lists, in id order, paginated with ?after=&limit=; filters are exact matches.
  router.Get("/territories", [&node](const http::Request& req) { return ListTerritories(node, req); });
  router.Get("/citizens", [&node](const http::Request& req) { return ListCitizens(node, req); });
  router.Get("/territories/{id}", [&node](const http::Request& req) { return ShowTerritory(node, req); });
  router.Get("/territories/{id}/charter", [&node](const http::Request& req) { return ShowCharter(node, req); });
  router.Get("/collectives", [&node](const http::Request& req) { return ListCollectives(node, req); });
  router.Get("/collectives/{id}", [&node](const http::Request& req) { return ShowCollective(node, req); });
}

}  // namespace veche::api
