// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Maps (method, path) to a handler. Patterns are literal segments, "{name}" capturing one
// segment, or a final "{name...}" capturing the rest of the path (possibly several segments).
// Unknown paths get 404 and known paths with another method 405 (with an Allow header), both as
// JSON errors. HEAD is answered by the GET route when no HEAD route exists.

#include <functional>
#include <string>
#include <vector>

#include "veche/http/message.h"

namespace veche::http {

// Handlers run on the server's I/O threads and may run concurrently: they must be thread-safe.
// A handler that throws gets a 500 JSON error; nothing else happens to the server.
using Handler = std::function<Response(const Request&)>;

class Router {
 public:
  // Registers a route. Contract: `pattern` starts with '/'; a pattern/method pair is registered
  // at most once (a duplicate is a programming error and aborts at start-up).
  Router& Add(Method method, std::string pattern, Handler handler);
  Router& Get(std::string pattern, Handler handler) {
    return Add(Method::kGet, std::move(pattern), std::move(handler));
  }
  Router& Post(std::string pattern, Handler handler) {
    return Add(Method::kPost, std::move(pattern), std::move(handler));
  }

  // Routes `request` (filling its path_params) and returns the handler's response or an error.
  Response Dispatch(Request request) const;

 private:
  struct Route {
    Method method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
  };
  static bool Match(const Route& route, const std::vector<std::string_view>& path,
                    std::vector<std::pair<std::string, std::string>>* params);
  std::vector<Route> routes_;
};

}  // namespace veche::http
