// SPDX-License-Identifier: AGPL-3.0-or-later
#include <doctest/doctest.h>

#include "veche/http/message.h"

namespace veche::http {
namespace {

TEST_CASE("error responses are JSON naming the problem, with input safely escaped") {
  Response r = Response::Error(400, "bad_thing", "quote \" backslash \\ and bad utf8 \xff");
  CHECK(r.status == 400);
  CHECK(r.Header("content-type").value() == "application/json");
  CHECK(r.body.find(R"("code":"bad_thing")") != std::string::npos);
  CHECK(r.body.find(R"(quote \" backslash \\)") != std::string::npos);
  CHECK(r.body.find("\xff") == std::string::npos);  // replaced, never emitted raw
}

TEST_CASE("a status maps to its HTTP status and code name") {
  Response r = Response::FromStatus(NotFoundError("no such tile"));
  CHECK(r.status == 404);
  CHECK(r.body.find(R"("code":"not_found")") != std::string::npos);
  CHECK(HttpStatusFor(StatusCode::kInvalidArgument) == 400);
  CHECK(HttpStatusFor(StatusCode::kResourceExhausted) == 429);
  CHECK(HttpStatusFor(StatusCode::kInternal) == 500);
}

TEST_CASE("request headers are found case-insensitively and query parameters are decoded") {
  Request req;
  req.headers = {{"content-type", "text/plain"}, {"x-a", "1"}, {"x-a", "2"}};
  req.query = "name=v%C3%A9che&flag&sp=a+b&bad=%zz&cut=%4";
  CHECK(req.Header("Content-Type").value() == "text/plain");
  CHECK(req.Header("X-A").value() == "1");
  CHECK_FALSE(req.Header("missing").has_value());
  CHECK(req.QueryParam("name").value() ==
        "v\xc3\xa9"
        "che");
  CHECK(req.QueryParam("flag").value() == "");
  CHECK(req.QueryParam("sp").value() == "a b");
  CHECK_FALSE(req.QueryParam("bad").has_value());
  CHECK_FALSE(req.QueryParam("cut").has_value());
  CHECK_FALSE(req.QueryParam("absent").has_value());
}

TEST_CASE("setting a response header replaces one of the same name") {
  Response r = Response::Text(200, "x");
  r.SetHeader("Content-Type", "text/html");
  CHECK(r.headers.size() == 1);
  CHECK(r.Header("content-type").value() == "text/html");
}

}  // namespace
}  // namespace veche::http
