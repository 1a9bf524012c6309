// SPDX-License-Identifier: AGPL-3.0-or-later
// The observer library (node/observer/) called directly against a real node served on loopback:
// it mirrors and replays the log to the node's digest, finds a node that lies about its state and
// names the sections, and checks an open election step by step.

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>

#include "veche/api/log_routes.h"
#include "veche/api/record_routes.h"
#include "veche/base/rng.h"
#include "veche/base/text_codec.h"
#include "veche/demo/demo.h"
#include "veche/http/server.h"
#include "veche/node/observer/election_verifier.h"
#include "veche/node/observer/observer.h"
#include "veche/store/sqlite/sqlite_stores.h"

namespace veche::api {
namespace {

// A demo node (300 citizens, an open election) served with its log and record routes; `lie`
// answers /state/digest with a forged registry section instead.
struct ServedDemo {
  std::filesystem::path root = [] {
    std::string templ = (std::filesystem::temp_directory_path() / "veche-observer-XXXXXX").string();
    REQUIRE(::mkdtemp(templ.data()) != nullptr);
    return std::filesystem::path(templ);
  }();
  FakeClock clock{1'795'000'000'000'000};
  std::unique_ptr<node::Node> node;
  std::unique_ptr<http::Server> server;
  std::string base;

  explicit ServedDemo(bool lie = false) {
    const std::string dir = (root / "node").string();
    demo::DemoOptions options;
    options.citizens = 300;
    options.unbound = 5;
    options.now = clock.Now();
    REQUIRE(demo::CreateDemo(dir, options, store::OpenSqliteStores).ok());
    node = node::Node::Open(dir, clock, store::OpenSqliteStores).value();
    http::Router router;
    if (lie) {
      router.Get("/state/digest", [this](const http::Request&) {
        node::StateSummary s = node->Summary();
        std::string body = "{\"records\":" + std::to_string(s.records) + ",\"digest\":\"" + std::string(64, '0') + "\"";
        for (const auto& [name, digest] : s.sections) {
          body += ",\"" + name + "\":\"" + (name == "citizens" ? std::string(64, '0') : HexEncode(digest)) + "\"";
        }
        return http::Response::Json(200, body + "}");
      });
    }
    AddLogRoutes(router, {&node->store(), [this] { return node->sequencer().checkpoint(); }, node->verifier_key(),
                          HexEncode(node->log_id())});
    if (!lie) AddRecordRoutes(router, *node);  // they serve the true /state/digest
    http::ServerOptions server_options;
    server_options.port = 0;
    server_options.threads = 2;
    server = http::Server::Start(server_options, std::move(router)).value();
    base = "http://127.0.0.1:" + std::to_string(server->port()) + "/";
  }
  ~ServedDemo() {
    server.reset();
    node.reset();
    std::filesystem::remove_all(root);
  }
  ledger::NoteVerifier Key() const { return ledger::NoteVerifier::Parse(node->verifier_key()).value(); }
};

TEST_CASE("an observer replays a node's whole log to the node's own digest, and the digests agree") {
  ServedDemo served;
  node::HttpClient client;
  Result<node::Observation> seen = node::ObserveNode(client, served.base, served.Key());
  REQUIRE_MESSAGE(seen.ok(), seen.error().message());
  CHECK(seen->state.Digest() == served.node->Summary().digest);
  CHECK(seen->report.checkpoint.size == served.node->Summary().records);
  const node::DigestComparison compared = node::CompareWithNodeDigest(client, served.base, seen->state);
  CHECK(compared.verdict == node::DigestComparison::Verdict::kMatch);
  // Under another key the log does not check.
  FakeRng rng(3);
  ledger::NoteSigner other = ledger::NoteSigner::Create("localhost/veche", crypto::SigningKey::Generate(rng)).value();
  CHECK_FALSE(node::ObserveNode(client, served.base, other.Verifier()).ok());
}

TEST_CASE("a node that claims another state than its log is caught, and the section is named") {
  ServedDemo served(/*lie=*/true);
  node::HttpClient client;
  Result<node::Observation> seen = node::ObserveNode(client, served.base, served.Key());
  REQUIRE(seen.ok());
  const node::DigestComparison compared = node::CompareWithNodeDigest(client, served.base, seen->state);
  CHECK(compared.verdict == node::DigestComparison::Verdict::kMismatch);
  CHECK(compared.same_size);
  CHECK(compared.differing == std::vector<std::string>{"citizens"});
  CHECK(node::CompareWithNodeDigest(client, "http://127.0.0.1:1/", seen->state).verdict ==
        node::DigestComparison::Verdict::kUnreachable);
}

TEST_CASE("an open election verifies up to the close, and an unknown one fails at its record") {
  ServedDemo served;
  node::HttpClient client;
  const node::ElectionReport open = node::VerifyElection(client, served.base, served.Key(), "council-2026");
  CHECK_FALSE(open.failed());
  CHECK_FALSE(open.complete);  // it has not closed
  REQUIRE(open.checks.size() == 10);
  CHECK(open.checks.back().outcome == node::ElectionCheck::Outcome::kSkip);
  CHECK(open.checks.back().text.find("has not closed") != std::string::npos);
  const node::ElectionReport unknown = node::VerifyElection(client, served.base, served.Key(), "no-such-election");
  CHECK(unknown.failed());
  REQUIRE(unknown.checks.size() == 2);
  CHECK(unknown.checks[1].text == "no election 'no-such-election' in the log");
}

}  // namespace
}  // namespace veche::api
