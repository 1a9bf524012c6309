// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/http/router.h"

#include <cstdlib>
#include <exception>

namespace veche::http {
namespace {

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> out;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (true) {
    size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool IsCapture(std::string_view seg) {
  return seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
}
bool IsRestCapture(std::string_view seg) {
  return IsCapture(seg) && seg.substr(seg.size() - 4) == "...}";
}

}  // namespace

Router& Router::Add(Method method, std::string pattern, Handler handler) {
  if (pattern.empty() || pattern.front() != '/') std::abort();
  for (const Route& r : routes_) {
    if (r.method == method && r.pattern == pattern) std::abort();
  }
  Route route{method, pattern, {}, std::move(handler)};
  for (std::string_view seg : SplitPath(pattern)) route.segments.emplace_back(seg);
  routes_.push_back(std::move(route));
  return *this;
}

bool Router::Match(const Route& route, const std::vector<std::string_view>& path,
                   std::vector<std::pair<std::string, std::string>>* params) {
  params->clear();
  const auto& segs = route.segments;
  for (size_t i = 0; i < segs.size(); ++i) {
    const std::string& seg = segs[i];
    if (IsRestCapture(seg) && i + 1 == segs.size()) {
      if (i >= path.size()) return false;
      std::string rest;
      for (size_t j = i; j < path.size(); ++j) {
        if (j > i) rest += '/';
        rest += path[j];
      }
      if (rest.empty()) return false;
      params->emplace_back(seg.substr(1, seg.size() - 5), std::move(rest));
      return true;
    }
    if (i >= path.size()) return false;
    if (IsCapture(seg)) {
      if (path[i].empty()) return false;
      params->emplace_back(seg.substr(1, seg.size() - 2), std::string(path[i]));
    } else if (seg != path[i]) {
      return false;
    }
  }
  return segs.size() == path.size();
}

Response Router::Dispatch(Request request) const {
  std::vector<std::string_view> path = SplitPath(request.path);
  std::vector<std::pair<std::string, std::string>> params;
  const Route* found = nullptr;
  const Route* get_for_head = nullptr;
  std::string allow;
  for (const Route& route : routes_) {
    if (!Match(route, path, &params)) continue;
    if (route.method == request.method) {
      found = &route;
      break;
    }
    if (request.method == Method::kHead && route.method == Method::kGet && get_for_head == nullptr) {
      get_for_head = &route;
    }
    if (!allow.empty()) allow += ", ";
    allow += MethodName(route.method);
  }
  if (found == nullptr) found = get_for_head;
  if (found == nullptr) {
    if (!allow.empty()) {
      Response r = Response::Error(405, "method_not_allowed",
                                   std::string(MethodName(request.method)) + " is not allowed on " + request.path);
      r.SetHeader("Allow", allow);
      return r;
    }
    return Response::Error(404, "not_found", "no route for " + request.path);
  }
  Match(*found, path, &params);
  request.path_params = std::move(params);
  try {
    return found->handler(request);
  } catch (const std::exception& e) {
    // A handler bug must not take the server down, and its message may hold internals: log-worthy,
    // but the client gets a generic error.
    return Response::Error(500, "internal", "the handler failed");
  } catch (...) {
    return Response::Error(500, "internal", "the handler failed");
  }
}

}  // namespace veche::http
