// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/api/rate_limit.h"

#include <doctest/doctest.h>

namespace veche::api {
namespace {

TEST_CASE("a client gets its burst at once, then its rate, and other clients are not affected") {
  FakeClock clock(1'000'000'000);
  RateLimiter limiter(10, 3, clock);  // 10 a second, 3 at once
  for (int i = 0; i < 3; ++i) CHECK(limiter.Allow("10.0.0.1"));
  int retry = 0;
  CHECK_FALSE(limiter.Allow("10.0.0.1", &retry));
  CHECK(retry == 1);
  CHECK(limiter.Allow("10.0.0.2"));  // its own bucket
  clock.Advance(100'000);            // a tenth of a second: one token back
  CHECK(limiter.Allow("10.0.0.1"));
  CHECK_FALSE(limiter.Allow("10.0.0.1"));
  clock.Advance(60'000'000);  // a long pause refills only up to the burst
  for (int i = 0; i < 3; ++i) CHECK(limiter.Allow("10.0.0.1"));
  CHECK_FALSE(limiter.Allow("10.0.0.1"));
}

TEST_CASE("a slow rate asks to retry after the seconds a token takes") {
  FakeClock clock(0);
  RateLimiter limiter(0.25, 1, clock);  // one every four seconds
  CHECK(limiter.Allow("c"));
  int retry = 0;
  CHECK_FALSE(limiter.Allow("c", &retry));
  CHECK(retry == 4);
}

TEST_CASE("the client is the address without its port") {
  CHECK(ClientHost("127.0.0.1:5000") == "127.0.0.1");
  CHECK(ClientHost("::1:5000") == "::1");
  CHECK(ClientHost("nohost") == "nohost");
}

http::Request From(const std::string& remote, std::vector<std::pair<std::string, std::string>> headers = {}) {
  http::Request req;
  req.remote_address = remote;
  req.headers = std::move(headers);
  return req;
}

TEST_CASE("an IPv6 client counts as its /64, and a v4-mapped one as its IPv4 address") {
  CHECK(ClientKey(From("2001:db8:1:2:aaaa::1:5000")) == "2001:db8:1:2::/64");
  CHECK(ClientKey(From("2001:db8:1:2:bbbb::9:5000")) == "2001:db8:1:2::/64");  // the same host's /64
  CHECK(ClientKey(From("2001:db8:1:3::1:5000")) == "2001:db8:1:3::/64");
  CHECK(ClientKey(From("::ffff:192.0.2.7:5000")) == "192.0.2.7");
  CHECK(ClientKey(From("192.0.2.7:5000")) == "192.0.2.7");
}

TEST_CASE("only a trusted proxy's forwarding headers are believed, and only what it appended") {
  const std::vector<std::string> proxies = {"10.0.0.1", "10.0.0.2"};
  // Not a proxy: its headers are the client's own words and change nothing.
  CHECK(ClientKey(From("192.0.2.9:1", {{"x-forwarded-for", "198.51.100.1"}}), proxies) == "192.0.2.9");
  // A trusted proxy: the last address it did not itself add is the client; what the client put
  // in front (a spoofed address) is ignored.
  CHECK(ClientKey(From("10.0.0.1:1", {{"x-forwarded-for", "203.0.113.5, 198.51.100.1"}}), proxies) == "198.51.100.1");
  CHECK(ClientKey(From("10.0.0.1:1", {{"x-forwarded-for", "198.51.100.1, 10.0.0.2"}}), proxies) ==
        "198.51.100.1");  // through two proxies of ours
  // RFC 7239 Forwarded wins over X-Forwarded-For; quoted IPv6 with a port; case of "for".
  CHECK(ClientKey(From("10.0.0.1:1", {{"forwarded", R"(for=192.0.2.60;proto=http, For="[2001:db8::1]:4711")"},
                                      {"x-forwarded-for", "198.51.100.1"}}),
                  proxies) == "2001:db8::/64");
  // Garbage, or nothing: the proxy itself.
  CHECK(ClientKey(From("10.0.0.1:1", {{"x-forwarded-for", "unknown"}}), proxies) == "10.0.0.1");
  CHECK(ClientKey(From("10.0.0.1:1"), proxies) == "10.0.0.1");
  CHECK(IsIpAddress("::1"));
  CHECK_FALSE(IsIpAddress("example.org"));
}

TEST_CASE("many clients do not grow the table without bound") {
  FakeClock clock(0);
  RateLimiter limiter(1000, 1, clock);
  for (int i = 0; i < 200'000; ++i) {
    REQUIRE(limiter.Allow("client-" + std::to_string(i)));
    clock.Advance(10);  // each bucket refills within a millisecond, so old ones can be dropped
  }
  CHECK(limiter.clients() <= 65'536);
  CHECK_FALSE(limiter.Allow("client-199999"));  // the newest is still tracked
}

}  // namespace
}  // namespace veche::api
