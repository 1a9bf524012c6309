// SPDX-License-Identifier: AGPL-3.0-or-later
#include <doctest/doctest.h>

#include "veche/api/log_routes.h"
#include "veche/base/rng.h"
#include "veche/ledger/log_reader.h"
#include "veche/ledger/log_verifier.h"
#include "veche/ledger/sequencer.h"

namespace veche::api {
namespace {

struct Fixture {
  ledger::MemoryLogStore store;
  std::unique_ptr<ledger::Sequencer> seq;
  ledger::NoteVerifier verifier;
  http::Router router;

  explicit Fixture(int entries)
      : verifier([] {
          FakeRng rng(4);
          return ledger::NoteSigner::Create("veche.test/log", crypto::SigningKey::Generate(rng)).value().Verifier();
        }()) {
    FakeRng rng(4);
    seq = ledger::Sequencer::Start(
              store, ledger::NoteSigner::Create("veche.test/log", crypto::SigningKey::Generate(rng)).value())
              .value();
    std::vector<std::future<Result<std::uint64_t>>> futures;
    for (int i = 0; i < entries; ++i) futures.push_back(seq->Append(ToBytes("entry " + std::to_string(i))));
    for (auto& f : futures) f.get().value();
    AddLogRoutes(router, {&store, [this] { return seq->checkpoint(); }, verifier.ToString(), std::string(64, 'a')});
  }

