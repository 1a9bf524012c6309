// SPDX-License-Identifier: AGPL-3.0-or-later
// The read routes of offices and certificates (offices_routes.h).
#include "veche/api/offices_routes.h"

#include <nlohmann/json.hpp>

#include "veche/api/offices_json.h"
#include "veche/api/route_helpers.h"

namespace veche::api {
namespace {

http::Response ListOffices(const node::Node& node, const http::Request& req) {
  Result<PageRequest> page = ParsePage(req);
  if (!page.ok()) return BadQuery(page.error());
  std::optional<std::string> territory = req.QueryParam("territory");
  std::optional<std::string> collective = req.QueryParam("collective");
  return node.ReadState([&](const core::State& s) {
    auto keep = [&](const core::Office& o) {
      return Matches(territory, o.territory) && Matches(collective, o.collective);
    };
    return JsonOk(req, s, ListPage(s.offices, *page, "offices", keep, OfficeItemJson));
  });
}

http::Response ShowOffice(const node::Node& node, const http::Request& req) {
  std::string id(req.PathParam("id"));
  return node.ReadState([&](const core::State& s) {
    auto it = s.offices.find(id);
    if (it == s.offices.end()) return NotFound("office", id);
    return JsonOk(req, s, OfficeDetailJson(s, id, it->second));
  });
}

http::Response ListContests(const node::Node& node, const http::Request& req) {
  Result<PageRequest> page = ParsePage(req);
  if (!page.ok()) return BadQuery(page.error());
  std::optional<std::string> office = req.QueryParam("office");
  std::optional<std::string> stage = req.QueryParam("stage");
  return node.ReadState([&](const core::State& s) {
    auto keep = [&](const core::Contest& c) {
      return Matches(office, c.office) && Matches(stage, core::ContestStageName(c.stage));
    };
    return JsonOk(req, s, ListPage(s.contests, *page, "contests", keep, ContestItemJson));
  });
}

http::Response ShowContest(const node::Node& node, const http::Request& req) {
  std::string id(req.PathParam("id"));
  return node.ReadState([&](const core::State& s) {
    auto it = s.contests.find(id);
    if (it == s.contests.end()) return NotFound("contest", id);
    return JsonOk(req, s, ContestDetailJson(s, id, it->second));
  });
}

http::Response ListMeetings(const node::Node& node, const http::Request& req) {
  Result<PageRequest> page = ParsePage(req);
  if (!page.ok()) return BadQuery(page.error());
  std::optional<std::string> collective = req.QueryParam("collective");
  std::optional<std::string> contest = req.QueryParam("contest");
  return node.ReadState([&](const core::State& s) {
    auto keep = [&](const core::Meeting& m) {
      return Matches(collective, m.collective) && Matches(contest, m.contest);
    };
    return JsonOk(req, s, ListPage(s.meetings, *page, "meetings", keep, MeetingItemJson));
  });
}

http::Response ShowMeeting(const node::Node& node, const http::Request& req) {
  std::string id(req.PathParam("id"));
  return node.ReadState([&](const core::State& s) {
    auto it = s.meetings.find(id);
    if (it == s.meetings.end()) return NotFound("meeting", id);
    return JsonOk(req, s, MeetingDetailJson(id, it->second));
  });
}

http::Response ListCertificates(const node::Node& node, const http::Request& req) {
  Result<PageRequest> page = ParsePage(req);
  if (!page.ok()) return BadQuery(page.error());
  std::optional<std::string> citizen = req.QueryParam("citizen");
  return node.ReadState([&](const core::State& s) {
    if (!citizen)
      return JsonOk(req, s, ListPage(s.certificates, *page, "certificates", KeepAll{}, CertificateItemJson));
    // One citizen's, from the index: a citizen holds few.
    nlohmann::json items = nlohmann::json::array();
    if (auto held = s.certificates_of.find(*citizen); held != s.certificates_of.end()) {
      for (const std::string& id : held->second) items.push_back(CertificateItemJson(id, s.certificates.at(id)));
    }
    return JsonOk(req, s, nlohmann::json{{"certificates", std::move(items)}});
  });
}

}  // namespace

void AddOfficesRoutes(http::Router& router, node::Node& node) {
  router.Get("/offices", [&node](const http::Request& req) { return ListOffices(node, req); });
  router.Get("/offices/{id}", [&node](const http::Request& req) { return ShowOffice(node, req); });
  router.Get("/contests", [&node](const http::Request& req) { return ListContests(node, req); });
  router.Get("/contests/{id}", [&node](const http::Request& req) { return ShowContest(node, req); });
  router.Get("/meetings", [&node](const http::Request& req) { return ListMeetings(node, req); });
  router.Get("/meetings/{id}", [&node](const http::Request& req) { return ShowMeeting(node, req); });
  router.Get("/certificates", [&node](const http::Request& req) { return ListCertificates(node, req); });
}

}  // namespace veche::api
