// SPDX-License-Identifier: AGPL-3.0-or-later
// The read routes of elections and their ballots (election_routes.h).
#include "veche/api/election_routes.h"

#include <nlohmann/json.hpp>

#include "veche/api/election_json.h"
#include "veche/api/route_helpers.h"
#include "veche/core/election/due.h"
#include "veche/core/election/state.h"

namespace veche::api {
namespace {

http::Response ListElections(const node::Node& node, const http::Request& req) {
  Result<PageRequest> page = ParsePage(req);
  if (!page.ok()) return BadQuery(page.error());
  std::optional<std::string> status = req.QueryParam("status");
  return node.ReadState([&](const core::State& s) {
    auto keep = [&](const core::Election& e) { return Matches(status, core::ElectionPublicStatus(s, e)); };
    auto item = [&s](const std::string& id, const core::Election& e) { return ElectionItemJson(s, id, e); };
    return JsonOk(req, s, ListPage(s.elections, *page, "elections", keep, item));
  });
}

http::Response ShowElection(const node::Node& node, const http::Request& req) {
  std::string id(req.PathParam("id"));
  return node.ReadState([&](const core::State& s) {
    auto it = s.elections.find(id);
    if (it == s.elections.end()) return NotFound("election", id);
    return JsonOk(req, s, ElectionJson(s, id, it->second));
  });
}

http::Response ListBallots(const node::Node& node, const http::Request& req) {
  std::string id(req.PathParam("id"));
  Result<PageRequest> page = ParsePage(req);
  if (!page.ok()) return BadQuery(page.error());
  return node.ReadState([&](const core::State& s) {
    auto it = s.elections.find(id);
    if (it == s.elections.end()) return NotFound("election", id);
    nlohmann::json j = ListPage(it->second.ballots, *page, "ballots", KeepAll{}, BallotItemJson);
    j["election"] = id;
    return JsonOk(req, s, j);
  });
}

}  // namespace

void AddElectionRoutes(http::Router& router, node::Node& node) {
  router.Get("/elections", [&node](const http::Request& req) { return ListElections(node, req); });
  router.Get("/elections/{id}", [&node](const http::Request& req) { return ShowElection(node, req); });
  router.Get("/elections/{id}/ballots", [&node](const http::Request& req) { return ListBallots(node, req); });
}

}  // namespace veche::api