  http::Response Get(const std::string& path) {
    http::Request req;
    req.method = http::Method::kGet;
    req.path = path;
    req.target = path;
    return http::Collect(router.Dispatch(req));
  }
};

TEST_CASE("the log routes serve checkpoint, key, tiles and bundles with the right headers") {
  Fixture f(1000);
  http::Response cp = f.Get("/log/checkpoint");
  CHECK(cp.status == 200);
  CHECK(cp.body == f.seq->checkpoint());
  CHECK(cp.Header("Content-Type").value() == "text/plain; charset=utf-8");
  CHECK(f.Get("/log/key").body == f.verifier.ToString() + "\n");
  CHECK(f.Get("/log/id").body == std::string(64, 'a') + "\n");  // what records signed for this log name

  http::Response full = f.Get("/log/tile/0/001");
  CHECK(full.status == 200);
  CHECK(full.body.size() == 8192);
  CHECK(full.Header("Content-Type").value() == "application/octet-stream");
  CHECK(full.Header("Cache-Control").value().find("immutable") != std::string::npos);
  CHECK(f.Get("/log/tile/0/003.p/232").body.size() == 232 * 32);
  CHECK(f.Get("/log/tile/0/003.p/100").body.size() == 100 * 32);  // an older partial is a prefix
  CHECK(f.Get("/log/tile/1/000.p/3").body.size() == 96);
  CHECK(f.Get("/log/tile/entries/003.p/232").status == 200);
  // An entry bundle is streamed from the store 16 entries at a time, never built whole, and the
  // pieces make exactly the bundle (each entry "entry N": a u16 length, then its bytes).
  http::Request req;
  req.path = req.target = "/log/tile/entries/000";
  http::Response streamed = f.router.Dispatch(req);
  REQUIRE(streamed.stream);
  std::string first_piece;
  CHECK(streamed.stream(first_piece));
  std::vector<Bytes> first_entries;
  for (int i = 0; i < 16; ++i) first_entries.push_back(ToBytes("entry " + std::to_string(i)));
  CHECK(first_piece == ToString(ledger::EncodeEntryBundle(first_entries).value()));
  std::vector<Bytes> all;
  for (int i = 0; i < 256; ++i) all.push_back(ToBytes("entry " + std::to_string(i)));
  CHECK(f.Get("/log/tile/entries/000").body == ToString(ledger::EncodeEntryBundle(all).value()));
}

TEST_CASE("tiles that do not exist are 404 and malformed paths 400, as JSON") {
  Fixture f(300);
  http::Response missing = f.Get("/log/tile/0/005");
  CHECK(missing.status == 404);
  CHECK(missing.body.find("not_found") != std::string::npos);
  CHECK(f.Get("/log/tile/0/001").status == 404);       // only 44 hashes in tile 1 so far
  CHECK(f.Get("/log/tile/0/001.p/45").status == 404);  // wider than the log has
  CHECK(f.Get("/log/tile/entries/001.p/45").status == 404);
  for (const char* bad :
       {"/log/tile/0/1", "/log/tile/0/000.p/0", "/log/tile/99/000", "/log/tile/x/000", "/log/tile/entries/000.p/256"}) {
    CAPTURE(bad);
    http::Response r = f.Get(bad);
    CHECK(r.status == 400);
    CHECK(r.body.find("bad_tile_path") != std::string::npos);
  }
}

TEST_CASE("bundle downloads nobody reads hold at most the configured bytes, and a finished one frees its share") {
  Fixture f(600);
  http::Router router;
  LogRoutesConfig config{&f.store, [&f] { return f.seq->checkpoint(); }, f.verifier.ToString(), ""};
  config.max_bundle_bytes_held = 100;  // less than one piece of 16 small entries
  AddLogRoutes(router, config);
  auto get = [&router](const std::string& path) {
    http::Request req;
    req.method = http::Method::kGet;
    req.path = path;
    req.target = path;
    return router.Dispatch(req);
  };
  http::Response unread = get("/log/tile/entries/000");
  REQUIRE(unread.status == 200);
  REQUIRE(unread.stream);
  std::string piece;
  REQUIRE(unread.stream(piece));  // the first piece is held while its client does not read
  CHECK(piece.size() >= 100);
  http::Response refused = get("/log/tile/entries/001");
  CHECK(refused.status == 503);
  CHECK(refused.body.find("too many large downloads") != std::string::npos);
  CHECK(refused.Header("Retry-After").has_value());
  unread = http::Response{};  // the client went away
  http::Response whole = http::Collect(get("/log/tile/entries/001"));
  CHECK(whole.status == 200);
  CHECK(ledger::ParseEntryBundle(ToBytes(whole.body), 256).ok());
}

TEST_CASE("a full verification through the routes accepts the log and catches a corrupted tile") {
  Fixture f(70000);
  ledger::LogFetcher fetch = [&](const std::string& path) -> Result<Bytes> {
    http::Response r = f.Get("/log/" + path);
    if (r.status != 200) return NotFoundError(path + " answered " + std::to_string(r.status));
    return ToBytes(r.body);
  };
  auto report = ledger::VerifyLog(fetch, f.verifier);
  REQUIRE(report.ok());
  CHECK(report->checkpoint.size == 70000);
  CHECK(report->entry_bundles == 274);
  CHECK(report->hash_tiles == 277);  // 274 level 0, 2 level 1, 1 level 2

  ledger::LogFetcher corrupt = [&](const std::string& path) -> Result<Bytes> {
    Result<Bytes> b = fetch(path);
    if (b.ok() && path == "tile/1/000") (*b)[40] ^= 1;
    return b;
  };
  auto bad = ledger::VerifyLog(corrupt, f.verifier);
  CHECK(bad.error().code() == StatusCode::kDataLoss);
  CHECK(bad.error().message().find("tile/1/000 hash 1") != std::string::npos);

  ledger::LogFetcher bad_entry = [&](const std::string& path) -> Result<Bytes> {
    Result<Bytes> b = fetch(path);
    if (b.ok() && path == "tile/entries/010") b->back() ^= 1;
    return b;
  };
  CHECK(ledger::VerifyLog(bad_entry, f.verifier).error().message().find("tile/0/010 hash 255") != std::string::npos);
}

TEST_CASE("verification against an older checkpoint detects consistency and rewrites") {
  ledger::MemoryLogStore store;
  FakeRng rng(4);
  auto signer = ledger::NoteSigner::Create("veche.test/log", crypto::SigningKey::Generate(rng)).value();
  ledger::NoteVerifier verifier = signer.Verifier();
  std::string old_checkpoint;
  std::string foreign_checkpoint;
  {
    // A different history of the same size, signed by the same key: what a forking log would show.
    ledger::MemoryLogStore other;
    FakeRng rng2(4);
    auto seq = ledger::Sequencer::Start(
                   other, ledger::NoteSigner::Create("veche.test/log", crypto::SigningKey::Generate(rng2)).value())
                   .value();
    for (int i = 0; i < 500; ++i) seq->Append(ToBytes("forked " + std::to_string(i))).get().value();
    foreign_checkpoint = seq->checkpoint();
  }
  auto seq = ledger::Sequencer::Start(store, std::move(signer)).value();
  for (int i = 0; i < 500; ++i) seq->Append(ToBytes("entry " + std::to_string(i))).get().value();
  old_checkpoint = seq->checkpoint();
  for (int i = 500; i < 1300; ++i) seq->Append(ToBytes("entry " + std::to_string(i))).get().value();
  http::Router router;
  AddLogRoutes(router, {&store, [&] { return seq->checkpoint(); }, verifier.ToString(), ""});
  ledger::LogFetcher fetch = [&](const std::string& path) -> Result<Bytes> {
    http::Request req;
    req.path = "/log/" + path;
    http::Response r = http::Collect(router.Dispatch(req));
    if (r.status != 200) return NotFoundError(path);
    return ToBytes(r.body);
  };
  ledger::LogVerifyOptions options;
  options.old_checkpoint = old_checkpoint;
  auto ok = ledger::VerifyLog(fetch, verifier, options);
  REQUIRE(ok.ok());
  CHECK(ok->consistent_with_size == 500u);
  options.old_checkpoint = foreign_checkpoint;
  CHECK(ledger::VerifyLog(fetch, verifier, options).error().message().find("fork") != std::string::npos);
}

}  // namespace
}  // namespace veche::api
