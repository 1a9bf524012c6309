// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Per-client rate limits: a token bucket per client address (the host, without the port). A client
// may make `rate` requests per second on average and `burst` at once. Thread-safe; memory stays
// bounded (buckets that have refilled are dropped when the table grows large).

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "veche/base/clock.h"
#include "veche/http/message.h"

namespace veche::api {

class RateLimiter {
 public:
  // Contract: rate > 0, burst >= 1. `clock` must outlive the limiter.
  RateLimiter(double rate_per_second, double burst, const Clock& clock);

  // True, taking `cost` tokens, if `client` may go ahead; false otherwise, with the whole seconds
  // until enough tokens are back in *retry_after_seconds (if not null). A cost above the burst
  // never passes.
  bool Allow(std::string_view client, int* retry_after_seconds = nullptr, double cost = 1);
  double burst() const { return burst_; }
  // Clients with a bucket now (at most 65,536 plus those not yet refilled when that is reached).
  size_t clients();

 private:
  struct Bucket {
    double tokens;
    UnixMicros last;
  };
  void DropRefilled(UnixMicros now);

  const double rate_;
  const double burst_;
  const Clock& clock_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

// Who a request counts against in the limits: the peer's IP address, or, when the peer is one of
// `trusted_proxies` (IP addresses, e.g. the reverse proxy in front of the node), the address the
// proxy says it forwarded for: the last entry of `Forwarded: for=` (RFC 7239) or, without that
// header, of `X-Forwarded-For` that is not itself a trusted proxy. A forwarded value that is no
// IP address counts as the proxy itself. An IPv6 address counts as its /64 ("2001:db8::/64"),
// since one host is usually given a whole /64.
std::string ClientKey(const http::Request& req, const std::vector<std::string>& trusted_proxies = {});
bool IsIpAddress(std::string_view text);

// The host part of an "address:port" remote address ("127.0.0.1:5000" -> "127.0.0.1",
// "::1:5000" -> "::1"); the input itself if it has no port.
std::string_view ClientHost(std::string_view remote_address);

}  // namespace veche::api
