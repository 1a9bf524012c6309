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
