// SPDX-License-Identifier: AGPL-3.0-or-later
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "veche/base/rng.h"
#include "veche/http/server.h"
#include "veche/http/test_client.h"

namespace veche::http {
namespace {

using testing::Fetch;
using testing::RawConnection;
using namespace std::chrono_literals;

Router TestRouter() {
  Router router;
  router.Get("/healthz", [](const Request&) { return Response::Json(200, R"({"status":"ok"})"); });
  router.Post("/echo", [](const Request& r) { return Response::Text(200, r.body); });
  router.Get("/slow", [](const Request&) {
    std::this_thread::sleep_for(400ms);
    return Response::Text(200, "finally");
  });
  return router;
}

std::unique_ptr<Server> StartServer(ServerOptions options = {}, Router router = TestRouter()) {
  options.port = 0;
  auto server = Server::Start(std::move(options), std::move(router));
  REQUIRE(server.ok());
  return std::move(server).value();
}

TEST_CASE("a server on port 0 picks a free port and answers healthz") {
  auto server = StartServer();
  CHECK(server->port() != 0);
  auto r = Fetch(server->port(), "GET", "/healthz");
  REQUIRE(r.has_value());
  CHECK(r->status == 200);
  CHECK(r->body == R"({"status":"ok"})");
  CHECK(r->headers["content-type"] == "application/json");
}

TEST_CASE("a connection is kept alive across requests") {
  auto server = StartServer();
  RawConnection conn(server->port());
  REQUIRE(conn.connected());
  for (int i = 0; i < 3; ++i) {
    std::string body = "n=" + std::to_string(i);
    REQUIRE(conn.Send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
                      body));
    auto r = conn.ReadResponse();
    REQUIRE(r.has_value());
    CHECK(r->body == body);
  }
}

TEST_CASE("HEAD answers with the GET route's headers and no body") {
  auto server = StartServer();
  RawConnection conn(server->port());
  REQUIRE(conn.Send("HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto r = conn.ReadResponse(/*head_only=*/true);
  REQUIRE(r.has_value());
  CHECK(r->status == 200);
  CHECK(r->headers["content-length"] == "15");
  // The next response on the same connection starts right away: no body bytes were sent.
  REQUIRE(conn.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto next = conn.ReadResponse();
  REQUIRE(next.has_value());
  CHECK(next->body == R"({"status":"ok"})");
}

TEST_CASE("an oversized body is refused with 413 JSON, declared or streamed") {
  ServerOptions options;
  options.max_body_bytes = 100;
  auto server = StartServer(options);
  auto r = Fetch(server->port(), "POST", "/echo", std::string(101, 'a'));
  REQUIRE(r.has_value());
  CHECK(r->status == 413);
  CHECK(r->body.find("body_too_large") != std::string::npos);

  RawConnection chunked(server->port());
  REQUIRE(
      chunked.Send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                   "40\r\n" +
                   std::string(64, 'b') + "\r\n40\r\n" + std::string(64, 'c') + "\r\n0\r\n\r\n"));
  auto rc = chunked.ReadResponse();
  REQUIRE(rc.has_value());
  CHECK(rc->status == 413);
  auto ok = Fetch(server->port(), "POST", "/echo", std::string(100, 'a'));
  REQUIRE(ok.has_value());
  CHECK(ok->status == 200);
}

TEST_CASE("oversized headers get 431 and malformed requests 400, both as JSON") {
  ServerOptions options;
  options.max_header_bytes = 1024;
  auto server = StartServer(options);
  RawConnection big(server->port());
  REQUIRE(big.Send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(2000, 'a') + "\r\n\r\n"));
  auto r = big.ReadResponse();
  REQUIRE(r.has_value());
  CHECK(r->status == 431);
  CHECK(r->headers["content-type"] == "application/json");

  RawConnection long_line(server->port());
  REQUIRE(long_line.Send("GET /" + std::string(5000, 'a') + " HTTP/1.1\r\n\r\n"));
  auto rl = long_line.ReadResponse();
  REQUIRE(rl.has_value());
  CHECK(rl->status == 431);

  for (const char* junk :
       {"NOT A REQUEST\r\n\r\n", "GET /healthz HTTP/9.9\r\n\r\n", "GET  HTTP/1.1\r\n\r\n",
        "GET /healthz HTTP/1.1\r\nBad Header\r\n\r\n", "POST /echo HTTP/1.1\r\nContent-Length: abc\r\n\r\n"}) {
    CAPTURE(junk);
    RawConnection conn(server->port());
    REQUIRE(conn.Send(junk));
    auto rj = conn.ReadResponse();
    REQUIRE(rj.has_value());
    CHECK(rj->status == 400);
    CHECK(rj->body.find("malformed_request") != std::string::npos);
  }

  auto absolute = Fetch(server->port(), "GET", "http://example.org/healthz");
  REQUIRE(absolute.has_value());
  CHECK(absolute->status == 400);
}

TEST_CASE("a request that arrives too slowly gets 408 and an idle connection is closed") {
  ServerOptions options;
  options.request_timeout = 300ms;
  options.idle_timeout = 300ms;
  auto server = StartServer(options);
  RawConnection slow(server->port());
  REQUIRE(slow.Send("GET /healthz HTTP/1.1\r\nHost:"));
  auto r = slow.ReadResponse();
  REQUIRE(r.has_value());
  CHECK(r->status == 408);

  RawConnection idle(server->port());
  auto start = std::chrono::steady_clock::now();
  CHECK(idle.WaitForClose());
  CHECK(std::chrono::steady_clock::now() - start < 4s);
}

TEST_CASE("connections beyond the limit get 503 and the server recovers when they close") {
  ServerOptions options;
  options.max_connections = 2;
  auto server = StartServer(options);
  auto first = std::make_unique<RawConnection>(server->port());
  auto second = std::make_unique<RawConnection>(server->port());
  // Both in the middle of a request (busy, not idle), accepted and counted before the third.
  REQUIRE(first->Send("GET /healthz HTTP/1.1\r\n"));
  REQUIRE(second->Send("GET /healthz HTTP/1.1\r\n"));
  std::this_thread::sleep_for(200ms);
  auto third = Fetch(server->port(), "GET", "/healthz");
  REQUIRE(third.has_value());
  CHECK(third->status == 503);
  CHECK(third->headers["retry-after"] == "1");
  first.reset();
  second.reset();
  bool served = false;
  for (int i = 0; i < 50 && !served; ++i) {
    auto r = Fetch(server->port(), "GET", "/healthz");
    served = r && r->status == 200;
    if (!served) std::this_thread::sleep_for(20ms);
  }
  CHECK(served);
}

TEST_CASE("at the cap an idle keep-alive connection gives way to a newcomer") {
  ServerOptions options;
  options.max_connections = 2;
  auto server = StartServer(options);
  RawConnection first(server->port(), 1000), second(server->port(), 1000);
  for (RawConnection* c : {&first, &second}) {
    REQUIRE(c->Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
    REQUIRE(c->ReadResponse().has_value());  // now idle, kept alive
  }
  auto third = Fetch(server->port(), "GET", "/healthz");
  REQUIRE(third.has_value());
  CHECK(third->status == 200);
  // One of the idle ones was closed for it.
  CHECK((first.WaitForClose() || second.WaitForClose()));
}

TEST_CASE("one address holds at most its share of connections, and other addresses still get in") {
  ServerOptions options;
  options.max_connections = 10;
  options.max_connections_per_address = 2;
  auto server = StartServer(options);
  RawConnection a(server->port(), 5000, "127.0.0.1"), b(server->port(), 5000, "127.0.0.1");
  for (RawConnection* c : {&a, &b}) {
    REQUIRE(c->Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
    REQUIRE(c->ReadResponse().has_value());
  }
  RawConnection third(server->port(), 5000, "127.0.0.1");
  REQUIRE(third.connected());
  REQUIRE(third.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::optional<testing::RawResponse> refused = third.ReadResponse();
  REQUIRE(refused.has_value());
  CHECK(refused->status == 503);
  CHECK(refused->body.find("your address has too many open connections") != std::string::npos);
  RawConnection other(server->port(), 5000, "127.0.0.2");
  REQUIRE(other.connected());
  REQUIRE(other.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::optional<testing::RawResponse> served = other.ReadResponse();
  REQUIRE(served.has_value());
  CHECK(served->status == 200);
  CHECK(server->max_connections() == 10);  // the file limit allows it here
}

TEST_CASE("shutdown lets a request in flight finish, closes idle connections and stops accepting") {
  auto server = StartServer();
  std::uint16_t port = server->port();
  RawConnection idle(port);
  REQUIRE(idle.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  REQUIRE(idle.ReadResponse().has_value());

  std::optional<testing::RawResponse> slow_result;
  std::thread client([&] { slow_result = Fetch(port, "GET", "/slow"); });
  std::this_thread::sleep_for(150ms);  // the handler is now sleeping inside the server
  auto start = std::chrono::steady_clock::now();
  server->Shutdown();
  client.join();
  REQUIRE(slow_result.has_value());
  CHECK(slow_result->status == 200);
  CHECK(slow_result->body == "finally");
  CHECK(idle.WaitForClose());
  CHECK(std::chrono::steady_clock::now() - start < 4s);  // well under the 5 s grace: nothing waited on idlers
  RawConnection after(port);
  CHECK((!after.connected() || !after.Send("GET /healthz HTTP/1.1\r\n\r\n") || !after.ReadResponse().has_value()));
}

TEST_CASE("every answered request reaches the access log") {
  std::mutex mu;
  std::vector<AccessLogEntry> entries;
  ServerOptions options;
  options.access_log = [&](const AccessLogEntry& e) {
    std::lock_guard lock(mu);
    entries.push_back(e);
  };
  auto server = StartServer(options);
  REQUIRE(Fetch(server->port(), "GET", "/healthz?x=1").has_value());
  REQUIRE(Fetch(server->port(), "GET", "/missing").has_value());
  server->Shutdown();
  std::lock_guard lock(mu);
  REQUIRE(entries.size() == 2);
  // Each connection logs after its response is written, so two connections may log in either order.
  if (entries[0].target != "/healthz?x=1") std::swap(entries[0], entries[1]);
  CHECK(entries[0].method == "GET");
  CHECK(entries[0].target == "/healthz?x=1");
  CHECK(entries[0].status == 200);
  CHECK(entries[0].response_bytes == 15);
  CHECK(entries[0].remote_address.rfind("127.0.0.1:", 0) == 0);
  CHECK(entries[1].status == 404);
}

TEST_CASE("a streamed body goes out in chunks, built piece by piece, and keep-alive goes on after it") {
  Router router;
  router.Get("/stream", [](const Request&) {
    Response r;
    r.SetHeader("Content-Type", "text/plain");
    auto pieces = std::make_shared<int>(0);
    r.stream = [pieces](std::string& chunk) {
      ++*pieces;
      if (*pieces == 2) return true;  // an empty piece is skipped, not sent as the last chunk
      chunk = "piece " + std::to_string(*pieces) + "\n";
      return *pieces < 1000;
    };
    return r;
  });
  router.Get("/healthz", [](const Request&) { return Response::Json(200, "{}"); });
  auto server = StartServer({}, std::move(router));
  RawConnection conn(server->port());
  REQUIRE(conn.Send(
      "GET /stream HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  std::string raw = conn.ReadUntilClose();
  size_t header_end = raw.find("\r\n\r\n");
  REQUIRE(header_end != std::string::npos);
  CHECK(raw.substr(0, header_end).find("Transfer-Encoding: chunked") != std::string::npos);
  size_t next = raw.find("HTTP/1.1 200", header_end);
  REQUIRE(next != std::string::npos);  // the second response followed on the same connection
  std::optional<std::string> body = testing::DecodeChunked(raw.substr(header_end + 4, next - header_end - 4));
  REQUIRE(body.has_value());
  CHECK(body->starts_with("piece 1\npiece 3\n"));
  CHECK(body->ends_with("piece 1000\n"));
  CHECK(std::count(body->begin(), body->end(), '\n') == 999);
}

TEST_CASE("a port already in use is reported as unavailable") {
  auto server = StartServer();
  ServerOptions options;
  options.port = server->port();
  auto second = Server::Start(options, TestRouter());
  REQUIRE_FALSE(second.ok());
  CHECK(second.error().code() == StatusCode::kUnavailable);
  CHECK(second.error().message().find("cannot listen on") != std::string::npos);
  ServerOptions bad_host;
  bad_host.host = "no-such-host.invalid";
  bad_host.port = 0;
  CHECK(Server::Start(bad_host, TestRouter()).error().code() == StatusCode::kInvalidArgument);
}

TEST_CASE("random garbage from clients never stops the server") {
  ServerOptions options;
  options.request_timeout = 200ms;
  options.idle_timeout = 200ms;
  auto server = StartServer(options);
  FakeRng rng(2026);
  for (int i = 0; i < 150; ++i) {
    RawConnection conn(server->port(), 1000);
    REQUIRE(conn.connected());
    std::string junk;
    if (i % 2 == 0) junk = "GET /healthz HTTP/1.1\r\n";  // half start plausibly
    Bytes noise = rng.Generate(rng.Uniform(600));
    junk.append(noise.begin(), noise.end());
    conn.Send(junk);
    conn.ReadResponse();  // any answer or none; only the server's survival matters here
  }
  auto r = Fetch(server->port(), "GET", "/healthz");
  REQUIRE(r.has_value());
  CHECK(r->status == 200);
}

TEST_CASE("concurrent clients are all served") {
  auto server = StartServer();
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 4; ++t) {
    clients.emplace_back([&, t] {
      RawConnection conn(server->port());
      for (int i = 0; i < 100; ++i) {
        std::string body = std::to_string(t) + ":" + std::to_string(i);
        if (!conn.Send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
                       body))
          return;
        auto r = conn.ReadResponse();
        if (r && r->body == body) ++ok;
      }
    });
  }
  for (auto& c : clients) c.join();
  CHECK(ok.load() == 400);
}

// Later responses whose `finish` calls the test hands out (see Release).
struct HeldResponses {
  std::mutex mu;
  std::condition_variable arrived;
  std::vector<Response::Finish> finishes;

  Response Hold() {
    return Response::Later([this](Response::Finish finish) {
      std::lock_guard lock(mu);
      finishes.push_back(std::move(finish));
      arrived.notify_all();
    });
  }
  // Waits (up to 5 s) until `n` responses are held; false if they never came.
  bool WaitFor(size_t n) {
    std::unique_lock lock(mu);
    return arrived.wait_for(lock, 5s, [&] { return finishes.size() >= n; });
  }
};

TEST_CASE("responses made later do not hold a thread: one I/O thread keeps eight requests waiting at once") {
  HeldResponses held;
  std::mutex made_mu;
  std::vector<std::thread::id> made_on;
  Router router;
  router.Post("/held", [&](const Request&) { return held.Hold(); });
  ServerOptions options;
  options.threads = 1;
  auto server = StartServer(options, std::move(router));

  constexpr int kRequests = 8;
  std::vector<std::optional<testing::RawResponse>> answers(kRequests);
  std::vector<std::thread> clients;
  for (int i = 0; i < kRequests; ++i) {
    clients.emplace_back([&, i] { answers[i] = Fetch(server->port(), "POST", "/held", std::to_string(i)); });
  }
  // With a thread held per waiting request, the second request would never reach its handler.
  REQUIRE(held.WaitFor(kRequests));
  const std::thread::id finisher = std::this_thread::get_id();
  for (int i = kRequests - 1; i >= 0; --i) {  // finished in reverse order, from this thread
    held.finishes[static_cast<size_t>(i)]([&, i] {
      std::lock_guard lock(made_mu);
      made_on.push_back(std::this_thread::get_id());
      return Response::Text(201, "made " + std::to_string(i));
    });
  }
  for (auto& c : clients) c.join();
  std::set<std::string> bodies;
  for (const auto& a : answers) {
    REQUIRE(a.has_value());
    CHECK(a->status == 201);
    bodies.insert(a->body);
  }
  CHECK(bodies.size() == kRequests);  // each request got the response its own finish made
  REQUIRE(made_on.size() == kRequests);
  for (std::thread::id id : made_on) CHECK(id != finisher);  // made on the server's I/O thread
}

TEST_CASE("a later response that throws gets 500, a second finish is ignored, and keep-alive goes on") {
  Router router;
  router.Get("/start-throws", [](const Request&) {
    return Response::Later([](const Response::Finish&) { throw std::runtime_error("secret"); });
  });
  router.Get("/make-throws", [](const Request&) {
    return Response::Later(
        [](const Response::Finish& finish) { finish([]() -> Response { throw std::runtime_error("secret"); }); });
  });
  router.Get("/twice", [](const Request&) {
    return Response::Later([](const Response::Finish& finish) {
      finish([] { return Response::Text(200, "first"); });
      finish([] { return Response::Text(200, "second"); });
    });
  });
  router.Get("/later-later", [](const Request&) {
    return Response::Later([](const Response::Finish& finish) {
      finish([] {
        return Response::Later([](const Response::Finish& f) { f([] { return Response::Text(200, "x"); }); });
      });
    });
  });
  auto server = StartServer({}, std::move(router));
  RawConnection conn(server->port());
  for (const std::string path : {"/start-throws", "/make-throws", "/later-later"}) {
    CAPTURE(path);
    REQUIRE(conn.Send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n"));
    auto r = conn.ReadResponse();
    REQUIRE(r.has_value());
    CHECK(r->status == 500);
    CHECK(r->body.find("secret") == std::string::npos);
  }
  REQUIRE(conn.Send("GET /twice HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto r = conn.ReadResponse();
  REQUIRE(r.has_value());
  CHECK(r->body == "first");
}

TEST_CASE("shutdown waits for a response made later and delivers it") {
  HeldResponses held;
  Router router;
  router.Post("/held", [&](const Request&) { return held.Hold(); });
  auto server = StartServer({}, std::move(router));
  std::optional<testing::RawResponse> answer;
  std::thread client([&] { answer = Fetch(server->port(), "POST", "/held", "x"); });
  REQUIRE(held.WaitFor(1));
  std::atomic<bool> shut{false};
  std::thread stopper([&] {
    server->Shutdown();
    shut = true;
  });
  std::this_thread::sleep_for(300ms);
  CHECK_FALSE(shut.load());  // still waiting for the held response
  held.finishes[0]([] { return Response::Text(201, "late but here"); });
  stopper.join();
  client.join();
  CHECK(shut.load());
  REQUIRE(answer.has_value());
  CHECK(answer->status == 201);
  CHECK(answer->body == "late but here");
}

}  // namespace
}  // namespace veche::http
