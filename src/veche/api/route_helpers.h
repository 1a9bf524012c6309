// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// What the read routes over the state share (registry_routes.h, legislation_routes.h,
// election_routes.h): JSON answers with an ETag and 304 (JsonOkWith, JsonOk), paging with
// ?after=<key>&limit=<1..1000> (ParsePage, ListPage), exact-match filters (Matches) and the JSON
// errors (BadQuery, NotFound).

#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "veche/base/result.h"
#include "veche/core/state.h"
#include "veche/http/message.h"

namespace veche::api {

// A JSON answer read from the state. Its ETag is the number of records applied: any record may
// change any answer, and none changes without one. A request whose If-None-Match names it gets 304.
// `serialise` runs only when the answer is not a 304.
template <typename Serialise>
http::Response JsonOkWith(const http::Request& req, const core::State& s, Serialise&& serialise) {
  std::string etag = "W/\"" + std::to_string(s.records) + "\"";
  http::Response r;
  if (req.Header("if-none-match") == std::optional<std::string_view>(etag)) {
    r.status = 304;
  } else {
    r = http::Response::Json(200, serialise());
  }
  r.SetHeader("ETag", etag);
  r.SetHeader("Cache-Control", "no-cache");
  return r;
}

// JsonOkWith for a JSON tree, serialised compactly (invalid UTF-8 replaced) with a final newline.
http::Response JsonOk(const http::Request& req, const core::State& s, const nlohmann::json& body);

struct PageRequest {
  std::string after;  // list items whose key sorts after this
  size_t limit = 100;
};

// ?after=<key>&limit=<1..1000> (default 100), or an error naming the bad parameter.
Result<PageRequest> ParsePage(const http::Request& req);

// How many items one page of a filtered list looks at, at most: a filter that few items match
// must not make one request scan a whole map (1,000,000 citizens) under the state's lock.
constexpr size_t kMaxScannedPerPage = 10'000;

// One page of a map in key order: the items after `page.after` that `keep` accepts, as
// {"<name>": [...], "next_after": <last key>} (next_after only when more may follow). A page
// looks at kMaxScannedPerPage items at most, so a filtered page may hold fewer than `limit` items
// (none, even) and still name next_after: follow it until it is absent. `item` writes one item as
// a JSON tree; the page is of its type (nlohmann::json), which is deduced so that this header
// needs no more than json_fwd.hpp.
template <typename Map, typename Keep, typename Item>
auto ListPage(const Map& map, const PageRequest& page, const char* name, Keep&& keep, Item&& item) {
  using Json = decltype(item(map.begin()->first, map.begin()->second));
  Json items = Json::array();
  auto it = map.upper_bound(page.after);
  std::string last;
  for (size_t scanned = 0; it != map.end() && items.size() < page.limit && scanned < kMaxScannedPerPage;
       ++it, ++scanned) {
    last = it->first;
    if (keep(it->second)) items.push_back(item(it->first, it->second));
  }
  Json out = {{name, std::move(items)}};
  if (it != map.end()) out["next_after"] = last;
  return out;
}

// A `keep` for ListPage that keeps every item.
struct KeepAll {
  template <typename T>
  bool operator()(const T&) const {
    return true;
  }
};

// An exact-match filter of a query parameter: true when it is absent or equals `value`.
inline bool Matches(const std::optional<std::string>& filter, std::string_view value) {
  return !filter || *filter == value;
}

// 400 bad_query with the message of a ParsePage error.
http::Response BadQuery(const Status& error);
// 404 not_found: "<what> '<id>' does not exist".
http::Response NotFound(std::string_view what, std::string_view id);

}  // namespace veche::api
