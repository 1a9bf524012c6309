// SPDX-License-Identifier: AGPL-3.0-or-later
#include <doctest/doctest.h>

#include "veche/app/commands.h"

namespace veche::app {
namespace {

TEST_CASE("listen addresses parse as HOST:PORT and bracketed IPv6") {
  std::string host;
  std::uint16_t port = 1;
  CHECK(ParseListenAddress("127.0.0.1:8080", &host, &port));
  CHECK(host == "127.0.0.1");
  CHECK(port == 8080);
  CHECK(ParseListenAddress("[::1]:0", &host, &port));
  CHECK(host == "::1");
  CHECK(port == 0);
  CHECK(ParseListenAddress("localhost:65535", &host, &port));
}

TEST_CASE("malformed listen addresses are refused") {
  std::string host;
  std::uint16_t port;
  for (const char* bad :
       {"", "8080", ":8080", "host:", "host:65536", "host:80a", "::1:80", "[::1]80", "[::1]:", "host:123456"}) {
    CAPTURE(bad);
    CHECK_FALSE(ParseListenAddress(bad, &host, &port));
  }
}

}  // namespace
}  // namespace veche::app
