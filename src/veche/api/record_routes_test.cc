// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/api/record_routes.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "veche/base/rng.h"
#include "veche/base/text_codec.h"
#include "veche/crypto/key_file.h"
#include "veche/node/data_dir.h"
#include "veche/store/sqlite/sqlite_stores.h"

namespace veche::api {
namespace {

// A node in a temporary directory, its record routes with a limit of 1 a second (burst 4).
struct Fixture {
  std::filesystem::path root = [] {
    std::string templ = (std::filesystem::temp_directory_path() / "veche-api-XXXXXX").string();
    REQUIRE(::mkdtemp(templ.data()) != nullptr);
    return std::filesystem::path(templ);
  }();
  std::string dir = (root / "node").string();
  FakeRng rng{5};
  FakeClock clock{1'700'000'000'000'000};
  std::unique_ptr<node::Node> node;
  std::optional<crypto::SigningKey> authority;
  RateLimiter limit{1, 4, clock};
  http::Router router;

  Fixture() {
    REQUIRE(node::InitDataDir(dir, node::GenesisSpec{}, rng, clock, store::OpenSqliteStores).ok());
    authority.emplace(crypto::ReadPrivateKeyFile(node::AuthorityKeyPath(dir)).value());
    node = node::Node::Open(dir, clock, store::OpenSqliteStores).value();
    AddRecordRoutes(router, *node, {&limit, nullptr, nullptr, {}});
  }
  ~Fixture() {
    node.reset();
    std::filesystem::remove_all(root);
  }
  Bytes Territory(const std::string& id, const std::string& parent = "root") {
    core::TerritoryCreatePayload p{id, parent, core::TerritoryKind::kRegion, "Region " + id, {}};
    if (parent != "root") p.kind = core::TerritoryKind::kCity;
    return core::SignRecord(node->log_id(), core::RecordKind::kTerritoryCreate, core::EncodePayload(p), clock.Now(),
                            *authority)
        .value()
        .Encode();
  }
  http::Response Post(const std::string& path, std::string body, const std::string& from = "10.0.0.1:4000") {
    http::Request req;
    req.method = http::Method::kPost;
    req.path = req.target = path;
    req.body = std::move(body);
    req.remote_address = from;
    return http::Wait(router.Dispatch(req));
  }
};

std::string Framed(const std::vector<Bytes>& records) {
  std::string out;
  for (const Bytes& r : records) {
    std::uint32_t n = static_cast<std::uint32_t>(r.size());
    out += static_cast<char>(n >> 24);
    out += static_cast<char>(n >> 16);
    out += static_cast<char>(n >> 8);
    out += static_cast<char>(n);
    out.append(r.begin(), r.end());
  }
  return out;
}

TEST_CASE("a batch is answered record by record, in order, and what it appends is applied") {
  Fixture f;
  Bytes forged = f.Territory("west");
  forged[72] ^= 1;  // inside author_time
  http::Response r = f.Post("/records/batch", Framed({f.Territory("north"), f.Territory("town", "north"), forged}));
  REQUIRE(r.status == 200);
  CHECK(r.body.find(R"("index":1)") != std::string::npos);
  CHECK(r.body.find(R"("index":2)") != std::string::npos);
  CHECK(r.body.find(R"("code":"unauthenticated")") != std::string::npos);
  CHECK(f.node->ReadState([](const core::State& s) { return s.territories.count("town"); }) == 1);
  CHECK(f.node->sequencer().size() == 3);
}

TEST_CASE("a malformed batch is refused whole with a JSON error, and nothing is appended") {
  Fixture f;
  std::string good = Framed({f.Territory("north")});
  for (const std::string& bad : {std::string("\x00\x00", 2), good.substr(0, good.size() - 1),
                                 std::string("\x00\x00\x00\x00", 4) + good, std::string()}) {
    http::Response r = f.Post("/records/batch", bad);
    CHECK(r.status == 400);
    CHECK(r.body.find(R"("error")") != std::string::npos);
  }
  CHECK(f.node->sequencer().size() == 1);
}

TEST_CASE("submissions over a client's rate get 429 with Retry-After, and other clients go on") {
  Fixture f;
  for (int i = 0; i < 4; ++i) CHECK(f.Post("/records", "").status == 400);  // the burst (bad bodies count too)
  http::Response limited = f.Post("/records", ToString(f.Territory("north")));
  CHECK(limited.status == 429);
  CHECK(limited.Header("Retry-After").has_value());
  CHECK(limited.body.find("rate_limited") != std::string::npos);
  CHECK(f.Post("/records", ToString(f.Territory("north")), "10.0.0.2:5000").status == 201);
  // A batch larger than the burst can never pass: 413, saying to send smaller ones, and no
  // Retry-After (waiting would not help).
  http::Response too_big =
      f.Post("/records/batch",
             Framed({f.Territory("a1"), f.Territory("a2"), f.Territory("a3"), f.Territory("a4"), f.Territory("a5")}),
             "10.0.0.3:1");
  CHECK(too_big.status == 413);
  CHECK(too_big.body.find("batch_too_large") != std::string::npos);
  CHECK(too_big.body.find("send smaller batches") != std::string::npos);
  CHECK_FALSE(too_big.Header("Retry-After").has_value());
  f.clock.Advance(10'000'000);
  CHECK(f.Post("/records/batch", Framed({f.Territory("b1"), f.Territory("b2")})).status == 200);
}

TEST_CASE("an author over its byte budget gets 429 from any address, large bodies cost more, others go on") {
  Fixture f;
  RateLimiter author_bytes{100, 2000, f.clock};  // 2,000 bytes at once, then 100 a second
  RateLimiter per_address{1000, 4, f.clock};     // 4 "records" at once per address
  f.router = http::Router();
  AddRecordRoutes(f.router, *f.node, {&per_address, &author_bytes, nullptr, {}});
  size_t sent = 0;
  int status = 201;
  for (int i = 0; status == 201 && i < 100; ++i) {
    Bytes r = f.Territory("t" + std::to_string(i));
    status = f.Post("/records", ToString(r), "10.1.0." + std::to_string(i) + ":1").status;  // a new address each
    if (status == 201) sent += r.size();
  }
  CHECK(status == 429);
  CHECK(sent <= 2000);
  CHECK(sent > 1500);
  http::Response over = f.Post("/records", ToString(f.Territory("late")), "10.2.0.1:1");
  CHECK(over.status == 429);
  CHECK(over.body.find("author_over_budget") != std::string::npos);
  CHECK(std::stoi(std::string(over.Header("Retry-After").value())) >= 1);
  // A batch of one author's records over the whole budget can never pass.
  std::vector<Bytes> many;
  for (int i = 0; i < 20; ++i) many.push_back(f.Territory("m" + std::to_string(i)));
  CHECK(f.Post("/records/batch", Framed(many), "10.3.0.1:1").status == 413);
  // Per address, a 20 KiB body costs 2 (one per record, one more per full 16 KiB).
  CHECK(f.Post("/records", std::string(20 * 1024, 'x'), "10.4.0.1:1").status == 400);  // not a record
  CHECK(f.Post("/records", std::string(20 * 1024, 'x'), "10.4.0.1:1").status == 400);
  CHECK(f.Post("/records", "x", "10.4.0.1:1").status == 429);
  // After a while the author may go on.
  f.clock.Advance(30'000'000);
  CHECK(f.Post("/records", ToString(f.Territory("later")), "10.2.0.1:1").status == 201);
}

TEST_CASE("GET /state/digest is rate-limited per address, and answers with a digest of the state it was asked in") {
  Fixture f;
  RateLimiter digest{1, 2, f.clock};
  f.router = http::Router();
  AddRecordRoutes(f.router, *f.node, {nullptr, nullptr, &digest, {}});
  auto get = [&](const std::string& from) {
    http::Request req;
    req.path = req.target = "/state/digest";
    req.remote_address = from;
    return http::Wait(f.router.Dispatch(req));
  };
  http::Response first = get("10.0.0.1:1");
  REQUIRE(first.status == 200);
  CHECK(nlohmann::json::parse(first.body)["digest"] == HexEncode(f.node->Summary().digest));
  REQUIRE(f.Post("/records", ToString(f.Territory("north"))).status == 201);
  http::Response second = get("10.0.0.1:1");  // asked after the record: it shows
  REQUIRE(second.status == 200);
  CHECK(nlohmann::json::parse(second.body)["records"] == f.node->Summary().records);
  CHECK(nlohmann::json::parse(second.body)["digest"] == HexEncode(f.node->Summary().digest));
  http::Response limited = get("10.0.0.1:1");
  CHECK(limited.status == 429);
  CHECK(limited.Header("Retry-After").has_value());
  CHECK(get("10.0.0.2:1").status == 200);
}

}  // namespace
}  // namespace veche::api
