// SPDX-License-Identifier: AGPL-3.0-or-later
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "veche/base/result.h"
#include "veche/base/status.h"

namespace veche {
namespace {

Result<int> ParsePositive(int v) {
  if (v <= 0) return InvalidArgumentError("not positive: " + std::to_string(v));
  return v;
}

Result<int> DoubleIt(int v) {
  VECHE_ASSIGN_OR_RETURN(int x, ParsePositive(v));
  return 2 * x;
}

Status CheckBoth(int a, int b) {
  VECHE_RETURN_IF_ERROR(ParsePositive(a));
  VECHE_RETURN_IF_ERROR(ParsePositive(b).status());
  return OkStatus();
}

TEST_CASE("a default status is ok and prints as ok") {
  Status s;
  CHECK(s.ok());
  CHECK(s.code() == StatusCode::kOk);
  CHECK(s.ToString() == "ok");
}

TEST_CASE("an error status carries its code name and message") {
  Status s = NotFoundError("no such key");
  CHECK_FALSE(s.ok());
  CHECK(s.ToString() == "not_found: no such key");
  CHECK(s.WithContext("loading").ToString() == "not_found: loading: no such key");
  CHECK(StatusCodeName(StatusCode::kUnauthenticated) == "unauthenticated");
}

TEST_CASE("assign-or-return propagates the first error and passes values through") {
  CHECK(DoubleIt(4).value() == 8);
  Result<int> bad = DoubleIt(-1);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code() == StatusCode::kInvalidArgument);
  CHECK(bad.error().message() == "not positive: -1");
}

TEST_CASE("return-if-error works on both Status and Result") {
  CHECK(CheckBoth(1, 2).ok());
  CHECK(CheckBoth(1, -2).message() == "not positive: -2");
  CHECK(CheckBoth(0, 5).message() == "not positive: 0");
}

TEST_CASE("a result built from an ok status becomes an internal error, never a fake success") {
  Result<int> r{OkStatus()};
  CHECK_FALSE(r.has_value());
  CHECK(r.error().code() == StatusCode::kInternal);
}

TEST_CASE("result supports move-only values and value_or") {
  Result<std::unique_ptr<int>> r(std::make_unique<int>(7));
  REQUIRE(r.ok());
  CHECK(**r == 7);
  std::unique_ptr<int> owned = std::move(r).value();
  CHECK(*owned == 7);
  Result<std::string> e = AbortedError("x");
  CHECK(e.value_or("fallback") == "fallback");
  Result<std::string> from_literal("literal");
  CHECK(*from_literal == "literal");
}

}  // namespace
}  // namespace veche
