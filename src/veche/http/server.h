// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// An HTTP/1.1 server engine: serves a Router with hard limits, keep-alive and graceful shutdown.
// The implementation (Boost.Beast) stays in server.cc; nothing here exposes Beast types.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "veche/base/result.h"
#include "veche/http/router.h"

namespace veche::http {

struct AccessLogEntry {
  std::string remote_address;
  std::string method;  // "-" when the request could not be parsed
  std::string target;
  int status = 0;
  std::size_t response_bytes = 0;
  std::int64_t duration_micros = 0;
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;                 // 0 picks a free port; see Server::port()
  int threads = 0;                           // 0: one per hardware core
  std::size_t max_header_bytes = 8 * 1024;   // request line + headers; over it: 431
  std::size_t max_body_bytes = 1024 * 1024;  // over it: 413
  std::size_t max_connections = 1024;        // over it: an idle one is closed, or 503 and close
  // Per client address (IPv4, or IPv6 /64); over it: 503 and close. Start checks that the
  // process may open enough files for max_connections (raising its soft limit if it can, lowering
  // max_connections if not: see Server::max_connections).
  std::size_t max_connections_per_address = 256;
  // Time a client gets to send a whole request once its first byte arrived; over it: 408 and close.
  // The same bound applies to writing a response.
  std::chrono::milliseconds request_timeout{10'000};
  // Time an open keep-alive connection may wait for its next request; over it: closed silently.
  std::chrono::milliseconds idle_timeout{30'000};
  // On Shutdown, how long requests in flight may take before connections are dropped.
  std::chrono::milliseconds shutdown_grace{5'000};
  // Called once per answered request, from I/O threads (must be thread-safe). May be empty.
  std::function<void(const AccessLogEntry&)> access_log;
};

class Server {
 public:
  // Binds, listens and starts serving on background threads. Errors: kInvalidArgument for a
  // host that does not resolve, kUnavailable when the address cannot be bound (e.g. in use).
  static Result<std::unique_ptr<Server>> Start(ServerOptions options, Router router);

  virtual ~Server() = default;
  // The bound port (the chosen one when options.port was 0).
  virtual std::uint16_t port() const = 0;
  // The connection cap in force: options.max_connections, or less when the process may not open
  // that many files (RLIMIT_NOFILE, after raising its soft limit to the hard one if needed):
  // accept would fail with EMFILE before the cap, and new clients would just hang.
  virtual std::size_t max_connections() const = 0;
  // Stops accepting, lets requests in flight finish (up to shutdown_grace), closes idle
  // connections, and joins the threads. Idempotent; also run by the destructor.
  virtual void Shutdown() = 0;
};

}  // namespace veche::http
