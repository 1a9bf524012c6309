// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// veche's own HTTP message types. Handlers see only these, never Boost.Beast types, so the engine
// can change without touching a route.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "veche/base/status.h"

namespace veche::http {

enum class Method { kGet, kHead, kPost, kPut, kDelete, kPatch, kOptions, kOther };

std::string_view MethodName(Method method);

struct Request {
  Method method = Method::kGet;
  std::string target;  // as received: path plus optional "?query"
  std::string path;    // target up to '?'
  std::string query;   // after '?', without it; raw (not percent-decoded)
  // Header names lowercased; values as received. Repeated headers appear repeatedly.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string remote_address;  // "ip:port"
  // Filled by the router from "{name}" segments of the matched pattern.
  std::vector<std::pair<std::string, std::string>> path_params;

  // First header with this name (case-insensitive), if any.
  std::optional<std::string_view> Header(std::string_view name) const;
  // Path parameter captured by the router; empty if absent.
  std::string_view PathParam(std::string_view name) const;
  // First query parameter with this name, percent-decoded; nullopt if absent or badly encoded.
  std::optional<std::string> QueryParam(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // A body too large to build in memory: when set, `body` is ignored and the server sends the
  // response with chunked transfer encoding, calling `stream` for each next piece. `stream`
  // replaces `chunk` with the next piece (empty pieces are skipped) and returns false once the
  // piece it just produced is the last. It runs on an I/O thread, between writes; a client that
  // stops reading ends it at the write timeout. HEAD answers send only the header.
  std::function<bool(std::string& chunk)> stream;
  // A response not ready when its handler returns (a submission waiting for its durable commit):
  // see Later. When set, everything else here is ignored.
  std::function<void(std::function<void(std::function<Response()>)>)> later;

  Response& SetHeader(std::string name, std::string value);
  std::optional<std::string_view> Header(std::string_view name) const;

  static Response Text(int status, std::string body, std::string content_type = "text/plain; charset=utf-8");
  // `json` must already be serialised JSON.
  static Response Json(int status, std::string json);
  // {"error":{"code":"<code>","message":"<message>"}} with the given HTTP status. `message` may
  // contain anything (it is escaped; invalid UTF-8 is replaced), so it is safe to echo input.
  static Response Error(int status, std::string_view code, std::string_view message);
  // Error() with the HTTP status and code derived from a non-OK Status.
  static Response FromStatus(const Status& status);

  // A handler that must wait for something returns Later(start) instead of blocking its thread.
  // The server calls start(finish) and serves other requests meanwhile. `finish(make)` must be
  // called exactly once, from any thread; the server then runs `make` on the connection's I/O
  // thread for the response (which may not itself be Later). A server shutting down waits until
  // every started response is finished, so `finish` must come without waiting on the server.
  using Make = std::function<Response()>;
  using Finish = std::function<void(Make make)>;
  static Response Later(std::function<void(Finish finish)> start);
};

// The response `response` stands for: itself, or for a Later one, what it finishes with, waited
// for on this thread. For tests and for callers without an event loop.
Response Wait(Response response);
// Wait, then a streamed body read to its end into `body`: the whole response, as a client gets it.
Response Collect(Response response);

// The HTTP status conventionally used for a status code (kInvalidArgument -> 400, ...).
int HttpStatusFor(StatusCode code);

}  // namespace veche::http
