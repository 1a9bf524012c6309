// SPDX-License-Identifier: AGPL-3.0-or-later
// The request helpers of the read routes: JSON answers, paging and errors (route_helpers.h).
#include "veche/api/route_helpers.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace veche::api {

using nlohmann::json;

http::Response JsonOk(const http::Request& req, const core::State& s, const json& body) {
  return JsonOkWith(req, s, [&] { return body.dump(-1, ' ', false, json::error_handler_t::replace) + "\n"; });
}

Result<PageRequest> ParsePage(const http::Request& req) {
  PageRequest page;
  if (auto l = req.QueryParam("limit")) {
    if (l->empty() || l->size() > 4 ||
        !std::all_of(l->begin(), l->end(), [](char c) { return c >= '0' && c <= '9'; }) || std::stoul(*l) < 1 ||
        std::stoul(*l) > 1000) {
      return InvalidArgumentError("limit is a number from 1 to 1000");
    }
    page.limit = std::stoul(*l);
  }
  if (auto a = req.QueryParam("after")) {
    if (a->size() > 256) return InvalidArgumentError("after is at most 256 bytes");
    page.after = std::move(*a);
  }
  return page;
}

http::Response BadQuery(const Status& error) {
  return http::Response::Error(400, "bad_query", error.message());
}

http::Response NotFound(std::string_view what, std::string_view id) {
  return http::Response::Error(404, "not_found", std::string(what) + " '" + std::string(id) + "' does not exist");
}

}  // namespace veche::api
