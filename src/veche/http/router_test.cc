// SPDX-License-Identifier: AGPL-3.0-or-later
#include <doctest/doctest.h>

#include <stdexcept>
#include <thread>

#include "veche/http/router.h"

namespace veche::http {
namespace {

Request Make(Method method, std::string path) {
  Request r;
  r.method = method;
  r.path = std::move(path);
  r.target = r.path;
  return r;
}

Router TestRouter() {
  Router router;
  router.Get("/healthz", [](const Request&) { return Response::Text(200, "ok"); });
  router.Get("/items/{id}",
             [](const Request& r) { return Response::Text(200, "item " + std::string(r.PathParam("id"))); });
  router.Post("/items/{id}",
              [](const Request& r) { return Response::Text(201, "posted " + std::string(r.PathParam("id"))); });
  router.Get("/log/tile/{level}/{rest...}", [](const Request& r) {
    return Response::Text(200, std::string(r.PathParam("level")) + "|" + std::string(r.PathParam("rest")));
  });
  router.Get("/boom", [](const Request&) -> Response { throw std::runtime_error("secret internals"); });
  return router;
}

TEST_CASE("routes match literal paths and capture segments") {
  Router router = TestRouter();
  CHECK(router.Dispatch(Make(Method::kGet, "/healthz")).body == "ok");
  CHECK(router.Dispatch(Make(Method::kGet, "/items/42")).body == "item 42");
  CHECK(router.Dispatch(Make(Method::kPost, "/items/7")).status == 201);
}

TEST_CASE("a rest capture takes several segments but not none") {
  Router router = TestRouter();
  CHECK(router.Dispatch(Make(Method::kGet, "/log/tile/0/x001/x234/067")).body == "0|x001/x234/067");
  CHECK(router.Dispatch(Make(Method::kGet, "/log/tile/0/067.p/5")).body == "0|067.p/5");
  CHECK(router.Dispatch(Make(Method::kGet, "/log/tile/0")).status == 404);
}

TEST_CASE("unknown paths get 404 and wrong methods 405 with Allow") {
  Router router = TestRouter();
  CHECK(router.Dispatch(Make(Method::kGet, "/nope")).status == 404);
  CHECK(router.Dispatch(Make(Method::kGet, "/items/")).status == 404);
  CHECK(router.Dispatch(Make(Method::kGet, "/items/1/extra")).status == 404);
  CHECK(router.Dispatch(Make(Method::kGet, "/healthz/")).status == 404);
  Response r = router.Dispatch(Make(Method::kDelete, "/items/1"));
  CHECK(r.status == 405);
  CHECK(r.Header("Allow").value() == "GET, POST");
}

TEST_CASE("HEAD is served by the GET route") {
  Router router = TestRouter();
  Response r = router.Dispatch(Make(Method::kHead, "/healthz"));
  CHECK(r.status == 200);
  CHECK(r.body == "ok");  // the server sends headers only
}

TEST_CASE("a throwing handler becomes a generic 500 without leaking its message") {
  Router router = TestRouter();
  Response r = router.Dispatch(Make(Method::kGet, "/boom"));
  CHECK(r.status == 500);
  CHECK(r.body.find("secret internals") == std::string::npos);
}

TEST_CASE("Wait gives what a later response finishes with, even when another thread finishes it") {
  CHECK(Wait(Response::Text(200, "now")).body == "now");
  std::thread finisher;
  Response later = Response::Later([&finisher](Response::Finish finish) {
    finisher = std::thread([finish] { finish([] { return Response::Text(202, "later"); }); });
  });
  Response made = Wait(std::move(later));
  finisher.join();
  CHECK(made.status == 202);
  CHECK(made.body == "later");
}

}  // namespace
}  // namespace veche::http
