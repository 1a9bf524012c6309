// SPDX-License-Identifier: AGPL-3.0-or-later
// The read routes of measures, roll calls, initiatives, laws and texts (legislation_routes.h).
#include "veche/api/legislation_routes.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "veche/api/legislation_json.h"
#include "veche/api/route_helpers.h"
#include "veche/base/text_codec.h"

namespace veche::api {
namespace {

http::Response ListMeasures(const node::Node& node, const http::Request& req) {
  Result<PageRequest> page = ParsePage(req);
  if (!page.ok()) return BadQuery(page.error());
  std::optional<std::string> territory = req.QueryParam("territory"), status = req.QueryParam("status");
  return node.ReadState([&](const core::State& s) {
    auto keep = [&](const core::Measure& m) {
      return Matches(territory, m.spec.territory) && Matches(status, core::MeasureStatusName(m.status));
    };
    return JsonOk(req, s, ListPage(s.measures, *page, "measures", keep, MeasureItemJson));
  });
}

http::Response ListInitiatives(const node::Node& node, const http::Request& req) {
  Result<PageRequest> page = ParsePage(req);
  if (!page.ok()) return BadQuery(page.error());
  std::optional<std::string> territory = req.QueryParam("territory");
  return node.ReadState([&](const core::State& s) {
    auto keep = [&](const core::Initiative& i) { return Matches(territory, i.spec.territory); };
    return JsonOk(req, s, ListPage(s.initiatives, *page, "initiatives", keep, InitiativeItemJson));
  });
}

http::Response ListLaws(const node::Node& node, const http::Request& req) {
  Result<PageRequest> page = ParsePage(req);
  if (!page.ok()) return BadQuery(page.error());
  std::optional<std::string> territory = req.QueryParam("territory");
  return node.ReadState([&](const core::State& s) {
    auto keep = [&](const core::Law& law) { return Matches(territory, law.territory); };
    return JsonOk(req, s, ListPage(s.laws, *page, "laws", keep, LawItemJson));
  });
}

http::Response ShowMeasure(const node::Node& node, const http::Request& req) {
  std::string id(req.PathParam("id"));
  return node.ReadState([&](const core::State& s) {
    auto it = s.measures.find(id);
    if (it == s.measures.end()) return NotFound("measure", id);
    return JsonOk(req, s, MeasureJson(s, id, it->second));
  });
}

http::Response ShowRollCall(const node::Node& node, const http::Request& req) {
  std::string id(req.PathParam("id"));
  Result<PageRequest> page_request = ParsePage(req);
  if (!page_request.ok()) return BadQuery(page_request.error());
  const std::string& after = page_request->after;
  const size_t limit = page_request->limit;
  return node.ReadState([&](const core::State& s) {
    auto it = s.measures.find(id);
    if (it == s.measures.end()) return NotFound("measure", id);
    const RollCall& roll = it->second.votes;  // in citizen-id order: a page is a range
    auto from = after.empty() ? roll.begin() : roll.upper_bound(after);
    auto to = from;
    for (size_t n = 0; to != roll.end() && n < limit; ++n) ++to;
    return JsonOkWith(req, s, [&] { return RollCallPageJson(id, roll, from, to); });
  });
}

http::Response ShowInitiative(const node::Node& node, const http::Request& req) {
  std::string id(req.PathParam("id"));
  return node.ReadState([&](const core::State& s) {
    auto it = s.initiatives.find(id);
    if (it == s.initiatives.end()) return NotFound("initiative", id);
    return JsonOk(req, s, InitiativeJson(id, it->second));
  });
}

http::Response ShowLaw(const node::Node& node, const http::Request& req) {
  std::string id(req.PathParam("id"));
  return node.ReadState([&](const core::State& s) {
    auto it = s.laws.find(id);
    if (it == s.laws.end()) return NotFound("law", id);
    return JsonOk(req, s, LawJson(id, it->second));
  });
}

// A published text, read from its text record in the log (the state knows the record's index).
http::Response TextResponse(node::Node& node, const core::TextHash& h) {
  std::optional<std::uint64_t> index = node.ReadState([&](const core::State& s) -> std::optional<std::uint64_t> {
    auto it = s.texts.find(h);
    if (it == s.texts.end()) return std::nullopt;
    return it->second;
  });
  if (!index) return http::Response::Error(404, "not_found", "no text with that hash is published");
  Result<std::vector<Bytes>> entry = node.store().ReadEntries(*index, 1);
  if (!entry.ok() || entry->empty())
    return http::Response::Error(503, "unavailable", "the text's log entry cannot be read");
  Result<core::Record> record = core::DecodeEntry((*entry)[0]);
  if (!record.ok()) return http::Response::FromStatus(record.error());
  Result<core::TextPayload> text = core::DecodePayload<core::TextPayload>(record->payload);
  if (!text.ok()) return http::Response::FromStatus(text.error());
  http::Response r = http::Response::Text(200, std::move(text->text));
  r.SetHeader("ETag", "\"" + HexEncode(h) + "\"");
  return r;
}

http::Response ShowText(node::Node& node, const http::Request& req) {
  Result<Bytes> hash = HexDecode(req.PathParam("hash"));
  if (!hash.ok() || hash->size() != 32) {
    return http::Response::Error(400, "bad_text_hash", "a text is named by its SHA-256: 64 lowercase hex digits");
  }
  core::TextHash h;
  std::copy(hash->begin(), hash->end(), h.begin());
  http::Response r = TextResponse(node, h);
  if (r.status == 200) r.SetHeader("Cache-Control", "public, max-age=31536000, immutable");  // content-addressed
  return r;
}

http::Response ShowLawText(node::Node& node, const http::Request& req) {
  std::string id(req.PathParam("id"));
  std::optional<core::TextHash> in_force = node.ReadState([&](const core::State& s) -> std::optional<core::TextHash> {
    auto it = s.laws.find(id);
    if (it == s.laws.end()) return std::nullopt;
    return it->second.versions.back().text;
  });
  if (!in_force) return NotFound("law", id);
  return TextResponse(node, *in_force);
}

}  // namespace

void AddLegislationRoutes(http::Router& router, node::Node& node) {
  // Lists, in id order, paginated with ?after=&limit=; filters are exact matches.
  router.Get("/measures", [&node](const http::Request& req) { return ListMeasures(node, req); });
  router.Get("/initiatives", [&node](const http::Request& req) { return ListInitiatives(node, req); });
  router.Get("/laws", [&node](const http::Request& req) { return ListLaws(node, req); });
  router.Get("/measures/{id}", [&node](const http::Request& req) { return ShowMeasure(node, req); });
  router.Get("/measures/{id}/votes", [&node](const http::Request& req) { return ShowRollCall(node, req); });
  router.Get("/initiatives/{id}", [&node](const http::Request& req) { return ShowInitiative(node, req); });
  router.Get("/laws/{id}", [&node](const http::Request& req) { return ShowLaw(node, req); });
  router.Get("/texts/{hash}", [&node](const http::Request& req) { return ShowText(node, req); });
  router.Get("/laws/{id}/text", [&node](const http::Request& req) { return ShowLawText(node, req); });
}

}  // namespace veche::api
